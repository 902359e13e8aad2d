// Package resolvers implements the GraphQL schema: each resolver checks who is asking,
// validates, calls the store or the route finder and maps the result. No Cypher, no JWT
// parsing and no business rules live here.
//
// It imports the domain, graph (gqlgen's output) and small interfaces declared below; never
// the Neo4j driver.
package resolvers

import (
	"context"

	"github.com/ecograph/ecograph"
)

// Store is what the resolvers read from and write to (implemented by cypher.Store).
type Store interface {
	FindPeopleByIDs(ctx context.Context, ids []string) (map[string]*ecograph.Person, error)
	FindOrganizationsByIDs(ctx context.Context, ids []string) (map[string]*ecograph.Organization, error)
	FindTeamsByIDs(ctx context.Context, ids []string) (map[string]*ecograph.Team, error)
	FindTeamsByOrganizationIDs(ctx context.Context, ids []string) (map[string][]*ecograph.Team, error)
	FindOrganizations(ctx context.Context, f ecograph.OrganizationFilter) ([]*ecograph.Organization, error)
	FindPeople(ctx context.Context, f ecograph.PersonFilter) ([]*ecograph.Person, error)
	FindTies(ctx context.Context, f ecograph.TieFilter) ([]ecograph.TieView, error)

	UpsertOrganization(ctx context.Context, o ecograph.Organization) (*ecograph.Organization, error)
	UpsertTeam(ctx context.Context, t ecograph.Team) (*ecograph.Team, error)
	UpsertPerson(ctx context.Context, p ecograph.Person) (*ecograph.Person, error)
	UpsertTie(ctx context.Context, t ecograph.Tie) (*ecograph.Tie, error)
	DeleteOrganization(ctx context.Context, id string) (bool, error)
	DeleteTeam(ctx context.Context, id string) (bool, error)
	DeletePerson(ctx context.Context, id string) (bool, error)
	DeleteTie(ctx context.Context, a, b string) (bool, error)
}

// RouteFinder answers route queries over the current tie graph (implemented by
// projection.Finder). Arguments are validated by the caller.
type RouteFinder interface {
	// Routes returns up to k best routes from one person to another.
	Routes(ctx context.Context, from, to string, k int, o ecograph.RouteOptions) ([]ecograph.Route, error)
	// RoutesToDecisionMakers returns up to k routes from any of from, each ending at a
	// different decision maker of the organisation.
	RoutesToDecisionMakers(ctx context.Context, from []string, org string, k int, o ecograph.RouteOptions) ([]ecograph.Route, error)
	// Touch tells the finder that this process has just committed a write that changed the
	// given people (none for organisations and teams).
	Touch(people ...string)
	// Lookup returns what it knows of the given people and their organisations, so routes
	// are explained without another round trip; the rest comes from the store.
	Lookup(ids []string) (map[string]*ecograph.Person, map[string]*ecograph.Organization)
}

// Resolver is the root of the GraphQL resolvers and their dependency-injection point.
type Resolver struct {
	Store  Store
	Routes RouteFinder
}

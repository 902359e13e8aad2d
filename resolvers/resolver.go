// Package resolvers implements the GraphQL schema: each resolver checks who is asking,
// validates, calls the store or the route finder and maps the result. No Cypher, no JWT
// parsing and no business rules live here.
//
// It imports the domain, graph (gqlgen's output) and small interfaces declared below; never
// the Neo4j driver.
package resolvers

import (
	"context"
	"time"

	"github.com/ecograph/ecograph"
)

// Store is what the resolvers read from and write to (implemented by cypher.Store). Every
// read takes the caller's scope and leaves out, inside its query, what the caller may not see.
type Store interface {
	Counter // totalCount of every connection: paging.go

	FindPeopleByIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Person, error)
	FindOrganizationsByIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Organization, error)
	FindTeamsByIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Team, error)
	FindTeamsByOrganizationIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string][]*ecograph.Team, error)
	FindOrganizations(ctx context.Context, sc ecograph.Scope, f ecograph.OrganizationFilter) ([]*ecograph.Organization, error)
	FindPeople(ctx context.Context, sc ecograph.Scope, f ecograph.PersonFilter) ([]*ecograph.Person, error)
	FindTies(ctx context.Context, sc ecograph.Scope, f ecograph.TieFilter) ([]ecograph.TieView, error)

	FindAccountsByIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Account, error)
	FindAccounts(ctx context.Context, sc ecograph.Scope, after string, limit int) ([]*ecograph.Account, error)
	FindSwarmMembers(ctx context.Context, sc ecograph.Scope, accountIDs []string) (map[string][]*ecograph.Person, error)
	CountReachablePeople(ctx context.Context, sc ecograph.Scope, accountIDs []string) (map[string]int, error)
	FindShares(ctx context.Context, sc ecograph.Scope, accountIDs []string) (map[string][]*ecograph.Share, error)
	FindCoverage(ctx context.Context, sc ecograph.Scope, accountIDs []string) (map[string][]*ecograph.Coverage, error)
	FindAccountAudit(ctx context.Context, accountID string, limit int) ([]*ecograph.AuditEvent, error)
	// RouteScope returns whom the scope's route searches may pass through; nil for everyone.
	RouteScope(ctx context.Context, sc ecograph.Scope) (*ecograph.Visibility, error)

	UpsertOrganization(ctx context.Context, o ecograph.Organization) (*ecograph.Organization, error)
	UpsertTeam(ctx context.Context, t ecograph.Team) (*ecograph.Team, error)
	UpsertPerson(ctx context.Context, p ecograph.Person) (*ecograph.Person, error)
	UpsertTie(ctx context.Context, t ecograph.Tie) (*ecograph.Tie, error)
	DeleteOrganization(ctx context.Context, id string) (bool, error)
	DeleteTeam(ctx context.Context, id string) (bool, error)
	DeletePerson(ctx context.Context, id string) (bool, error)
	DeleteTie(ctx context.Context, a, b string) (bool, error)

	UpsertAccount(ctx context.Context, a ecograph.Account) (*ecograph.Account, error)
	AddSwarmMember(ctx context.Context, account, person string) error
	RemoveSwarmMember(ctx context.Context, account, person string) (bool, error)
	ShareAccount(ctx context.Context, account, partner string, level ecograph.ShareLevel, by string) error
	UnshareAccount(ctx context.Context, account, partner, by string) (bool, error)
	DeleteAccount(ctx context.Context, account, by string) (bool, error)
}

// RouteFinder answers route queries over the current tie graph (implemented by
// projection.Finder). Arguments are validated by the caller.
type RouteFinder interface {
	// VisibleRoutes returns up to k best routes from one person to another, searching only the
	// people v lets the caller see (nil: everyone).
	// The set carries the people on the routes as the same snapshot of the graph knew them.
	VisibleRoutes(ctx context.Context, from, to string, k int, o ecograph.RouteOptions, v *ecograph.Visibility) (*ecograph.RouteSet, error)
	// VisibleRoutesToDecisionMakers returns up to k routes from any of from, each ending at a
	// different decision maker of the organisation, searching only the people v lets see.
	VisibleRoutesToDecisionMakers(ctx context.Context, from []string, org string, k int, o ecograph.RouteOptions, v *ecograph.Visibility) (*ecograph.RouteSet, error)
	// Touch tells the finder that this process has just committed a write that changed the
	// given people (none for organisations and teams).
	Touch(people ...string)
}

// Resolver is the root of the GraphQL resolvers and their dependency-injection point.
type Resolver struct {
	Store  Store
	Routes RouteFinder
	// Clock is the time contact warnings count back from; nil: time.Now.
	Clock func() time.Time
	// Analytics computes the network measures (analytics.go); nil: the analytics queries
	// answer NOT_IMPLEMENTED.
	Analytics Analytics
	// BrowserURL is Neo4j Browser's address, the base of Route.browser's links (an absolute
	// http(s) URL); "": analyst.DefaultBrowserURL.
	BrowserURL string
}

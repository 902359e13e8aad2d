// Package ecograph holds Ecograph's domain: organisations, teams, people, ties and routes, the
// options that constrain a route search, and the error codes every layer speaks.
//
// It imports only the standard library. Everything else (Neo4j, GraphQL, HTTP, JWT) lives in
// packages that depend on this one, never the other way round.
package ecograph

import "time"

// OrgKind is the kind of an organisation.
type OrgKind string

// The organisation kinds.
const (
	OrgOurs    OrgKind = "OURS"
	OrgPartner OrgKind = "PARTNER"
	OrgClient  OrgKind = "CLIENT"
)

// OrgKinds lists every valid OrgKind.
var OrgKinds = []OrgKind{OrgOurs, OrgPartner, OrgClient}

// Valid reports whether k is one of OrgKinds.
func (k OrgKind) Valid() bool {
	for _, v := range OrgKinds {
		if k == v {
			return true
		}
	}
	return false
}

// Role is what a person is, as we see them in their institution.
type Role string

// The roles.
const (
	RoleDecisionMaker       Role = "DECISION_MAKER"
	RoleInfluencer          Role = "INFLUENCER"
	RoleInformationProvider Role = "INFORMATION_PROVIDER"
	RoleConnector           Role = "CONNECTOR"
	RoleBlocker             Role = "BLOCKER"
	RoleExpert              Role = "EXPERT"
	RoleChampion            Role = "CHAMPION"
)

// Roles lists every valid Role.
var Roles = []Role{RoleDecisionMaker, RoleInfluencer, RoleInformationProvider, RoleConnector,
	RoleBlocker, RoleExpert, RoleChampion}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, v := range Roles {
		if r == v {
			return true
		}
	}
	return false
}

// Organization is a company or institution.
type Organization struct {
	ID     string
	Name   string
	Kind   OrgKind
	Sector string
	// Topics are the institution's areas of interest (see Person.Topics for nil).
	Topics []string
}

// Team is a unit inside an organisation.
type Team struct {
	ID             string
	Name           string
	OrganizationID string
}

// Person works at one organisation, may belong to teams and may hold roles.
type Person struct {
	ID             string
	Name           string
	Title          string
	OrganizationID string
	Roles          []Role
	TeamIDs        []string
	// Topics are the person's expertise. On writes, nil leaves the stored topics unchanged and
	// a non-nil list (empty included) replaces them; reads set it, sorted (NormalizeTopics).
	Topics []string
	// NameKey is the name's search key as stored (lower case, without accents): what
	// PersonFilter.NameContains matches and PersonOrderName sorts by. Set by reads only.
	NameKey string
}

// HasRole reports whether p holds role r.
func (p *Person) HasRole(r Role) bool {
	for _, v := range p.Roles {
		if v == r {
			return true
		}
	}
	return false
}

// Tie is the undirected relationship between two people. There is at most one per pair;
// PersonA < PersonB once stored.
type Tie struct {
	PersonA   string
	PersonB   string
	Trust     float64
	Source    string
	UpdatedAt time.Time
}

// TieKey returns the pair (a, b) in the canonical order under which a tie is stored.
func TieKey(a, b string) (string, string) {
	if b < a {
		return b, a
	}
	return a, b
}

package ecograph

import "fmt"

// The share-level policy (issue 14): one rule per share level for every query that is about
// an organisation or a person, in one table (Policy, below; docs/access.md shows the same
// table), decided in one place (Authorize). The resolvers ask Authorize before they read;
// which rows and fields a caller sees within an answer stays with the Cypher scope
// (cypher/scope.cypher, route_scope.cypher).

// Reach is how far what is shared with a partner reaches the organisation or person a query is
// about, from nothing to its own organisation. Our own roles reach everything.
type Reach int

// The reaches, each granting what the previous one does and more.
const (
	// ReachNone: not shared with the partner (or unknown): it does not exist for the caller.
	ReachNone Reach = iota
	// ReachCounts: the target of an account shared at COUNTS: the organisation is visible,
	// its people are not (so a person never has this reach).
	ReachCounts
	// ReachNames: the target of an account shared at NAMES, its people, and the swarm members
	// (ours and the partner's) of such an account: visible, not routable.
	ReachNames
	// ReachRoutes: the target of an account shared at ROUTES, its people and the account's
	// swarm members (ours and the partner's): routes may start, pass and end there.
	ReachRoutes
	// ReachOwn: the partner's own organisation and its people.
	ReachOwn
)

// Reaches lists every reach, weakest first (for tables and tests).
var Reaches = []Reach{ReachNone, ReachCounts, ReachNames, ReachRoutes, ReachOwn}

// String names the reach as the docs do.
func (r Reach) String() string {
	switch r {
	case ReachCounts:
		return "COUNTS"
	case ReachNames:
		return "NAMES"
	case ReachRoutes:
		return "ROUTES"
	case ReachOwn:
		return "own"
	}
	return "not shared"
}

// ReachOf returns the reach a share level gives its target ("" gives ReachNone).
func ReachOf(l ShareLevel) Reach {
	switch l {
	case ShareCounts:
		return ReachCounts
	case ShareNames:
		return ReachNames
	case ShareRoutes:
		return ReachRoutes
	}
	return ReachNone
}

// Need is what a query needs of the organisation or person it is about.
type Need int

// The needs.
const (
	// NeedSee: to see it (lookups: person, organization, and what hangs under them).
	NeedSee Need = iota
	// NeedRoute: routes to, from or through its people (routes, decision makers,
	// introducers, single points of failure, the swarm plan).
	NeedRoute
	// NeedOwn: measures over its ties (analytics): a partner's own organisation only, since
	// they are computed from ties and trust values it may not see.
	NeedOwn
)

// Policy maps each query (by its GraphQL field name) to what it needs of the organisation or
// person it names. A query not listed here is not about one subject (lists, viewer, writes):
// its rows are filtered by the Cypher scope, and writes check the role.
var Policy = map[string]Need{
	"person":                             NeedSee,
	"organization":                       NeedSee,
	"trustedRoute":                       NeedRoute,
	"trustedRoutes":                      NeedRoute,
	"routesToDecisionMakers":             NeedRoute,
	"teamRoutesToDecisionMakers":         NeedRoute,
	"organizationRoutesToDecisionMakers": NeedRoute,
	"introducers":                        NeedRoute,
	"singlePointsOfFailure":              NeedRoute,
	"swarmPlan":                          NeedRoute,
	"hangsOn":                            NeedRoute, // Account.hangsOn, about the account's target, at the account's level
	"connectors":                         NeedOwn,
	"teamBoundaries":                     NeedOwn,
	"knowledgeSilos":                     NeedOwn,
	"bridges":                            NeedOwn,
	"organizationMaturity":               NeedOwn,
	"teamCohesion":                       NeedOwn,
	"teamMaturity":                       NeedOwn,
}

// Outcome is what Authorize decides for one cell of the table: "" (answer), or the error
// code of the refusal.
func Outcome(role CallerRole, need Need, r Reach) string {
	if role == CallerAdmin || role == CallerAnalyst || role == CallerSeller {
		return ""
	}
	if role != CallerPartner || r == ReachNone {
		return ENOTFOUND // unknown and invisible look the same
	}
	switch need {
	case NeedRoute:
		if r < ReachRoutes {
			return ENOTROUTABLE
		}
	case NeedOwn:
		if r < ReachOwn {
			return EFORBIDDEN
		}
	}
	return ""
}

// Subject is what a query is about: the argument that names it, its kind ("person",
// "organization", "team") and id, and the caller's reach of it.
type Subject struct {
	Field, Kind, ID string
	Reach           Reach
}

// Authorize decides whether the caller may ask query about s, by the Policy table and Outcome.
// Errors: ENOTFOUND (unknown, or not visible to the caller), ENOTROUTABLE naming the field
// (visible, but shared below ROUTES), EFORBIDDEN (a partner's measures over another
// organisation); EINTERNAL for a query missing from the table (a programming error).
func Authorize(c *Caller, query string, s Subject) error {
	need, ok := Policy[query]
	if !ok {
		return Errorf(EINTERNAL, "no access rule for %s", query)
	}
	switch Outcome(c.Role, need, s.Reach) {
	case ENOTFOUND:
		return NotFound(s.Kind, s.ID)
	case ENOTROUTABLE:
		return &Error{Code: ENOTROUTABLE, Field: s.Field, Message: fmt.Sprintf(
			"%s: %s %q is shared with your organisation at %s, which shows it but no routes to or through it; routes need an account shared at ROUTES",
			s.Field, s.Kind, s.ID, s.Reach)}
	case EFORBIDDEN:
		return &Error{Code: EFORBIDDEN, Field: s.Field, Message: fmt.Sprintf(
			"%s: a partner may ask %s over its own organisation only, not over %s %q", s.Field, query, s.Kind, s.ID)}
	}
	return nil
}

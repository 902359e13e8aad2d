package server

import (
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph"
	"github.com/ecograph/ecograph/graph/model"
)

// The typical sizes the unpaged account lists are counted at.
const (
	accountSwarm    = 10
	accountShares   = 3
	accountCoverage = 30
	coveredBy       = 5
)

// complexityRoot gives list fields list-aware costs: a connection costs its page size times
// its children, and a route query costs its k times its hop budget times a route's children,
// so a query cannot hide a large fan-out behind a small text.
func complexityRoot() graph.ComplexityRoot {
	var c graph.ComplexityRoot
	page := func(first *int, child int) int { return ecograph.ClampFirst(first) * (child + 1) }
	hops := func(o *model.RouteOptions) int {
		if o != nil && o.MaxHops != nil && *o.MaxHops >= 1 && *o.MaxHops <= ecograph.MaxMaxHops {
			return *o.MaxHops
		}
		return ecograph.DefaultMaxHops
	}
	routes := func(k int, o *model.RouteOptions, child int) int {
		if k < 1 {
			k = 1
		}
		// A route search is worth ~10 points per hop of budget; each route returned carries
		// its children once per hop (the people and hops lists).
		return 10*hops(o) + k*(child+1)*(hops(o)+1)
	}
	c.Organization.People = func(child int, first *int, _ *string, _ *ecograph.PersonOrder) int { return page(first, child) }
	c.Organization.Teams = func(child int) int { return 20 * (child + 1) }
	c.Person.Ties = func(child int, first *int, _ *string, _ *float64) int { return page(first, child) }
	c.Person.Teams = func(child int) int { return 5 * (child + 1) }
	c.Team.Members = func(child int, first *int, _ *string, _ *ecograph.PersonOrder) int { return page(first, child) }
	c.Query.People = func(child int, _ *model.PersonFilter, first *int, _ *string, _ *ecograph.PersonOrder) int {
		return page(first, child)
	}
	c.Query.Organizations = func(child int, _ *ecograph.OrgKind, first *int, _ *string) int { return page(first, child) }
	c.Query.TrustedRoute = func(child int, _, _ string, o *model.RouteOptions) int { return routes(1, o, child) }
	c.Query.TrustedRoutes = func(child int, _, _ string, k int, o *model.RouteOptions) int { return routes(k, o, child) }
	c.Query.RoutesToDecisionMakers = func(child int, _, _ string, k int, o *model.RouteOptions) int { return routes(k, o, child) }
	c.Query.TeamRoutesToDecisionMakers = func(child int, _, _ string, k int, o *model.RouteOptions) int {
		return 2 * routes(k, o, child)
	}
	c.Query.OrganizationRoutesToDecisionMakers = func(child int, _, _ string, k int, o *model.RouteOptions) int {
		return 2 * routes(k, o, child) // one search from many sources, as the team form
	}
	// Unpaged account lists are counted at an account's typical size (docs/api.md, "What lists
	// cost"): a swarm of 10 people, 3 shares, coverage of 30 target people each covered by up to
	// 5 swarm members. They are read by the request's loaders, one query per list for a whole
	// page of accounts, so what they cost the database grows with the rows, not the accounts.
	// (Before issue 14 each counted as a page of 100, and an ordinary page of 20 accounts with
	// members and coverage cost 20,200: over the limit.)
	c.Account.Members = func(child int) int { return accountSwarm * (child + 1) }
	c.Account.Shares = func(child int) int { return accountShares * (child + 1) }
	c.Account.Coverage = func(child int) int { return accountCoverage * (child + 1) }
	c.Coverage.CoveredBy = func(child int) int { return coveredBy * (child + 1) }
	c.Query.Accounts = func(child int, first *int, _ *string) int { return page(first, child) }
	c.Viewer.SharedAccounts = func(child int, first *int, _ *string) int { return page(first, child) }
	c.Query.AccountAudit = func(child int, _ string, first *int) int { return page(first, child) }
	// Analytics: a page of scores; a team's cohesion lists its isolates (a team of ~20).
	c.Query.Connectors = func(child int, _ *string, first *int) int { return 50 + page(first, child) }
	c.Query.TeamCohesion = func(child int, _ string) int { return 10 + 20*(child+1) }
	c.Query.TeamBoundaries = func(child int, _ string) int { return 10 + 20*(child+1) }
	c.Query.KnowledgeSilos = func(child int, _ *string) int { return 50 + 100*(child+1) }
	c.Query.Brokers = func(child int, _, _ ecograph.OrgKind, first *int) int { return 200 + page(first, child) }
	c.Query.Bridges = func(child int, _ *string, _ *int, first *int) int { return 100 + 2*page(first, child) }
	c.Query.TeamMaturity = func(child int, _ string) int { return 20 + 10*(child+1) }
	c.Query.OrganizationMaturity = func(child int, _ string) int { return 100 + 10*(child+1) }
	// Ecosystem matches: one pass over the whole graph, then a page of matches, each with the
	// decision makers it adds (a group's; counted as 10).
	c.Query.EcosystemMatches = func(child int, _ *float64, _ *bool, first *int) int { return 200 + page(first, child) }
	c.EcosystemMatch.DecisionMakers = func(child int) int { return 10 * (child + 1) }
	// The swarm: introducers are a page; single points of failure search the whole graph
	// once (counted like a route search) and list up to a page of people with their
	// decision makers; every account's hangsOn is such a search.
	c.Query.Introducers = func(child int, _ string, _ *string, first *int) int { return page(first, child) }
	c.Query.SinglePointsOfFailure = func(child int, _ string, o *model.RouteOptions) int { return routes(1, o, 0) + 100*(child+1) }
	c.Query.AccountsHangingOnOnePerson = func(child int, o *model.RouteOptions) int { return routes(1, o, 0) + 100*(child+1) }
	c.Account.HangsOn = func(child int, o *model.RouteOptions) int { return routes(1, o, 0) + 20*(child+1) }
	c.Query.SwarmPlan = func(child int, _, _ *string, _ *float64, o *model.RouteOptions) int {
		return routes(1, o, 0) + 100*(child+1)
	}
	// Lists of introductions hold at most 1,000; counted as a page of 100.
	c.Account.Introductions = func(child int, _ *model.IntroductionStatus) int { return 100 * (child + 1) }
	c.Query.IntroductionsAddressedToMe = func(child int, _ *model.IntroductionStatus) int { return 100 * (child + 1) }
	c.Query.IntroductionsRequestedByMe = func(child int, _ *model.IntroductionStatus) int { return 100 * (child + 1) }
	return c
}

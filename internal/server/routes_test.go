package server_test

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

type routeOut struct {
	People []struct{ ID string }
	Hops   []struct {
		From, To    struct{ ID string }
		Trust       float64
		Source      string
		Explanation string
	}
	Trust  float64
	Length int
}

const routeQuery = `query($from: ID!, $to: ID!, $o: RouteOptions) { trustedRoute(from: $from, to: $to, options: $o) {
	people { id } hops { from { id } to { id } trust source explanation } trust length } }`

func TestRoutesOverHTTP(t *testing.T) {
	e := newEnv(t)
	admin := e.token(ecograph.CallerAdmin, "")
	seller := e.token(ecograph.CallerSeller, "")
	e.seedLine(admin, 5, 0.8)
	id := func(i int) string { return fmt.Sprintf("%sp%d", e.p, i) }

	var out struct{ TrustedRoute *routeOut }
	e.mustData(seller, routeQuery, map[string]any{"from": id(0), "to": id(4)}, &out)
	r := out.TrustedRoute
	if r == nil || r.Length != 4 || math.Abs(r.Trust-math.Pow(0.8, 4)) > 1e-12 || len(r.People) != 5 || r.People[4].ID != id(4) {
		t.Fatalf("route along the line: %+v", r)
	}
	if r.Hops[0].From.ID != id(0) || r.Hops[0].Source != "test" || r.Hops[0].Explanation == "" {
		t.Fatalf("hop not explained: %+v", r.Hops[0])
	}

	// A write through the API shows at once: a direct, strong shortcut wins.
	e.mustData(admin, upsertTie, map[string]any{"in": map[string]any{"personA": id(0), "personB": id(4), "trust": 0.95}}, &struct{}{})
	e.mustData(seller, routeQuery, map[string]any{"from": id(0), "to": id(4)}, &out)
	if out.TrustedRoute.Length != 1 || out.TrustedRoute.Trust != 0.95 {
		t.Fatalf("route after an API write: %+v", out.TrustedRoute)
	}
	// A write made elsewhere (straight into Neo4j, as an analyst in Neo4j Browser would) shows
	// too: strict mode compares the database's bookmark before each route.
	_, err := neo4j.ExecuteQuery(context.Background(), e.store.Driver(),
		"MATCH (:Person {id: $a})-[t:TIE]-(:Person {id: $b}) DELETE t", map[string]any{"a": id(0), "b": id(4)}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	e.mustData(seller, routeQuery, map[string]any{"from": id(0), "to": id(4)}, &out)
	if out.TrustedRoute.Length != 4 {
		t.Fatalf("route after an outside delete: %+v", out.TrustedRoute)
	}
	// maxHops below the distance: no route, which is null and not an error.
	e.mustData(seller, routeQuery, map[string]any{"from": id(0), "to": id(4), "o": map[string]any{"maxHops": 3}}, &out)
	if out.TrustedRoute != nil {
		t.Fatalf("a 4-hop route with maxHops 3: %+v", out.TrustedRoute)
	}

	var dms struct{ RoutesToDecisionMakers []routeOut }
	e.mustData(seller, `query($from: ID!, $org: ID!) { routesToDecisionMakers(from: $from, organization: $org, k: 3) { people { id } length trust } }`,
		map[string]any{"from": id(0), "org": e.p + "org"}, &dms)
	if len(dms.RoutesToDecisionMakers) != 1 || dms.RoutesToDecisionMakers[0].People[4].ID != id(4) {
		t.Fatalf("routes to decision makers: %+v", dms)
	}
	var ks struct{ TrustedRoutes []routeOut }
	e.mustData(seller, `query($from: ID!, $to: ID!) { trustedRoutes(from: $from, to: $to, k: 5) { length trust } }`,
		map[string]any{"from": id(0), "to": id(4)}, &ks)
	if len(ks.TrustedRoutes) != 1 {
		t.Fatalf("a line has one route, got %d", len(ks.TrustedRoutes))
	}
}

func TestRouteArgumentErrors(t *testing.T) {
	e := newEnv(t)
	admin := e.token(ecograph.CallerAdmin, "")
	e.seedLine(admin, 2, 0.5)
	a, b := e.p+"p0", e.p+"p1"
	cases := []struct {
		name, query string
		vars        map[string]any
		code, field string
	}{
		{"from == to", routeQuery, map[string]any{"from": a, "to": a}, "BAD_USER_INPUT", "to"},
		{"maxHops 0", routeQuery, map[string]any{"from": a, "to": b, "o": map[string]any{"maxHops": 0}}, "BAD_USER_INPUT", "options.maxHops"},
		{"maxHops 11", routeQuery, map[string]any{"from": a, "to": b, "o": map[string]any{"maxHops": 11}}, "BAD_USER_INPUT", "options.maxHops"},
		{"minTrust -0.1", routeQuery, map[string]any{"from": a, "to": b, "o": map[string]any{"minTrust": -0.1}}, "BAD_USER_INPUT", "options.minTrust"},
		{"minTrust 1.5", routeQuery, map[string]any{"from": a, "to": b, "o": map[string]any{"minTrust": 1.5}}, "BAD_USER_INPUT", "options.minTrust"},
		{"k 0", `query($from: ID!, $to: ID!) { trustedRoutes(from: $from, to: $to, k: 0) { length } }`, map[string]any{"from": a, "to": b}, "BAD_USER_INPUT", "k"},
		{"unknown from", routeQuery, map[string]any{"from": e.p + "nobody", "to": b}, "NOT_FOUND", ""},
		{"unknown to", routeQuery, map[string]any{"from": a, "to": e.p + "nobody"}, "NOT_FOUND", ""},
		{"unknown organisation", `query($from: ID!, $org: ID!) { routesToDecisionMakers(from: $from, organization: $org) { length } }`,
			map[string]any{"from": a, "org": e.p + "nowhere"}, "NOT_FOUND", ""},
	}
	tok := e.token(ecograph.CallerSeller, "")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(tok, c.query, c.vars)
			if r.code() != c.code {
				t.Fatalf("want %s, got %+v", c.code, r.Errors)
			}
			if c.field != "" && r.Errors[0].Extensions["field"] != c.field {
				t.Fatalf("want field %s, got %+v", c.field, r.Errors[0])
			}
		})
	}
}

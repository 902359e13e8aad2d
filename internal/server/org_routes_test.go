package server_test

import (
	"cmp"
	"math"
	"slices"
	"testing"

	"github.com/ecograph/ecograph"
)

// TestOrganizationRoutesToDecisionMakers: issue 14, item 6. Routes from a whole organisation
// in one call equal the best, per decision maker, of one call per person of it (the person
// form), best first, the first k; as a seller and as MediLog. The share-level table applies.
func TestOrganizationRoutesToDecisionMakers(t *testing.T) {
	e := newPortal(t)
	type route struct {
		Trust  float64
		Length int
		People []struct{ ID string }
	}
	end := func(r route) string { return r.People[len(r.People)-1].ID }
	for _, c := range []struct{ who, tok, from, to string }{
		{"seller", e.token(ecograph.CallerSeller, ""), "org-medilog", "org-helvetia"},
		{"seller", e.token(ecograph.CallerSeller, ""), "org-helix", "org-st-marys"},
		{"MediLog", e.medilog, "org-medilog", "org-st-marys"},
	} {
		var got struct{ OrganizationRoutesToDecisionMakers []route }
		e.mustData(c.tok, `query($f: ID!, $o: ID!) { organizationRoutesToDecisionMakers(fromOrganization: $f, organization: $o, k: 3) { trust length people { id } } }`,
			map[string]any{"f": e.p + c.from, "o": e.p + c.to}, &got)
		// The reference: the person form for everyone of the organisation the caller sees.
		var people struct {
			Organization struct {
				People struct {
					Edges []struct{ Node struct{ ID string } }
				}
			}
		}
		e.mustData(c.tok, `query($f: ID!) { organization(id: $f) { people(first: 100) { edges { node { id } } } } }`, map[string]any{"f": e.p + c.from}, &people)
		best := map[string]route{}
		for _, ed := range people.Organization.People.Edges {
			var one struct{ RoutesToDecisionMakers []route }
			e.mustData(c.tok, `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o, k: 10) { trust length people { id } } }`,
				map[string]any{"f": ed.Node.ID, "o": e.p + c.to}, &one)
			for _, r := range one.RoutesToDecisionMakers {
				if b, ok := best[end(r)]; !ok || r.Trust > b.Trust+1e-9 || (math.Abs(r.Trust-b.Trust) <= 1e-9 && r.Length < b.Length) {
					best[end(r)] = r
				}
			}
		}
		var want []route
		for _, r := range best {
			want = append(want, r)
		}
		slices.SortFunc(want, func(a, b route) int {
			if math.Abs(a.Trust-b.Trust) > 1e-9 {
				return cmp.Compare(b.Trust, a.Trust)
			}
			return cmp.Compare(a.Length, b.Length)
		})
		want = want[:min(3, len(want))]
		if len(want) == 0 {
			t.Fatalf("%s %s->%s: the reference found no route; pick another pair", c.who, c.from, c.to)
		}
		if len(got.OrganizationRoutesToDecisionMakers) != len(want) {
			t.Fatalf("%s %s->%s: %d routes, reference %d", c.who, c.from, c.to, len(got.OrganizationRoutesToDecisionMakers), len(want))
		}
		for i, r := range got.OrganizationRoutesToDecisionMakers {
			if math.Abs(r.Trust-want[i].Trust) > 1e-9 || r.Length != want[i].Length {
				t.Errorf("%s %s->%s route %d: trust %v over %d hops to %s, reference %v over %d to %s", c.who, c.from, c.to, i,
					r.Trust, r.Length, end(r), want[i].Trust, want[i].Length, end(want[i]))
			}
		}
	}
	// The share-level table: MediLog from its own organisation into a NAMES target, or from
	// Helix (visible only through swarm members), is NOT_ROUTABLE naming the argument.
	for _, c := range []struct{ from, to, field string }{
		{"org-medilog", "org-helvetia", "organization"},
		{"org-helix", "org-st-marys", "fromOrganization"},
	} {
		r := e.do(e.medilog, `query($f: ID!, $o: ID!) { organizationRoutesToDecisionMakers(fromOrganization: $f, organization: $o) { trust } }`,
			map[string]any{"f": e.p + c.from, "o": e.p + c.to})
		if r.code() != "NOT_ROUTABLE" || r.Errors[0].Extensions["field"] != c.field {
			t.Errorf("MediLog %s->%s: %+v", c.from, c.to, r.Errors)
		}
	}
	if r := e.do(e.medilog, `{ organizationRoutesToDecisionMakers(fromOrganization: "nowhere", organization: "nowhere-else") { trust } }`, nil); r.code() != "NOT_FOUND" {
		t.Errorf("unknown organisations: %+v", r.Errors)
	}
}

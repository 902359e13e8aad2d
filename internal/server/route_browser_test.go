package server_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

type browserRoute struct {
	People []struct{ ID string }
	Hops   []struct {
		From, To struct{ ID string }
		Trust    float64
	}
	Browser *struct{ Cypher, URL string }
}

const browserRoutesQuery = `query($f: ID!, $t: ID!) { trustedRoutes(from: $f, to: $t, k: 3, options: {avoidBlockers: false}) {
	people { id } hops { from { id } to { id } trust } browser { cypher url } } }`

// checkBrowserRoute runs the route's Cypher over Bolt, as Browser would, and checks that it
// draws exactly the route: one path, the route's people in order, the tie between each two
// consecutive ones with the hop's trust; and that the URL opens Browser with that query.
func (e *env) checkBrowserRoute(rt browserRoute) {
	e.t.Helper()
	if rt.Browser == nil {
		e.t.Fatalf("route %+v has no browser link", rt.People)
	}
	u, err := url.Parse(rt.Browser.URL)
	if err != nil || u.Scheme+"://"+u.Host+u.Path != "http://localhost:7474/browser/" || u.Query().Get("cmd") != "edit" || u.Query().Get("arg") != rt.Browser.Cypher {
		e.t.Fatalf("url %q (%v) does not open Browser with %q", rt.Browser.URL, err, rt.Browser.Cypher)
	}
	res, err := neo4j.ExecuteQuery(context.Background(), e.store.Driver(), rt.Browser.Cypher, nil, neo4j.EagerResultTransformer)
	if err != nil {
		e.t.Fatalf("the route's Cypher fails: %v\n%s", err, rt.Browser.Cypher)
	}
	if len(res.Records) != 1 {
		e.t.Fatalf("the route's Cypher returns %d rows, want 1\n%s", len(res.Records), rt.Browser.Cypher)
	}
	v, _ := res.Records[0].Get("route")
	path, ok := v.(neo4j.Path)
	if !ok {
		e.t.Fatalf("route is a %T", v)
	}
	var got []string
	elem := map[string]string{} // element id -> person id
	for _, n := range path.Nodes {
		id, _ := n.Props["id"].(string)
		got = append(got, id)
		elem[n.ElementId] = id
	}
	var want []string
	for _, p := range rt.People {
		want = append(want, p.ID)
	}
	if !slices.Equal(got, want) {
		e.t.Fatalf("the Cypher draws %q, the route is %q", got, want)
	}
	if len(path.Relationships) != len(rt.Hops) {
		e.t.Fatalf("%d ties drawn, %d hops", len(path.Relationships), len(rt.Hops))
	}
	for i, r := range path.Relationships {
		h := rt.Hops[i]
		a, b := elem[r.StartElementId], elem[r.EndElementId]
		if r.Type != "TIE" || !((a == h.From.ID && b == h.To.ID) || (a == h.To.ID && b == h.From.ID)) || r.Props["trust"] != h.Trust {
			e.t.Fatalf("tie %d: %s %s-%s trust %v, hop %s-%s trust %v", i, r.Type, a, b, r.Props["trust"], h.From.ID, h.To.ID, h.Trust)
		}
	}
}

// TestRouteOpensInBrowser: on the demo, every route of Anna Keller to Thomas Brenner links to
// a Cypher query that, run over Bolt, returns exactly that route.
func TestRouteOpensInBrowser(t *testing.T) {
	testdb.Demo(t)
	e := newEnv(t)
	var out struct{ TrustedRoutes []browserRoute }
	e.mustData(e.token(ecograph.CallerSeller, ""), browserRoutesQuery, map[string]any{"f": "p-anna-keller", "t": "p-thomas-brenner"}, &out)
	if len(out.TrustedRoutes) != 3 {
		t.Fatalf("%d routes", len(out.TrustedRoutes))
	}
	for _, rt := range out.TrustedRoutes {
		e.checkBrowserRoute(rt)
	}
}

// TestRouteBrowserLinkEscapesIDs: ids with quotes, backslashes, line breaks, braces and
// non-Latin letters come through the inlined literals intact; a partner gets no link.
func TestRouteBrowserLinkEscapesIDs(t *testing.T) {
	e := newEnv(t)
	admin := e.token(ecograph.CallerAdmin, "")
	org := e.p + "org'x"
	e.mustData(admin, upsertOrg, map[string]any{"in": map[string]any{"id": org, "name": "Partner 'Q'", "kind": "PARTNER"}}, &struct{}{})
	ids := []string{e.p + `o'brien`, e.p + `back\slash\`, e.p + "two\nlines\t\u2028end", e.p + `'}) DETACH DELETE p0 //`, e.p + "Jäggi 北京 \"q\""}
	for i, id := range ids {
		e.mustData(admin, upsertPerson, map[string]any{"in": map[string]any{"id": id, "name": "P", "organization": org, "roles": []string{}}}, &struct{}{})
		if i > 0 {
			e.mustData(admin, upsertTie, map[string]any{"in": map[string]any{"personA": ids[i-1], "personB": id, "trust": 0.5 + 0.1*float64(i), "source": "test"}}, &struct{}{})
		}
	}
	var out struct{ TrustedRoutes []browserRoute }
	e.mustData(admin, browserRoutesQuery, map[string]any{"f": ids[0], "t": ids[len(ids)-1]}, &out)
	if len(out.TrustedRoutes) != 1 || len(out.TrustedRoutes[0].People) != len(ids) {
		t.Fatalf("routes: %+v", out.TrustedRoutes)
	}
	e.checkBrowserRoute(out.TrustedRoutes[0])

	// A partner sees the route among its own people, without the link.
	e.mustData(e.token(ecograph.CallerPartner, org), browserRoutesQuery, map[string]any{"f": ids[0], "t": ids[len(ids)-1]}, &out)
	if len(out.TrustedRoutes) != 1 || out.TrustedRoutes[0].Browser != nil {
		t.Fatalf("partner: %+v", out.TrustedRoutes)
	}
}

package server_test

import (
	"encoding/json"
	"testing"

	"github.com/ecograph/ecograph"
)

// A route's hop explanations and Browser link are built only when selected; however they are
// selected (fragments, inline fragments, aliases, @include), they are there.
func TestRouteComputedFieldsWhenSelected(t *testing.T) {
	e := newEnv(t)
	admin, seller := e.token(ecograph.CallerAdmin, ""), e.token(ecograph.CallerSeller, "")
	e.seedLine(admin, 3, 0.8)
	vars := map[string]any{"f": e.p + "p0", "t": e.p + "p2"}
	for name, q := range map[string]string{
		"fragments": `fragment H on Hop { explanation } fragment R on Route { hops { ...H } browser { url } }
			query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t) { ...R } }`,
		"inline and alias": `query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t) { ... on Route { hops { e: explanation explanation } b: browser { url } browser { url } } } }`,
		"include":          `query($f: ID!, $t: ID!, $yes: Boolean = true) { trustedRoute(from: $f, to: $t) { hops { explanation @include(if: $yes) } browser @include(if: $yes) { url } } }`,
		"k routes":         `query($f: ID!, $t: ID!) { trustedRoutes(from: $f, to: $t, k: 2) { hops { explanation } browser { url } } }`,
	} {
		r := e.do(seller, q, vars)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", name, r.Errors)
		}
		var raw json.RawMessage = r.Data["trustedRoute"]
		if raw == nil {
			var list []json.RawMessage
			if err := json.Unmarshal(r.Data["trustedRoutes"], &list); err != nil || len(list) == 0 {
				t.Fatalf("%s: %s", name, r.Data["trustedRoutes"])
			}
			raw = list[0]
		}
		var rt struct {
			Hops []struct {
				E           *string
				Explanation *string
			}
			B, Browser *struct{ URL string }
		}
		if err := json.Unmarshal(raw, &rt); err != nil {
			t.Fatal(err)
		}
		if len(rt.Hops) != 2 || rt.Browser == nil || rt.Browser.URL == "" {
			t.Fatalf("%s: %s", name, raw)
		}
		for _, h := range rt.Hops {
			if h.Explanation == nil || *h.Explanation == "" || (name == "inline and alias" && (h.E == nil || *h.E != *h.Explanation)) {
				t.Fatalf("%s: hop without its explanation: %s", name, raw)
			}
		}
		if name == "inline and alias" && (rt.B == nil || rt.B.URL != rt.Browser.URL) {
			t.Fatalf("%s: aliased browser link: %s", name, raw)
		}
	}
	// Left out by @include(if: false): not in the answer at all.
	r := e.do(seller, `query($f: ID!, $t: ID!, $yes: Boolean!) { trustedRoute(from: $f, to: $t) { hops { trust explanation @include(if: $yes) } } }`,
		map[string]any{"f": e.p + "p0", "t": e.p + "p2", "yes": false})
	if len(r.Errors) > 0 || string(r.Data["trustedRoute"]) != `{"hops":[{"trust":0.8},{"trust":0.8}]}` {
		t.Fatalf("explanation left out: %s %+v", r.Data["trustedRoute"], r.Errors)
	}
}

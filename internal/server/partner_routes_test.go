package server_test

import (
	"strings"
	"testing"
)

// TestPartnerRoutesExplainThemselves: issue 14, item 3. As MediLog on the demo, Andreas
// Moser's routes to Thomas Brenner come best first by the trust MediLog is shown, a banded hop
// says its band in words (never "at least 0.000"), and under minTrust 0.65 no hop MediLog sees
// exactly is below 0.65 and every banded hop is strong.
func TestPartnerRoutesExplainThemselves(t *testing.T) {
	e := newPortal(t)
	type route struct {
		Trust   float64
		Length  int
		Exact   bool
		Summary string
		Hops    []struct {
			Trust       float64
			TrustBand   string
			Exact       bool
			Explanation string
		}
	}
	const q = `query($o: RouteOptions) { trustedRoutes(from: "p-andreas-moser", to: "p-thomas-brenner", k: 5, options: $o) {
		trust length exact summary hops { trust trustBand exact explanation } } }`
	routes := func(opts map[string]any) []route {
		var out struct{ TrustedRoutes []route }
		e.mustData(e.medilog, e.prefixed(q), map[string]any{"o": opts}, &out)
		return out.TrustedRoutes
	}
	all := routes(nil)
	if len(all) < 3 {
		t.Fatalf("MediLog sees %d routes from Andreas Moser to Thomas Brenner, want 3 or more", len(all))
	}
	for i, r := range all {
		t.Logf("%d: %.3f %s", i, r.Trust, r.Summary)
		if i > 0 && (r.Trust > all[i-1].Trust || (r.Trust == all[i-1].Trust && r.Length < all[i-1].Length)) {
			t.Errorf("route %d (%.3f, %d hops) comes after a worse one (%.3f, %d hops)", i, r.Trust, r.Length, all[i-1].Trust, all[i-1].Length)
		}
		if strings.Contains(r.Summary, "at least 0.000") {
			t.Errorf("summary says nothing: %s", r.Summary)
		}
		for _, h := range r.Hops {
			if h.Exact {
				continue
			}
			if !strings.Contains(r.Summary, h.TrustBand+" (") || !strings.Contains(h.Explanation, h.TrustBand+" (") || !strings.Contains(h.Explanation, "private") {
				t.Errorf("a %s hop does not say its band in words: %q / %q", h.TrustBand, r.Summary, h.Explanation)
			}
		}
	}
	for _, m := range []float64{0.3, 0.5, 0.65, 0.8} {
		for _, r := range routes(map[string]any{"minTrust": m}) {
			for _, h := range r.Hops {
				if h.Exact && h.Trust < m {
					t.Errorf("minTrust %v: an exact hop of %v: %s", m, h.Trust, r.Summary)
				}
				if !h.Exact && m > 0.4 && h.TrustBand != "strong" {
					t.Errorf("minTrust %v: a %s banded hop: %s", m, h.TrustBand, r.Summary)
				}
				if !h.Exact && m > 0 && h.TrustBand == "weak" {
					t.Errorf("minTrust %v: a weak banded hop: %s", m, r.Summary)
				}
				if !h.Exact && m > 0.7 && !strings.Contains(h.Explanation, "highest band") {
					t.Errorf("minTrust %v: a banded hop does not say why it passed: %s", m, h.Explanation)
				}
			}
		}
	}
}

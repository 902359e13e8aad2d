package route

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestWithTrustEqualsRebuild changes the trust and source of random ties of random graphs
// with WithTrust and checks, arc by arc, that the result is the graph a rebuild with the same
// changes gives; updates naming a missing tie or a bad trust are refused.
func TestWithTrustEqualsRebuild(t *testing.T) {
	for seed := uint64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 42))
		n := 2 + rng.IntN(30)
		type tie struct {
			a, b  int
			trust float64
			src   string
		}
		var ties []tie
		seen := map[[2]int]bool{}
		for i := 0; i < n*3; i++ {
			a, b := rng.IntN(n), rng.IntN(n)
			if a == b || seen[[2]int{min(a, b), max(a, b)}] {
				continue
			}
			seen[[2]int{min(a, b), max(a, b)}] = true
			// Coarse trust values, so that equal trusts (ordered by the other end) occur.
			ties = append(ties, tie{a, b, float64(1+rng.IntN(10)) / 10, fmt.Sprint("s", rng.IntN(3))})
		}
		build := func(ts []tie) *Graph {
			b := NewBuilder(n, len(ts))
			for i := 0; i < n; i++ {
				b.AddPerson(fmt.Sprint("p", i), "o", "", nil)
			}
			for _, x := range ts {
				b.AddTie(fmt.Sprint("p", x.a), fmt.Sprint("p", x.b), x.trust, x.src)
			}
			return b.Build()
		}
		g := build(ties)
		if len(ties) == 0 {
			continue
		}
		var ups []TieTrust
		changed := append([]tie(nil), ties...)
		for k := rng.IntN(5); k >= 0; k-- {
			i := rng.IntN(len(changed))
			changed[i].trust = float64(1+rng.IntN(10)) / 10
			changed[i].src = fmt.Sprint("s", rng.IntN(5))
			x := changed[i]
			if rng.IntN(2) == 0 {
				ups = append(ups, TieTrust{fmt.Sprint("p", x.a), fmt.Sprint("p", x.b), x.trust, x.src})
			} else {
				ups = append(ups, TieTrust{fmt.Sprint("p", x.b), fmt.Sprint("p", x.a), x.trust, x.src})
			}
		}
		h, ok := g.WithTrust(ups)
		if !ok {
			t.Fatalf("seed %d: WithTrust refused existing ties", seed)
		}
		want := build(changed)
		for v := 0; v < n; v++ {
			if h.off[v+1]-h.off[v] != want.off[v+1]-want.off[v] {
				t.Fatalf("seed %d: row %d has %d arcs, want %d", seed, v, h.off[v+1]-h.off[v], want.off[v+1]-want.off[v])
			}
			for i := h.off[v]; i < h.off[v+1]; i++ {
				if h.to[i] != want.to[i] || h.trust[i] != want.trust[i] || h.cost[i] != want.cost[i] || h.sources[h.src[i]] != want.sources[want.src[i]] {
					t.Fatalf("seed %d: row %d arc %d: to %d trust %v src %s, want to %d trust %v src %s", seed, v, i-h.off[v],
						h.to[i], h.trust[i], h.sources[h.src[i]], want.to[i], want.trust[i], want.sources[want.src[i]])
				}
			}
		}
		// The original graph is unchanged.
		again := build(ties)
		for i := range g.to {
			if g.to[i] != again.to[i] || g.trust[i] != again.trust[i] {
				t.Fatalf("seed %d: WithTrust changed the original graph", seed)
			}
		}
		// Refusals: a pair without a tie, an unknown person, a trust outside (0, 1].
		for a := 0; a < n; a++ {
			for b := a + 1; b < n; b++ {
				if !seen[[2]int{a, b}] {
					if _, ok := g.WithTrust([]TieTrust{{fmt.Sprint("p", a), fmt.Sprint("p", b), 0.5, "x"}}); ok {
						t.Fatalf("seed %d: WithTrust accepted a missing tie", seed)
					}
				}
			}
		}
		x := ties[0]
		for _, bad := range []TieTrust{{"nobody", fmt.Sprint("p", x.b), 0.5, "x"}, {fmt.Sprint("p", x.a), fmt.Sprint("p", x.b), 0, "x"}, {fmt.Sprint("p", x.a), fmt.Sprint("p", x.b), 1.5, "x"}} {
			if _, ok := g.WithTrust([]TieTrust{bad}); ok {
				t.Fatalf("seed %d: WithTrust accepted %+v", seed, bad)
			}
		}
	}
}

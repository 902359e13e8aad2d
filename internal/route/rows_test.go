package route

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ecograph/ecograph"
)

// TestWithRowsEqualsRebuild replaces the rows of a few random people of random graphs (ties
// gained, lost and changed, to touched and untouched people) with WithRows and checks, arc by
// arc, that the result is the graph a rebuild with the same ties gives, and that searches on
// both agree; inconsistent or invalid rows are refused.
func TestWithRowsEqualsRebuild(t *testing.T) {
	for seed := uint64(0); seed < 400; seed++ {
		rng := rand.New(rand.NewPCG(seed, 43))
		n := 2 + rng.IntN(30)
		type key [2]int
		ties := map[key]RowArc{} // lower index first; RowArc.To unused
		for i := 0; i < n*2; i++ {
			a, b := rng.IntN(n), rng.IntN(n)
			if a != b {
				ties[key{min(a, b), max(a, b)}] = RowArc{Trust: float64(1+rng.IntN(10)) / 10, Source: fmt.Sprint("s", rng.IntN(3))}
			}
		}
		build := func(ts map[key]RowArc) *Graph {
			b := NewBuilder(n, len(ts))
			for i := 0; i < n; i++ {
				b.AddPerson(fmt.Sprint("p", i), "o", "", nil)
			}
			for k, x := range ts {
				b.AddTie(fmt.Sprint("p", k[0]), fmt.Sprint("p", k[1]), x.Trust, x.Source)
			}
			return b.Build()
		}
		g := build(ties)
		// Touch a few people and give them new ties.
		touched := map[int]bool{}
		for k := rng.IntN(4); k >= 0; k-- {
			touched[rng.IntN(n)] = true
		}
		after := map[key]RowArc{}
		for k, x := range ties {
			if !(touched[k[0]] || touched[k[1]]) || rng.IntN(3) > 0 { // some of their ties go
				after[k] = x
			}
		}
		for v := range touched {
			for i := rng.IntN(4); i > 0; i-- { // some come or change
				w := rng.IntN(n)
				if w != v {
					after[key{min(v, w), max(v, w)}] = RowArc{Trust: float64(1+rng.IntN(10)) / 10, Source: fmt.Sprint("s", rng.IntN(5))}
				}
			}
		}
		rows := map[int32][]RowArc{}
		for v := range touched {
			rows[int32(v)] = []RowArc{}
		}
		for k, x := range after {
			for _, e := range [][2]int{{k[0], k[1]}, {k[1], k[0]}} {
				if touched[e[0]] {
					rows[int32(e[0])] = append(rows[int32(e[0])], RowArc{To: int32(e[1]), Trust: x.Trust, Source: x.Source})
				}
			}
		}
		h, ok := g.WithRows(rows)
		if !ok {
			t.Fatalf("seed %d: WithRows refused consistent rows", seed)
		}
		want := build(after)
		if h.NumTies() != want.NumTies() {
			t.Fatalf("seed %d: %d ties, want %d", seed, h.NumTies(), want.NumTies())
		}
		for v := 0; v < n; v++ {
			if h.off[v+1]-h.off[v] != want.off[v+1]-want.off[v] {
				t.Fatalf("seed %d: row %d has %d arcs, want %d", seed, v, h.off[v+1]-h.off[v], want.off[v+1]-want.off[v])
			}
			for i := h.off[v]; i < h.off[v+1]; i++ {
				if h.off[v] != want.off[v] || h.to[i] != want.to[i] || h.trust[i] != want.trust[i] || h.cost[i] != want.cost[i] || h.sources[h.src[i]] != want.sources[want.src[i]] {
					t.Fatalf("seed %d: row %d arc %d: to %d trust %v src %s, want to %d trust %v src %s", seed, v, i-h.off[v],
						h.to[i], h.trust[i], h.sources[h.src[i]], want.to[i], want.trust[i], want.sources[want.src[i]])
				}
			}
		}
		for q := 0; q < 5; q++ {
			a, b := int32(rng.IntN(n)), int32(rng.IntN(n))
			if a == b {
				continue
			}
			o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
			p1, ok1 := h.Best(a, b, o)
			p2, ok2 := want.Best(a, b, o)
			if ok1 != ok2 || (ok1 && p1.TotalTrust != p2.TotalTrust) {
				t.Fatalf("seed %d: best %d-%d differs: %v %v / %v %v", seed, a, b, ok1, p1.TotalTrust, ok2, p2.TotalTrust)
			}
		}
		// The original graph is unchanged.
		again := build(ties)
		for i := range g.to {
			if g.to[i] != again.to[i] || g.trust[i] != again.trust[i] {
				t.Fatalf("seed %d: WithRows changed the original graph", seed)
			}
		}
		// Refusals.
		for _, bad := range []map[int32][]RowArc{
			{0: {{To: int32(n), Trust: 0.5}}},
			{0: {{To: 0, Trust: 0.5}}},
			{0: {{To: 1, Trust: 0}}},
			{0: {{To: 1, Trust: 1.5}}},
			{0: {{To: 1, Trust: 0.5}}, 1: {}}, // 1 does not list 0
			{0: {{To: 1, Trust: 0.5}}, 1: {{To: 0, Trust: 0.6}}},
		} {
			if _, ok := g.WithRows(bad); ok {
				t.Fatalf("seed %d: WithRows accepted %v", seed, bad)
			}
		}
	}
}

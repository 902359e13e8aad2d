package route

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBuildAgainstReference builds random graphs, with repeated pairs (either way round),
// self ties, ties to unknown people and trusts outside (0, 1], both tie by tie (AddTie) and
// as index ties (Source, AddTies, in one or several batches), and checks every row against a
// reference computed without the Builder: per pair the last tie added, kept when its trust is
// in (0, 1], each row most trusted first, then by the other end's index.
func TestBuildAgainstReference(t *testing.T) {
	trusts := []float64{0.1, 0.25, 0.5, 0.5, 0.9, 1, 0, -0.5, 1.5, math.NaN()}
	for seed := uint64(0); seed < 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		n := 1 + rng.IntN(25)
		type in struct {
			a, b  int // b may be n (unknown)
			trust float64
			src   string
		}
		var ties []in
		for i := rng.IntN(4 * n); i >= 0; i-- {
			ties = append(ties, in{rng.IntN(n), rng.IntN(n + 1), trusts[rng.IntN(len(trusts))], fmt.Sprint("s", rng.IntN(3))})
		}
		// The reference.
		type val struct {
			trust float64
			src   string
		}
		last := map[[2]int]val{}
		for _, x := range ties {
			if x.b == n || x.a == x.b {
				continue
			}
			last[[2]int{min(x.a, x.b), max(x.a, x.b)}] = val{x.trust, x.src}
		}
		type ref struct {
			to    int32
			trust float64
			src   string
		}
		want := make([][]ref, n)
		kept := 0
		for k, v := range last {
			if !(v.trust > 0 && v.trust <= 1) {
				continue
			}
			kept++
			want[k[0]] = append(want[k[0]], ref{int32(k[1]), v.trust, v.src})
			want[k[1]] = append(want[k[1]], ref{int32(k[0]), v.trust, v.src})
		}
		for _, r := range want {
			slices.SortFunc(r, func(x, y ref) int {
				if x.trust != y.trust {
					if x.trust > y.trust {
						return -1
					}
					return 1
				}
				return int(x.to - y.to)
			})
		}
		check := func(how string, g *Graph) {
			t.Helper()
			if g.NumPeople() != n || g.NumTies() != kept {
				t.Fatalf("seed %d, %s: %d people and %d ties, want %d and %d", seed, how, g.NumPeople(), g.NumTies(), n, kept)
			}
			for v := range n {
				var got []ref
				for e := g.off[v]; e < g.off[v+1]; e++ {
					got = append(got, ref{g.to[e], g.trust[e], g.ArcSource(e)})
					if g.cost[e] != arcCost(g.trust[e]) {
						t.Fatalf("seed %d, %s: arc %d costs %v for trust %v", seed, how, e, g.cost[e], g.trust[e])
					}
				}
				if !slices.Equal(got, want[v]) {
					t.Fatalf("seed %d, %s: row %d is %v, want %v", seed, how, v, got, want[v])
				}
			}
		}
		id := func(i int) string { return fmt.Sprint("p", i) }
		b := NewBuilder(n, 0)
		for i := range n {
			b.AddPerson(id(i), "o", "", nil)
		}
		for _, x := range ties {
			b.AddTie(id(x.a), id(x.b), x.trust, x.src)
		}
		check("AddTie", b.Build())

		b = NewBuilder(n, 0)
		for i := range n {
			b.AddPerson(id(i), "o", "", nil)
		}
		batch := make([]IndexTie, 0, len(ties))
		cut := rng.IntN(len(ties) + 1) // two batches: AddTies appends to ties it holds
		for i, x := range ties {
			bi := int32(x.b)
			if x.b == n && rng.IntN(2) == 0 {
				bi = -1 // unknown either way
			}
			batch = append(batch, IndexTie{A: int32(x.a), B: bi, Src: b.Source(x.src), Trust: x.trust})
			if i+1 == cut {
				b.AddTies(batch)
				batch = nil
			}
		}
		b.AddTies(batch)
		b.AddTies([]IndexTie{{A: 0, B: int32(n - 1), Src: 99, Trust: 1}}) // an unknown source: ignored
		check("AddTies", b.Build())
	}
}

package swarm

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"
)

// bestTrust is the brute force: the highest product of trust over simple paths from `from`
// to `to` of at most MaxHops hops meeting the Reach (0 and false when there is none).
func (w *world) bestTrust(from, to int32) (float64, bool) {
	absent := func(v int32) bool { return w.r.Absent != nil && w.r.Absent[v] }
	if from == to || absent(from) || absent(to) {
		return 0, false
	}
	best, found := 0.0, false
	onPath := make([]bool, w.n)
	var walk func(v int32, hops int, trust float64)
	walk = func(v int32, hops int, trust float64) {
		if v == to {
			if !found || trust > best {
				best, found = trust, true
			}
			return
		}
		if (hops > 0 && w.r.NoIntermediate != nil && w.r.NoIntermediate[v]) || hops == max(w.r.MaxHops, 1) {
			return
		}
		onPath[v] = true
		defer func() { onPath[v] = false }()
		for _, e := range w.edges {
			a, b, tr := int32(e[0]), int32(e[1]), e[2]
			if w.blocks(a, b, tr) {
				continue
			}
			next := a
			switch v {
			case a:
				next = b
			case b:
			default:
				continue
			}
			if !onPath[next] && !absent(next) {
				walk(next, hops+1, trust*tr)
			}
		}
	}
	walk(from, 0, 1)
	return best, found
}

func TestBestTrustsAgainstBruteForce(t *testing.T) {
	found := 0
	for _, seed := range seeds(t, 5000, 500) {
		r := rand.New(rand.NewPCG(seed, 0xBE57))
		w := randomWorld(r)
		s := NewSearcher(w.graph(r), w.r)
		for range 3 {
			from := int32(r.IntN(w.n))
			floor := []float64{1e-12, 0.1, 0.3, 0.5}[r.IntN(4)]
			got := map[int32]float64{}
			for _, x := range s.BestTrusts(from, floor) {
				got[x.Person] = x.Trust
			}
			for v := range int32(w.n) {
				want, ok := w.bestTrust(from, v)
				ok = ok && want >= floor
				g, gok := got[v]
				if ok != gok || (ok && math.Abs(g-want) > 1e-12) {
					t.Fatalf("seed=%d\nworld: %v\nfrom %d to %d, floor %v: got %v (%v), want %v (%v)", seed, w, from, v, floor, g, gok, want, ok)
				}
				if ok {
					found++
				}
			}
		}
	}
	t.Logf("%d reached pairs", found)
}

// TestSuggestTeam checks greedy set cover on random instances: each pick covers at least as
// many new targets as any other candidate did then; every reachable target is covered; the
// set is within the greedy bound ln(k)+1 of the smallest (found by trying every subset). Then
// the assignment: every covered target is assigned once, to the member of the set who
// reaches it with the highest trust (equal: the earlier pick), and nobody is left idle.
func TestSuggestTeam(t *testing.T) {
	for _, seed := range seeds(t, 3000, 300) {
		r := rand.New(rand.NewPCG(seed, 0x7EA))
		nc, nt := 1+r.IntN(8), 1+r.IntN(10)
		cands := make([]Candidate, nc)
		masks := make([]uint32, nc)
		trust := make([]map[int32]float64, nc)
		var all uint32
		for i := range cands {
			cands[i].Person = int32(100 + i)
			trust[i] = map[int32]float64{}
			for tg := range nt {
				if r.IntN(3) == 0 {
					x := float64(1+r.IntN(9)) / 10
					cands[i].Reaches = append(cands[i].Reaches, Reached{int32(tg), x})
					masks[i] |= 1 << tg
					trust[i][int32(tg)] = x
				}
			}
			all |= masks[i]
		}
		picks := GreedyCover(cands)
		team := SuggestTeam(cands)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed=%d cands=%v picks=%v team=%v: %s", seed, cands, picks, team, fmt.Sprintf(format, args...))
		}
		var covered uint32
		for _, i := range picks {
			gain := bits.OnesCount32(masks[i] &^ covered)
			for j := range cands {
				if n := bits.OnesCount32(masks[j] &^ covered); n > gain {
					fail("picked %d (gain %d) while %d would gain %d", i, gain, j, n)
				}
			}
			if gain == 0 {
				fail("picked %d for nothing", i)
			}
			covered |= masks[i]
		}
		if covered != all {
			fail("covers %b of %b", covered, all)
		}
		smallest := nc + 1
		for sub := uint32(0); sub < 1<<nc; sub++ {
			var m uint32
			for i := range nc {
				if sub&(1<<i) != 0 {
					m |= masks[i]
				}
			}
			if m == all && bits.OnesCount32(sub) < smallest {
				smallest = bits.OnesCount32(sub)
			}
		}
		k := 0
		for _, m := range masks {
			k = max(k, bits.OnesCount32(m))
		}
		if float64(len(picks)) > float64(smallest)*(math.Log(float64(max(k, 1)))+1)+1e-9 {
			fail("%d picks, the smallest team has %d", len(picks), smallest)
		}
		var assigned uint32
		for _, a := range team {
			i := int(a.Person - 100)
			if !slices.Contains(picks, i) {
				fail("%d is not a pick", a.Person)
			}
			if len(a.Targets) == 0 {
				fail("%d is idle", a.Person)
			}
			for _, tg := range a.Targets {
				if assigned&(1<<tg.Person) != 0 {
					fail("target %d assigned twice", tg.Person)
				}
				assigned |= 1 << tg.Person
				if trust[i][tg.Person] != tg.Trust {
					fail("%d's trust to %d is %v, not %v", a.Person, tg.Person, trust[i][tg.Person], tg.Trust)
				}
				for order, j := range picks {
					x, ok := trust[j][tg.Person]
					if ok && (x > tg.Trust || (x == tg.Trust && order < slices.Index(picks, i))) {
						fail("target %d went to %d (%v), but pick %d reaches it with %v", tg.Person, a.Person, tg.Trust, j+100, x)
					}
				}
			}
		}
		if assigned != all {
			fail("assigned %b of %b", assigned, all)
		}
	}
}

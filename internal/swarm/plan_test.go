package swarm

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
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
			if tr <= 0 || tr < w.r.MinTrust {
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

// TestSuggestTeam checks greedy set cover on random instances: every reachable target is
// assigned exactly once, to a candidate who reaches it with that trust; each pick covers at
// least as many new targets as any other candidate did then; and the team is within the
// greedy bound ln(k)+1 of the smallest (found by trying every subset).
func TestSuggestTeam(t *testing.T) {
	for _, seed := range seeds(t, 3000, 300) {
		r := rand.New(rand.NewPCG(seed, 0x7EA))
		nc, nt := 1+r.IntN(8), 1+r.IntN(10)
		cands := make([]Candidate, nc)
		masks := make([]uint32, nc)
		var all uint32
		for i := range cands {
			cands[i].Person = int32(100 + i)
			for tg := range nt {
				if r.IntN(3) == 0 {
					cands[i].Reaches = append(cands[i].Reaches, Reached{int32(tg), float64(1+r.IntN(9)) / 10})
					masks[i] |= 1 << tg
				}
			}
			all |= masks[i]
		}
		team := SuggestTeam(cands)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed=%d cands=%v team=%v: %s", seed, cands, team, fmt.Sprintf(format, args...))
		}
		var covered uint32
		for _, a := range team {
			i := int(a.Person - 100)
			gain := 0
			for _, tg := range a.Targets {
				if covered&(1<<tg.Person) != 0 {
					fail("target %d assigned twice", tg.Person)
				}
				if masks[i]&(1<<tg.Person) == 0 {
					fail("candidate %d does not reach %d", a.Person, tg.Person)
				}
				covered |= 1 << tg.Person
				gain++
			}
			for j := range cands {
				if n := bits.OnesCount32(masks[j] &^ (covered &^ maskOf(a.Targets))); n > gain {
					fail("picked %d (gain %d) while %d would gain %d", a.Person, gain, cands[j].Person, n)
				}
			}
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
		if float64(len(team)) > float64(smallest)*(math.Log(float64(max(k, 1)))+1)+1e-9 {
			fail("%d members, the smallest team has %d", len(team), smallest)
		}
	}
}

func maskOf(rs []Reached) uint32 {
	var m uint32
	for _, r := range rs {
		m |= 1 << r.Person
	}
	return m
}

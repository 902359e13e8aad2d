package ona

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// The brute-force reference of ecosystem matches: for every pair (ours, not ours), add the
// tie, search the reach again from scratch, and compare.

// ecoWorld is a random world with each person's flags.
type ecoWorld struct {
	*world
	people []EcosystemPerson
}

func newEcoWorld(r *rand.Rand) ecoWorld {
	n := 2 + r.IntN(16)
	w := newWorld(r, n, []float64{0.08, 0.15, 0.3, 0.5}[r.IntN(4)], r.IntN(4))
	people := make([]EcosystemPerson, n)
	for v := range people {
		ours := r.IntN(4) == 0
		people[v] = EcosystemPerson{Ours: ours, ClientDecision: !ours && r.IntN(3) == 0, Blocker: r.IntN(5) == 0}
	}
	return ecoWorld{w, people}
}

// bruteReach returns who is reached from the people of ours over ties with trust passing
// minTrust (trust[(a,b)] for the ties, extra an added pair), walking on only from people of
// ours and, with avoid, non-blockers.
func (w ecoWorld) bruteReach(o EcosystemOptions, extra [2]int) []bool {
	n := w.n
	tie := func(a, b int) bool {
		if [2]int{min(a, b), max(a, b)} == extra {
			return true
		}
		t, ok := w.trust[[2]int{min(a, b), max(a, b)}]
		return ok && a != b && t > 0 && t >= o.MinTrust
	}
	reached := make([]bool, n)
	var stack []int
	for v := range n {
		if w.people[v].Ours {
			reached[v] = true
			stack = append(stack, v)
		}
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if o.AvoidBlockers && w.people[v].Blocker && !w.people[v].Ours {
			continue
		}
		for x := range n {
			if !reached[x] && tie(v, x) {
				reached[x] = true
				stack = append(stack, x)
			}
		}
	}
	return reached
}

// bruteRouteTrust returns the trust of the most trusted route from u to x over ties with
// trust > 0, never going on from a blocker other than u with avoid (Bellman-Ford on products,
// which only fall along a route).
func (w ecoWorld) bruteRouteTrust(u, x int, o EcosystemOptions) float64 {
	best := make([]float64, w.n)
	best[u] = 1
	for range w.n {
		for k, t := range w.trust {
			if t <= 0 {
				continue
			}
			for _, d := range [][2]int{{k[0], k[1]}, {k[1], k[0]}} {
				a, b := d[0], d[1]
				if a != u && o.AvoidBlockers && w.people[a].Blocker {
					continue
				}
				if best[a]*t > best[b] {
					best[b] = best[a] * t
				}
			}
		}
	}
	if x == u {
		return 1
	}
	return best[x]
}

type bruteMatch struct {
	adds  string // the people the tie adds, as a key
	gain  int
	dms   []int32
	pairs [][2]int
}

// bruteMatches groups every pair with a gain by the people it adds.
func (w ecoWorld) bruteMatches(o EcosystemOptions) map[string]*bruteMatch {
	before := w.bruteReach(o, [2]int{-1, -1})
	out := map[string]*bruteMatch{}
	for u := range w.n {
		if !w.people[u].Ours {
			continue
		}
		for x := range w.n {
			if w.people[x].Ours {
				continue
			}
			after := w.bruteReach(o, [2]int{min(u, x), max(u, x)})
			var adds []int
			var dms []int32
			for v := range w.n {
				if after[v] && !before[v] {
					adds = append(adds, v)
					if w.people[v].ClientDecision {
						dms = append(dms, int32(v))
					}
				}
			}
			if len(dms) == 0 {
				continue
			}
			key := fmt.Sprint(adds)
			m := out[key]
			if m == nil {
				m = &bruteMatch{adds: key, gain: len(dms), dms: dms}
				out[key] = m
			}
			m.pairs = append(m.pairs, [2]int{u, x})
		}
	}
	return out
}

func TestEcosystemMatchesAgainstBruteForce(t *testing.T) {
	matches := 0
	for _, seed := range seeds(t, 3000, 300) {
		r := rand.New(rand.NewPCG(seed, 9))
		w := newEcoWorld(r)
		o := EcosystemOptions{MinTrust: []float64{0, 0.3, 0.5, 0.8}[r.IntN(4)], AvoidBlockers: r.IntN(3) > 0}
		got := EcosystemMatches(w.graph(), w.people, o)
		want := w.bruteMatches(o)
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed %d, %v, %+v, people %+v: %s\ngot %+v", seed, w.world, o, w.people, fmt.Sprintf(format, args...), got)
		}
		if len(got) != len(want) {
			fail("%d matches, brute force finds %d groups", len(got), len(want))
		}
		seen := map[string]bool{}
		for i, m := range got {
			u, x := int(m.Ours), int(m.External)
			// The pair's own gain, recomputed.
			var key string
			for k, b := range want {
				if slices.Contains(b.pairs, [2]int{u, x}) {
					key = k
				}
			}
			b := want[key]
			if b == nil {
				fail("match %d (%d, %d) has no gain in brute force", i, u, x)
			}
			if seen[key] {
				fail("two matches add the same people %s", key)
			}
			seen[key] = true
			if m.Gain != b.gain || !slices.Equal(m.DecisionMakers, b.dms) || fmt.Sprint(addsOf(w, o, u, x)) != key || m.Reached != len(addsOf(w, o, u, x)) {
				fail("match %d (%d, %d): gain %d dms %v reached %d, brute force %d %v adds %s", i, u, x, m.Gain, m.DecisionMakers, m.Reached, b.gain, b.dms, key)
			}
			// The pair is the group's best placed: the most trusted existing route.
			rt := w.bruteRouteTrust(u, x, o)
			if !near(rt, m.RouteTrust, 1e-9) {
				fail("match %d (%d, %d): route trust %v, brute force %v", i, u, x, m.RouteTrust, rt)
			}
			for _, p := range b.pairs {
				if bt := w.bruteRouteTrust(p[0], p[1], o); bt > m.RouteTrust+1e-9 {
					fail("match %d: (%d, %d) has a route of %v, more than the chosen (%d, %d) at %v", i, p[0], p[1], bt, u, x, m.RouteTrust)
				}
			}
			// Ranked: gain, then route trust.
			if i > 0 {
				p := got[i-1]
				if p.Gain < m.Gain || (p.Gain == m.Gain && p.RouteTrust < m.RouteTrust-1e-12) {
					fail("matches %d and %d out of order", i-1, i)
				}
			}
			matches++
		}
	}
	if matches < 500 {
		t.Fatalf("only %d matches over all seeds: the worlds test too little", matches)
	}
}

// addsOf returns whom the tie (u, x) adds, by brute force.
func addsOf(w ecoWorld, o EcosystemOptions, u, x int) []int {
	before := w.bruteReach(o, [2]int{-1, -1})
	after := w.bruteReach(o, [2]int{min(u, x), max(u, x)})
	var adds []int
	for v := range w.n {
		if after[v] && !before[v] {
			adds = append(adds, v)
		}
	}
	return adds
}

func TestEcosystemMatchesExample(t *testing.T) {
	// 0 ours; 1 partner tied to 0 at 0.9 and to 2 at 0.3; 2 and 3 a client part (0.8), 3 a
	// decision maker; 4 a blocker decision maker tied to 2 (0.9); 5 a decision maker alone.
	g := NewGraph(6, []Edge{{0, 1, 0.9}, {1, 2, 0.3}, {2, 3, 0.8}, {2, 4, 0.9}})
	people := []EcosystemPerson{{Ours: true}, {}, {}, {ClientDecision: true}, {ClientDecision: true, Blocker: true}, {ClientDecision: true}}
	got := EcosystemMatches(g, people, EcosystemOptions{MinTrust: 0.5, AvoidBlockers: true})
	want := []EcosystemMatch{
		// Tie 0 to 2 (route 0.9*0.3 = 0.27 today): adds 2, 3 and the blocker 4.
		{Ours: 0, External: 2, DecisionMakers: []int32{3, 4}, Gain: 2, Reached: 3, RouteTrust: 0.27},
		// Tie 0 to 5: no route today.
		{Ours: 0, External: 5, DecisionMakers: []int32{5}, Gain: 1, Reached: 1, RouteTrust: 0},
		// Tie 0 to the blocker 4 alone: adds only 4 (0.9*0.3*0.9).
		{Ours: 0, External: 4, DecisionMakers: []int32{4}, Gain: 1, Reached: 1, RouteTrust: 0.243},
	}
	if len(got) != 3 {
		t.Fatalf("got %+v", got)
	}
	// Equal gains: the most trusted existing route first.
	want[1], want[2] = want[2], want[1]
	for i := range want {
		if got[i].Ours != want[i].Ours || got[i].External != want[i].External || got[i].Gain != want[i].Gain ||
			got[i].Reached != want[i].Reached || !slices.Equal(got[i].DecisionMakers, want[i].DecisionMakers) || !near(got[i].RouteTrust, want[i].RouteTrust, 1e-12) {
			t.Fatalf("match %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if m := EcosystemMatches(g, people, EcosystemOptions{MinTrust: 0.2, AvoidBlockers: true}); len(m) != 1 || m[0].External != 5 {
		t.Fatalf("at 0.2 only 5 is left: %+v", m)
	}
}

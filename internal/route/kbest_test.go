package route

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ecograph/ecograph"
)

// kbestTuning is a setting of KBest's performance knobs, none of which may change its answers:
// the backward Dijkstra's budget (0 leaves its ball at the target and its nearest ties, so the
// potential outside is a small finite R; a huge one lets it run dry, R = +Inf) and the first
// step of the deepening searches (tiny: many rounds of deepening; huge: none).
type kbestTuning struct {
	work, step float64
}

var kbestTunings = []kbestTuning{{0, 1e-6}, {0.05, 0.1}, {1, 0.1}, {1e9, 1e9}, {0, 1e9}, {1e9, 1e-6}}

func (k kbestTuning) String() string {
	return fmt.Sprintf("potWorkFactor=%v deepenStep=%v", k.work, k.step)
}

// with runs fn with the knobs set, restoring them after.
func (k kbestTuning) with(fn func()) {
	w, s := potWorkFactor, deepenStep
	potWorkFactor, deepenStep = k.work, k.step
	defer func() { potWorkFactor, deepenStep = w, s }()
	fn()
}

// TestKBestPruningAgainstBruteForce checks KBest's lazy classes, lower bounds, deepening and
// A* spur searches (kbest.go, potential.go) against the enumeration of every simple route, on
// random small ecosystems and clustered ones, under every option (split thresholds included,
// maxHops 1..10, both objectives) and every tuning: the ball of the potential small or whole,
// deepening in tiny steps or not at all.
func TestKBestPruningAgainstBruteForce(t *testing.T) {
	for _, seed := range worldSeeds(t, 1500, 150) {
		r := rand.New(rand.NewPCG(seed, 0xCB35))
		var w *world
		var maxHops int
		if seed%4 == 3 {
			// Clustered: hubs of trusted teams, longer routes, many near ties.
			w = clusteredWorld(r, 20+r.IntN(15))
			maxHops = 1 + r.IntN(5)
		} else {
			w = newWorld(r, 5+r.IntN(9), 0.15+0.6*r.Float64())
			maxHops = 1 + r.IntN(ecograph.MaxMaxHops)
		}
		g := w.build()
		for range 4 {
			o := w.options(r)
			o.MaxHops = maxHops
			s, d := r.IntN(w.n), r.IntN(w.n)
			if s == d {
				continue
			}
			ref := w.allRoutes(s, d, o)
			k := 1 + r.IntN(10)
			for _, tune := range kbestTunings {
				var got []Path
				tune.with(func() { got = g.KBest(int32(s), int32(d), k, o) })
				ctx := func() string {
					return fmt.Sprintf("seed=%d %s\nworld: %v\n%d->%d k=%d %s", seed, tune, w, s, d, k, describeOptions(o))
				}
				if want := min(k, len(ref)); len(got) != want {
					t.Fatalf("%s: KBest gave %d routes, want %d; reference %v", ctx(), len(got), want, ref[:want])
				}
				keys := map[string]bool{}
				for i, p := range got {
					if msg := w.checkPath(p, []int{s}, []int{d}, o); msg != "" {
						t.Fatalf("%s: KBest[%d] %s: %s", ctx(), i, describe(p), msg)
					}
					if key := fmt.Sprint(p.Nodes); keys[key] {
						t.Fatalf("%s: KBest[%d] %s repeats a route", ctx(), i, describe(p))
					} else {
						keys[key] = true
					}
					if !sameValue(p, ref[i]) {
						var all []string
						for _, q := range got {
							all = append(all, describe(q))
						}
						t.Fatalf("%s: KBest[%d] %s, reference %s\ngot %v\nreference %v", ctx(), i, describe(p), describeRef(ref[i]), all, ref[:min(k, len(ref))])
					}
				}
			}
		}
	}
}

// TestKBestSyntheticTunings checks on the benchmark's kind of graph (hubs, exact ties in
// value) that every tuning gives routes of the same values, in the same order, as the plain
// search with no potential ball to speak of and no deepening.
func TestKBestSyntheticTunings(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 1000
	}
	g, meta := syntheticGraph(n, 7)
	r := rand.New(rand.NewPCG(7, 7))
	for q := range 40 {
		from := meta.ours[r.IntN(len(meta.ours))]
		to := meta.decision[r.IntN(len(meta.decision))]
		o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
		o.MaxHops = 2 + r.IntN(ecograph.MaxMaxHops-1)
		if q%3 == 1 {
			o.MinTrust = 0.3
		}
		if q%5 == 2 { // a partner's split threshold
			o.Own = func(i int32) bool { return i%7 == 0 }
			o.HiddenMinTrust = 0.5
		}
		k := 1 + r.IntN(8)
		var want []Path
		kbestTuning{0, 1e9}.with(func() { want = g.KBest(from, to, k, o) })
		for _, tune := range kbestTunings {
			var got []Path
			tune.with(func() { got = g.KBest(from, to, k, o) })
			if len(got) != len(want) {
				t.Fatalf("%d->%d k=%d %s %s: %d routes, want %d", from, to, k, describeOptions(o), tune, len(got), len(want))
			}
			for i := range got {
				if got[i].Len() != want[i].Len() || !sameTrust(got[i].TotalTrust, want[i].TotalTrust) {
					t.Fatalf("%d->%d k=%d %s %s: route %d is %s, want the value of %s", from, to, k, describeOptions(o), tune, i, describe(got[i]), describe(want[i]))
				}
			}
		}
	}
}

package route

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ecograph/ecograph"
)

// TestAgainstBruteForce checks Best, KBest and BestToTargets on thousands of random small
// ecosystems against the enumeration of every simple route. Each world has its own seed,
// printed on failure (see worldSeeds to replay one).
func TestAgainstBruteForce(t *testing.T) {
	for _, seed := range worldSeeds(t, 6000, 300) {
		r := rand.New(rand.NewPCG(seed, 0xEC06))
		n := 5 + r.IntN(8)
		w := newWorld(r, n, 0.1+0.7*r.Float64())
		g := w.build()
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed=%d\nworld: %v\n%s", seed, w, fmt.Sprintf(format, args...))
		}
		if g.NumPeople() != n || g.NumTies() != len(w.ties) {
			fail("graph has %d people and %d ties, want %d and %d", g.NumPeople(), g.NumTies(), n, len(w.ties))
		}
		for i := range n {
			if v, ok := g.Index(pid(i)); !ok || v != int32(i) || g.ID(v) != pid(i) {
				fail("Index(%q) = %d, %v", pid(i), v, ok)
			}
		}
		for range 6 {
			o := w.options(r)
			s, d := r.IntN(n), r.IntN(n)
			if s == d {
				continue
			}
			ref := w.allRoutes(s, d, o)
			ctx := func() string { return fmt.Sprintf("%d->%d %s", s, d, describeOptions(o)) }

			p, ok := g.Best(int32(s), int32(d), o)
			switch {
			case ok != (len(ref) > 0):
				fail("%s: Best found=%v, reference has %d routes (best %v)", ctx(), ok, len(ref), ref)
			case ok:
				if msg := w.checkPath(p, []int{s}, []int{d}, o); msg != "" {
					fail("%s: Best %s: %s", ctx(), describe(p), msg)
				}
				if !sameValue(p, ref[0]) {
					fail("%s: Best %s, reference %s", ctx(), describe(p), describeRef(ref[0]))
				}
			}

			k := 1 + r.IntN(8)
			got := g.KBest(int32(s), int32(d), k, o)
			if want := min(k, len(ref)); len(got) != want {
				fail("%s: KBest(k=%d) gave %d routes, want %d; reference %v", ctx(), k, len(got), want, ref[:want])
			}
			keys := map[string]bool{}
			for i, p := range got {
				if msg := w.checkPath(p, []int{s}, []int{d}, o); msg != "" {
					fail("%s: KBest[%d] %s: %s", ctx(), i, describe(p), msg)
				}
				if key := fmt.Sprint(p.Nodes); keys[key] {
					fail("%s: KBest[%d] %s repeats a route", ctx(), i, describe(p))
				} else {
					keys[key] = true
				}
				if !sameValue(p, ref[i]) {
					var all []string
					for _, q := range got {
						all = append(all, describe(q))
					}
					fail("%s: KBest[%d] %s, reference %s\ngot %v\nreference %v", ctx(), i, describe(p), describeRef(ref[i]), all, ref[:min(k, len(ref))])
				}
			}
		}

		// A team towards a set of targets.
		for range 3 {
			o := w.options(r)
			var team, targets []int32
			for range 1 + r.IntN(3) {
				team = append(team, int32(r.IntN(n)))
			}
			for range 1 + r.IntN(n) {
				targets = append(targets, int32(r.IntN(n)))
			}
			k := 1 + r.IntN(5)
			var want []refRoute
			done := map[int32]bool{}
			for _, d := range targets {
				if done[d] || slices.Contains(team, d) {
					continue
				}
				done[d] = true
				var best []refRoute
				for _, s := range team {
					if routes := w.allRoutes(int(s), int(d), o); len(routes) > 0 {
						best = append(best, routes[0])
					}
				}
				if len(best) > 0 {
					slices.SortStableFunc(best, func(a, b refRoute) int { return refCompare(a, b, o) })
					want = append(want, best[0])
				}
			}
			slices.SortStableFunc(want, func(a, b refRoute) int { return refCompare(a, b, o) })
			want = want[:min(k, len(want))]
			got := g.BestToTargets(team, targets, k, o)
			ctx := fmt.Sprintf("team %v targets %v k=%d %s", team, targets, k, describeOptions(o))
			if len(got) != len(want) {
				fail("%s: BestToTargets gave %d routes, want %d: %v", ctx, len(got), len(want), want)
			}
			var starts, ends []int
			for _, v := range team {
				starts = append(starts, int(v))
			}
			for _, v := range targets {
				ends = append(ends, int(v))
			}
			reached := map[int32]bool{}
			for i, p := range got {
				if msg := w.checkPath(p, starts, ends, o); msg != "" {
					fail("%s: BestToTargets[%d] %s: %s", ctx, i, describe(p), msg)
				}
				end := p.Nodes[len(p.Nodes)-1]
				if reached[end] || slices.Contains(team, end) {
					fail("%s: BestToTargets[%d] %s ends at a team member or a target already reached", ctx, i, describe(p))
				}
				reached[end] = true
				if !sameValue(p, want[i]) {
					fail("%s: BestToTargets[%d] %s, reference %s", ctx, i, describe(p), describeRef(want[i]))
				}
			}
		}
	}
}

// TestAgainstLayeredDP checks Best, and BestToTargets over larger clustered graphs, where
// enumeration is out of reach, against a hop-layered dynamic programme: the cheapest walk with
// exactly h hops for every h, whose optimum over h <= maxHops is the optimum over simple
// routes (removing a cycle never costs more and always saves hops).
func TestAgainstLayeredDP(t *testing.T) {
	for _, seed := range worldSeeds(t, 100, 10) {
		r := rand.New(rand.NewPCG(seed, 0xD9))
		n := 50 + r.IntN(250)
		w := clusteredWorld(r, n)
		g := w.build()
		for range 30 {
			o := w.options(r)
			o.MaxHops = 1 + r.IntN(ecograph.MaxMaxHops)
			s, d := r.IntN(n), r.IntN(n)
			if s == d {
				continue
			}
			want, ok := w.layeredBest([]int{s}, d, o)
			p, found := g.Best(int32(s), int32(d), o)
			ctx := fmt.Sprintf("seed=%d n=%d %d->%d %s", seed, n, s, d, describeOptions(o))
			if found != ok {
				t.Fatalf("%s: Best found=%v, DP found=%v (%v)", ctx, found, ok, want)
			}
			if !found {
				continue
			}
			if msg := w.checkPath(p, []int{s}, []int{d}, o); msg != "" {
				t.Fatalf("%s: Best %s: %s", ctx, describe(p), msg)
			}
			if !sameValue(p, want) {
				t.Fatalf("%s: Best %s, DP %s", ctx, describe(p), describeRef(want))
			}
			if ks := g.KBest(int32(s), int32(d), 1, o); len(ks) != 1 || !sameValue(ks[0], want) {
				t.Fatalf("%s: KBest(k=1) %v, DP %s", ctx, ks, describeRef(want))
			}
		}
		for range 5 {
			o := w.options(r)
			team := []int32{int32(r.IntN(n)), int32(r.IntN(n))}
			var targets []int32
			for range 1 + r.IntN(40) {
				targets = append(targets, int32(r.IntN(n)))
			}
			k := 1 + r.IntN(10)
			var want []refRoute
			done := map[int32]bool{}
			for _, d := range targets {
				if done[d] || slices.Contains(team, d) {
					continue
				}
				done[d] = true
				if best, ok := w.layeredBest([]int{int(team[0]), int(team[1])}, int(d), o); ok {
					want = append(want, best)
				}
			}
			slices.SortStableFunc(want, func(a, b refRoute) int { return refCompare(a, b, o) })
			want = want[:min(k, len(want))]
			got := g.BestToTargets(team, targets, k, o)
			ctx := fmt.Sprintf("seed=%d n=%d team %v k=%d %s", seed, n, team, k, describeOptions(o))
			if len(got) != len(want) {
				t.Fatalf("%s: BestToTargets gave %d routes, want %d", ctx, len(got), len(want))
			}
			for i, p := range got {
				if !sameValue(p, want[i]) {
					t.Fatalf("%s: BestToTargets[%d] %s, DP %s", ctx, i, describe(p), describeRef(want[i]))
				}
			}
		}
	}
}

// clusteredWorld is a world of n people in teams of about eight: dense, trusted ties inside a
// team, sparser and weaker ones across.
func clusteredWorld(r *rand.Rand, n int) *world {
	w := &world{n: n, ties: map[[2]int]tieVal{}}
	for i := range n {
		w.kinds = append(w.kinds, ecograph.OrgKinds[(i/24)%3])
		var roles []ecograph.Role
		if r.IntN(8) == 0 {
			roles = append(roles, ecograph.RoleBlocker)
		}
		w.roles = append(w.roles, roles)
	}
	add := func(a, b int, trust float64) {
		if a == b {
			return
		}
		trust = math.Round(trust*20) / 20
		if trust <= 0 {
			trust = 0.05
		}
		w.calls = append(w.calls, tieCall{pid(a), pid(b), trust, "survey"})
		w.ties[[2]int{min(a, b), max(a, b)}] = tieVal{trust, "survey"}
	}
	for a := range n {
		for b := a + 1; b < n && b/8 == a/8; b++ {
			if r.IntN(3) != 0 {
				add(a, b, 0.6+0.4*r.Float64())
			}
		}
		for range 1 + r.IntN(4) {
			add(a, r.IntN(n), 0.1+0.8*r.Float64())
		}
	}
	// The model keeps the last call per pair; so does the builder.
	w.ties = map[[2]int]tieVal{}
	for _, c := range w.calls {
		var a, b int
		fmt.Sscanf(c.a, "p%d", &a)
		fmt.Sscanf(c.b, "p%d", &b)
		w.ties[[2]int{min(a, b), max(a, b)}] = tieVal{c.trust, c.source}
	}
	w.adj = make([][]int, n)
	for k := range w.ties {
		w.adj[k[0]] = append(w.adj[k[0]], k[1])
		w.adj[k[1]] = append(w.adj[k[1]], k[0])
	}
	if r.IntN(2) == 0 {
		w.visible = make([]bool, n)
		for i := range w.visible {
			w.visible[i] = r.IntN(10) != 0
		}
	}
	return w
}

// layeredBest is the best route's value from any of srcs to d by dynamic programming over
// (hops, node): cost[h][v] is the cheapest walk from a source to v with exactly h hops whose
// inner people may be passed (a source or d in the middle only makes a cycle, which the
// optimum never keeps). Under FEWEST_HOPS the answer is the first layer that reaches d.
func (w *world) layeredBest(srcs []int, d int, o Options) (refRoute, bool) {
	if !w.isVisible(d) {
		return refRoute{}, false
	}
	H := maxHopsOf(o)
	inf := math.Inf(1)
	cost := make([][]float64, H+1)
	for h := range cost {
		cost[h] = make([]float64, w.n)
		for v := range cost[h] {
			cost[h][v] = inf
		}
	}
	isSrc := make([]bool, w.n)
	for _, s := range srcs {
		if w.isVisible(s) && s != d {
			cost[0][s] = 0
			isSrc[s] = true
		}
	}
	for h := 1; h <= H; h++ {
		for v := range w.n {
			if cost[h-1][v] == inf || v == d || (!isSrc[v] && !w.mayPass(v, o)) {
				continue
			}
			for _, u := range w.adj[v] {
				tv, _ := w.tie(v, u)
				if tv.trust < hopMin(v, u, o) {
					continue
				}
				if c := cost[h-1][v] - math.Log(tv.trust); c < cost[h][u] {
					cost[h][u] = c
				}
			}
		}
	}
	best := refRoute{hops: -1}
	for h := 1; h <= H; h++ {
		c := cost[h][d]
		if c == inf {
			continue
		}
		cand := refRoute{trust: math.Exp(-c), hops: h}
		if best.hops < 0 || refCompare(cand, best, o) < 0 {
			best = cand
		}
		if o.Objective == ecograph.FewestHops {
			break
		}
	}
	return best, best.hops >= 0
}

package route

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/ecograph/ecograph"
)

// This file holds the test's model of the contract, independent of the package's code: a
// random ecosystem, the constraints as plain predicates over it, and a brute-force search that
// enumerates every simple route.

// world is a test ecosystem: people 0..n-1 (ids "p0".."p{n-1}") and the ties that survive the
// contract's "last row for a pair wins" and "trust > 0" rules.
type world struct {
	n       int
	kinds   []ecograph.OrgKind
	roles   [][]ecograph.Role
	ties    map[[2]int]tieVal // key: (low, high)
	adj     [][]int
	calls   []tieCall // what was fed to AddTie, in order, rubbish included
	visible []bool    // nil: everyone is visible
}

type tieVal struct {
	trust  float64
	source string
}

type tieCall struct {
	a, b   string
	trust  float64
	source string
}

func pid(i int) string { return fmt.Sprintf("p%d", i) }

// randomTrust draws from a small set of values (so that products tie, exactly or up to
// rounding, and trust 1 makes zero-cost cycles) or, sometimes, from a continuum.
func randomTrust(r *rand.Rand) float64 {
	vals := []float64{1, 1, 0.9, 0.8, 0.5, 0.25, 0.6, 0.3, 0.75, 0.4, 0.64, 0.2}
	if r.IntN(5) == 0 {
		return 0.05 + 0.95*r.Float64()
	}
	return vals[r.IntN(len(vals))]
}

// newWorld draws a random ecosystem of n people with tie density p.
func newWorld(r *rand.Rand, n int, p float64) *world {
	w := &world{n: n, ties: map[[2]int]tieVal{}}
	for i := 0; i < n; i++ {
		kinds := []ecograph.OrgKind{ecograph.OrgOurs, ecograph.OrgPartner, ecograph.OrgClient, ""}
		w.kinds = append(w.kinds, kinds[r.IntN(len(kinds))])
		var roles []ecograph.Role
		if r.IntN(4) == 0 {
			roles = append(roles, ecograph.RoleBlocker)
		}
		if r.IntN(3) == 0 {
			roles = append(roles, ecograph.RoleDecisionMaker)
		}
		w.roles = append(w.roles, roles)
	}
	key := func(a, b int) [2]int { return [2]int{min(a, b), max(a, b)} }
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			if r.Float64() >= p {
				continue
			}
			x, y := a, b
			if r.IntN(2) == 0 {
				x, y = y, x
			}
			w.calls = append(w.calls, tieCall{pid(x), pid(y), randomTrust(r), fmt.Sprintf("s%d", r.IntN(3))})
		}
	}
	// Replacements in either order (some to trust 0, which removes the tie) and rubbish.
	for range r.IntN(n) {
		if len(w.calls) == 0 {
			break
		}
		c := w.calls[r.IntN(len(w.calls))]
		t := randomTrust(r)
		if r.IntN(4) == 0 {
			t = 0
		}
		if r.IntN(2) == 0 {
			c.a, c.b = c.b, c.a
		}
		w.calls = append(w.calls, tieCall{c.a, c.b, t, "replaced"})
	}
	w.calls = append(w.calls,
		tieCall{"p0", "nobody", 0.9, "x"}, tieCall{"nobody", "p1", 0.9, "x"},
		tieCall{"p2", "p2", 0.9, "x"}, tieCall{pid(r.IntN(n)), pid(r.IntN(n)), -0.5, "x"})
	// Shuffling changes which call is last for a pair; the model below follows the order.
	r.Shuffle(len(w.calls), func(i, j int) { w.calls[i], w.calls[j] = w.calls[j], w.calls[i] })
	for _, c := range w.calls {
		var a, b int
		if _, err := fmt.Sscanf(c.a, "p%d", &a); err != nil {
			continue
		}
		if _, err := fmt.Sscanf(c.b, "p%d", &b); err != nil || a == b || a >= n || b >= n {
			continue
		}
		if c.trust > 0 && c.trust <= 1 {
			w.ties[key(a, b)] = tieVal{c.trust, c.source}
		} else {
			delete(w.ties, key(a, b))
		}
	}
	w.adj = make([][]int, n)
	for k := range w.ties {
		w.adj[k[0]] = append(w.adj[k[0]], k[1])
		w.adj[k[1]] = append(w.adj[k[1]], k[0])
	}
	for _, a := range w.adj {
		slices.Sort(a)
	}
	if r.IntN(3) == 0 {
		w.visible = make([]bool, n)
		for i := range w.visible {
			w.visible[i] = r.IntN(7) != 0
		}
	}
	return w
}

func (w *world) build() *Graph {
	b := NewBuilder(w.n, len(w.calls))
	for i := 0; i < w.n; i++ {
		b.AddPerson(pid(i), fmt.Sprintf("org%d", i%3), w.kinds[i], w.roles[i])
	}
	for _, c := range w.calls {
		b.AddTie(c.a, c.b, c.trust, c.source)
	}
	return b.Build()
}

func (w *world) tie(a, b int) (tieVal, bool) {
	t, ok := w.ties[[2]int{min(a, b), max(a, b)}]
	return t, ok
}

// options draws random search options for w, with its Visible mask.
func (w *world) options(r *rand.Rand) Options {
	o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
	if r.IntN(2) == 0 {
		o.Objective = ecograph.FewestHops
	}
	switch r.IntN(4) {
	case 0:
		o.MinTrust = []float64{0.25, 0.5, 0.6, 0.8, 1}[r.IntN(5)]
	case 1:
		o.MinTrust = r.Float64() * 0.7
	}
	o.MaxHops = 1 + r.IntN(6)
	o.AvoidBlockers = r.IntN(3) != 0
	for range r.IntN(3) {
		o.Avoid = append(o.Avoid, pid(r.IntN(w.n)))
	}
	if r.IntN(5) == 0 {
		o.Avoid = append(o.Avoid, "nobody")
	}
	if r.IntN(3) == 0 {
		for _, k := range ecograph.OrgKinds {
			if r.IntN(2) == 0 {
				o.AllowedOrgKinds = append(o.AllowedOrgKinds, k)
			}
		}
	}
	if w.visible != nil {
		vis := w.visible
		o.Visible = func(i int32) bool { return vis[i] }
	}
	if r.IntN(3) == 0 { // a partner's split threshold: its own people's hops, the others
		own := make([]bool, w.n)
		for i := range own {
			own[i] = r.IntN(3) == 0
		}
		o.Own = func(i int32) bool { return own[i] }
		o.HiddenMinTrust = []float64{0, 0.4, 0.7, 0.25, 0.9}[r.IntN(5)]
	}
	return o
}

// hopMin is the trust the hop a-b needs under o, from the contract's words: MinTrust, or for a
// split threshold, MinTrust where a or b is the caller's own and HiddenMinTrust elsewhere.
func hopMin(a, b int, o Options) float64 {
	if o.Own != nil && !o.Own(int32(a)) && !o.Own(int32(b)) {
		return o.HiddenMinTrust
	}
	return o.MinTrust
}

func (w *world) isVisible(i int) bool { return w.visible == nil || w.visible[i] }

// mayPass reports whether person i may be an intermediate under o.
func (w *world) mayPass(i int, o Options) bool {
	if !w.isVisible(i) || slices.Contains(o.Avoid, pid(i)) {
		return false
	}
	if o.AvoidBlockers && slices.Contains(w.roles[i], ecograph.RoleBlocker) {
		return false
	}
	return len(o.AllowedOrgKinds) == 0 || slices.Contains(o.AllowedOrgKinds, w.kinds[i])
}

func maxHopsOf(o Options) int {
	if o.MaxHops < 1 {
		return ecograph.DefaultMaxHops
	}
	return o.MaxHops
}

// refRoute is a route of the brute force: its people and its value.
type refRoute struct {
	nodes []int
	trust float64
	hops  int
}

// allRoutes enumerates every simple route from s to t under o, best first.
func (w *world) allRoutes(s, t int, o Options) []refRoute {
	if s == t || !w.isVisible(s) || !w.isVisible(t) {
		return nil
	}
	var out []refRoute
	on := make([]bool, w.n)
	path := []int{s}
	on[s] = true
	var dfs func(v int, trust float64)
	dfs = func(v int, trust float64) {
		if len(path)-1 == maxHopsOf(o) {
			return
		}
		for _, u := range w.adj[v] {
			tv, _ := w.tie(v, u)
			if on[u] || tv.trust < hopMin(v, u, o) {
				continue
			}
			if u == t {
				out = append(out, refRoute{append(slices.Clone(path), t), trust * tv.trust, len(path)})
				continue
			}
			if !w.mayPass(u, o) {
				continue
			}
			on[u] = true
			path = append(path, u)
			dfs(u, trust*tv.trust)
			path = path[:len(path)-1]
			on[u] = false
		}
	}
	dfs(s, 1)
	slices.SortStableFunc(out, func(a, b refRoute) int { return refCompare(a, b, o) })
	return out
}

// sameTrust is the contract's "equal trust within 1e-9 relative".
func sameTrust(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(a, b)
}

// refCompare orders routes by the objective, stated in trust rather than cost.
func refCompare(a, b refRoute, o Options) int {
	byHops := a.hops - b.hops
	byTrust := 0
	if !sameTrust(a.trust, b.trust) {
		if a.trust > b.trust {
			byTrust = -1
		} else {
			byTrust = 1
		}
	}
	if o.Objective == ecograph.FewestHops {
		if byHops != 0 {
			return byHops
		}
		return byTrust
	}
	if byTrust != 0 {
		return byTrust
	}
	return byHops
}

// checkPath reports what is wrong with p as a route from one of starts to one of ends under
// o, or "".
func (w *world) checkPath(p Path, starts, ends []int, o Options) string {
	if len(p.Nodes) < 2 || len(p.Trust) != len(p.Nodes)-1 || len(p.Sources) != len(p.Trust) {
		return fmt.Sprintf("malformed: %d nodes, %d trusts, %d sources", len(p.Nodes), len(p.Trust), len(p.Sources))
	}
	first, last := int(p.Nodes[0]), int(p.Nodes[len(p.Nodes)-1])
	if !slices.Contains(starts, first) || !slices.Contains(ends, last) {
		return fmt.Sprintf("runs %d->%d, want from %v to %v", first, last, starts, ends)
	}
	if len(p.Trust) > maxHopsOf(o) {
		return fmt.Sprintf("%d hops > maxHops %d", len(p.Trust), maxHopsOf(o))
	}
	if !w.isVisible(first) || !w.isVisible(last) {
		return "invisible endpoint"
	}
	seen := map[int32]bool{}
	prod := 1.0
	for i, v := range p.Nodes {
		if seen[v] {
			return fmt.Sprintf("not simple: %v", p.Nodes)
		}
		seen[v] = true
		if i > 0 && i < len(p.Nodes)-1 && !w.mayPass(int(v), o) {
			return fmt.Sprintf("intermediate %d not allowed", v)
		}
		if i == 0 {
			continue
		}
		tv, ok := w.tie(int(p.Nodes[i-1]), int(v))
		if !ok {
			return fmt.Sprintf("no tie %d-%d", p.Nodes[i-1], v)
		}
		if tv.trust != p.Trust[i-1] || tv.source != p.Sources[i-1] {
			return fmt.Sprintf("hop %d-%d: got (%v, %q), tie is (%v, %q)", p.Nodes[i-1], v, p.Trust[i-1], p.Sources[i-1], tv.trust, tv.source)
		}
		if m := hopMin(int(p.Nodes[i-1]), int(v), o); tv.trust < m {
			return fmt.Sprintf("hop %d-%d trust %v < minTrust %v", p.Nodes[i-1], v, tv.trust, m)
		}
		prod *= tv.trust
	}
	if math.Abs(prod-p.TotalTrust) > 1e-12*prod {
		return fmt.Sprintf("TotalTrust %v, product of hops %v", p.TotalTrust, prod)
	}
	return ""
}

// sameValue reports whether p has the value of the reference route r.
func sameValue(p Path, r refRoute) bool {
	return p.Len() == r.hops && sameTrust(p.TotalTrust, r.trust)
}

func describe(p Path) string {
	return fmt.Sprintf("%v trust=%.12g hops=%d", p.Nodes, p.TotalTrust, p.Len())
}

func describeRef(r refRoute) string {
	return fmt.Sprintf("%v trust=%.12g hops=%d", r.nodes, r.trust, r.hops)
}

func describeOptions(o Options) string {
	return fmt.Sprintf("objective=%s minTrust=%v maxHops=%d avoidBlockers=%v avoid=%v kinds=%v visibleMask=%v",
		o.Objective, o.MinTrust, o.MaxHops, o.AvoidBlockers, o.Avoid, o.AllowedOrgKinds, o.Visible != nil) + describeSplit(o)
}

func (w *world) String() string {
	s := fmt.Sprintf("n=%d kinds=%v roles=%v visible=%v ties:", w.n, w.kinds, w.roles, w.visible)
	keys := make([][2]int, 0, len(w.ties))
	for k := range w.ties {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	for _, k := range keys {
		s += fmt.Sprintf(" %d-%d:%v", k[0], k[1], w.ties[k].trust)
	}
	return s
}

// worldSeeds returns the seeds of the random worlds a property test runs: 0..full-1, or
// 0..short-1 with -short, or 0..k*full-1 with ECOGRAPH_PROPERTY_SCALE=k (a longer hunt for
// counterexamples), or just s with ECOGRAPH_PROPERTY_SEED=s (to replay a failure, whose
// message names its seed).
func worldSeeds(t testing.TB, full, short int) []uint64 {
	n := full
	if testing.Short() {
		n = short
	}
	if s := os.Getenv("ECOGRAPH_PROPERTY_SCALE"); s != "" {
		k, err := strconv.Atoi(s)
		if err != nil || k < 1 {
			t.Fatalf("ECOGRAPH_PROPERTY_SCALE=%q: want a positive integer", s)
		}
		n = k * full
	}
	if s := os.Getenv("ECOGRAPH_PROPERTY_SEED"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("ECOGRAPH_PROPERTY_SEED=%q: want a seed", s)
		}
		return []uint64{seed}
	}
	seeds := make([]uint64, n)
	for i := range seeds {
		seeds[i] = uint64(i)
	}
	return seeds
}

func describeSplit(o Options) string {
	if o.Own == nil {
		return ""
	}
	return fmt.Sprintf(" hiddenMinTrust=%v (own people's hops at minTrust)", o.HiddenMinTrust)
}

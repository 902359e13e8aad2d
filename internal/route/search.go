package route

import (
	"cmp"
	"math"
	"slices"

	"github.com/ecograph/ecograph"
)

// Options constrains a search: the domain's RouteOptions, plus who the caller may see.
//
// A MaxHops below 1 means ecograph.DefaultMaxHops and one above ecograph.MaxMaxHops means
// MaxMaxHops; an empty Objective means MostTrusted; Avoid ids that are not in the graph are
// ignored. Callers validate options (RouteOptions.Validate) before searching.
type Options struct {
	ecograph.RouteOptions
	// Visible, when not nil, reports whether the caller may see person i. People it rejects
	// are never on a route, neither as intermediates nor as endpoints. It is called from the
	// searching goroutine, lazily (only for people a search reaches) and mostly once per
	// person and call; it must give the same answer for the whole call.
	Visible func(i int32) bool
	// Own, when not nil, splits MinTrust by hop (a partner's search): a hop that touches one
	// of the people Own reports (the partner's own, whose trust it sees) needs trust >=
	// MinTrust; any other hop (shown as a band) needs trust >= HiddenMinTrust.
	Own            func(i int32) bool
	HiddenMinTrust float64
}

// HopMinTrust returns the trust a hop between a and b needs under o.
func (o *Options) HopMinTrust(a, b int32) float64 {
	if o.Own == nil || o.Own(a) || o.Own(b) {
		return o.MinTrust
	}
	return o.HiddenMinTrust
}

// query is one public call: the graph, the normalised options and a borrowed scratch.
type query struct {
	g        *Graph
	sc       *scratch
	fewest   bool
	minTrust float64 // the lowest trust any hop may have: scans of sorted ties stop below it
	maxHops  int32
	// own and the two thresholds split minTrust by hop (Options.Own); own is nil otherwise.
	own                 func(int32) bool
	exactMin, hiddenMin float64
	deny                uint8 // flag bits that rule an intermediate out (BLOCKER)
	kinds               uint8 // flag bits of the allowed organisation kinds; 0 allows any
	visible             func(int32) bool

	// Yen's spur searches: ban[v] == banGen rules v out entirely, and the first hop from the
	// spur node may not go to a node in banFirst.
	banOn    bool
	banFirst []int32
}

func (g *Graph) newQuery(o Options) query {
	sc := g.pool.Get().(*scratch)
	q := query{
		g:        g,
		sc:       sc,
		fewest:   o.Objective == ecograph.FewestHops,
		minTrust: o.MinTrust,
		maxHops:  int32(o.MaxHops),
		visible:  o.Visible,
	}
	if o.Own != nil {
		q.own, q.exactMin, q.hiddenMin = o.Own, o.MinTrust, o.HiddenMinTrust
		q.minTrust = min(o.MinTrust, o.HiddenMinTrust)
	}
	if q.maxHops < 1 {
		q.maxHops = ecograph.DefaultMaxHops
	}
	q.maxHops = min(q.maxHops, ecograph.MaxMaxHops)
	if o.AvoidBlockers {
		q.deny = flagBlocker
	}
	for _, k := range o.AllowedOrgKinds {
		q.kinds |= kindFlag(k)
	}
	if len(o.AllowedOrgKinds) > 0 && q.kinds == 0 {
		q.kinds = flagBlocker << 1 // no person has this bit: no one may be an intermediate
	}
	sc.bump(&sc.allowGen, 2, allowField)
	for _, id := range o.Avoid {
		if v, ok := g.index[id]; ok {
			sc.nodes[v].allow = sc.allowGen + 1
		}
	}
	return q
}

func (q *query) release() {
	q.g.pool.Put(q.sc)
	q.sc = nil
}

// inter reports whether v may be an intermediate of a route.
func (q *query) inter(v int32) bool {
	sc := q.sc
	if q.banOn && sc.nodes[v].ban == sc.banGen {
		return false
	}
	switch sc.nodes[v].allow {
	case sc.allowGen:
		return true
	case sc.allowGen + 1:
		return false
	}
	f := q.g.flags[v]
	ok := f&q.deny == 0 && (q.kinds == 0 || f&q.kinds != 0) && (q.visible == nil || q.visible(v))
	if ok {
		sc.nodes[v].allow = sc.allowGen
	} else {
		sc.nodes[v].allow = sc.allowGen + 1
	}
	return ok
}

// hopFails reports whether the tie a from v fails a split threshold (Options.Own; callers
// check q.own != nil first, so that searches without one pay no call); scans have already
// stopped below q.minTrust, the lower of the two.
func (q *query) hopFails(v int32, a int32) bool {
	w := q.g.to[a]
	if q.own(v) || q.own(w) {
		return q.g.trust[a] < q.exactMin
	}
	return q.g.trust[a] < q.hiddenMin
}

// endpoint reports whether v may start or end a route.
func (q *query) endpoint(v int32) bool {
	return q.g.valid(v) && (q.visible == nil || q.visible(v))
}

// bannedFirst reports whether the hop from the spur node to v is banned.
func (q *query) bannedFirst(v int32) bool {
	return slices.Contains(q.banFirst, v)
}

// better reports whether a route of cost ca and ha hops beats one of cost cb and hb hops under
// the objective: MOST_TRUSTED compares cost (trust) first, treating costs within costEps as
// equal, then hops; FEWEST_HOPS compares hops first, then cost.
func (q *query) better(ca float64, ha int, cb float64, hb int) bool {
	if q.fewest {
		return ha < hb || (ha == hb && ca < cb)
	}
	if ca < cb-costEps {
		return true
	}
	if cb < ca-costEps {
		return false
	}
	return ha < hb || (ha == hb && ca < cb)
}

// pair runs the exact search for one route from src to t within maxHops hops under the
// options and the query's bans, and returns it with its cost (in route order). Under
// MOST_TRUSTED, routes dearer than limit do not count.
func (q *query) pair(src, t int32, maxHops int32, limit float64) (walk, float64, bool) {
	srcs := [1]int32{src}
	if q.fewest {
		q.startFrom(srcs[:], -1)
	} else {
		q.startFrom(srcs[:], maxHops)
	}
	return q.meet(t, maxHops, limit, false)
}

// meet runs the search towards t from the forward side as it is (see trustedMeet).
func (q *query) meet(t int32, maxHops int32, limit float64, shared bool) (walk, float64, bool) {
	var m meet
	var ok bool
	if q.fewest {
		m, ok = q.hopsMeet(t, maxHops, shared)
	} else {
		m, ok = q.trustedMeet(t, maxHops, limit, shared)
	}
	if !ok {
		return walk{}, 0, false
	}
	w := q.sc.walkOf(m)
	w.simplify()
	c := 0.0
	for _, a := range w.arcs {
		c += q.g.cost[a]
	}
	return w, c, true
}

// Best returns the best route from person from to person to under o (the contract's
// trustedRoute), and false when there is none. Unknown indices, from == to and endpoints that
// o.Visible rejects also give false; callers report those as errors themselves.
func (g *Graph) Best(from, to int32, o Options) (Path, bool) {
	q := g.newQuery(o)
	defer q.release()
	if from == to || !q.endpoint(from) || !q.endpoint(to) {
		return Path{}, false
	}
	w, _, ok := q.pair(from, to, q.maxHops, math.Inf(1))
	if !ok {
		return Path{}, false
	}
	p, _ := g.path(w)
	return p, true
}

// BestToTargets returns up to k routes, each from one of the people in from (a team) to a
// different person in targets, best first under o (the contract's routesToDecisionMakers): the
// best route to each target that can be reached, the k best of those. Targets that are in
// from, unknown indices and people that o.Visible rejects are skipped; duplicates count once.
// Ties in value are broken by the target's position in targets.
//
// It is one search from the team, whose forward side is shared by a backward side per target
// (see trustedMeet and hopsMeet): a one-sided search to all targets would have to settle every
// label cheaper than the k-th target's route, which in a small world is most of the graph, while
// the two-sided one settles balls of about half that radius, 30-100 times fewer labels on the
// benchmark graphs. Once k routes are known, each target's search only looks for routes at
// least as good as the k-th.
func (g *Graph) BestToTargets(from []int32, targets []int32, k int, o Options) []Path {
	if k < 1 {
		return nil
	}
	q := g.newQuery(o)
	defer q.release()
	sc := q.sc

	// The team, deduplicated and made the roots, then the targets not in it.
	sc.bump(&sc.srcGen, 1, srcField)
	var srcs []int32
	for _, v := range from {
		if q.endpoint(v) && sc.nodes[v].src != sc.srcGen {
			sc.nodes[v].src = sc.srcGen
			srcs = append(srcs, v)
		}
	}
	sc.bump(&sc.tgtGen, 1, tgtField)
	var tgts []int32
	for _, v := range targets {
		if q.endpoint(v) && sc.nodes[v].src != sc.srcGen && sc.nodes[v].tgt != sc.tgtGen {
			sc.nodes[v].tgt = sc.tgtGen
			tgts = append(tgts, v)
		}
	}
	if len(srcs) == 0 || len(tgts) == 0 {
		return nil
	}
	if q.fewest {
		q.startFrom(srcs, -1)
	} else {
		q.startFrom(srcs, q.maxHops)
	}

	// Targets the forward side has reached already have a bound on their best route; taking
	// the lowest first makes the k-th route, which bounds the later searches, good early. Until
	// there are k routes, the next target is the lowest at the time; then the rest go in the
	// order of their bounds at that time, which keeps the choice linear in the targets.
	order := make([]int32, len(tgts))
	for i := range order {
		order[i] = int32(i)
	}
	found := make([]ranked, 0, k+1) // the best k so far, best first
	sorted := false
	for len(order) > 0 {
		next := 0
		if len(found) < k {
			key := math.Inf(1)
			for j, i := range order {
				if c := q.reached(tgts[i]); c < key {
					next, key = j, c
				}
			}
		} else if !sorted {
			keys := make([]float64, len(tgts))
			for _, i := range order {
				keys[i] = q.reached(tgts[i])
			}
			slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(keys[a], keys[b]) })
			sorted = true
		}
		i := order[next]
		order[next] = order[0]
		order = order[1:]

		maxHops, limit := q.maxHops, math.Inf(1)
		if len(found) == k {
			if q.fewest {
				maxHops = found[k-1].hops
			} else {
				limit = found[k-1].cost + costEps
			}
		}
		w, c, ok := q.meet(tgts[i], maxHops, limit, true)
		if !ok {
			continue
		}
		r := ranked{hops: int32(len(w.arcs)), cost: c, idx: i}
		copy(r.nodes[:], w.nodes)
		copy(r.arcs[:], w.arcs)
		j := len(found)
		for j > 0 && q.before(&r, &found[j-1]) {
			j--
		}
		if j < k {
			found = slices.Insert(found, j, r)
			found = found[:min(len(found), k)]
		}
	}
	if len(found) == 0 {
		return nil
	}
	paths := make([]Path, len(found))
	for j := range found {
		r := &found[j]
		paths[j], _ = g.path(walk{nodes: r.nodes[:r.hops+1], arcs: r.arcs[:r.hops]})
	}
	return paths
}

// ranked is a route to one of BestToTargets' targets, kept without allocating.
type ranked struct {
	nodes [ecograph.MaxMaxHops + 1]int32
	arcs  [ecograph.MaxMaxHops]int32
	hops  int32
	cost  float64
	idx   int32 // the target's position
}

// before orders BestToTargets' routes: by the objective, then by the target's position.
func (q *query) before(a, b *ranked) bool {
	if q.better(a.cost, int(a.hops), b.cost, int(b.hops)) {
		return true
	}
	return !q.better(b.cost, int(b.hops), a.cost, int(a.hops)) && a.idx < b.idx
}

// reached is what the shared forward side knows of the route to v: the cheapest label it has
// pushed there (MOST_TRUSTED) or its distance (FEWEST_HOPS); +Inf if it has not reached v.
func (q *query) reached(v int32) float64 {
	sc := q.sc
	fs := &sc.sides[fwd]
	i := sc.lookup(fwd, v)
	if i < 0 {
		return math.Inf(1)
	}
	if q.fewest {
		return float64(fs.labels[fs.states[i].lab].hops)
	}
	return slices.Min(fs.tent[int(i)*fs.stride : int(i+1)*fs.stride])
}

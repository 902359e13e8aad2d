package swarm

import "slices"

// Reach says which routes count when SinglePointsOfFailure asks whether a target is reached:
// simple paths from a source to the target, of at most MaxHops hops, each hop's trust >=
// MinTrust and > 0, every intermediate allowed, nobody Absent on them.
type Reach struct {
	// MinTrust is the lowest trust a hop may have (a hop's trust must also be > 0).
	MinTrust float64
	// MaxHops is the most hops a route may have; below 1 counts as 1.
	MaxHops int
	// NoIntermediate[v] rules v out as an intermediate of a route (a BLOCKER when blockers
	// are avoided, a person in `avoid`, an organisation kind outside `throughKinds`); v may
	// still start or end one. Nil rules nobody out; otherwise it has one entry per person.
	NoIntermediate []bool
	// Absent[v] takes v out of the graph: not a source, not a target, not on any route (the
	// people a caller may not see). Nil takes nobody out.
	Absent []bool
	// Own, when not nil, splits MinTrust by hop as route searches do for a partner: a hop with
	// an end in Own (the partner's own people, whose trust it sees exactly) needs MinTrust, any
	// other hop (shown as a band) needs HiddenMinTrust. Nil: every hop needs MinTrust.
	Own            []bool
	HiddenMinTrust float64
}

// lowest is the least trust any hop may have under r: a row sorted by trust may stop below it.
func (r *Reach) lowest() float64 {
	if r.Own == nil {
		return r.MinTrust
	}
	return min(r.MinTrust, r.HiddenMinTrust)
}

// hop reports whether the hop u-w of trust t meets r: t > 0, and t >= the threshold the hop
// answers to (see Own).
func (r *Reach) hop(u, w int32, t float64) bool {
	if t <= 0 {
		return false
	}
	if r.Own == nil || r.Own[u] || r.Own[w] {
		return t >= r.MinTrust
	}
	return t >= r.HiddenMinTrust
}

// TargetResult is SinglePointsOfFailure's answer for one target.
type TargetResult struct {
	Target int32
	// Reached: some route from a source other than the target meets the Reach.
	Reached bool
	// Critical lists, ascending, every person v other than the target whose removal leaves
	// the target unreached (v may be a source); empty when the target is not reached.
	Critical []int32
}

// SinglePointsOfFailure returns, for each target in order, whether it is reached from the
// sources under r and which people are critical for it: removing one of them (as a source and
// as an intermediate) leaves no route that meets r. A target that is itself a source is
// reached only from the other sources: a route joins two different people.
//
// It never runs a search per person. Every critical person of a target t lies on every route
// to t, so on one shortest route: at most MaxHops candidates. Two ways check them, both exact:
//
//   - From the target (tried first): a breadth-first search from t that stops at the first
//     source finds a shortest route, and then, for each candidate c, one more such search
//     without c says whether t is still reached. Where sources are many (every person of
//     ours), each search stops within a few hops of t: its cost is about the square of a
//     degree, not the size of the graph.
//   - From the sources (when a search from the target would cost too much, bounded by a
//     budget of arcs): one breadth-first search from all the sources, shared by every such
//     target, gives each person's hop distance d and how many shortest-route parents they
//     have. For a candidate c, the people whose every shortest route passes through c (those
//     that lose all their parents, found by propagating from c in distance order) are the
//     only ones whose distance can grow; their new distances are recomputed from their
//     neighbours outside that set, in distance buckets, and c is critical for t exactly when
//     t's new distance exceeds MaxHops. Targets that are sources get a search of their own.
func SinglePointsOfFailure(g *Graph, sources, targets []int32, r Reach) []TargetResult {
	if len(targets) == 0 {
		return []TargetResult{}
	}
	// A target's searches together may scan about an eighth of what the search from all
	// sources scans, shared among the targets, before that search takes over.
	hops := min(max(r.MaxHops, 1), 100)
	budget := max(1<<12, len(g.To)/(8*(hops+1)*len(targets)))
	return singlePointsOfFailure(g, sources, targets, r, budget)
}

// singlePointsOfFailure is SinglePointsOfFailure with the budget of arcs a target's searches
// may scan before the search from the sources takes over (0: at once).
func singlePointsOfFailure(g *Graph, sources, targets []int32, r Reach, budget int) []TargetResult {
	out := make([]TargetResult, len(targets))
	n := g.NumPeople()
	isSource := make([]bool, n)
	for _, s := range sources {
		if s >= 0 && int(s) < n {
			isSource[s] = true
		}
	}
	near := newNearest(g, r, isSource)
	var all, own *layers // the search from all sources, and without one (for targets that are sources)
	for i, t := range targets {
		out[i].Target = t
		if t < 0 || int(t) >= n || (r.Absent != nil && r.Absent[t]) {
			continue
		}
		if reached, crit, ok := near.critical(t, budget); ok {
			out[i].Reached, out[i].Critical = reached, crit
			continue
		}
		var ly *layers
		if isSource[t] {
			if own == nil {
				own = newLayers(g, r, n)
			}
			own.search(sources, t)
			ly = own
		} else {
			if all == nil {
				all = newLayers(g, r, n)
				all.search(sources, -1)
			}
			ly = all
		}
		out[i].Reached, out[i].Critical = ly.critical(t)
	}
	return out
}

// nearest searches from a target for the nearest source, breadth first, with scratch kept
// between searches.
type nearest struct {
	g        *Graph
	r        Reach
	maxHops  int8
	isSource []bool
	stamp    uint32
	seen     []uint32
	dist     []int8
	parent   []int32
	queue    []int32
}

func newNearest(g *Graph, r Reach, isSource []bool) *nearest {
	n := g.NumPeople()
	return &nearest{g: g, r: r, maxHops: int8(min(max(r.MaxHops, 1), 100)), isSource: isSource, seen: make([]uint32, n),
		dist: make([]int8, n), parent: make([]int32, n)}
}

// find returns the nearest source other than t reached from t within maxHops without skip
// (-1: none); found false when there is none, over true when the search scanned more than
// *budget arcs first. It takes what it scans off *budget.
func (s *nearest) find(t, skip int32, budget *int) (src int32, found, over bool) {
	g, r := s.g, s.r
	lowest := r.lowest()
	s.stamp++
	st := s.stamp
	s.seen[t], s.dist[t] = st, 0
	q := append(s.queue[:0], t)
	defer func() { s.queue = q[:0] }()
	for head := 0; head < len(q); head++ {
		u := q[head]
		if s.dist[u] >= s.maxHops || (u != t && r.NoIntermediate != nil && r.NoIntermediate[u]) {
			continue
		}
		lo, hi := g.Off[u], g.Off[u+1]
		if *budget -= int(hi - lo); *budget < 0 {
			return -1, false, true
		}
		for e := lo; e < hi; e++ {
			w, tr := g.To[e], g.Trust[e]
			if tr <= 0 || tr < lowest {
				if g.Sorted {
					break
				}
				continue
			}
			if !r.hop(u, w, tr) || w == skip || s.seen[w] == st || (r.Absent != nil && r.Absent[w]) {
				continue
			}
			s.seen[w], s.dist[w], s.parent[w] = st, s.dist[u]+1, u
			if s.isSource[w] {
				return w, true, false
			}
			q = append(q, w)
		}
	}
	return -1, false, false
}

// critical answers for t from the target's side: whether t is reached and, ascending, who is
// critical for it; ok false when the searches would scan more than budget arcs.
func (s *nearest) critical(t int32, budget int) (reached bool, crit []int32, ok bool) {
	src, found, over := s.find(t, -1, &budget)
	if over {
		return false, nil, false
	}
	if !found {
		return false, []int32{}, true
	}
	var cands []int32
	for v := src; v != t; v = s.parent[v] {
		cands = append(cands, v)
	}
	crit = []int32{}
	for _, c := range cands {
		_, found, over := s.find(t, c, &budget)
		if over {
			return false, nil, false
		}
		if !found {
			crit = append(crit, c)
		}
	}
	slices.Sort(crit)
	return true, crit, true
}

// HangsOn returns, ascending, the people critical for every reached target of results: the
// people whose absence alone leaves none of those targets reached. It is empty when no target
// is reached.
func HangsOn(results []TargetResult) []int32 {
	var common []int32
	first := true
	for _, res := range results {
		if !res.Reached {
			continue
		}
		if first {
			common = slices.Clone(res.Critical)
			first = false
			continue
		}
		common = slices.DeleteFunc(common, func(v int32) bool {
			_, ok := slices.BinarySearch(res.Critical, v)
			return !ok
		})
	}
	if common == nil {
		common = []int32{}
	}
	return common
}

// layers is one breadth-first search from a set of sources, with the scratch that the checks
// of candidates reuse (stamped, so nothing is cleared between checks).
type layers struct {
	g       *Graph
	r       Reach
	maxHops int8
	dist    []int8  // hops from the nearest source; -1 when beyond maxHops or unreachable
	npar    []int32 // arcs from a parent: an expandable person one hop nearer the sources

	stamp   uint32
	aff     []uint32 // aff[v] == stamp: every shortest route to v passes the candidate
	left    []int32  // parents not affected yet, valid when leftAt[v] == stamp
	leftAt  []uint32
	nd      []int8 // distance without the candidate, valid when ndAt[v] == stamp
	ndAt    []uint32
	queue   []int32
	buckets [][]int32
}

func newLayers(g *Graph, r Reach, n int) *layers {
	h := min(max(r.MaxHops, 1), 100)
	return &layers{g: g, r: r, maxHops: int8(h), dist: make([]int8, n), npar: make([]int32, n),
		aff: make([]uint32, n), left: make([]int32, n), leftAt: make([]uint32, n),
		nd: make([]int8, n), ndAt: make([]uint32, n), buckets: make([][]int32, h+2)}
}

func (l *layers) absent(v int32) bool { return l.r.Absent != nil && l.r.Absent[v] }

// usable reports whether arc e, out of u, may be walked: its hop meets the Reach, to someone
// present.
func (l *layers) usable(u, e int32) bool {
	w := l.g.To[e]
	return l.r.hop(u, w, l.g.Trust[e]) && !l.absent(w)
}

// expands reports whether a route may go on from v (reached): v is a source, or it may be an
// intermediate.
func (l *layers) expands(v int32) bool {
	return l.dist[v] == 0 || l.r.NoIntermediate == nil || !l.r.NoIntermediate[v]
}

// search runs the breadth-first search from sources, without skip (-1: none), up to maxHops,
// counting each person's parents.
func (l *layers) search(sources []int32, skip int32) {
	for i := range l.dist {
		l.dist[i] = -1
		l.npar[i] = 0
	}
	q := l.queue[:0]
	for _, s := range sources {
		if s < 0 || int(s) >= len(l.dist) || s == skip || l.absent(s) || l.dist[s] == 0 {
			continue
		}
		l.dist[s] = 0
		q = append(q, s)
	}
	g := l.g
	for head := 0; head < len(q); head++ {
		u := q[head]
		d := l.dist[u]
		if d >= l.maxHops || !l.expands(u) {
			continue
		}
		for e := g.Off[u]; e < g.Off[u+1]; e++ {
			if !l.usable(u, e) {
				continue
			}
			w := g.To[e]
			if l.dist[w] == -1 {
				l.dist[w] = d + 1
				q = append(q, w)
			}
			if l.dist[w] == d+1 {
				l.npar[w]++
			}
		}
	}
	l.queue = q[:0]
}

// critical returns whether t is reached and, ascending, the people critical for it.
func (l *layers) critical(t int32) (bool, []int32) {
	if l.dist[t] < 1 {
		return false, []int32{}
	}
	g := l.g
	var cands []int32
	for x := t; l.dist[x] > 0; {
		next := int32(-1)
		for e := g.Off[x]; e < g.Off[x+1] && next < 0; e++ {
			if u := g.To[e]; l.usable(x, e) && l.dist[u] == l.dist[x]-1 && l.expands(u) {
				next = u
			}
		}
		if next < 0 {
			panic("swarm: a reached person without a parent")
		}
		cands = append(cands, next)
		x = next
	}
	crit := []int32{}
	for _, c := range cands {
		if l.cuts(c, t) {
			crit = append(crit, c)
		}
	}
	slices.Sort(crit)
	return true, crit
}

// cuts reports whether removing c leaves t (reached, c != t) without a route.
func (l *layers) cuts(c, t int32) bool {
	l.stamp++
	st := l.stamp
	g := l.g
	// The people who lose every parent: c, then in distance order each child whose parents
	// are all gone. The rest keep their distance.
	l.aff[c] = st
	a := append(l.queue[:0], c)
	for i := 0; i < len(a); i++ {
		x := a[i]
		if l.dist[x] >= l.dist[t] && l.aff[t] != st {
			l.queue = a[:0]
			return false // t's layer is settled and t kept a parent
		}
		if l.dist[x] >= l.maxHops || !l.expands(x) {
			continue
		}
		for e := g.Off[x]; e < g.Off[x+1]; e++ {
			w := g.To[e]
			if !l.usable(x, e) || l.dist[w] != l.dist[x]+1 || l.aff[w] == st {
				continue
			}
			if l.leftAt[w] != st {
				l.leftAt[w], l.left[w] = st, l.npar[w]
			}
			if l.left[w]--; l.left[w] == 0 {
				l.aff[w] = st
				a = append(a, w)
			}
		}
	}
	l.queue = a[:0]
	if l.aff[t] != st {
		return false
	}
	// New distances of the affected people (c removed): first from neighbours whose distance
	// stands, then among themselves, bucket by bucket.
	for k := range l.buckets {
		l.buckets[k] = l.buckets[k][:0]
	}
	h := l.maxHops
	for _, y := range a[1:] {
		best := h + 1
		for e := g.Off[y]; e < g.Off[y+1]; e++ {
			w := g.To[e]
			if !l.usable(y, e) || l.aff[w] == st || l.dist[w] < 0 || l.dist[w] >= best-1 || !l.expands(w) {
				continue
			}
			best = l.dist[w] + 1
		}
		l.nd[y], l.ndAt[y] = best, st
		if best <= h {
			l.buckets[best] = append(l.buckets[best], y)
		}
	}
	for k := int8(1); k <= h; k++ {
		for i := 0; i < len(l.buckets[k]); i++ {
			y := l.buckets[k][i]
			if l.nd[y] != k {
				continue // improved since it was put here
			}
			if y == t {
				return false
			}
			if k == h || !l.expands(y) {
				continue
			}
			for e := g.Off[y]; e < g.Off[y+1]; e++ {
				z := g.To[e]
				if z == c || l.aff[z] != st || !l.usable(y, e) || l.nd[z] <= k+1 {
					continue
				}
				l.nd[z] = k + 1
				l.buckets[k+1] = append(l.buckets[k+1], z)
			}
		}
	}
	return true
}

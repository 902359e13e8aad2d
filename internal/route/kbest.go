package route

import (
	"math"
	"slices"
)

// KBest returns up to k distinct routes from person from to person to, best first under o
// (the contract's trustedRoutes): the k best loopless routes. Among routes of equal value the
// order is unspecified. Unknown indices, from == to, k < 1 and endpoints that o.Visible
// rejects give nil.
//
// It is Yen's algorithm with Lawler's refinement, made lazy. The routes not accepted yet are
// split into classes: a class is the routes that share an accepted route's first i+1 people,
// then leave it (not by a hop that an accepted route with the same start takes next), within
// the hop budget the start leaves. Its best route is the start plus the best spur from the
// start's last person to `to` that avoids the start's people and those hops, found by the
// exact constrained search. A route accepted after leaving its parent at position i opens the
// classes from position i on (Lawler). Rather than searching every class as it opens (Yen),
// a class gets a lower bound when it opens (its start's cost plus the cheapest allowed first
// hop and what the potential says is left from there; see potential.go), and is searched only
// when no route found so far beats that bound; so classes that cannot hold one of the k best
// routes are never searched. Under MOST_TRUSTED the spur searches are A* searches guided by
// one backward search from `to` (potential.go); under FEWEST_HOPS they are Best's search.
func (g *Graph) KBest(from, to int32, k int, o Options) []Path {
	if k < 1 {
		return nil
	}
	q := g.newQuery(o)
	defer q.release()
	if from == to || !q.endpoint(from) || !q.endpoint(to) {
		return nil
	}
	w, cost, ok := q.pair(from, to, q.maxHops, math.Inf(1))
	if !ok {
		return nil
	}
	kb := kbest{q: &q, to: to, star: !q.fewest, step: deepenStep*cost + 1e-3}
	kb.accepted = append(kb.accepted, newKRoute(w, cost, 0))
	if k == 1 {
		p, _ := g.path(w)
		return []Path{p}
	}
	if kb.star {
		q.potential(to, int(potWorkFactor*float64(q.sc.work)))
	}
	q.banOn = true
	defer func() { q.banOn, q.banFirst = false, nil }()
	kb.open(0)

	for len(kb.accepted) < k {
		// The class with the best bound; it must be searched before a route found is accepted
		// unless that route beats the bound.
		u := -1
		for j, c := range kb.lazy {
			if u < 0 || q.better(c.lbCost, c.lbHops, kb.lazy[u].lbCost, kb.lazy[u].lbHops) {
				u = j
			}
		}
		if u >= 0 && (len(kb.found) == 0 || !q.better(kb.found[0].cost, kb.found[0].hops(), kb.lazy[u].lbCost, kb.lazy[u].lbHops)) {
			c := kb.lazy[u]
			kb.lazy[u] = kb.lazy[len(kb.lazy)-1]
			kb.lazy = kb.lazy[:len(kb.lazy)-1]
			kb.search(c, k-len(kb.accepted))
			continue
		}
		if len(kb.found) == 0 {
			break
		}
		kb.accepted = append(kb.accepted, kb.found[0])
		kb.found = slices.Delete(kb.found, 0, 1)
		kb.open(len(kb.accepted) - 1)
	}

	out := make([]Path, len(kb.accepted))
	for i, r := range kb.accepted {
		out[i], _ = g.path(walk{nodes: r.nodes, arcs: r.arcs})
	}
	return out
}

// deepenStep is the first step of a class's searches, relative to the cost of the best route
// (see kbest.search); chosen by BenchmarkMix's kbest5 (CPU per call at 10k people: 1.14,
// 0.96 and 1.28 ms for 0.03, 0.1 and no deepening; at 100k 8.0 ms for 0.1 against 18.2 ms
// without). Answers do not depend on it.
var deepenStep = 0.1

// kbest is the state of one KBest call.
type kbest struct {
	q        *query
	to       int32
	star     bool     // spur searches are A* over the potential
	step     float64  // the first step of a class's searches (see search)
	accepted []kroute // best first
	found    []kroute // the best route of each class searched, not accepted yet, best first
	lazy     []kclass // classes not searched yet
}

// kroute is a route of KBest as nodes and arcs, with its cost and the position at which it
// leaves the accepted route whose class it was found in.
type kroute struct {
	nodes, arcs []int32
	cost        float64
	dev         int
}

func (r *kroute) hops() int { return len(r.arcs) }

// newKRoute copies w (one allocation for both slices).
func newKRoute(w walk, cost float64, dev int) kroute {
	buf := make([]int32, len(w.nodes)+len(w.arcs))
	copy(buf, w.nodes)
	copy(buf[len(w.nodes):], w.arcs)
	return kroute{nodes: buf[:len(w.nodes):len(w.nodes)], arcs: buf[len(w.nodes):], cost: cost, dev: dev}
}

// kclass is the class of routes that share accepted route r's first i+1 people, then leave it,
// with a lower bound on their values.
type kclass struct {
	r, i   int
	lbCost float64
	lbHops int
	step   float64 // MOST_TRUSTED: how far above lbCost its next search looks
}

// ban sets the query's bans for the class (r, i): the start's people before its last, and the
// first hops of the accepted routes that share the start. It returns the start's cost.
func (kb *kbest) ban(r, i int) float64 {
	q, sc := kb.q, kb.q.sc
	p := &kb.accepted[r]
	root := p.nodes[:i+1]
	sc.bump(&sc.banGen, 1, banField)
	for _, v := range root[:i] {
		sc.nodes[v].ban = sc.banGen
	}
	q.banFirst = q.banFirst[:0]
	for j := range kb.accepted {
		a := &kb.accepted[j]
		if a.hops() > i && slices.Equal(a.nodes[:i+1], root) {
			q.banFirst = append(q.banFirst, a.nodes[i+1])
		}
	}
	c := 0.0
	for _, a := range p.arcs[:i] {
		c += q.g.cost[a]
	}
	return c
}

// open adds the classes that accepting route r opens, with their bounds.
func (kb *kbest) open(r int) {
	q, g := kb.q, kb.q.g
	p := &kb.accepted[r]
	for i := p.dev; i < p.hops(); i++ {
		if q.maxHops-int32(i) < 1 {
			continue
		}
		rootCost := kb.ban(r, i)
		// The cheapest first hop that the class allows, plus the potential beyond it.
		s := p.nodes[i]
		step := math.Inf(1)
		for a := g.off[s]; a < g.off[s+1]; a++ {
			if g.trust[a] < q.minTrust || g.cost[a] >= step {
				break // ties are sorted by cost, ascending; potentials are >= 0
			}
			if q.own != nil && q.hopFails(s, a) {
				continue
			}
			w := g.to[a]
			if q.bannedFirst(w) {
				continue
			}
			c := g.cost[a]
			if w != kb.to {
				if !q.inter(w) { // banned people included
					continue
				}
				if kb.star {
					c += q.pi(w)
				}
			}
			step = min(step, c)
		}
		if math.IsInf(step, 1) {
			continue // no route leaves the start here
		}
		lb := kclass{r: r, i: i, lbCost: rootCost + step, lbHops: i + 1, step: kb.step}
		if q.fewest {
			// Every route not accepted yet is no better than r, the last accepted.
			lb.lbHops = max(lb.lbHops, p.hops())
		}
		kb.lazy = append(kb.lazy, lb)
	}
}

// search runs the spur search of class c and adds its best route to found, when it can still
// be one of the need best routes left to accept.
func (kb *kbest) search(c kclass, need int) {
	q, g := kb.q, kb.q.g
	rootCost := kb.ban(c.r, c.i)
	p := &kb.accepted[c.r]
	maxHops, limit := q.maxHops-int32(c.i), math.Inf(1)
	if len(kb.found) >= need {
		worst := &kb.found[need-1]
		if q.fewest {
			maxHops = min(maxHops, int32(worst.hops()-c.i))
		} else {
			limit = worst.cost - rootCost + costEps
		}
	}
	if maxHops < 1 {
		return
	}
	var spur walk
	var ok bool
	if kb.star {
		// The search looks only step above the class's bound. If it finds nothing, every
		// route of the class costs more than that: unless the class has no route at all
		// (nothing was cut), it goes back with that bound and twice the step, and other
		// classes get their turn first.
		deepen := c.lbCost + c.step - rootCost
		if deepen >= limit {
			deepen = math.Inf(1)
		}
		var cut bool
		spur, _, ok, cut = q.spurStar(p.nodes[c.i], kb.to, maxHops, min(limit, deepen))
		if !ok && cut && !math.IsInf(deepen, 1) {
			c.lbCost, c.step = rootCost+deepen, 2*c.step
			kb.lazy = append(kb.lazy, c)
			return
		}
	} else {
		spur, _, ok = q.pair(p.nodes[c.i], kb.to, maxHops, limit)
	}
	if !ok {
		return
	}
	n := c.i + len(spur.nodes)
	buf := make([]int32, 0, 2*n-1)
	buf = append(append(buf, p.nodes[:c.i]...), spur.nodes...)
	buf = append(append(buf, p.arcs[:c.i]...), spur.arcs...)
	r := kroute{nodes: buf[:n:n], arcs: buf[n:], dev: c.i}
	for _, a := range r.arcs { // the cost summed in route order
		r.cost += g.cost[a]
	}
	for _, lists := range [2][]kroute{kb.accepted, kb.found} {
		for j := range lists {
			if slices.Equal(lists[j].nodes, r.nodes) {
				return
			}
		}
	}
	j := len(kb.found)
	for j > 0 && q.better(r.cost, r.hops(), kb.found[j-1].cost, kb.found[j-1].hops()) {
		j--
	}
	kb.found = slices.Insert(kb.found, j, r)
}

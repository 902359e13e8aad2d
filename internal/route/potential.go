package route

import (
	"math"
)

// KBest's spur searches (MOST_TRUSTED) are A* searches guided by one backward search.
//
// Every spur search of a KBest call ends at the same person, to, and differs from the
// unconstrained search only by its bans (the root's people, the first hops of accepted routes)
// and its hop budget, which only remove routes. So the cost d(v) of the cheapest walk from v
// to to, under the call's own constraints but without bans or a hop limit, is a lower bound
// on the rest of any spur route through v. One plain Dijkstra from to, run once per call,
// computes it; the spur searches then run forward only, ordered by cost + d(v), where before
// each spur search re-grew its own backward half from to.
//
// The backward Dijkstra stops once it has scanned a budget of ties (a multiple of what the
// call's first search scanned), at some radius R: every person it has settled has d(v) <= R,
// every other one d(v) >= R. The potential pi(v) = min(d(v), R) is consistent: for a hop
// u-w that a spur search may take (w an allowed intermediate, or to), pi(u) <= cost(u, w) +
// pi(w), since d(u) <= cost(u, w) + d(w) and R <= cost(u, w) + R. (When the Dijkstra runs dry
// before the budget, every person left has no walk to to at all, and R = +Inf is exact.)
//
// With a consistent potential the label-setting search over (person, hops) stays exact: it is
// the same search over the reduced costs cost(u, w) + pi(w) - pi(u) >= 0. A person's labels
// all share its potential, so they are still settled in order of cost, then hops, and the
// dominance rule (no more cost and no more hops) is unchanged. The potential does not depend
// on hops, which keeps that true; a hop-aware one would not.
//
// A route through a label costs at least its key, cost + pi; so the search stops when the
// smallest queued key exceeds the cheapest route found (plus costEps, to see the routes tied
// with it and keep the one with the fewest hops), or the caller's limit. The labels are walks;
// the answer is a simple path by the argument in trusted.go.

// potWorkFactor is how many times the ties the first search scanned the backward Dijkstra may
// scan (see potential); chosen by BenchmarkMix's kbest5 (CPU per call at 10k people: 1.9,
// 1.2, 0.8 and 1.2 ms for 0.25, 0.5, 1 and 2; at 100k: 10.9, 10.5, 7.3 ms for 0.25, 0.5, 1
// and 12.4 ms for 2 before the deepening). A smaller ball leaves the spur searches more to
// explore; a bigger one costs more than it saves. Answers do not depend on it.
//
// The Dijkstra's per-person slots (28 bytes a person) live in the pooled scratch, allocated by
// its first KBest.
var potWorkFactor = 1.0

// potSlot is what the backward Dijkstra knows of one person: the cost d of the cheapest walk
// found to t, and the ties to people it expanded; potTree has the walk itself.
type potSlot struct {
	d   float64
	gen uint32 // potG: d is tentative; potG+1: settled (exact)
	in  int32  // head of the list (in potIn) of ties to people the Dijkstra expanded
}

// potTree is the rest of a person's potSlot: the next person on the cheapest walk found to
// t, the tie to them and the walk's hops; apart so that the searches' hot loops, which read
// only potSlot, touch half the memory.
type potTree struct {
	next, arc, hops int32
}

// potEdge is a tie from a person to one the backward Dijkstra expanded (u, whose potential is
// exact), by the arc a in u's row; next links the person's list.
type potEdge struct {
	u, a, next int32
}

// potential runs the backward Dijkstra from t under q's constraints (not its bans) until it
// has scanned budget ties, and leaves in the scratch what pi and treeOK read.
func (q *query) potential(t int32, budget int) {
	g, sc := q.g, q.sc
	if len(sc.pot) != len(sc.nodes) {
		sc.pot = make([]potSlot, len(sc.nodes))
		sc.potTree = make([]potTree, len(sc.nodes))
		sc.potG = 0
	}
	if sc.potG > math.MaxUint32-4 {
		for i := range sc.pot {
			sc.pot[i].gen = 0
		}
		sc.potG = 0
	}
	sc.potG += 2
	tent, done := sc.potG, sc.potG+1
	h := sc.potHeap[:0]
	sc.pot[t] = potSlot{d: 0, gen: tent, in: -1}
	sc.potTree[t] = potTree{next: -1, arc: -1}
	in := sc.potIn[:0]
	h.push(heapItem{cost: 0, lab: t})
	work := 0
	sc.potR = math.Inf(1)
	for len(h) > 0 {
		if work > budget {
			sc.potR = h[0].cost
			break
		}
		it := h.pop()
		v := it.lab
		pv := &sc.pot[v]
		if pv.gen == done {
			continue
		}
		pv.gen = done
		work += int(g.off[v+1]-g.off[v]) + 1
		if v != t && !q.inter(v) {
			continue // a walk to t passes only through allowed people
		}
		for a := g.off[v]; a < g.off[v+1]; a++ {
			if g.trust[a] < q.minTrust {
				break // ties are sorted by trust, descending
			}
			if q.own != nil && q.hopFails(v, a) {
				continue
			}
			w := g.to[a]
			c := it.cost + g.cost[a]
			pw := &sc.pot[w]
			if pw.gen != tent && pw.gen != done {
				*pw = potSlot{d: math.Inf(1), gen: tent, in: -1}
			}
			in = append(in, potEdge{u: v, a: a, next: pw.in})
			pw.in = int32(len(in) - 1)
			if pw.gen == done || pw.d <= c {
				continue
			}
			pw.d = c
			sc.potTree[w] = potTree{next: v, arc: a, hops: sc.potTree[v].hops + 1}
			h.push(heapItem{cost: c, lab: w})
		}
	}
	sc.potHeap = h[:0]
	sc.potIn = in
}

// pi is the potential of v: a lower bound on the cost of any allowed walk from v to t.
func (q *query) pi(v int32) float64 {
	sc := q.sc
	if p := &sc.pot[v]; p.gen == sc.potG+1 {
		return p.d
	}
	return sc.potR
}

// treeOK reports whether the backward Dijkstra's cheapest walk from v to t is a valid rest
// for a spur label at v with h hops, from spur node s: v is settled, the walk fits the hop
// budget, passes through no banned person nor s, and, from s itself, does not start with a
// banned first hop. Its people are allowed intermediates, since the Dijkstra passed only
// through those.
func (q *query) treeOK(v, s int32, h, maxHops int32) bool {
	sc := q.sc
	if sc.pot[v].gen != sc.potG+1 {
		return false
	}
	p := &sc.potTree[v]
	if h+p.hops > maxHops {
		return false
	}
	if v == s && p.next >= 0 && q.bannedFirst(p.next) {
		return false
	}
	for u := p.next; u >= 0; u = sc.potTree[u].next {
		if u == s || sc.nodes[u].ban == sc.banGen {
			return false
		}
	}
	return true
}

// cursor walks the row of a label's person in a spur search, lazily: the next arc a to look
// at, towards people outside the backward Dijkstra's ball.
type cursor struct {
	lab, a int32
}

// spurStar runs the forward A* search from s to t within maxHops hops under the options and
// the query's bans, for routes no dearer than limit, and returns the best with its cost (in
// route order). cut reports whether the bound left anything out: without a route and
// without cut, the search has seen every route there is. q.potential(t, ...) must have run in
// this call.
//
// Expanding a label at v queues its hops to people inside the backward Dijkstra's ball (their
// potentials are exact, and the Dijkstra listed those hops as it scanned), and a cursor for
// the rest of v's row: those people's potential is R, so the keys of the rest grow with the
// tie's cost and the cursor, keyed by the next one's, hands out one hop at a time as the
// search reaches its key. A hub's thousands of ties are then looked at only as far as keys go
// below the answer, not all at once. Keys still come out of the queue in increasing order (a
// cursor's key is a lower bound of what it will hand out), which is all that the label-setting
// argument needs.
//
// A settled label at v whose potential is exact and whose rest along the Dijkstra's tree is
// valid (treeOK) completes a route of cost exactly its key; since keys are settled in
// increasing order, no route is cheaper than the first such (up to costEps), so it is
// recorded like a meeting at t, and the search soon stops.
func (q *query) spurStar(s, t int32, maxHops int32, limit float64) (w walk, cost float64, ok, cut bool) {
	g, sc := q.g, q.sc
	srcs := [1]int32{s}
	q.startFrom(srcs[:], maxHops)
	sc.meets = sc.meets[:0]
	sc.cursors = sc.cursors[:0]
	fs := &sc.sides[fwd]
	done := sc.potG + 1
	mu := math.Inf(1)
	bound := limit
	record := func(m meet) {
		if m.cost < mu {
			mu = m.cost
			bound = min(mu, limit)
			sc.keepMeetsWithin(bound)
		}
		sc.meets = append(sc.meets, m)
	}
	// push queues a cursor at arc a of label lab's row, unless nothing there can be cheap enough.
	push := func(lab int32, a int32) {
		l := &fs.labels[lab]
		v := l.node
		if a >= g.off[v+1] || g.trust[a] < q.minTrust || math.IsInf(sc.potR, 1) {
			return // (with R = +Inf, no one outside the ball has a walk to t)
		}
		key := l.cost + g.cost[a] + sc.potR
		if key > bound+costEps {
			cut = true
			return
		}
		sc.cursors = append(sc.cursors, cursor{lab: lab, a: a})
		fs.heap.push(heapItem{cost: key, hops: l.hops + 1, lab: -int32(len(sc.cursors))})
	}
	for len(fs.heap) > 0 {
		if fs.heap[0].cost > bound+costEps {
			cut = true
			break
		}
		it := fs.heap.pop()
		if it.lab < 0 {
			// A cursor: hand out the next hop to someone outside the ball, and move on.
			cu := sc.cursors[-it.lab-1]
			l := fs.labels[cu.lab]
			v := l.node
			for a := cu.a; a < g.off[v+1]; a++ {
				if g.trust[a] < q.minTrust {
					break
				}
				c := l.cost + g.cost[a]
				if c+sc.potR > bound+costEps {
					cut = true
					break
				}
				w := g.to[a]
				if sc.pot[w].gen == done || (q.own != nil && q.hopFails(v, a)) ||
					(v == s && q.bannedFirst(w)) || w == s || !q.inter(w) {
					continue // inside the ball (its hops were queued), or not allowed
				}
				sc.offer(fwd, w, c, c+sc.potR, it.hops, cu.lab, a)
				push(cu.lab, a+1)
				break
			}
			continue
		}
		lb := &fs.labels[it.lab]
		if lb.parent >= 0 {
			st := &fs.states[sc.lookup(fwd, lb.node)]
			if it.hops >= st.minH {
				continue // dominated by a label settled here
			}
			st.minH = it.hops
			lb.next = st.settled
			st.settled = it.lab
		}
		lab := *lb
		v := lab.node
		if q.treeOK(v, s, lab.hops, maxHops) {
			if c := lab.cost + sc.pot[v].d; c <= bound+costEps {
				// meet.arc -1: the rest follows the Dijkstra's tree from v.
				record(meet{f: it.lab, b: -1, arc: -1, cost: c, hops: lab.hops + sc.potTree[v].hops})
			} else {
				cut = true
			}
			// Going on from v costs no less, but may tie with fewer hops: v is expanded too
			// (the bound now keeps only such ties).
		}
		if lab.hops >= maxHops {
			continue
		}
		h := lab.hops + 1
		if p := &sc.pot[v]; p.gen == done || p.gen == done-1 {
			for e := p.in; e >= 0; e = sc.potIn[e].next {
				pe := sc.potIn[e]
				u, a := pe.u, pe.a
				c := lab.cost + g.cost[a]
				if c > bound+costEps {
					cut = true
					continue
				}
				if v == s && q.bannedFirst(u) {
					continue
				}
				if u == t {
					record(meet{f: it.lab, b: -1, arc: a, cost: c, hops: h})
					continue
				}
				if u == s || !q.inter(u) {
					continue
				}
				if key := c + sc.pot[u].d; key <= bound+costEps {
					sc.offer(fwd, u, c, key, h, it.lab, a)
				} else {
					cut = true
				}
			}
		}
		push(it.lab, g.off[v])
	}
	if len(sc.meets) == 0 || mu > limit {
		return walk{}, 0, false, cut || len(sc.meets) > 0
	}
	var best meet
	found := false
	for _, m := range sc.meets {
		if m.cost > mu+costEps {
			continue
		}
		if !found || m.hops < best.hops || (m.hops == best.hops && m.cost < best.cost) {
			best, found = m, true
		}
	}
	w = q.treeWalk(best, t)
	w.simplify()
	for _, a := range w.arcs {
		cost += g.cost[a]
	}
	return w, cost, true, cut
}

// treeWalk returns the route of a spurStar meet: the forward label m.f, then the hop m.arc to
// t, or (m.arc < 0) the Dijkstra's tree from the label's node to t; in buffers that the next
// call reuses.
func (q *query) treeWalk(m meet, t int32) walk {
	sc := q.sc
	fl := sc.sides[fwd].labels
	w := sc.forwardWalk(m.f)
	if m.arc >= 0 {
		w.arcs = append(w.arcs, m.arc)
		w.nodes = append(w.nodes, t)
	} else {
		for v := fl[m.f].node; v != t; {
			p := &sc.potTree[v]
			w.arcs = append(w.arcs, p.arc)
			w.nodes = append(w.nodes, p.next)
			v = p.next
		}
	}
	sc.walk = w
	return w
}

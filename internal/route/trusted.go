package route

import "math"

// MOST_TRUSTED searches.
//
// Costs are -ln(trust) >= 0, so the most trusted route is the cheapest. A hop limit makes plain
// Dijkstra inexact (a cheap route with too many hops can hide a dearer one that fits), so the
// search is label-setting over (node, hops): a node may hold several settled labels, one per
// hop count, and a label (c, h) is dropped when the node already holds one with cost <= c and
// hops <= h, since every extension of the dropped one is matched by the same extension of the
// other. Labels are settled in order of (cost, hops).
//
// The search is bidirectional: forward labels grow from the start (one person, or every member
// of a team), backward labels from the end, and a route is recorded whenever a newly generated
// label on one side meets, through its arc, a label settled on the other side. It stops when
// the two queues' smallest costs add up to more than the cheapest route plus costEps. Then any
// route R at most that dear has been recorded, or one that dominates it: take the last person
// u on R whose prefix costs less than the forward queue's head, and the next one v, whose
// suffix then costs less than the backward queue's head; labels dominating both are settled,
// and the later of the two to be settled saw the other when it was expanded.
//
// The labels are walks whose intermediates are allowed people, a superset of the simple
// routes; the answer is nevertheless a simple path. Among recorded walks within costEps of the
// cheapest, the search returns one with the fewest hops. If it repeated a person, cutting the
// cycle out would give a walk with the same ends, a subset of its intermediates, fewer hops and
// no more cost (a cycle costs >= 0, exactly 0 when all its ties have trust 1), which the
// search would have recorded and preferred. So the result is simple, and it is the best simple
// route, since the optimum over walks is attained by a simple path. (walk.simplify guards
// against a rounding accident at the edge of the costEps window.)

// startFrom resets the forward side and roots it at srcs. The side may then serve several
// searches (see trustedMeet's shared).
func (q *query) startFrom(srcs []int32, maxHops int32) {
	sc := q.sc
	sc.reset(fwd, maxHops)
	sc.bump(&sc.srcGen, 1, srcField)
	for _, v := range srcs {
		sc.nodes[v].src = sc.srcGen
		sc.root(fwd, v)
	}
}

// trustedMeet runs the bidirectional search between the forward side, as startFrom and earlier
// calls left it, and a new backward side rooted at t, for routes of at most maxHops hops
// (at most the forward side's) and no dearer than limit.
//
// With shared, the forward side serves one search per target (BestToTargets): its labels may
// pass through the marked targets, it is not pruned with this search's bounds, and what it
// settles stays for the next search. Labels settled by an earlier search never saw this
// backward side; the argument above still holds because this side's labels see them when they
// are expanded, which is why the backward root is always expanded first.
func (q *query) trustedMeet(t int32, maxHops int32, limit float64, shared bool) (meet, bool) {
	g, sc := q.g, q.sc
	sc.reset(bwd, maxHops)
	sc.root(bwd, t)
	sc.meets = sc.meets[:0]
	fs, bs := &sc.sides[fwd], &sc.sides[bwd]
	fwdHops := int32(fs.stride - 1)
	first := int32(-1) // Yen's spur node, whose first hops banFirst restricts
	if len(q.banFirst) > 0 {
		first = fs.labels[0].node
	}
	mu := math.Inf(1) // the cheapest route so far
	bound := limit    // min(mu, limit)
	// The side to grow is the one that has scanned fewer ties in this search: hubs make the
	// two sides' costs per unit of radius very different.
	var work [2]int
	// The first round expands the backward root, whatever the queues hold (see above).
	for s := bwd; len(bs.heap) > 0; {
		if work[bwd] > 0 {
			tf, tb := fs.heap.topCost(), bs.heap.topCost()
			if tf+tb > bound+costEps {
				break
			}
			s = bwd
			if len(fs.heap) > 0 && work[fwd] <= work[bwd] {
				s = fwd
			}
		}
		it, ok := sc.settle(s)
		if !ok {
			continue
		}
		v := sc.sides[s].labels[it.lab].node
		work[s] += int(g.off[v+1]-g.off[v]) + 1
		if s == fwd {
			if it.hops >= fwdHops || (sc.nodes[v].src != sc.srcGen && !q.inter(v)) {
				continue // only the roots and allowed people are passed through
			}
		} else if it.hops >= maxHops {
			continue
		}
		o := 1 - s
		other := &sc.sides[o]
		h := it.hops + 1
		prune := s == bwd || !shared // a shared forward side serves later searches too
		for a := g.off[v]; a < g.off[v+1]; a++ {
			if g.trust[a] < q.minTrust {
				break // ties are sorted by trust, descending
			}
			if q.own != nil && q.hopFails(v, a) {
				continue
			}
			w := g.to[a]
			c := it.cost + g.cost[a]
			if prune && c > bound+costEps {
				break // and so are the rest: ties are sorted by cost, ascending
			}
			// The roots and t are ends, never passed through: a forward walk never returns to a
			// root, a backward one never returns to t, and backward labels at roots (far) only
			// serve the meeting recorded here, as the forward side's only labels there are
			// roots; likewise forward labels at t, unless the forward side is shared.
			var far bool
			if s == fwd {
				if sc.nodes[w].src == sc.srcGen || (v == first && q.bannedFirst(w)) {
					continue
				}
				far = w == t
				if !far && !q.inter(w) && !(shared && sc.nodes[w].tgt == sc.tgtGen) {
					continue
				}
			} else {
				if w == t {
					continue
				}
				far = sc.nodes[w].src == sc.srcGen
				if far && w == first && q.bannedFirst(v) {
					continue
				}
				if !far && !q.inter(w) {
					continue
				}
			}
			if i := sc.lookup(o, w); i >= 0 {
				for x := other.states[i].settled; x >= 0; x = other.labels[x].next {
					ol := &other.labels[x]
					hh := h + ol.hops
					cc := c + ol.cost
					if hh > maxHops || cc > bound+costEps {
						continue
					}
					m := meet{f: it.lab, b: x, arc: a, cost: cc, hops: hh}
					if s == bwd {
						m.f, m.b = x, it.lab
					}
					if cc < mu {
						mu = cc
						bound = min(mu, limit)
						sc.keepMeetsWithin(bound)
					}
					sc.meets = append(sc.meets, m)
				}
			}
			if far && !(s == fwd && shared) {
				continue
			}
			// A route through this label either meets a label settled on the other side (just
			// recorded) or costs at least the other side's smallest queued cost more.
			if prune && c+other.heap.topCost() > bound+costEps {
				continue
			}
			sc.offer(s, w, c, c, h, it.lab, a)
		}
	}
	sc.work = work[fwd] + work[bwd]
	if len(sc.meets) == 0 || mu > limit {
		return meet{}, false
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
	return best, found
}

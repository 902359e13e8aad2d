package route

import "math"

// FEWEST_HOPS searches: breadth-first layers, and within them the cheapest cost over the
// layered graph. A shortest route is simple, and every prefix of one is a shortest route to
// its end, so the cheapest cost at a node of layer d+1 is the cheapest over its neighbours in
// layer d, final once layer d is expanded.
//
// The search is bidirectional and expands whole layers, each time on the side whose last
// layer has fewer ties. With the forward side at depth a and the backward one at depth b,
// every pair of a node known to one side and the same node known to the other has been looked
// at, and every route of at most a+b hops has such a node; so the first layer that meets the
// other side gives the hop distance (the smallest sum of the two depths among the meetings),
// and the cheapest of those meetings is the best route, each half being cheapest already.

// hopsMeet runs the bidirectional breadth-first search between the forward side, as startFrom
// (with maxHops -1) and earlier calls left it, and a new backward side rooted at t, for routes
// of at most maxHops hops. With shared, the forward side serves one search per target
// (BestToTargets): it labels the marked targets and passes through them where allowed, and
// its layers stay for the next search.
func (q *query) hopsMeet(t int32, maxHops int32, shared bool) (meet, bool) {
	sc := q.sc
	sc.reset(bwd, -1)
	sc.root(bwd, t)
	fs, bs := &sc.sides[fwd], &sc.sides[bwd]
	// An earlier search may have reached t already; its depth there is its distance.
	if i := sc.lookup(fwd, t); i >= 0 {
		l := &fs.labels[fs.states[i].lab]
		if l.hops > maxHops {
			return meet{}, false
		}
		return meet{f: fs.states[i].lab, b: 0, arc: -1, cost: l.cost, hops: l.hops}, true
	}
	for fs.depth+bs.depth < maxHops {
		// A side that ran out of layers has found everyone it can reach: no route.
		if len(fs.front) == 0 || len(bs.front) == 0 {
			return meet{}, false
		}
		s := fwd
		if q.frontierTies(bs.front) < q.frontierTies(fs.front) {
			s = bwd
		}
		q.expandLayer(s, t, shared)

		sd, other := &sc.sides[s], &sc.sides[1-s]
		best := meet{hops: math.MaxInt32}
		for _, w := range sd.front {
			i := sc.lookup(1-s, w)
			if i < 0 {
				continue
			}
			l := sd.states[sc.lookup(s, w)].lab
			ol := other.states[i].lab
			hh := sd.depth + other.labels[ol].hops
			cc := sd.labels[l].cost + other.labels[ol].cost
			if hh < best.hops || (hh == best.hops && cc < best.cost) {
				best = meet{f: l, b: ol, arc: -1, cost: cc, hops: hh}
				if s == bwd {
					best.f, best.b = ol, l
				}
			}
		}
		if best.hops != math.MaxInt32 {
			return best, true
		}
	}
	return meet{}, false
}

// expandLayer expands the last layer of side s into the next one.
func (q *query) expandLayer(s int, t int32, shared bool) {
	g, sc := q.g, q.sc
	sd := &sc.sides[s]
	first := int32(-1) // Yen's spur node, whose first hops banFirst restricts
	if len(q.banFirst) > 0 {
		first = sc.sides[fwd].labels[0].node
	}
	h := sd.depth + 1
	next := sc.next[:0]
	for _, u := range sd.front {
		// Only roots and allowed people are passed through: not a target that is not allowed,
		// nor t unless the forward side is shared, nor, on the backward side, a root.
		if s == fwd {
			if sc.nodes[u].src != sc.srcGen && ((u == t && !shared) || !q.inter(u)) {
				continue
			}
		} else if sc.nodes[u].src == sc.srcGen {
			continue
		}
		ul := sd.states[sc.lookup(s, u)].lab
		cu := sd.labels[ul].cost
		for a := g.off[u]; a < g.off[u+1]; a++ {
			if g.trust[a] < q.minTrust {
				break
			}
			if q.own != nil && q.hopFails(u, a) {
				continue
			}
			w := g.to[a]
			var end bool // w may end a route on this side, allowed or not
			if s == fwd {
				if u == first && q.bannedFirst(w) {
					continue
				}
				end = w == t || (shared && sc.nodes[w].tgt == sc.tgtGen)
			} else {
				end = sc.nodes[w].src == sc.srcGen
				if end && w == first && q.bannedFirst(u) {
					continue
				}
			}
			c := cu + g.cost[a]
			if i := sc.lookup(s, w); i >= 0 {
				wl := &sd.labels[sd.states[i].lab]
				if wl.hops == h && c < wl.cost {
					wl.cost, wl.parent, wl.arc = c, ul, a
				}
				continue
			}
			if !end && !q.inter(w) {
				continue
			}
			sd.states[sc.create(s, w)].lab = sc.newLabel(s, w, c, h, ul, a)
			next = append(next, w)
		}
	}
	sc.next = sd.front
	sd.front = next
	sd.depth = h
}

// frontierTies is the number of ties a layer's expansion would scan.
func (q *query) frontierTies(front []int32) int {
	n := 0
	for _, v := range front {
		n += int(q.g.off[v+1] - q.g.off[v])
	}
	return n
}

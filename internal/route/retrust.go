package route

import (
	"slices"
	"sort"
)

// TieTrust is a new trust and source for an existing tie.
type TieTrust struct {
	A, B   string
	Trust  float64
	Source string
}

// WithTrust returns a graph like g but with the given ties' trust and source changed, and
// false (and nil) when an update names people or a tie that g does not have, or a trust
// outside (0, 1]: the caller then rebuilds. g is not changed; the new graph shares g's people
// and row offsets and copies only the arc arrays (O(ties) memory moves, no sorting but of the
// touched rows), which is what keeps a write's route freshness in milliseconds: measured
// against a rebuild in BenchmarkWithTrust.
func (g *Graph) WithTrust(ups []TieTrust) (*Graph, bool) {
	h := &Graph{ids: g.ids, index: g.index, orgs: g.orgs, orgIDs: g.orgIDs, kinds: g.kinds, roles: g.roles,
		flags: g.flags, off: g.off, ties: g.ties,
		to: slices.Clone(g.to), cost: slices.Clone(g.cost), trust: slices.Clone(g.trust), src: slices.Clone(g.src),
		sources: g.sources}
	n := len(g.ids)
	h.pool.New = func() any { return newScratch(n) }
	cloned := false
	for _, u := range ups {
		if !(u.Trust > 0 && u.Trust <= 1) {
			return nil, false
		}
		a, ok := g.index[u.A]
		b, ok2 := g.index[u.B]
		if !ok || !ok2 || a == b {
			return nil, false
		}
		src := -1
		for i, s := range h.sources {
			if s == u.Source {
				src = i
				break
			}
		}
		if src < 0 {
			if !cloned {
				h.sources, cloned = slices.Clone(h.sources), true
			}
			h.sources = append(h.sources, u.Source)
			src = len(h.sources) - 1
		}
		if !h.setArc(a, b, u.Trust, uint32(src)) || !h.setArc(b, a, u.Trust, uint32(src)) {
			return nil, false
		}
	}
	return h, true
}

// setArc sets the trust and source of v's arc to w and moves it to its place in v's row
// (most trusted first, then by the other end), as Build orders rows.
func (h *Graph) setArc(v, w int32, trust float64, src uint32) bool {
	lo, hi := int(h.off[v]), int(h.off[v+1])
	at := -1
	for i := lo; i < hi; i++ {
		if h.to[i] == w {
			at = i
			break
		}
	}
	if at < 0 {
		return false
	}
	h.trust[at], h.cost[at], h.src[at] = trust, arcCost(trust), src
	less := func(i, j int) bool { // arc i before arc j
		if h.trust[i] != h.trust[j] {
			return h.trust[i] > h.trust[j]
		}
		return h.to[i] < h.to[j]
	}
	swap := func(i, j int) {
		h.to[i], h.to[j] = h.to[j], h.to[i]
		h.cost[i], h.cost[j] = h.cost[j], h.cost[i]
		h.trust[i], h.trust[j] = h.trust[j], h.trust[i]
		h.src[i], h.src[j] = h.src[j], h.src[i]
	}
	for at > lo && less(at, at-1) {
		swap(at, at-1)
		at--
	}
	for at+1 < hi && less(at+1, at) {
		swap(at, at+1)
		at++
	}
	return sort.SliceIsSorted(h.to[lo:hi], func(i, j int) bool { return less(lo+i, lo+j) })
}

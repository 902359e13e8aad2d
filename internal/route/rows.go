package route

import (
	"slices"
)

// RowArc is one tie in a person's new row: the other person, and the tie's trust and source.
type RowArc struct {
	To     int32
	Trust  float64
	Source string
}

// WithRows returns a graph like g but with the ties of the people in rows replaced: rows[v]
// lists every tie person v has now (to anyone), and the rows of the people at the other end
// follow (a tie gained or lost by v is gained or lost by them too). The people, their
// organisations and roles are g's. It returns false (and nil) when a row names an unknown
// person or its own, a trust outside (0, 1], or when two people in rows disagree about the
// tie between them: the caller then rebuilds. g is not changed; the new graph shares g's
// people and copies the arc arrays, re-sorting only the rows that changed: linear in the
// ties, with no map of every person or tie as a rebuild needs.
func (g *Graph) WithRows(rows map[int32][]RowArc) (*Graph, bool) {
	n := int32(len(g.ids))
	sources := g.sources
	var srcIndex map[string]uint32
	source := func(s string) uint32 {
		if srcIndex == nil {
			srcIndex = make(map[string]uint32, len(sources))
			for i, x := range sources {
				if _, ok := srcIndex[x]; !ok {
					srcIndex[x] = uint32(i)
				}
			}
		}
		i, ok := srcIndex[s]
		if !ok {
			sources = append(slices.Clip(sources), s)
			i = uint32(len(sources) - 1)
			srcIndex[s] = i
		}
		return i
	}
	touched := make([]bool, n)
	for v := range rows {
		if v < 0 || v >= n {
			return nil, false
		}
		touched[v] = true
	}
	fresh := make(map[int32][]arc, len(rows))
	for v, r := range rows {
		seen := make(map[int32]int, len(r))
		out := make([]arc, 0, len(r))
		for _, a := range r {
			if a.To < 0 || a.To >= n || a.To == v || !(a.Trust > 0 && a.Trust <= 1) {
				return nil, false
			}
			x := arc{to: a.To, src: source(a.Source), trust: a.Trust}
			if i, ok := seen[a.To]; ok {
				out[i] = x // the later one wins, as in Builder
				continue
			}
			seen[a.To] = len(out)
			out = append(out, x)
		}
		fresh[v] = out
	}
	// Ties between two people in rows must agree; ties to anyone else are added to their row.
	add := map[int32][]arc{}
	for v, r := range fresh {
		for _, a := range r {
			if !touched[a.to] {
				add[a.to] = append(add[a.to], arc{to: v, src: a.src, trust: a.trust})
				continue
			}
			i := slices.IndexFunc(fresh[a.to], func(b arc) bool { return b.to == v })
			if i < 0 || fresh[a.to][i].trust != a.trust || fresh[a.to][i].src != a.src {
				return nil, false
			}
		}
	}
	// The new rows: a person in rows takes theirs; anyone else keeps their old arcs but those
	// to people in rows, plus what add gives them.
	changed := make([]bool, n)
	off := make([]int32, n+1)
	for v := int32(0); v < n; v++ {
		if touched[v] {
			off[v+1] = int32(len(fresh[v]))
			changed[v] = true
			continue
		}
		deg := int32(0)
		for e := g.off[v]; e < g.off[v+1]; e++ {
			if touched[g.to[e]] {
				changed[v] = true
			} else {
				deg++
			}
		}
		if len(add[v]) > 0 {
			changed[v] = true
		}
		off[v+1] = deg + int32(len(add[v]))
	}
	for v := int32(0); v < n; v++ {
		off[v+1] += off[v]
	}
	m := off[n]
	h := &Graph{ids: g.ids, index: g.index, orgs: g.orgs, orgIDs: g.orgIDs, kinds: g.kinds, roles: g.roles,
		flags: g.flags, off: off, to: make([]int32, m), cost: make([]float64, m), trust: make([]float64, m),
		src: make([]uint32, m), sources: sources, ties: int(m / 2)}
	h.pool.New = func() any { return newScratch(int(n)) }
	var row []arc
	for v := int32(0); v < n; v++ {
		lo := off[v]
		if !changed[v] {
			k := g.off[v+1] - g.off[v]
			copy(h.to[lo:lo+k], g.to[g.off[v]:g.off[v+1]])
			copy(h.cost[lo:lo+k], g.cost[g.off[v]:g.off[v+1]])
			copy(h.trust[lo:lo+k], g.trust[g.off[v]:g.off[v+1]])
			copy(h.src[lo:lo+k], g.src[g.off[v]:g.off[v+1]])
			continue
		}
		row = row[:0]
		if touched[v] {
			row = append(row, fresh[v]...)
		} else {
			for e := g.off[v]; e < g.off[v+1]; e++ {
				if !touched[g.to[e]] {
					row = append(row, arc{to: g.to[e], src: g.src[e], trust: g.trust[e]})
				}
			}
			row = append(row, add[v]...)
		}
		slices.SortFunc(row, byTrust) // as Build orders rows
		for i, a := range row {
			e := lo + int32(i)
			h.to[e], h.src[e], h.trust[e], h.cost[e] = a.to, a.src, a.trust, arcCost(a.trust)
		}
	}
	return h, true
}

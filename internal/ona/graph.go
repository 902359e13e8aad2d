// Package ona computes the organisational network analysis measures of Ecograph's tie graph:
// betweenness centrality (exact, and estimated with a stated error bound above a size), team
// cohesion, E-I index and knowledge silos, brokerage between kinds of organisation, bridges,
// and the maturity stage of a team or an organisation with its reasons.
//
// The definitions are the contract's (section "GraphQL: analytics") and docs/analytics.md;
// the tests check them against brute-force references and, under ECOGRAPH_INTEGRATION=1,
// against NetworkX.
//
// The package is pure: no I/O and no globals. It imports only the standard library and the
// domain package github.com/ecograph/ecograph. The betweenness computations may spread their
// work over a given number of goroutines; everything else runs on the caller's.
package ona

import (
	"cmp"
	"slices"
)

// Edge is an undirected tie between the people A and B (indices), with its trust.
type Edge struct {
	A, B  int32
	Trust float64
}

// Graph is an immutable undirected simple graph over the people 0..N()-1 in compressed
// sparse rows: person v's neighbours are adj[off[v]:off[v+1]], in increasing order, with the
// tie's trust alongside. It is safe for concurrent use.
type Graph struct {
	off   []int32
	adj   []int32
	trust []float64
}

// NewGraph returns the graph of n people and the given edges. Edges with an end outside
// 0..n-1 and self-loops are left out; an edge given twice for one pair, in either order, is
// one edge, with the trust of the last one given.
func NewGraph(n int, edges []Edge) *Graph {
	type arc struct {
		lo, hi int32
		at     int
		trust  float64
	}
	arcs := make([]arc, 0, len(edges))
	for i, e := range edges {
		a, b := e.A, e.B
		if a == b || a < 0 || b < 0 || int(a) >= n || int(b) >= n {
			continue
		}
		if b < a {
			a, b = b, a
		}
		arcs = append(arcs, arc{a, b, i, e.Trust})
	}
	slices.SortFunc(arcs, func(x, y arc) int {
		if c := cmp.Compare(x.lo, y.lo); c != 0 {
			return c
		}
		if c := cmp.Compare(x.hi, y.hi); c != 0 {
			return c
		}
		return cmp.Compare(x.at, y.at)
	})
	kept := arcs[:0]
	for i, a := range arcs {
		if i+1 < len(arcs) && arcs[i+1].lo == a.lo && arcs[i+1].hi == a.hi {
			continue // a later edge for the same pair wins
		}
		kept = append(kept, a)
	}
	g := &Graph{off: make([]int32, n+1), adj: make([]int32, 2*len(kept)), trust: make([]float64, 2*len(kept))}
	for _, a := range kept {
		g.off[a.lo+1]++
		g.off[a.hi+1]++
	}
	for i := range n {
		g.off[i+1] += g.off[i]
	}
	fill := slices.Clone(g.off[:n])
	// kept is sorted by (lo, hi): each person's higher neighbours arrive in increasing order,
	// and so do its lower ones (as the hi of earlier rows), lower ones first.
	for _, a := range kept {
		g.adj[fill[a.hi]], g.trust[fill[a.hi]] = a.lo, a.trust
		fill[a.hi]++
	}
	for _, a := range kept {
		g.adj[fill[a.lo]], g.trust[fill[a.lo]] = a.hi, a.trust
		fill[a.lo]++
	}
	return g
}

// N returns the number of people.
func (g *Graph) N() int { return len(g.off) - 1 }

// NumEdges returns the number of undirected edges.
func (g *Graph) NumEdges() int { return len(g.adj) / 2 }

// Degree returns the number of person v's ties.
func (g *Graph) Degree(v int32) int { return int(g.off[v+1] - g.off[v]) }

// Neighbors returns person v's neighbours in increasing order; the caller must not modify it.
func (g *Graph) Neighbors(v int32) []int32 { return g.adj[g.off[v]:g.off[v+1]] }

// Trusts returns the trust of person v's ties, aligned with Neighbors(v).
func (g *Graph) Trusts(v int32) []float64 { return g.trust[g.off[v]:g.off[v+1]] }

// Adjacent reports whether a and b are tied (binary search in the shorter list).
func (g *Graph) Adjacent(a, b int32) bool {
	if g.Degree(b) < g.Degree(a) {
		a, b = b, a
	}
	_, ok := slices.BinarySearch(g.Neighbors(a), b)
	return ok
}

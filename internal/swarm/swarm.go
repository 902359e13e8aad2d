// Package swarm is the pure logic behind "Swarm the target": who can introduce a seller to a
// person (RankIntroducers), which people an account hangs on (SinglePointsOfFailure, exact
// under the contract's hop-bounded, constrained reachability) and the swarm plan's suggested
// team (a greedy set cover).
//
// It works on flat arrays indexed by int32 (a Graph in compressed sparse rows) that the caller
// builds or shares; the projection (internal/projection) adapts its route graph to it. Like
// package route it is pure: no I/O, no goroutines, no globals, and every result is checked in
// the tests against a brute force on thousands of random small graphs. It imports only the
// standard library and the domain package github.com/ecograph/ecograph.
package swarm

// Graph is an undirected graph over people 0..n-1 in compressed sparse rows: the ties of
// person v are the arcs Off[v]..Off[v+1]-1, arc e leading to To[e] with trust Trust[e]. Every
// tie appears once from each end, with the same trust. A Graph is only read, so one may share
// another package's arrays.
type Graph struct {
	Off   []int32
	To    []int32
	Trust []float64
	// Sorted promises that every person's arcs run from the most trusted to the least, so
	// that a search can stop scanning a row at the first arc below its threshold.
	Sorted bool
}

// NumPeople returns the number of people of g.
func (g *Graph) NumPeople() int {
	if len(g.Off) == 0 {
		return 0
	}
	return len(g.Off) - 1
}

package route

// Arcs returns g's ties in compressed sparse rows, shared with g: person v's ties are the
// arcs off[v]..off[v+1]-1, arc e leading to to[e] with trust trust[e], each person's most
// trusted first. Analyses of the whole graph (package swarm) read them in place, without a
// copy; they must never be modified.
func (g *Graph) Arcs() (off, to []int32, trust []float64) { return g.off, g.to, g.trust }

// ArcSource returns the source (evidence) of arc e, an index into Arcs' arrays.
func (g *Graph) ArcSource(e int32) string { return g.sources[g.src[e]] }

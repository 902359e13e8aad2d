package route

// ForEachTie calls fn once for every tie of g, with its lower-indexed person first, its trust
// and source. The projection uses it to rebuild a graph with a few people's ties replaced
// without reading the rest from the database again.
func (g *Graph) ForEachTie(fn func(a, b int32, trust float64, source string)) {
	for v := int32(0); int(v) < len(g.ids); v++ {
		for e := g.off[v]; e < g.off[v+1]; e++ {
			if w := g.to[e]; v < w {
				fn(v, w, g.trust[e], g.sources[g.src[e]])
			}
		}
	}
}

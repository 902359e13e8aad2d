package route

import "math"

// Source returns the index of the tie source named name, adding it when new: what AddTies'
// ties carry in Src.
func (b *Builder) Source(name string) uint32 {
	src, ok := b.srcIndex[name]
	if !ok {
		src = uint32(len(b.sources))
		b.sources = append(b.sources, name)
		b.srcIndex[name] = src
	}
	return src
}

// AddTies adds ties between people given by index, in order, as AddTie would one by one: a tie
// naming an index not added (or a source not given by Source), or a person and themselves, is
// ignored, and of two ties between the same pair the later one wins. It takes ties over
// (rewriting them in place and keeping them until Build) instead of copying them: at 18M ties
// a copy is 432 MB.
func (b *Builder) AddTies(ties []IndexTie) {
	n := int32(len(b.ids))
	k := 0
	for _, t := range ties {
		if t.A < 0 || t.A >= n || t.B < 0 || t.B >= n || t.A == t.B || int(t.Src) >= len(b.sources) {
			continue
		}
		if t.B < t.A {
			t.A, t.B = t.B, t.A
		}
		ties[k] = t
		k++
	}
	ties = ties[:k]
	if len(b.ties)+len(ties) > math.MaxInt32 {
		panic("route: too many ties")
	}
	if len(b.ties) == 0 {
		b.ties = ties
		return
	}
	b.ties = append(b.ties, ties...)
}

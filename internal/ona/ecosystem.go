package ona

import (
	"cmp"
	"container/heap"
	"slices"
)

// Ecosystem matches: which new tie between one of our people and someone outside would most
// increase the number of client decision makers our organisation reaches over trusted ties.
//
// Definitions (docs/analytics.md, "Ecosystem matches"):
//
//   - A tie passes at threshold minTrust when its trust is > 0 and >= minTrust.
//   - A person is reached from our organisation when some walk over passing ties leads to
//     them from a person of ours, the ties read undirected as routes read them, and, with
//     AvoidBlockers, no BLOCKER as an intermediate (the start, a person of ours, and the end
//     may be blockers): the reach of the routes with that minTrust, without a hop limit.
//   - A candidate new tie joins a person of ours u to a person x who is not ours, with trust
//     minTrust (it passes). Raising an existing weaker tie between them to minTrust counts
//     the same.
//   - Its gain is the number of client decision makers reached with it less those reached
//     without it.
//
// Every person of ours is a start, so the people a new tie (u, x) adds are those x brings:
// x itself, and, when x may be an intermediate, every unreached person x reaches over passing
// ties through unreached intermediates. The gain depends on x only, and every x of one such
// group (a connected part of the unreached people, or one unreached blocker) adds the same
// people. So there is one match per group with a gain, made by the pair best placed to tie:
// the pair (u, x), x in the group, with the most trusted existing route from u to x (any
// trust > 0, no blocker as an intermediate with AvoidBlockers), found by one multi-source
// search from all of our people.

// EcosystemPerson is what EcosystemMatches needs to know of a person.
type EcosystemPerson struct {
	Ours           bool // works at an organisation of kind OURS
	ClientDecision bool // a DECISION_MAKER at an organisation of kind CLIENT
	Blocker        bool // holds role BLOCKER
}

// EcosystemOptions are the threshold and the blocker rule of the reach.
type EcosystemOptions struct {
	MinTrust      float64
	AvoidBlockers bool
}

// EcosystemMatch is one new tie and what it adds.
type EcosystemMatch struct {
	Ours, External int32 // the pair to tie: a person of ours, a person who is not
	// DecisionMakers are the client decision makers the tie adds to the reach (by index);
	// Gain is their number; Reached the number of people it adds.
	DecisionMakers []int32
	Gain, Reached  int
	// RouteTrust is the trust (product) of the most trusted existing route from Ours to
	// External, over ties with trust > 0; 0 when there is none.
	RouteTrust float64
}

// EcosystemMatches returns every match with a gain (one per group of external people who add
// the same people), the largest gain first, then the most trusted existing route, then by
// External and Ours. people has one entry per person of g. Time O((n + m) log n).
func EcosystemMatches(g *Graph, people []EcosystemPerson, o EcosystemOptions) []EcosystemMatch {
	n := g.N()
	passes := func(t float64) bool { return t > 0 && t >= o.MinTrust }
	// expands: whether a walk may go on from v (a start, or an allowed intermediate).
	expands := func(v int32) bool { return people[v].Ours || !o.AvoidBlockers || !people[v].Blocker }

	// The current reach: a search from every person of ours.
	reached := make([]bool, n)
	queue := make([]int32, 0, n)
	for v := int32(0); int(v) < n; v++ {
		if people[v].Ours {
			reached[v] = true
			queue = append(queue, v)
		}
	}
	for i := 0; i < len(queue); i++ {
		v := queue[i]
		if !expands(v) {
			continue
		}
		tr := g.Trusts(v)
		for j, x := range g.Neighbors(v) {
			if !reached[x] && passes(tr[j]) {
				reached[x] = true
				queue = append(queue, x)
			}
		}
	}

	// The groups of unreached people: connected parts of the unreached people who may be
	// intermediates (over passing ties), each with the unreached others (blockers) next to
	// it; and every unreached blocker alone.
	group := make([]int32, n) // the group of an unreached person who expands; -1 otherwise
	for i := range group {
		group[i] = -1
	}
	type grp struct {
		entries []int32 // who may be External: the part's people, or the blocker
		adds    []int32 // whom the tie adds
	}
	var groups []grp
	stamp := make([]int32, n)
	for i := range stamp {
		stamp[i] = -1
	}
	for s := int32(0); int(s) < n; s++ {
		if reached[s] || group[s] >= 0 || !expands(s) {
			continue
		}
		id := int32(len(groups))
		part := []int32{s}
		group[s] = id
		var adds []int32
		for i := 0; i < len(part); i++ {
			v := part[i]
			tr := g.Trusts(v)
			for j, x := range g.Neighbors(v) {
				if reached[x] || !passes(tr[j]) {
					continue
				}
				if expands(x) {
					if group[x] < 0 {
						group[x] = id
						part = append(part, x)
					}
				} else if stamp[x] != id {
					stamp[x] = id
					adds = append(adds, x)
				}
			}
		}
		groups = append(groups, grp{entries: part, adds: append(slices.Clone(part), adds...)})
	}
	for v := int32(0); int(v) < n; v++ {
		if !reached[v] && !expands(v) {
			groups = append(groups, grp{entries: []int32{v}, adds: []int32{v}})
		}
	}

	// The most trusted existing route from any person of ours to everyone: Dijkstra on the
	// product of trust, from all of ours at once.
	best, origin := mostTrustedFrom(g, people, expands)

	var out []EcosystemMatch
	for _, gr := range groups {
		var dms []int32
		for _, v := range gr.adds {
			if people[v].ClientDecision {
				dms = append(dms, v)
			}
		}
		if len(dms) == 0 {
			continue
		}
		slices.Sort(dms)
		x := gr.entries[0]
		for _, v := range gr.entries[1:] {
			if best[v] > best[x] || (best[v] == best[x] && v < x) {
				x = v
			}
		}
		u := origin[x]
		if u < 0 {
			u = firstOurs(people)
		}
		if u < 0 {
			return nil // nobody of ours: no new tie to suggest
		}
		out = append(out, EcosystemMatch{Ours: u, External: x, DecisionMakers: dms, Gain: len(dms),
			Reached: len(gr.adds), RouteTrust: best[x]})
	}
	slices.SortFunc(out, func(a, b EcosystemMatch) int {
		if c := cmp.Compare(b.Gain, a.Gain); c != 0 {
			return c
		}
		if c := cmp.Compare(b.RouteTrust, a.RouteTrust); c != 0 {
			return c
		}
		if c := cmp.Compare(a.External, b.External); c != 0 {
			return c
		}
		return cmp.Compare(a.Ours, b.Ours)
	})
	return out
}

// firstOurs returns the lowest-indexed person of ours, -1 when there is none.
func firstOurs(people []EcosystemPerson) int32 {
	for v, p := range people {
		if p.Ours {
			return int32(v)
		}
	}
	return -1
}

// mostTrustedFrom returns, for every person, the trust of the most trusted route to them
// from a person of ours (over ties with trust > 0, going on only from people for whom
// expands holds) and where it starts (-1: no route; a person of ours is their own start,
// with trust 1). Equal trust: the route found first, which is deterministic.
func mostTrustedFrom(g *Graph, people []EcosystemPerson, expands func(int32) bool) ([]float64, []int32) {
	n := g.N()
	best := make([]float64, n)
	origin := make([]int32, n)
	done := make([]bool, n)
	h := &trustHeap{}
	for v := int32(0); int(v) < n; v++ {
		origin[v] = -1
		if people[v].Ours {
			best[v], origin[v] = 1, v
			h.items = append(h.items, trustItem{1, v})
		}
	}
	heap.Init(h)
	for h.Len() > 0 {
		it := heap.Pop(h).(trustItem)
		v := it.v
		if done[v] || it.trust < best[v] {
			continue
		}
		done[v] = true
		if !expands(v) {
			continue
		}
		tr := g.Trusts(v)
		for j, x := range g.Neighbors(v) {
			if people[x].Ours || done[x] || tr[j] <= 0 {
				continue
			}
			if t := best[v] * tr[j]; t > best[x] {
				best[x], origin[x] = t, origin[v]
				heap.Push(h, trustItem{t, x})
			}
		}
	}
	return best, origin
}

type trustItem struct {
	trust float64
	v     int32
}

// trustHeap pops the highest trust first, then the lowest index.
type trustHeap struct{ items []trustItem }

func (h *trustHeap) Len() int { return len(h.items) }
func (h *trustHeap) Less(i, j int) bool {
	if h.items[i].trust != h.items[j].trust {
		return h.items[i].trust > h.items[j].trust
	}
	return h.items[i].v < h.items[j].v
}
func (h *trustHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *trustHeap) Push(x any)    { h.items = append(h.items, x.(trustItem)) }
func (h *trustHeap) Pop() any {
	it := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return it
}

// Package route holds an immutable in-memory projection of Ecograph's tie graph and exact,
// constrained route searches over it: the most trusted (or the shortest) route between two
// people, the k best loopless routes, and the best routes from a team to a set of targets.
//
// The API loads a Graph from Neo4j once (see Builder), then answers route queries in-process;
// the searches implement the contract's semantics exactly (section "GraphQL: routes") and are
// checked in the tests against a brute-force enumeration of simple paths.
//
// The package is pure: no I/O, no goroutines, no globals. It imports only the standard library
// and the domain package github.com/ecograph/ecograph.
package route

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/ecograph/ecograph"
)

// Per-person flag bits: the kind of the person's organisation (one bit per kind) and whether
// they hold the BLOCKER role. Searches test intermediates against these with one AND.
const (
	flagOurs    uint8 = 1 << 0
	flagPartner uint8 = 1 << 1
	flagClient  uint8 = 1 << 2
	flagBlocker uint8 = 1 << 3
)

func kindFlag(k ecograph.OrgKind) uint8 {
	switch k {
	case ecograph.OrgOurs:
		return flagOurs
	case ecograph.OrgPartner:
		return flagPartner
	case ecograph.OrgClient:
		return flagClient
	}
	return 0
}

func roleBit(r ecograph.Role) uint16 {
	for i, v := range ecograph.Roles {
		if v == r {
			return 1 << i
		}
	}
	return 0
}

// Builder collects people and ties and builds a Graph. It is not safe for concurrent use, and
// Build may be called once.
type Builder struct {
	ids      []string
	index    map[string]int32
	orgs     []int32
	orgIDs   []string
	orgIndex map[string]int32
	kinds    []ecograph.OrgKind
	roles    []uint16

	ties     []IndexTie // A < B
	sources  []string
	srcIndex map[string]uint32
	built    bool
}

// IndexTie is a tie between the people of indices A and B (in the order AddPerson first added
// them), with its trust and its source's index (Builder.Source): what AddTies takes, and how
// the Builder holds every tie until Build (24 bytes; no strings).
type IndexTie struct {
	A, B  int32
	Src   uint32
	Trust float64
}

// NewBuilder returns an empty Builder; the hints size its buffers and may be zero.
func NewBuilder(peopleHint, tiesHint int) *Builder {
	peopleHint = max(peopleHint, 0)
	tiesHint = max(tiesHint, 0)
	return &Builder{
		ids:      make([]string, 0, peopleHint),
		index:    make(map[string]int32, peopleHint),
		orgs:     make([]int32, 0, peopleHint),
		orgIndex: make(map[string]int32),
		kinds:    make([]ecograph.OrgKind, 0, peopleHint),
		roles:    make([]uint16, 0, peopleHint),
		ties:     make([]IndexTie, 0, tiesHint),
		srcIndex: make(map[string]uint32),
	}
}

// AddPerson adds a person with their organisation, its kind and their roles. Adding an id a
// second time replaces the person's organisation and roles. People must be added before their
// ties.
func (b *Builder) AddPerson(id, orgID string, orgKind ecograph.OrgKind, roles []ecograph.Role) {
	org, ok := b.orgIndex[orgID]
	if !ok {
		org = int32(len(b.orgIDs))
		b.orgIDs = append(b.orgIDs, orgID)
		b.orgIndex[orgID] = org
	}
	var rs uint16
	for _, r := range roles {
		rs |= roleBit(r)
	}
	if i, ok := b.index[id]; ok {
		b.orgs[i], b.kinds[i], b.roles[i] = org, orgKind, rs
		return
	}
	if len(b.ids) == math.MaxInt32 {
		panic("route: too many people")
	}
	b.index[id] = int32(len(b.ids))
	b.ids = append(b.ids, id)
	b.orgs = append(b.orgs, org)
	b.kinds = append(b.kinds, orgKind)
	b.roles = append(b.roles, rs)
}

// AddTie adds the undirected tie between the people personA and personB, with its trust and
// the name of its source. Ties naming a person not added yet, and ties of a person to
// themselves, are ignored. A later AddTie for the same pair, in either order, replaces the
// earlier one; a tie whose final trust is not in (0, 1] (zero, negative, NaN or above 1) is left
// out of the graph, so a later trust of 0 removes the tie.
func (b *Builder) AddTie(personA, personB string, trust float64, source string) {
	lo, ok := b.index[personA]
	if !ok {
		return
	}
	hi, ok := b.index[personB]
	if !ok || lo == hi {
		return
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if len(b.ties) == math.MaxInt32 {
		panic("route: too many ties")
	}
	b.ties = append(b.ties, IndexTie{A: lo, B: hi, Src: b.Source(source), Trust: trust})
}

// Build returns the Graph of the people and ties added. It panics if called twice, or if the
// graph has more than 2^31-1 tie ends.
func (b *Builder) Build() *Graph {
	if b.built {
		panic("route: Builder.Build called twice")
	}
	b.built = true

	n := len(b.ids)
	ties := b.ties
	b.ties = nil
	keep, kept := lastTies(n, ties)
	if 2*kept > math.MaxInt32 {
		panic(fmt.Sprintf("route: %d ties are too many", kept))
	}

	g := &Graph{
		ids:     b.ids,
		index:   b.index,
		orgs:    b.orgs,
		orgIDs:  b.orgIDs,
		kinds:   b.kinds,
		roles:   b.roles,
		flags:   make([]uint8, n),
		off:     make([]int32, n+1),
		to:      make([]int32, 2*kept),
		cost:    make([]float64, 2*kept),
		trust:   make([]float64, 2*kept),
		src:     make([]uint32, 2*kept),
		sources: b.sources,
		ties:    kept,
	}
	blocker := roleBit(ecograph.RoleBlocker)
	for i := range n {
		g.flags[i] = kindFlag(b.kinds[i])
		if b.roles[i]&blocker != 0 {
			g.flags[i] |= flagBlocker
		}
	}

	// Compressed sparse rows: both ends of each tie, each person's ties most trusted first so
	// that a search with MinTrust can stop scanning at the first tie below it. The arcs go
	// straight into the graph's arrays, and each row is sorted through a small buffer: no
	// copy of every arc (at 18M ties that copy alone was 576 MB).
	for i, t := range ties {
		if keep[i] {
			g.off[t.A+1]++
			g.off[t.B+1]++
		}
	}
	for i := range n {
		g.off[i+1] += g.off[i]
	}
	fill := slices.Clone(g.off[:n])
	for i, t := range ties {
		if !keep[i] {
			continue
		}
		e := fill[t.A]
		g.to[e], g.src[e], g.trust[e] = t.B, t.Src, t.Trust
		fill[t.A]++
		e = fill[t.B]
		g.to[e], g.src[e], g.trust[e] = t.A, t.Src, t.Trust
		fill[t.B]++
	}
	keep, ties, fill = nil, nil, nil
	var row []arc
	for v := range n {
		lo, hi := g.off[v], g.off[v+1]
		row = row[:0]
		for e := lo; e < hi; e++ {
			row = append(row, arc{g.to[e], g.src[e], g.trust[e]})
		}
		slices.SortFunc(row, byTrust)
		for i, a := range row {
			e := lo + int32(i)
			g.to[e], g.src[e], g.trust[e], g.cost[e] = a.to, a.src, a.trust, arcCost(a.trust)
		}
	}
	g.pool.New = func() any { return newScratch(n) }
	return g
}

// lastTies marks, of ties among n people (A < B), the last one added for each pair if its
// trust is in (0, 1], and returns the marks and how many there are. It buckets the ties by
// their lower end, in the order added, and marks an entry when it is the last of its bucket
// for its higher end: linear time, no sorting.
func lastTies(n int, ties []IndexTie) ([]bool, int) {
	start := make([]int32, n+1)
	for _, t := range ties {
		start[t.A+1]++
	}
	for i := range n {
		start[i+1] += start[i]
	}
	byLo := make([]int32, len(ties)) // tie positions, bucketed by A, in the order added
	fill := slices.Clone(start[:n])
	for i, t := range ties {
		byLo[fill[t.A]] = int32(i)
		fill[t.A]++
	}
	last := fill // reused: last[B] is the position in byLo of the last tie (A, B) so far
	for i := range last {
		last[i] = -1
	}
	keep := make([]bool, len(ties))
	kept := 0
	for lo := range n {
		bucket := byLo[start[lo]:start[lo+1]]
		for j, i := range bucket {
			last[ties[i].B] = start[lo] + int32(j)
		}
		for j, i := range bucket {
			t := ties[i]
			if last[t.B] == start[lo]+int32(j) && t.Trust > 0 && t.Trust <= 1 {
				keep[i] = true
				kept++
			}
		}
	}
	return keep, kept
}

// arcCost is the additive cost of a hop: -ln(trust), in [0, +inf) for trust in (0, 1].
func arcCost(trust float64) float64 {
	if trust >= 1 {
		return 0
	}
	return -math.Log(trust)
}

// Graph is an immutable projection of people and their ties, indexed by int32. It is safe for
// concurrent use; every search borrows its scratch space from a pool.
type Graph struct {
	ids    []string
	index  map[string]int32
	orgs   []int32
	orgIDs []string
	kinds  []ecograph.OrgKind
	roles  []uint16
	flags  []uint8

	// The ties in compressed sparse rows: person v's ties are the arcs off[v]..off[v+1]-1,
	// most trusted first; to, cost (-ln trust), trust and src (index into sources) per arc.
	off     []int32
	to      []int32
	cost    []float64
	trust   []float64
	src     []uint32
	sources []string
	ties    int

	pool sync.Pool // *scratch
}

// NumPeople returns the number of people; their indices are 0..NumPeople()-1.
func (g *Graph) NumPeople() int { return len(g.ids) }

// NumTies returns the number of usable (trust in (0, 1]) undirected ties.
func (g *Graph) NumTies() int { return g.ties }

// Index returns the index of the person with the given id, and whether there is one.
func (g *Graph) Index(id string) (int32, bool) {
	i, ok := g.index[id]
	return i, ok
}

// ID returns the id of person i; i must be in 0..NumPeople()-1.
func (g *Graph) ID(i int32) string { return g.ids[i] }

// OrgID returns the id of person i's organisation.
func (g *Graph) OrgID(i int32) string { return g.orgIDs[g.orgs[i]] }

// OrgKind returns the kind of person i's organisation, as added.
func (g *Graph) OrgKind(i int32) ecograph.OrgKind { return g.kinds[i] }

// HasRole reports whether person i holds role r.
func (g *Graph) HasRole(i int32, r ecograph.Role) bool {
	bit := roleBit(r)
	return bit != 0 && g.roles[i]&bit != 0
}

// Degree returns the number of usable ties of person i.
func (g *Graph) Degree(i int32) int { return int(g.off[i+1] - g.off[i]) }

func (g *Graph) valid(i int32) bool { return i >= 0 && int(i) < len(g.ids) }

// Path is a route found by a search: Nodes runs from its start to its end; Trust and Sources
// are per hop (Trust[i] is the tie between Nodes[i] and Nodes[i+1]); TotalTrust is the product
// of Trust, multiplied in order.
type Path struct {
	Nodes      []int32
	Trust      []float64
	Sources    []string
	TotalTrust float64
}

// Len returns the number of hops of p.
func (p Path) Len() int { return len(p.Trust) }

// Route maps p to the domain's Route with the people's ids.
func (g *Graph) Route(p Path) ecograph.Route {
	r := ecograph.Route{
		People: make([]string, len(p.Nodes)),
		Hops:   make([]ecograph.Hop, len(p.Trust)),
		Trust:  p.TotalTrust,
		Length: len(p.Trust),
	}
	for i, v := range p.Nodes {
		r.People[i] = g.ids[v]
	}
	for i := range p.Trust {
		r.Hops[i] = ecograph.Hop{From: r.People[i], To: r.People[i+1], Trust: p.Trust[i], Source: p.Sources[i]}
	}
	return r
}

// arc is one entry of a person's row while rows are built: the other end, the source's index
// and the trust.
type arc struct {
	to    int32
	src   uint32
	trust float64
}

// byTrust orders a person's row: most trusted first, then by the other end's index. Build and
// WithRows both order rows so, which searches over sorted rows rely on.
func byTrust(x, y arc) int {
	switch {
	case x.trust > y.trust:
		return -1
	case x.trust < y.trust:
		return 1
	}
	return int(x.to - y.to)
}

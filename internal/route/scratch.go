package route

import (
	"math"
	"slices"
)

// costEps is the contract's "equal trust within 1e-9 relative", in cost space:
// |ln a - ln b| <= 1e-9 is the same as a/b within 1 ± 1e-9 to first order.
const costEps = 1e-9

// noHops is the minH of a node with no settled label.
const noHops = math.MaxInt32

// The two sides of a bidirectional search.
const (
	fwd = 0 // from the route's start (one person, or a team)
	bwd = 1 // from the route's end
)

// label is a walk from a search root to node: its cost (sum of -ln trust), hops, the label it
// extends (-1 for a root) and the arc used (an index into the Graph's arc arrays, -1 for a
// root). next links the labels settled at the same node.
type label struct {
	cost   float64
	node   int32
	parent int32
	arc    int32
	hops   int32
	next   int32
}

// nodeState is what one side of a search knows about one node.
type nodeState struct {
	minH    int32 // hops of the last label settled here; settled hops strictly decrease
	settled int32 // head of the list of labels settled here, -1 if none
	lab     int32 // breadth-first searches: the node's one label
}

// side is one side of a search. Its arrays are indexed by state, created as the side reaches
// nodes, and its labels by label index.
type side struct {
	gen    uint32 // the side's states are valid where nodeSlot.gen[side] == gen
	states []nodeState
	// tent holds, per state, the cheapest label pushed with exactly h hops (stride hops + 1);
	// a new label is dominated when some h' <= h has tent[h'] <= its cost.
	tent   []float64
	stride int
	labels []label
	heap   labelHeap
	front  []int32 // breadth-first searches: the last layer found
	depth  int32   // breadth-first searches: its depth
}

// scratch is the per-search working memory, sized for one Graph and reused through its pool.
// Per-node entries are never cleared per search: a field counts only when its stamp equals the
// current generation of that field, so a search touches only the nodes it reaches.
type scratch struct {
	nodes []nodeSlot
	sides [2]side
	next  []int32
	meets []meet
	walk  walk

	allowGen uint32 // per public call
	srcGen   uint32 // per search from a new set of roots
	banGen   uint32 // per Yen spur search
	tgtGen   uint32 // per search towards a new set of targets

	// KBest's potential (potential.go), allocated on first use: pot[v] counts when its gen
	// is potG (tentative) or potG+1 (settled); potR is the potential of everyone else.
	pot     []potSlot
	potTree []potTree
	potG    uint32
	potR    float64
	potHeap labelHeap
	potIn   []potEdge
	cursors []cursor
	work    int // ties the last trustedMeet scanned, both sides
}

// nodeSlot is everything the searches keep per node, in one place so that looking at a
// neighbour costs one cache miss.
type nodeSlot struct {
	gen   [2]uint32 // slot[side] is valid when gen[side] == scratch.sides[side].gen
	slot  [2]int32  // state index per side
	allow uint32    // allowGen: may be an intermediate; allowGen+1: may not
	src   uint32    // == srcGen: a root of the forward side
	ban   uint32    // == banGen: banned by the current spur search
	tgt   uint32    // == tgtGen: a target of the current search
}

func newScratch(n int) *scratch {
	return &scratch{nodes: make([]nodeSlot, n)}
}

// bump advances the generation gen of the field that field selects by step, clearing that field
// of every node when the counter would wrap.
func (sc *scratch) bump(gen *uint32, step uint32, field func(*nodeSlot) *uint32) {
	if *gen > math.MaxUint32-2*step {
		for i := range sc.nodes {
			*field(&sc.nodes[i]) = 0
		}
		*gen = 0
	}
	*gen += step
}

func fwdGenField(s *nodeSlot) *uint32 { return &s.gen[fwd] }
func bwdGenField(s *nodeSlot) *uint32 { return &s.gen[bwd] }
func allowField(s *nodeSlot) *uint32  { return &s.allow }
func srcField(s *nodeSlot) *uint32    { return &s.src }
func banField(s *nodeSlot) *uint32    { return &s.ban }
func tgtField(s *nodeSlot) *uint32    { return &s.tgt }

// reset empties side s for a search whose labels have at most maxHops hops (-1 for a
// breadth-first search, which keeps no per-hop costs).
func (sc *scratch) reset(s int, maxHops int32) {
	field := fwdGenField
	if s == bwd {
		field = bwdGenField
	}
	sd := &sc.sides[s]
	sc.bump(&sd.gen, 1, field)
	sd.stride = int(maxHops) + 1
	sd.states = sd.states[:0]
	sd.tent = sd.tent[:0]
	sd.labels = sd.labels[:0]
	sd.heap = sd.heap[:0]
	sd.front = sd.front[:0]
	sd.depth = 0
}

// lookup returns the state index of v on side s, or -1.
func (sc *scratch) lookup(s int, v int32) int32 {
	ns := &sc.nodes[v]
	if ns.gen[s] != sc.sides[s].gen {
		return -1
	}
	return ns.slot[s]
}

// create makes a fresh state for v on side s and returns its index.
func (sc *scratch) create(s int, v int32) int32 {
	sd := &sc.sides[s]
	ns := &sc.nodes[v]
	i := int32(len(sd.states))
	ns.gen[s], ns.slot[s] = sd.gen, i
	sd.states = append(sd.states, nodeState{minH: noHops, settled: -1, lab: -1})
	for range sd.stride {
		sd.tent = append(sd.tent, math.Inf(1))
	}
	return i
}

// newLabel appends a label to side s and returns its index.
func (sc *scratch) newLabel(s int, node int32, cost float64, hops, parent, arc int32) int32 {
	sd := &sc.sides[s]
	sd.labels = append(sd.labels, label{cost: cost, node: node, parent: parent, arc: arc, hops: hops, next: -1})
	return int32(len(sd.labels) - 1)
}

// offer adds the label (v, c, h) on side s unless a label already there dominates it (no more
// cost and no more hops), and queues it with priority key (c, or c plus v's potential in an
// A* search; see potential.go).
func (sc *scratch) offer(s int, v int32, c, key float64, h, parent, arc int32) {
	sd := &sc.sides[s]
	i := sc.lookup(s, v)
	if i < 0 {
		i = sc.create(s, v)
	} else if h >= sd.states[i].minH {
		return
	}
	row := sd.tent[int(i)*sd.stride : int(i)*sd.stride+int(h)+1]
	for _, t := range row {
		if t <= c {
			return
		}
	}
	row[h] = c
	sd.heap.push(heapItem{cost: key, hops: h, lab: sc.newLabel(s, v, c, h, parent, arc)})
}

// settle pops labels from side s's queue until one is not dominated by a label settled at its
// node, settles it and returns it; ok is false when the queue runs dry. Roots are settled when
// created and are returned as they come.
func (sc *scratch) settle(s int) (it heapItem, ok bool) {
	sd := &sc.sides[s]
	for len(sd.heap) > 0 {
		it = sd.heap.pop()
		lb := &sd.labels[it.lab]
		if lb.parent < 0 {
			return it, true
		}
		st := &sd.states[sc.lookup(s, lb.node)]
		if it.hops >= st.minH {
			continue
		}
		st.minH = it.hops
		lb.next = st.settled
		st.settled = it.lab
		return it, true
	}
	return it, false
}

// root creates the settled root label of side s at v, queues it for expansion and, for
// breadth-first searches, puts v in the side's first layer.
func (sc *scratch) root(s int, v int32) {
	sd := &sc.sides[s]
	i := sc.create(s, v)
	lab := sc.newLabel(s, v, 0, 0, -1, -1)
	st := &sd.states[i]
	st.minH, st.settled, st.lab = 0, lab, lab
	if sd.stride > 0 {
		sd.tent[int(i)*sd.stride] = 0
	}
	sd.heap.push(heapItem{lab: lab})
	sd.front = append(sd.front, v)
}

// heapItem is a queued label, ordered by cost, then hops.
type heapItem struct {
	cost float64 // the label's cost; in an A* search its cost plus its node's potential
	hops int32
	lab  int32
}

func (a heapItem) less(b heapItem) bool {
	return a.cost < b.cost || (a.cost == b.cost && a.hops < b.hops)
}

// labelHeap is a 4-ary min-heap of heapItems: shallower than a binary heap, and its children
// share a cache line.
type labelHeap []heapItem

func (h *labelHeap) push(x heapItem) {
	a := append(*h, x)
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !x.less(a[p]) {
			break
		}
		a[i] = a[p]
		i = p
	}
	a[i] = x
	*h = a
}

func (h *labelHeap) pop() heapItem {
	a := *h
	top := a[0]
	n := len(a) - 1
	x := a[n]
	a = a[:n]
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < c+4 && j < n; j++ {
			if a[j].less(a[m]) {
				m = j
			}
		}
		if !a[m].less(x) {
			break
		}
		a[i] = a[m]
		i = m
	}
	if n > 0 {
		a[i] = x
	}
	*h = a
	return top
}

func (h labelHeap) topCost() float64 {
	if len(h) == 0 {
		return math.Inf(1)
	}
	return h[0].cost
}

// meet is a route found by a bidirectional search: the forward label f, then the arc from f's
// node to b's node (or, when arc < 0, f and b end at the same node), then the backward label b
// walked back to its root.
type meet struct {
	f, b, arc int32
	cost      float64
	hops      int32
}

// walk is a route as nodes and arcs, before it becomes a Path.
type walk struct {
	nodes []int32
	arcs  []int32
}

// walkOf returns the route of a meet, in buffers that the next call reuses.
func (sc *scratch) walkOf(m meet) walk {
	bl := sc.sides[bwd].labels
	w := sc.forwardWalk(m.f)
	if m.arc >= 0 {
		w.arcs = append(w.arcs, m.arc)
		w.nodes = append(w.nodes, bl[m.b].node)
	}
	for l := m.b; bl[l].parent >= 0; l = bl[l].parent {
		w.arcs = append(w.arcs, bl[l].arc)
		w.nodes = append(w.nodes, bl[bl[l].parent].node)
	}
	sc.walk = w
	return w
}

// forwardWalk returns the route from the forward side's root to its label f, in the buffers
// that walkOf and treeWalk reuse; they append the rest of the route.
func (sc *scratch) forwardWalk(f int32) walk {
	fl := sc.sides[fwd].labels
	w := walk{nodes: sc.walk.nodes[:0], arcs: sc.walk.arcs[:0]}
	for l := f; l >= 0; l = fl[l].parent {
		w.nodes = append(w.nodes, fl[l].node)
		if fl[l].arc >= 0 {
			w.arcs = append(w.arcs, fl[l].arc)
		}
	}
	slices.Reverse(w.nodes)
	slices.Reverse(w.arcs)
	return w
}

// keepMeetsWithin drops the meets dearer than bound (beyond costEps): a cheaper route was found.
func (sc *scratch) keepMeetsWithin(bound float64) {
	keep := sc.meets[:0]
	for _, o := range sc.meets {
		if o.cost <= bound+costEps {
			keep = append(keep, o)
		}
	}
	sc.meets = keep
}

// simplify cuts cycles out of w. The searches' results are simple paths by construction (see
// trusted.go), so this only guards against a rounding accident in a near tie.
func (w *walk) simplify() {
	for i := 0; i < len(w.nodes); i++ {
		for j := len(w.nodes) - 1; j > i; j-- {
			if w.nodes[j] == w.nodes[i] {
				w.nodes = append(w.nodes[:i+1], w.nodes[j+1:]...)
				w.arcs = append(w.arcs[:i], w.arcs[j:]...)
				break
			}
		}
	}
}

// path turns w into a Path (which does not share w's memory), with its cost (the sum of
// -ln trust in route order).
func (g *Graph) path(w walk) (Path, float64) {
	p := Path{
		Nodes:      slices.Clone(w.nodes),
		Trust:      make([]float64, len(w.arcs)),
		Sources:    make([]string, len(w.arcs)),
		TotalTrust: 1,
	}
	c := 0.0
	for i, a := range w.arcs {
		p.Trust[i] = g.trust[a]
		p.Sources[i] = g.sources[g.src[a]]
		p.TotalTrust *= g.trust[a]
		c += g.cost[a]
	}
	return p, c
}

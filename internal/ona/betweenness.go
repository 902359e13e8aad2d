package ona

import (
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
)

// Betweenness centrality, by hop count, of an undirected graph, normalised as the contract
// (and NetworkX's betweenness_centrality with normalized=True) does:
//
//	c(v) = 2/((n-1)(n-2)) * sum over pairs s<t, s != v != t, of sigma_st(v)/sigma_st
//
// where sigma_st is the number of shortest s-t paths and sigma_st(v) the number of them that
// pass through v. With n < 3 every value is 0.

// ExactLimit is the largest number of people whose betweenness Connectors computes exactly;
// above it, Connectors estimates it (EstimateBetweenness).
const ExactLimit = 5000

// Default accuracy of the estimate: with probability at least 1-DefaultDelta, every estimated
// value is within DefaultEpsilon of the exact one.
const (
	DefaultEpsilon = 0.005
	DefaultDelta   = 0.1
)

// Centrality is the betweenness of every person in a graph and how it was obtained.
type Centrality struct {
	// Values[v] is person v's betweenness, exact or estimated.
	Values []float64
	// Exact is true when Values are exact; otherwise they are an estimate such that, with
	// probability at least 1-Delta, |Values[v] - exact(v)| <= Epsilon for every v at once.
	Exact          bool
	Epsilon, Delta float64
	// Samples is the number of shortest paths sampled; VertexDiameter the bound on the
	// number of people on a shortest path that the sample size was computed from.
	Samples        int
	VertexDiameter int
}

// ConnectorOptions tunes Connectors. The zero value uses the package defaults.
type ConnectorOptions struct {
	ExactLimit int     // exact up to this many people; 0: ExactLimit
	Epsilon    float64 // 0: DefaultEpsilon
	Delta      float64 // 0: DefaultDelta
	Seed       uint64  // the estimate's random seed; the same seed gives the same estimate
	Workers    int     // goroutines; below 1: one
}

// Connectors returns the betweenness of every person in g: exact (Betweenness) up to
// o.ExactLimit people, estimated (EstimateBetweenness) above.
func Connectors(g *Graph, o ConnectorOptions) Centrality {
	limit := o.ExactLimit
	if limit <= 0 {
		limit = ExactLimit
	}
	if g.N() <= limit {
		return Centrality{Values: Betweenness(g, o.Workers), Exact: true}
	}
	eps, delta := o.Epsilon, o.Delta
	if eps <= 0 {
		eps = DefaultEpsilon
	}
	if delta <= 0 {
		delta = DefaultDelta
	}
	return EstimateBetweenness(g, eps, delta, o.Seed, o.Workers)
}

// Betweenness returns the exact betweenness of every person in g: Brandes' algorithm (one
// breadth-first search per source, then the dependencies accumulated back), with the sources
// shared among workers goroutines. Time O(n*m), memory O(n) per worker. Each worker takes
// every workers-th source and the workers' sums are added in a fixed order, so the result
// does not depend on scheduling.
func Betweenness(g *Graph, workers int) []float64 {
	n := g.N()
	out := make([]float64, n)
	if n < 3 {
		return out
	}
	workers = max(1, min(workers, n))
	h, perm := g.bfsOrder()
	sums := make([][]float64, workers)
	var failed atomic.Value
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer catch(&failed)
			b := newBrandes(h)
			for s := w; s < n; s += workers {
				b.source(int32(s))
			}
			sums[w] = b.bc
		}()
	}
	wg.Wait()
	rethrow(&failed)
	scale := 1 / (float64(n-1) * float64(n-2))
	for i, v := range perm {
		var s float64
		for w := range workers {
			s += sums[w][i]
		}
		out[v] = s * scale
	}
	return out
}

// bfsOrder returns g with its people renumbered in breadth-first order (each component from
// its best connected person), and perm, the old number of each new one. Neighbours get
// nearby numbers, so a search touches fewer cache lines: about a third faster on `ecograph
// gen` graphs.
func (g *Graph) bfsOrder() (*Graph, []int32) {
	n := g.N()
	byDegree := make([]int32, n)
	for i := range byDegree {
		byDegree[i] = int32(i)
	}
	slices.SortStableFunc(byDegree, func(a, b int32) int { return g.Degree(b) - g.Degree(a) })
	newID := make([]int32, n)
	for i := range newID {
		newID[i] = -1
	}
	perm := make([]int32, 0, n)
	for _, s := range byDegree {
		if newID[s] >= 0 {
			continue
		}
		newID[s] = int32(len(perm))
		perm = append(perm, s)
		for i := len(perm) - 1; i < len(perm); i++ {
			for _, x := range g.Neighbors(perm[i]) {
				if newID[x] < 0 {
					newID[x] = int32(len(perm))
					perm = append(perm, x)
				}
			}
		}
	}
	h := &Graph{off: make([]int32, n+1), adj: make([]int32, len(g.adj)), trust: make([]float64, len(g.trust))}
	for i, v := range perm {
		nb := g.Neighbors(v)
		h.off[i+1] = h.off[i] + int32(len(nb))
		row := h.adj[h.off[i]:h.off[i+1]]
		for j, x := range nb {
			row[j] = newID[x]
		}
		slices.Sort(row)
	}
	return h, perm
}

// brandes is one worker's scratch space. Between sources every person's dist is -1 and
// sigma 0. The distances have an array of their own (4 bytes a person: 40 KB at 10,000
// people, within a core's L1 cache): the forward search looks at the distance of both ends
// of every tie it scans, and at the path counts only across the shortest-path DAG.
//
// The forward search is direction-optimizing (Beamer, Asanović and Patterson, SC 2012), one
// layer at a time: top-down, the people of the layer scan their ties for people not reached
// yet; bottom-up, the people not reached yet scan their ties for people of the layer. Path
// counts need every DAG arc either way, so bottom-up scans all of an unreached person's
// ties; it is chosen when the unreached people have fewer ties than the layer (the middle
// and last layers of a small-world graph), which on `ecograph gen` graphs scans about a
// third of the ties top-down alone would.
//
// The DAG's arcs are recorded into arcs (room for every tie, so recording one is a store):
// a top-down layer records, for the i-th person reached, its successors in
// arcs[sstart[i]:sstart[i+1]]; a bottom-up layer records, for the j-th, its predecessors in
// arcs[pstart[j]:pstart[j+1]]. The backward pass reads them layer by layer, farthest first.
// Instead of Brandes' delta it accumulates the coefficient coef[x] = (1 + delta[x]) /
// sigma[x], which obeys coef[v] = 1/sigma[v] + sum over v's DAG successors x of coef[x], with
// delta[v] = sigma[v] * (that sum): one addition per arc and one division per person, where
// the textbook update costs a division and a multiplication per arc.
type brandes struct {
	g         *Graph
	dist      []int32
	sigma     []float64
	coef, acc []float64
	order     []int32 // the people reached, in breadth-first order
	sstart    []int32 // successors of order[i] (top-down layers): arcs[sstart[i]:sstart[i+1]]
	pstart    []int32 // predecessors of order[j] (bottom-up layers): arcs[pstart[j]:pstart[j+1]]
	arcs      []int32
	layer     []int32 // layer d is order[layer[d]:layer[d+1]]
	bottomUp  []bool  // the search from layer d to d+1 went bottom-up
	unreached []int32 // bottom-up: the people not reached yet (and some since reached)
	bc        []float64
}

func newBrandes(g *Graph) *brandes {
	n := g.N()
	b := &brandes{g: g, dist: make([]int32, n), sigma: make([]float64, n), coef: make([]float64, n), acc: make([]float64, n),
		order: make([]int32, n), sstart: make([]int32, n+1), pstart: make([]int32, n+1), arcs: make([]int32, len(g.adj)),
		unreached: make([]int32, 0, n), bc: make([]float64, n)}
	for i := range b.dist {
		b.dist[i] = -1
	}
	return b
}

// source adds the dependencies of every person on source s to bc: over ordered pairs (s, t),
// so the sum over all sources counts each unordered pair twice.
func (b *brandes) source(s int32) {
	off, adj := b.g.off, b.g.adj
	dist, sigma, coef, acc, order, sstart, pstart, arcs := b.dist, b.sigma, b.coef, b.acc, b.order, b.sstart, b.pstart, b.arcs
	n := int32(len(dist))
	deg := func(v int32) int64 { return int64(off[v+1] - off[v]) }
	order[0] = s
	reached := int32(1)
	k := int32(0)
	dist[s], sigma[s] = 0, 1
	layer := append(b.layer[:0], 0, 1)
	bottomUp := b.bottomUp[:0]
	unreached := b.unreached[:0]
	listed := false
	unreachedTies := int64(len(adj)) - deg(s)
	layerTies := deg(s)
	for d := int32(0); layer[d] < layer[d+1]; d++ {
		lo, hi := layer[d], layer[d+1]
		dn := d + 1
		var nextTies int64
		if unreachedTies < layerTies {
			bottomUp = append(bottomUp, true)
			if !listed {
				for x := range n {
					if dist[x] < 0 {
						unreached = append(unreached, x)
					}
				}
				listed = true
			}
			left := unreached[:0]
			for _, x := range unreached {
				if dist[x] >= 0 {
					continue // reached by a top-down layer since it was listed
				}
				first := k
				var sx float64
				for _, v := range adj[off[x]:off[x+1]] {
					if dist[v] == d {
						sx += sigma[v]
						arcs[k] = v
						k++
					}
				}
				if k == first {
					left = append(left, x)
					continue
				}
				dist[x], sigma[x] = dn, sx
				order[reached], pstart[reached] = x, first
				reached++
				dx := deg(x)
				unreachedTies -= dx
				nextTies += dx
			}
			unreached = left
			pstart[reached] = k
		} else {
			bottomUp = append(bottomUp, false)
			for i := lo; i < hi; i++ {
				v := order[i]
				sstart[i] = k
				sv := sigma[v]
				for _, x := range adj[off[v]:off[v+1]] {
					dx := dist[x]
					if dx < 0 {
						dx = dn
						dist[x] = dn
						order[reached] = x
						reached++
						t := deg(x)
						unreachedTies -= t
						nextTies += t
					}
					if dx == dn {
						sigma[x] += sv
						arcs[k] = x
						k++
					}
				}
			}
			sstart[hi] = k
		}
		layer = append(layer, reached)
		layerTies = nextTies
	}
	// Backward, farthest layer first: the successors of a person of layer d are in layer
	// d+1, whose coef are final by then. The last entry of layer is an empty layer.
	bc := b.bc
	for d := len(layer) - 3; d >= 1; d-- {
		lo, hi := layer[d], layer[d+1]
		if bottomUp[d] {
			for _, v := range order[lo:hi] {
				acc[v] = 0
			}
			for j := hi; j < layer[d+2]; j++ {
				c := coef[order[j]]
				for _, v := range arcs[pstart[j]:pstart[j+1]] {
					acc[v] += c
				}
			}
			for _, v := range order[lo:hi] {
				sv, sum := sigma[v], acc[v]
				coef[v] = 1/sv + sum
				bc[v] += sv * sum
			}
			continue
		}
		for i := lo; i < hi; i++ {
			v := order[i]
			var sum float64
			for _, x := range arcs[sstart[i]:sstart[i+1]] {
				sum += coef[x]
			}
			sv := sigma[v]
			coef[v] = 1/sv + sum
			bc[v] += sv * sum
		}
	}
	for _, v := range order[:reached] {
		dist[v], sigma[v] = -1, 0
	}
	b.layer, b.bottomUp, b.unreached = layer, bottomUp, unreached
}

// EstimateBetweenness estimates the betweenness of every person in g by Riondato and
// Kornaropoulos' sampling ("Fast approximation of betweenness centrality through sampling",
// WSDM 2014): it draws r pairs (u, w) of distinct people uniformly, and for each a shortest
// u-w path uniformly among all of them (none when w is unreachable), and credits every
// person inside the path with 1/r. With
//
//	r = ceil( (c/eps'^2) * (floor(log2(VD-2)) + 1 + ln(1/delta)) ),  c = 0.5,
//
// where VD bounds the number of people on any shortest path, every estimate of the
// ordered-pair betweenness b(v) = c(v)*(n-2)/n is within eps' of it, for all v at once, with
// probability at least 1-delta. Taking eps' = eps*(n-2)/n puts the returned c(v) within eps.
//
// VD is bounded by one breadth-first search per connected component: 2*eccentricity+1 of its
// first person. Each path is found by a balanced bidirectional breadth-first search that
// counts shortest paths on both sides. Sample i draws from its own generator, seeded with
// (seed, i), and workers goroutines share the samples: the result depends on g, eps, delta
// and seed only.
func EstimateBetweenness(g *Graph, eps, delta float64, seed uint64, workers int) Centrality {
	n := g.N()
	c := Centrality{Values: make([]float64, n), Epsilon: eps, Delta: delta}
	if n < 3 {
		c.Exact = true
		return c
	}
	c.VertexDiameter = vertexDiameterBound(g)
	if c.VertexDiameter < 3 {
		// No shortest path has a person inside it: every value is exactly 0.
		c.Exact = true
		return c
	}
	c.Samples = SampleSize(n, c.VertexDiameter, eps, delta)
	workers = max(1, min(workers, c.Samples))
	counts := make([][]uint32, workers)
	var failed atomic.Value
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer catch(&failed)
			s := newSampler(g)
			lo, hi := w*c.Samples/workers, (w+1)*c.Samples/workers
			for i := lo; i < hi; i++ {
				s.sample(rand.New(rand.NewPCG(seed, uint64(i))))
			}
			counts[w] = s.count
		}()
	}
	wg.Wait()
	rethrow(&failed)
	scale := float64(n) / (float64(n-2) * float64(c.Samples))
	for v := range n {
		var k uint64
		for w := range workers {
			k += uint64(counts[w][v])
		}
		c.Values[v] = float64(k) * scale
	}
	return c
}

// SampleSize is the number of shortest paths EstimateBetweenness samples for n people, a
// vertex-diameter bound vd >= 3, and accuracy eps with probability 1-delta (see there).
func SampleSize(n, vd int, eps, delta float64) int {
	e := eps * float64(n-2) / float64(n)
	return int(math.Ceil(0.5 / (e * e) * (float64(bits.Len(uint(vd-2))-1) + 1 + math.Log(1/delta))))
}

// vertexDiameterBound returns an upper bound on the number of people on any shortest path:
// per connected component, 2*eccentricity+1 of the first person found in it.
func vertexDiameterBound(g *Graph) int {
	n := g.N()
	dist := make([]int32, n)
	for i := range dist {
		dist[i] = -1
	}
	queue := make([]int32, 0, n)
	best := 1
	for s := range n {
		if dist[s] >= 0 {
			continue
		}
		queue = append(queue[:0], int32(s))
		dist[s] = 0
		ecc := int32(0)
		for i := 0; i < len(queue); i++ {
			v := queue[i]
			for _, x := range g.Neighbors(v) {
				if dist[x] < 0 {
					dist[x] = dist[v] + 1
					ecc = dist[x]
					queue = append(queue, x)
				}
			}
		}
		best = max(best, 2*int(ecc)+1)
	}
	return best
}

// sampler is one worker's scratch space for EstimateBetweenness: a forward (from u) and a
// backward (from w) breadth-first search, each with its distances and path counts; dist is
// -1 and sigma 0 between samples.
type sampler struct {
	g     *Graph
	side  [2]bfsSide
	next  []int32
	path  []int32
	count []uint32
}

type bfsSide struct {
	dist    []int32
	sigma   []float64
	front   []int32
	touched []int32
	depth   int32
}

func newSampler(g *Graph) *sampler {
	n := g.N()
	s := &sampler{g: g, count: make([]uint32, n)}
	for i := range s.side {
		d := &s.side[i]
		d.dist, d.sigma = make([]int32, n), make([]float64, n)
		for j := range d.dist {
			d.dist[j] = -1
		}
	}
	return s
}

func (d *bfsSide) root(v int32) {
	d.dist[v], d.sigma[v] = 0, 1
	d.front = append(d.front[:0], v)
	d.touched = append(d.touched[:0], v)
	d.depth = 0
}

func (d *bfsSide) clear() {
	for _, v := range d.touched {
		d.dist[v], d.sigma[v] = -1, 0
	}
	d.touched = d.touched[:0]
}

// frontTies is the number of ties expanding d's last layer would scan.
func (s *sampler) frontTies(d *bfsSide) int {
	t := 0
	for _, v := range d.front {
		t += s.g.Degree(v)
	}
	return t
}

// sample draws one pair and one of its shortest paths, and counts the people inside it.
//
// The two searches grow by whole layers, the cheaper side first. Before side X grows from
// depth a to a+1, no person is known to both sides, so the distance D > a+b (b the other
// side's depth); a person of the new layer known to the other side at depth j gives
// D <= a+1+j, hence j = b and D = a+b+1. Every shortest path crosses the new layer at exactly
// one such meeting person m, in sigma_X(m)*sigma_Y(m) ways: so m is drawn with that weight,
// and the path's two halves by walking back from m, each step to a predecessor p of x drawn
// with probability sigma(p)/sigma(x) (uniform over the shortest paths on that side).
func (s *sampler) sample(r *rand.Rand) {
	n := s.g.N()
	u := int32(r.IntN(n))
	w := int32(r.IntN(n - 1))
	if w >= u {
		w++
	}
	f, b := &s.side[0], &s.side[1]
	f.root(u)
	b.root(w)
	defer f.clear()
	defer b.clear()
	for len(f.front) > 0 && len(b.front) > 0 {
		x, y := f, b
		if s.frontTies(b) < s.frontTies(f) {
			x, y = b, f
		}
		s.expand(x)
		// Meeting people: the new layer of x that y knows.
		var total float64
		for _, m := range x.front {
			if y.dist[m] >= 0 {
				total += x.sigma[m] * y.sigma[m]
			}
		}
		if total == 0 {
			continue
		}
		pick := r.Float64() * total
		var m int32 = -1
		for _, v := range x.front {
			if y.dist[v] < 0 {
				continue
			}
			m = v
			if pick -= x.sigma[v] * y.sigma[v]; pick < 0 {
				break
			}
		}
		s.path = append(s.path[:0], m)
		s.walkBack(f, m, r)
		s.walkBack(b, m, r)
		for _, v := range s.path {
			if v != u && v != w {
				s.count[v]++
			}
		}
		return
	}
}

// expand grows side d by one layer, counting shortest paths into the new layer.
func (s *sampler) expand(d *bfsSide) {
	off, adj := s.g.off, s.g.adj
	dn := d.depth + 1
	next := s.next[:0]
	for _, v := range d.front {
		sv := d.sigma[v]
		for _, x := range adj[off[v]:off[v+1]] {
			if d.dist[x] < 0 {
				d.dist[x] = dn
				next = append(next, x)
				d.touched = append(d.touched, x)
			}
			if d.dist[x] == dn {
				d.sigma[x] += sv
			}
		}
	}
	s.next = d.front
	d.front = next
	d.depth = dn
}

// walkBack walks from m back to side d's root along a uniformly drawn shortest path, adding
// the people it passes (not m) to s.path.
func (s *sampler) walkBack(d *bfsSide, m int32, r *rand.Rand) {
	x := m
	for d.dist[x] > 0 {
		dp := d.dist[x] - 1
		pick := r.Float64() * d.sigma[x]
		var p int32 = -1
		for _, v := range s.g.Neighbors(x) {
			if d.dist[v] != dp {
				continue
			}
			p = v
			if pick -= d.sigma[v]; pick < 0 {
				break
			}
		}
		s.path = append(s.path, p)
		x = p
	}
}

// catch, deferred in a worker goroutine, keeps its panic for rethrow: a panic in a goroutine
// cannot be recovered by its parent, and would end the process.
func catch(failed *atomic.Value) {
	if p := recover(); p != nil {
		failed.CompareAndSwap(nil, fmt.Sprintf("%v\n%s", p, debug.Stack()))
	}
}

// rethrow panics in the calling goroutine with a worker's panic, if one was caught, so that
// the caller's recover (the analytics job's) handles it.
func rethrow(failed *atomic.Value) {
	if p := failed.Load(); p != nil {
		panic(p)
	}
}

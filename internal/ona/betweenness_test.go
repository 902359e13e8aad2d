package ona

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestNewGraph(t *testing.T) {
	g := NewGraph(4, []Edge{{0, 1, 0.5}, {1, 0, 0.7}, {2, 2, 1}, {3, 9, 1}, {-1, 2, 1}, {3, 1, 0.2}, {2, 0, 0.1}})
	if g.N() != 4 || g.NumEdges() != 3 {
		t.Fatalf("N=%d edges=%d, want 4 and 3", g.N(), g.NumEdges())
	}
	want := map[int32][]int32{0: {1, 2}, 1: {0, 3}, 2: {0}, 3: {1}}
	for v, nb := range want {
		if got := g.Neighbors(v); !slices.Equal(got, nb) {
			t.Errorf("Neighbors(%d) = %v, want %v", v, got, nb)
		}
	}
	if tr := g.Trusts(0); tr[0] != 0.7 || tr[1] != 0.1 {
		t.Errorf("Trusts(0) = %v: the last edge for a pair wins", tr)
	}
	if !g.Adjacent(3, 1) || g.Adjacent(2, 3) {
		t.Error("Adjacent")
	}
}

func TestBetweennessKnownGraphs(t *testing.T) {
	path := func(n int) []Edge {
		var e []Edge
		for i := 1; i < n; i++ {
			e = append(e, Edge{int32(i - 1), int32(i), 1})
		}
		return e
	}
	for _, tc := range []struct {
		name  string
		n     int
		edges []Edge
		want  []float64
	}{
		{"empty", 0, nil, []float64{}},
		{"two people", 2, []Edge{{0, 1, 1}}, []float64{0, 0}},
		{"path of 3", 3, path(3), []float64{0, 1, 0}},
		// Path of 5: the middle lies on 4 of the 6 pairs at distance >= 2... 2/((4)(3)) * 4.
		{"path of 5", 5, path(5), []float64{0, 0.5, 4.0 / 6, 0.5, 0}},
		{"star", 5, []Edge{{0, 1, 1}, {0, 2, 1}, {0, 3, 1}, {0, 4, 1}}, []float64{1, 0, 0, 0, 0}},
		{"square", 4, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 0, 1}}, []float64{1.0 / 6, 1.0 / 6, 1.0 / 6, 1.0 / 6}},
		{"triangle", 3, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 0, 1}}, []float64{0, 0, 0}},
		{"two components", 6, []Edge{{0, 1, 1}, {1, 2, 1}, {3, 4, 1}, {4, 5, 1}}, []float64{0, 0.1, 0, 0, 0.1, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := NewGraph(tc.n, tc.edges)
			for _, workers := range []int{1, 2, 7} {
				got := Betweenness(g, workers)
				if len(got) != len(tc.want) {
					t.Fatalf("workers=%d: %d values, want %d", workers, len(got), len(tc.want))
				}
				for v := range got {
					if !near(got[v], tc.want[v], 1e-12) {
						t.Fatalf("workers=%d: %v, want %v", workers, got, tc.want)
					}
				}
			}
		})
	}
}

// TestBetweennessAgainstBruteForce compares Betweenness with the enumeration of every
// shortest path on thousands of small random graphs (connected or not, sparse to dense).
func TestBetweennessAgainstBruteForce(t *testing.T) {
	for _, seed := range seeds(t, 3000, 300) {
		r := rand.New(rand.NewPCG(seed, 0x0A1))
		n := r.IntN(12)
		w := newWorld(r, n, 0.05+0.8*r.Float64(), 1+r.IntN(3))
		want := w.bruteBetweenness()
		got := Betweenness(w.graph(), 1+r.IntN(3))
		for v := range want {
			if !near(got[v], want[v], 1e-9) {
				t.Fatalf("seed=%d %v\nperson %d: got %v, brute force %v\ngot  %v\nwant %v", seed, w, v, got[v], want[v], got, want)
			}
		}
	}
}

// TestEstimateIsExactWithoutInsides: a graph whose shortest paths have nobody inside them
// (vertex diameter bound < 3: no ties) gets exact zeros without sampling.
func TestEstimateIsExactWithoutInsides(t *testing.T) {
	g := NewGraph(5, nil)
	c := EstimateBetweenness(g, 0.1, 0.1, 1, 2)
	if !c.Exact || c.Samples != 0 || slices.Max(c.Values) != 0 {
		t.Fatalf("%+v", c)
	}
}

// TestEstimateWithinBound checks the estimate's guarantee on random graphs big enough to
// have structure: with probability at least 1-delta every value is within eps of the exact
// one. Each graph's seed is fixed, so the test is deterministic; the guarantee says that at
// most a delta share of such runs may miss, and the test allows none to (the bound is loose
// in practice: the largest errors seen are well inside it).
func TestEstimateWithinBound(t *testing.T) {
	type run struct {
		n, communities int
		p, eps         float64
	}
	runs := []run{{300, 1, 0.02, 0.05}, {400, 4, 0.05, 0.03}, {500, 8, 0.08, 0.05}, {200, 2, 0.01, 0.04}, {600, 10, 0.04, 0.02}}
	if testing.Short() {
		runs = runs[:2]
	}
	const delta = 0.1
	worst := 0.0
	for i, rn := range runs {
		r := rand.New(rand.NewPCG(uint64(i), 0xE57))
		w := newWorld(r, rn.n, rn.p, rn.communities)
		g := w.graph()
		exact := Betweenness(g, 2)
		est := EstimateBetweenness(g, rn.eps, delta, uint64(i), 2)
		if est.Exact || est.Samples != SampleSize(rn.n, est.VertexDiameter, rn.eps, delta) || est.VertexDiameter < 3 {
			t.Fatalf("run %d: %+v", i, est)
		}
		maxErr := 0.0
		for v := range exact {
			maxErr = max(maxErr, math.Abs(est.Values[v]-exact[v]))
		}
		worst = max(worst, maxErr/rn.eps)
		t.Logf("n=%d ties=%d VD<=%d samples=%d eps=%v: max error %.4f (%.0f%% of eps), top exact %.4f",
			rn.n, g.NumEdges(), est.VertexDiameter, est.Samples, rn.eps, maxErr, 100*maxErr/rn.eps, slices.Max(exact))
		if maxErr > rn.eps {
			t.Errorf("run %d: max error %v exceeds eps %v", i, maxErr, rn.eps)
		}
		// The same seed gives the same estimate, whatever the number of workers.
		again := EstimateBetweenness(g, rn.eps, delta, uint64(i), 3)
		if !slices.Equal(again.Values, est.Values) {
			t.Fatalf("run %d: the estimate depends on the number of workers", i)
		}
	}
	t.Logf("worst error: %.0f%% of eps", 100*worst)
}

// TestEstimateIsUnbiased: on a small graph, the mean of many independent estimates converges
// to the exact values (each sampled path is uniform among the pair's shortest paths).
func TestEstimateIsUnbiased(t *testing.T) {
	for _, seed := range seeds(t, 20, 5) {
		r := rand.New(rand.NewPCG(seed, 0xB1A5))
		w := newWorld(r, 8+r.IntN(5), 0.3, 1)
		g := w.graph()
		exact := w.bruteBetweenness()
		// eps 0.02 with delta 0.001: ~10^4 samples per run; one run is enough for 3 sigma.
		est := EstimateBetweenness(g, 0.02, 0.001, seed, 1)
		if est.Exact {
			continue
		}
		for v := range exact {
			if math.Abs(est.Values[v]-exact[v]) > 0.02 {
				t.Fatalf("seed=%d %v\nperson %d: estimate %v, exact %v", seed, w, v, est.Values[v], exact[v])
			}
		}
	}
}

func TestConnectorsChoosesExactOrEstimate(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	w := newWorld(r, 60, 0.1, 1)
	g := w.graph()
	if c := Connectors(g, ConnectorOptions{}); !c.Exact || c.Samples != 0 {
		t.Fatalf("60 people: want exact, got %+v", c)
	}
	c := Connectors(g, ConnectorOptions{ExactLimit: 50, Epsilon: 0.1, Seed: 3})
	if c.Exact || c.Epsilon != 0.1 || c.Delta != DefaultDelta || c.Samples == 0 {
		t.Fatalf("60 people over a limit of 50: want an estimate, got %+v", c)
	}
}

func TestSampleSize(t *testing.T) {
	// floor(log2(8-2)) + 1 + ln(10) = 2 + 1 + 2.302585 = 5.302585; eps' = 0.01 * 998/1000.
	got := SampleSize(1000, 8, 0.01, 0.1)
	e := 0.01 * 998.0 / 1000
	if want := int(math.Ceil(0.5 / (e * e) * (3 + math.Log(10)))); got != want {
		t.Fatalf("SampleSize = %d, want %d", got, want)
	}
	if SampleSize(1000, 3, 0.01, 0.1) >= got {
		t.Fatal("a smaller vertex diameter needs fewer samples")
	}
}

func BenchmarkBetweenness(b *testing.B) {
	for _, n := range []int{1000, 3000} {
		r := rand.New(rand.NewPCG(1, 1))
		var edges []Edge
		for range n * 18 {
			edges = append(edges, Edge{int32(r.IntN(n)), int32(r.IntN(n)), 1})
		}
		g := NewGraph(n, edges)
		b.Run(fmt.Sprintf("exact/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				Betweenness(g, 2)
			}
		})
		b.Run(fmt.Sprintf("estimate/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				EstimateBetweenness(g, 0.01, 0.1, 1, 2)
			}
		})
	}
}

// textbookBrandes is Brandes' algorithm as published (queue, stack, predecessor lists,
// delta[v] += sigma[v]/sigma[w]*(1+delta[w])), over the world's adjacency matrix: the
// reference for graphs too large to enumerate paths on, where Betweenness's direction-
// optimizing search switches between top-down and bottom-up layers.
func (w *world) textbookBrandes() []float64 {
	n := w.n
	bc := make([]float64, n)
	for s := range n {
		var stack []int
		pred := make([][]int, n)
		sigma := make([]float64, n)
		dist := make([]int, n)
		for i := range dist {
			dist[i] = -1
		}
		sigma[s], dist[s] = 1, 0
		queue := []int{s}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			stack = append(stack, v)
			for x := range n {
				if !w.adj[v][x] || x == v {
					continue
				}
				if dist[x] < 0 {
					dist[x] = dist[v] + 1
					queue = append(queue, x)
				}
				if dist[x] == dist[v]+1 {
					sigma[x] += sigma[v]
					pred[x] = append(pred[x], v)
				}
			}
		}
		delta := make([]float64, n)
		for i := len(stack) - 1; i >= 0; i-- {
			x := stack[i]
			for _, v := range pred[x] {
				delta[v] += sigma[v] / sigma[x] * (1 + delta[x])
			}
			if x != s {
				bc[x] += delta[x]
			}
		}
	}
	if n < 3 {
		return make([]float64, n)
	}
	for i := range bc {
		bc[i] /= float64(n-1) * float64(n-2)
	}
	return bc
}

func TestBetweennessAgainstTextbookBrandes(t *testing.T) {
	for _, seed := range seeds(t, 60, 10) {
		r := rand.New(rand.NewPCG(seed, 77))
		n := 50 + r.IntN(350)
		w := newWorld(r, n, []float64{0.005, 0.02, 0.05, 0.2}[r.IntN(4)], r.IntN(6))
		want := w.textbookBrandes()
		got := Betweenness(w.graph(), 1+r.IntN(3))
		for v := range want {
			if !near(got[v], want[v], 1e-9) {
				t.Fatalf("seed %d, n %d: person %d: %v, textbook Brandes %v", seed, n, v, got[v], want[v])
			}
		}
	}
}

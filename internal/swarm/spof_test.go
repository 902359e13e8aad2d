package swarm

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"
)

// world is a small random graph with sources, targets and reach options, kept as an edge
// list for the brute force.
type world struct {
	n       int
	edges   [][3]float64 // a, b, trust
	sources []int32
	targets []int32
	r       Reach
}

func (w *world) String() string {
	return fmt.Sprintf("n=%d edges=%v sources=%v targets=%v minTrust=%v own=%v hiddenMinTrust=%v maxHops=%d noInter=%v absent=%v",
		w.n, w.edges, w.sources, w.targets, w.r.MinTrust, w.r.Own, w.r.HiddenMinTrust, w.r.MaxHops, w.r.NoIntermediate, w.r.Absent)
}

// blocks is the brute force's reading of a hop's threshold, written out apart from Reach.hop:
// an edge a-b of trust tr is ruled out when tr <= 0 or below its threshold, MinTrust when Own
// is nil or a or b is Own, HiddenMinTrust otherwise.
func (w *world) blocks(a, b int32, tr float64) bool {
	need := w.r.MinTrust
	if w.r.Own != nil && !w.r.Own[a] && !w.r.Own[b] {
		need = w.r.HiddenMinTrust
	}
	return tr <= 0 || tr < need
}

// graph builds the Graph of w's edges (each from both ends, in a shuffled order, or most
// trusted first).
func (w *world) graph(r *rand.Rand) *Graph {
	adj := make([][]int32, w.n)
	trust := make([][]float64, w.n)
	for _, e := range w.edges {
		a, b := int32(e[0]), int32(e[1])
		adj[a], trust[a] = append(adj[a], b), append(trust[a], e[2])
		adj[b], trust[b] = append(adj[b], a), append(trust[b], e[2])
	}
	// Half the graphs keep each row most trusted first and say so (as the route graph does).
	g := &Graph{Off: make([]int32, w.n+1), Sorted: r.IntN(2) == 0}
	for v := range w.n {
		perm := r.Perm(len(adj[v]))
		if g.Sorted {
			slices.SortStableFunc(perm, func(a, b int) int { return cmp.Compare(trust[v][b], trust[v][a]) })
		}
		for _, i := range perm {
			g.To = append(g.To, adj[v][i])
			g.Trust = append(g.Trust, trust[v][i])
		}
		g.Off[v+1] = int32(len(g.To))
	}
	return g
}

func randomWorld(r *rand.Rand) *world {
	n := 2 + r.IntN(9)
	p := 0.15 + 0.6*r.Float64()
	if r.IntN(4) == 0 { // larger and sparse: long detours around a removed person
		n = 10 + r.IntN(7)
		p = (1.5 + 2*r.Float64()) / float64(n-1)
	}
	w := &world{n: n}
	trusts := []float64{0, 0.1, 0.3, 0.4, 0.5, 0.7, 0.9, 1}
	for a := range n {
		for b := a + 1; b < n; b++ {
			if r.Float64() < p {
				w.edges = append(w.edges, [3]float64{float64(a), float64(b), trusts[r.IntN(len(trusts))]})
			}
		}
	}
	pick := func(p float64) []int32 {
		var out []int32
		for v := range n {
			if r.Float64() < p {
				out = append(out, int32(v))
			}
		}
		return out
	}
	w.sources = pick(0.1 + 0.4*r.Float64())
	w.targets = pick(0.1 + 0.5*r.Float64())
	if r.IntN(4) == 0 && len(w.sources) > 0 {
		w.targets = append(w.targets, w.sources[0]) // a target that is also a source
	}
	w.r.MinTrust = []float64{0, 0, 0.3, 0.4, 0.7}[r.IntN(5)]
	if r.IntN(3) == 0 { // a partner's split threshold: its own people's hops and the others'
		w.r.Own = make([]bool, n)
		for v := range n {
			w.r.Own[v] = r.IntN(3) == 0
		}
		w.r.HiddenMinTrust = []float64{0, 0.3, 0.4, 0.7}[r.IntN(4)]
	}
	w.r.MaxHops = 1 + r.IntN(6)
	if r.IntN(10) == 0 {
		w.r.MaxHops = 10
	}
	if r.IntN(2) == 0 {
		w.r.NoIntermediate = make([]bool, n)
		for v := range n {
			w.r.NoIntermediate[v] = r.IntN(5) == 0
		}
	}
	if r.IntN(3) == 0 {
		w.r.Absent = make([]bool, n)
		for v := range n {
			w.r.Absent[v] = r.IntN(6) == 0
		}
	}
	return w
}

// reached is the brute force: is there a simple path from a source other than t to t, of at
// most MaxHops hops over edges with trust > 0 and >= MinTrust, whose intermediates may be
// intermediates, avoiding removed and absent people? It enumerates paths by depth-first
// search over the edge list.
func (w *world) reached(t int32, removed int32) bool {
	gone := func(v int32) bool { return v == removed || (w.r.Absent != nil && w.r.Absent[v]) }
	if gone(t) {
		return false
	}
	maxHops := max(w.r.MaxHops, 1)
	onPath := make([]bool, w.n)
	var walk func(v int32, hops int) bool
	walk = func(v int32, hops int) bool {
		if v == t {
			return hops > 0
		}
		if hops > 0 && w.r.NoIntermediate != nil && w.r.NoIntermediate[v] {
			return false
		}
		if hops == maxHops {
			return false
		}
		onPath[v] = true
		defer func() { onPath[v] = false }()
		for _, e := range w.edges {
			a, b, tr := int32(e[0]), int32(e[1]), e[2]
			if w.blocks(a, b, tr) {
				continue
			}
			var next int32
			switch v {
			case a:
				next = b
			case b:
				next = a
			default:
				continue
			}
			if onPath[next] || gone(next) {
				continue
			}
			if walk(next, hops+1) {
				return true
			}
		}
		return false
	}
	for _, s := range w.sources {
		if s != t && !gone(s) && walk(s, 0) {
			return true
		}
	}
	return false
}

func (w *world) reference() []TargetResult {
	out := make([]TargetResult, len(w.targets))
	for i, t := range w.targets {
		out[i] = TargetResult{Target: t, Reached: w.reached(t, -1), Critical: []int32{}}
		if !out[i].Reached {
			continue
		}
		for v := range int32(w.n) {
			if v != t && !w.reached(t, v) {
				out[i].Critical = append(out[i].Critical, v)
			}
		}
	}
	return out
}

// seeds returns the worlds' seeds: full of them, short under -short, scaled by
// ECOGRAPH_PROPERTY_SCALE, or the one ECOGRAPH_PROPERTY_SEED names (to replay a failure).
func seeds(t testing.TB, full, short int) []uint64 {
	n := full
	if testing.Short() {
		n = short
	}
	if s := os.Getenv("ECOGRAPH_PROPERTY_SCALE"); s != "" {
		k, err := strconv.Atoi(s)
		if err != nil || k < 1 {
			t.Fatalf("ECOGRAPH_PROPERTY_SCALE=%q: want a positive integer", s)
		}
		n = k * full
	}
	if s := os.Getenv("ECOGRAPH_PROPERTY_SEED"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("ECOGRAPH_PROPERTY_SEED=%q: want a seed", s)
		}
		return []uint64{seed}
	}
	out := make([]uint64, n)
	for i := range out {
		out[i] = uint64(i)
	}
	return out
}

// TestSinglePointsOfFailureAgainstBruteForce compares SinglePointsOfFailure (both ways of
// checking candidates, and the two mixed) and HangsOn with
// removing each person in turn and enumerating every simple path, on thousands of random
// graphs covering every option (trust 0 and thresholds, hop bounds 1..10, people who may not
// be intermediates, absent people, targets that are sources).
func TestSinglePointsOfFailureAgainstBruteForce(t *testing.T) {
	reachedAny, criticalAny := 0, 0
	for _, seed := range seeds(t, 20000, 2000) {
		r := rand.New(rand.NewPCG(seed, 0x5F0F))
		w := randomWorld(r)
		g := w.graph(r)
		want := w.reference()
		// From the targets (the public budget never runs out here), from the sources (budget
		// 0), and a mix (the budget runs out part way, for some targets).
		got := SinglePointsOfFailure(g, w.sources, w.targets, w.r)
		for mode, res := range [][]TargetResult{got, singlePointsOfFailure(g, w.sources, w.targets, w.r, 0),
			singlePointsOfFailure(g, w.sources, w.targets, w.r, r.IntN(2*len(g.To)+1))} {
			for i := range want {
				if res[i].Target != want[i].Target || res[i].Reached != want[i].Reached || !slices.Equal(res[i].Critical, want[i].Critical) {
					t.Fatalf("seed=%d mode=%d\nworld: %v\ntarget %d: got %+v, want %+v", seed, mode, w, want[i].Target, res[i], want[i])
				}
			}
		}
		for i := range want {
			if want[i].Reached {
				reachedAny++
				if len(want[i].Critical) > 0 {
					criticalAny++
				}
			}
		}
		var hang []int32
		for v := range int32(w.n) {
			all, some := true, false
			for i, res := range want {
				if res.Reached {
					some = true
					if w.targets[i] == v || w.reached(w.targets[i], v) {
						all = false
					}
				}
			}
			if some && all {
				hang = append(hang, v)
			}
		}
		if h := HangsOn(got); !slices.Equal(h, hang) && !(len(h) == 0 && len(hang) == 0) {
			t.Fatalf("seed=%d\nworld: %v\nHangsOn = %v, want %v", seed, w, h, hang)
		}
	}
	if reachedAny == 0 || criticalAny == 0 {
		t.Fatalf("the random worlds never exercised criticality: %d reached, %d with critical people", reachedAny, criticalAny)
	}
	t.Logf("%d reached targets, %d with critical people", reachedAny, criticalAny)
}

func TestSinglePointsOfFailure(t *testing.T) {
	// 0 - 1 - 2 - 3 (target), and 0 - 4 - 3 with a weak tie 4-3; 5 is a second source tied
	// to 1; 6 a target nobody reaches.
	edges := [][3]float64{{0, 1, .9}, {1, 2, .9}, {2, 3, .9}, {0, 4, .9}, {4, 3, .2}, {5, 1, .8}}
	build := func(n int) *Graph {
		w := &world{n: n, edges: edges}
		return w.graph(rand.New(rand.NewPCG(1, 2)))
	}
	g := build(7)
	for _, c := range []struct {
		name    string
		sources []int32
		r       Reach
		want    []int32
		reached bool
	}{
		{"the only source is critical", []int32{0}, Reach{MaxHops: 6}, []int32{0}, true},
		{"two sources, two ways in: nobody critical", []int32{0, 5}, Reach{MaxHops: 6}, []int32{}, true},
		{"the weak way ruled out by minTrust", []int32{0}, Reach{MaxHops: 6, MinTrust: .5}, []int32{0, 1, 2}, true},
		{"a second source spares the first", []int32{0, 5}, Reach{MaxHops: 6, MinTrust: .5}, []int32{1, 2}, true},
		{"the hop bound rules out the long way", []int32{0}, Reach{MaxHops: 2}, []int32{0, 4}, true},
		{"too few hops for any way", []int32{0}, Reach{MaxHops: 1}, []int32{}, false},
		{"4 may not be an intermediate", []int32{0}, Reach{MaxHops: 6, NoIntermediate: []bool{4: true, 6: false}}, []int32{0, 1, 2}, true},
		{"2 is hidden", []int32{0}, Reach{MaxHops: 6, Absent: []bool{2: true, 6: false}}, []int32{0, 4}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := SinglePointsOfFailure(g, c.sources, []int32{3, 6}, c.r)
			if got[0].Reached != c.reached || !slices.Equal(got[0].Critical, c.want) {
				t.Fatalf("target 3: got %+v, want reached=%v critical=%v", got[0], c.reached, c.want)
			}
			if got[1].Reached || len(got[1].Critical) != 0 {
				t.Fatalf("target 6 is isolated: %+v", got[1])
			}
		})
	}
}

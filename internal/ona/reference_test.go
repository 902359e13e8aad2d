package ona

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/ecograph/ecograph"
)

// This file holds the tests' model of the contract, independent of the package's code:
// random graphs as adjacency matrices, and brute-force references that enumerate every
// shortest path.

// world is a random undirected graph: people 0..n-1, adj[a][b] for a tie, and the edges as
// fed to NewGraph (duplicates and self-loops included).
type world struct {
	n     int
	adj   [][]bool
	trust map[[2]int]float64 // (low, high) -> the last trust given
	edges []Edge
}

func (w *world) String() string {
	s := fmt.Sprintf("n=%d ties:", w.n)
	for a := 0; a < w.n; a++ {
		for b := a + 1; b < w.n; b++ {
			if w.adj[a][b] {
				s += fmt.Sprintf(" %d-%d", a, b)
			}
		}
	}
	return s
}

// newWorld draws a graph of n people: with probability p per pair, or, with communities > 1,
// dense inside communities and sparse between them; some edges are repeated, reversed, or
// self-loops, which NewGraph must fold away.
func newWorld(r *rand.Rand, n int, p float64, communities int) *world {
	w := &world{n: n, adj: make([][]bool, n), trust: map[[2]int]float64{}}
	for i := range w.adj {
		w.adj[i] = make([]bool, n)
	}
	comm := func(i int) int { return i * max(communities, 1) / n }
	for a := 0; a < n; a++ {
		for b := a + 1; b < n; b++ {
			q := p
			if communities > 1 && comm(a) != comm(b) {
				q = p / 8
			}
			if r.Float64() >= q {
				continue
			}
			w.add(r, a, b)
		}
	}
	for range r.IntN(3) {
		if n > 0 {
			v := int32(r.IntN(n))
			w.edges = append(w.edges, Edge{v, v, 0.5})
		}
	}
	for range r.IntN(3) {
		if len(w.edges) > 0 {
			e := w.edges[r.IntN(len(w.edges))]
			if e.A != e.B {
				w.add(r, int(e.B), int(e.A))
			}
		}
	}
	return w
}

func (w *world) add(r *rand.Rand, a, b int) {
	t := math.Round((0.05+0.95*r.Float64())*1000) / 1000
	x, y := a, b
	if r.IntN(2) == 0 {
		x, y = y, x
	}
	w.edges = append(w.edges, Edge{int32(x), int32(y), t})
	w.adj[a][b], w.adj[b][a] = true, true
	w.trust[[2]int{min(a, b), max(a, b)}] = t
}

func (w *world) graph() *Graph { return NewGraph(w.n, w.edges) }

// distances returns all-pairs hop distances (-1: unreachable) by Floyd-Warshall.
func (w *world) distances() [][]int {
	const inf = math.MaxInt32
	d := make([][]int, w.n)
	for a := range d {
		d[a] = make([]int, w.n)
		for b := range d[a] {
			switch {
			case a == b:
				d[a][b] = 0
			case w.adj[a][b]:
				d[a][b] = 1
			default:
				d[a][b] = inf
			}
		}
	}
	for k := 0; k < w.n; k++ {
		for a := 0; a < w.n; a++ {
			for b := 0; b < w.n; b++ {
				if d[a][k] != inf && d[k][b] != inf && d[a][k]+d[k][b] < d[a][b] {
					d[a][b] = d[a][k] + d[k][b]
				}
			}
		}
	}
	for a := range d {
		for b := range d[a] {
			if d[a][b] == inf {
				d[a][b] = -1
			}
		}
	}
	return d
}

// bruteBetweenness enumerates every shortest path of every pair s<t and, for each person v,
// adds the share of them that pass through v; then normalises as the contract says.
func (w *world) bruteBetweenness() []float64 {
	d := w.distances()
	bc := make([]float64, w.n)
	for s := 0; s < w.n; s++ {
		for t := s + 1; t < w.n; t++ {
			if d[s][t] < 2 {
				continue
			}
			var paths [][]int
			var walk func(path []int)
			walk = func(path []int) {
				last := path[len(path)-1]
				if last == t {
					paths = append(paths, append([]int(nil), path...))
					return
				}
				for x := 0; x < w.n; x++ {
					if w.adj[last][x] && d[s][x] == len(path) && d[x][t] == d[s][t]-len(path) {
						walk(append(path, x))
					}
				}
			}
			walk([]int{s})
			through := make([]int, w.n)
			for _, p := range paths {
				for _, v := range p[1 : len(p)-1] {
					through[v]++
				}
			}
			for v, k := range through {
				bc[v] += float64(k) / float64(len(paths))
			}
		}
	}
	if w.n < 3 {
		return make([]float64, w.n)
	}
	for v := range bc {
		bc[v] *= 2 / (float64(w.n-1) * float64(w.n-2))
	}
	return bc
}

// seeds returns the seeds of the random worlds a property test runs: full of them, short
// under -short, scaled by ECOGRAPH_PROPERTY_SCALE; ECOGRAPH_PROPERTY_SEED replays one.
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

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*max(1, math.Abs(a), math.Abs(b)) }

// team is a random team for the cohesion tests: members drawn among the world's people,
// ties and answers between anyone (members or not).
type team struct {
	members []string
	ties    []ecograph.Tie
	answers []ecograph.SurveyAnswer
}

func newTeam(r *rand.Rand, people int) team {
	var tm team
	id := func(i int) string { return fmt.Sprintf("p%02d", i) }
	for i := range people {
		if r.IntN(3) > 0 {
			tm.members = append(tm.members, id(i))
		}
	}
	if len(tm.members) > 0 && r.IntN(4) == 0 {
		tm.members = append(tm.members, tm.members[0]) // a member listed twice
	}
	trusts := []float64{0, 0.25, 0.5, 0.8, 1}
	for a := range people {
		for b := range people {
			if a < b && r.Float64() < 0.3 {
				x, y := id(a), id(b)
				if r.IntN(2) == 0 {
					x, y = y, x
				}
				tm.ties = append(tm.ties, ecograph.Tie{PersonA: x, PersonB: y, Trust: trusts[r.IntN(len(trusts))]})
				if r.IntN(10) == 0 { // the same pair again, later: it wins
					tm.ties = append(tm.ties, ecograph.Tie{PersonA: y, PersonB: x, Trust: trusts[r.IntN(len(trusts))]})
				}
			}
			if a != b && r.Float64() < 0.25 {
				for _, q := range []string{"trust", "advice"} {
					if r.IntN(2) == 0 {
						tm.answers = append(tm.answers, ecograph.SurveyAnswer{Respondent: id(a), Alter: id(b), Question: q, Score: 1 + r.IntN(5)})
					}
				}
			}
		}
	}
	return tm
}

// bruteCohesion computes the contract's cohesion by looping over every pair of distinct
// members and every answer, the most literal way.
func (tm team) bruteCohesion() (density, avgTrust float64, isolates []string, reciprocity *float64) {
	var ms []string
	for _, m := range tm.members {
		if !slices.Contains(ms, m) {
			ms = append(ms, m)
		}
	}
	isMember := func(p string) bool { return slices.Contains(ms, p) }
	// The trust of the tie between a and b: the last one given, in either order.
	tieOf := func(a, b string) (float64, bool) {
		t, ok := 0.0, false
		for _, x := range tm.ties {
			if (x.PersonA == a && x.PersonB == b) || (x.PersonA == b && x.PersonB == a) {
				t, ok = x.Trust, true
			}
		}
		return t, ok
	}
	ties, sum := 0, 0.0
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			if t, ok := tieOf(ms[i], ms[j]); ok {
				ties++
				sum += t
			}
		}
	}
	if n := len(ms); n >= 2 {
		density = float64(ties) / float64(n*(n-1)/2)
	}
	if ties > 0 {
		avgTrust = sum / float64(ties)
	}
	isolates = []string{}
	for _, m := range ms {
		alone := true
		for _, o := range ms {
			if _, ok := tieOf(m, o); ok && o != m {
				alone = false
			}
		}
		if alone {
			isolates = append(isolates, m)
		}
	}
	slices.Sort(isolates)
	total, back := 0, 0
	for _, a := range tm.answers {
		if !isMember(a.Respondent) || !isMember(a.Alter) || a.Respondent == a.Alter {
			continue
		}
		total++
		for _, b := range tm.answers {
			if b.Respondent == a.Alter && b.Alter == a.Respondent && b.Question == a.Question {
				back++
				break
			}
		}
	}
	if total > 0 {
		r := float64(back) / float64(total)
		reciprocity = &r
	}
	return density, avgTrust, isolates, reciprocity
}

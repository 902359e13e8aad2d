package route

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/ecograph/ecograph"
)

// synthetic describes a generated ecosystem: its people and ties, as the API would read them
// from Neo4j, and who works where, for picking realistic queries.
type synthetic struct {
	people []synthPerson
	ties   []synthTie

	ours     []int32   // people of our organisation
	teams    [][]int32 // our organisation's teams
	clients  [][]int32 // per client organisation, its decision makers (only those with some)
	decision []int32   // every decision maker at a client
}

type synthPerson struct {
	id, org string
	kind    ecograph.OrgKind
	roles   []ecograph.Role
}

type synthTie struct {
	a, b   int32
	trust  float64
	source string
}

// build loads the ecosystem into a Graph, as the API does.
func (s *synthetic) build() *Graph {
	b := NewBuilder(len(s.people), len(s.ties))
	for _, p := range s.people {
		b.AddPerson(p.id, p.org, p.kind, p.roles)
	}
	for _, t := range s.ties {
		b.AddTie(s.people[t.a].id, s.people[t.b].id, t.trust, t.source)
	}
	return b.Build()
}

// syntheticGraph generates a deterministic ecosystem of n people with about 19 ties each
// (180k ties for 10k people, 1.9M for 100k): organisations of heavy-tailed sizes (one of them
// ours, some partners, the rest clients), teams of 6-12 inside them with dense, trusted ties,
// sparser ties across teams of an organisation, and ties across organisations drawn Chung-Lu
// style from heavy-tailed activity weights, so that a few people are hubs with thousands of
// ties. Trust is rounded to 0.05, as survey answers are, which makes exact ties in value
// common. Person i is pid(i).
func syntheticGraph(n int, seed uint64) (*Graph, *synthetic) {
	s := syntheticEcosystem(n, seed)
	return s.build(), s
}

func syntheticEcosystem(n int, seed uint64) *synthetic {
	r := rand.New(rand.NewPCG(seed, 0x5EED))
	s := &synthetic{ties: make([]synthTie, 0, 20*n)}
	trust := func(lo, hi float64) float64 {
		return math.Max(0.05, math.Round((lo+(hi-lo)*r.Float64())*20)/20)
	}
	tie := func(a, b int, t float64, source string) {
		s.ties = append(s.ties, synthTie{int32(a), int32(b), t, source})
	}
	type org struct{ first, size int }
	var orgs []org
	for start, i := 0, 0; start < n; i++ {
		size := int(8 / math.Pow(1-r.Float64(), 1/1.1))
		if i == 0 {
			size = n / 10
		}
		size = max(2, min(size, n/8, n-start))
		orgs = append(orgs, org{start, size})
		start += size
	}
	weight := make([]float64, n)
	cum := make([]float64, n)
	total := 0.0
	for i := range n {
		weight[i] = math.Min(1/math.Pow(1-r.Float64(), 1/1.6), 400)
		total += weight[i]
		cum[i] = total
	}
	for oi, o := range orgs {
		kind := ecograph.OrgClient
		switch {
		case oi == 0:
			kind = ecograph.OrgOurs
		case oi%6 == 1:
			kind = ecograph.OrgPartner
		}
		orgID := fmt.Sprintf("org%d", oi)
		var dms []int32
		for i := o.first; i < o.first+o.size; i++ {
			var roles []ecograph.Role
			if r.IntN(20) == 0 {
				roles = append(roles, ecograph.RoleBlocker)
			}
			if kind == ecograph.OrgClient && r.IntN(25) == 0 {
				roles = append(roles, ecograph.RoleDecisionMaker)
				dms = append(dms, int32(i))
			}
			if r.IntN(10) == 0 {
				roles = append(roles, ecograph.RoleConnector)
			}
			s.people = append(s.people, synthPerson{pid(i), orgID, kind, roles})
			if kind == ecograph.OrgOurs {
				s.ours = append(s.ours, int32(i))
			}
		}
		if len(dms) > 0 {
			s.clients = append(s.clients, dms)
			s.decision = append(s.decision, dms...)
		}
		// Teams, and ties inside them.
		for t := o.first; t < o.first+o.size; {
			size := min(6+r.IntN(7), o.first+o.size-t)
			if kind == ecograph.OrgOurs {
				var team []int32
				for i := t; i < t+size; i++ {
					team = append(team, int32(i))
				}
				s.teams = append(s.teams, team)
			}
			for i := t; i < t+size; i++ {
				for j := i + 1; j < t+size; j++ {
					if r.IntN(10) < 6 {
						tie(i, j, trust(0.6, 1), "team")
					}
				}
			}
			t += size
		}
		// Ties across the organisation's teams, more for active people.
		for i := o.first; i < o.first+o.size; i++ {
			for range int(weight[i] * 1.5) {
				tie(i, o.first+r.IntN(o.size), trust(0.4, 0.9), "org")
			}
		}
	}
	// Ties across organisations, until about 19 per person once repeats and loops are gone.
	pick := func() int {
		i, _ := slices.BinarySearch(cum, r.Float64()*total)
		return min(i, n-1)
	}
	for len(s.ties) < 20*n {
		tie(pick(), pick(), trust(0.1, 0.8), "crm")
	}
	return s
}

// benchQuery is one benchmark query.
type benchQuery struct {
	from, to int32
	team     []int32
	targets  []int32
}

type benchFixture struct {
	g        *Graph
	queries  []benchQuery
	decision []int32
}

var (
	fixtureMu sync.Mutex
	fixtures  = map[int]*benchFixture{}
)

// fixture returns the synthetic graph of n people and 256 queries from one of ours to a
// client's decision maker (and from one of our teams to a client's decision makers).
func fixture(b *testing.B, n int) *benchFixture {
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	if f, ok := fixtures[n]; ok {
		return f
	}
	b.StopTimer()
	defer b.StartTimer()
	g, meta := syntheticGraph(n, 1)
	f := &benchFixture{g: g, decision: meta.decision}
	r := rand.New(rand.NewPCG(2, 2))
	for range 256 {
		f.queries = append(f.queries, benchQuery{
			from:    meta.ours[r.IntN(len(meta.ours))],
			to:      meta.decision[r.IntN(len(meta.decision))],
			team:    meta.teams[r.IntN(len(meta.teams))],
			targets: meta.clients[r.IntN(len(meta.clients))],
		})
	}
	fixtures[n] = f
	b.Logf("synthetic graph: %d people, %d ties, max degree %d", g.NumPeople(), g.NumTies(), maxDegree(g))
	return f
}

func maxDegree(g *Graph) int {
	m := 0
	for i := range g.NumPeople() {
		m = max(m, g.Degree(int32(i)))
	}
	return m
}

// benchSizes is 10k people, and 100k behind ECOGRAPH_BENCH_LARGE=1.
func benchSizes() []int {
	if os.Getenv("ECOGRAPH_BENCH_LARGE") == "1" {
		return []int{10_000, 100_000}
	}
	return []int{10_000}
}

func runBench(b *testing.B, run func(g *Graph, q benchQuery) int) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			f := fixture(b, n)
			b.ReportAllocs()
			found, i := 0, 0
			for b.Loop() {
				found += run(f.g, f.queries[i%len(f.queries)])
				i++
			}
			b.ReportMetric(float64(found)/float64(i), "routes/op")
		})
	}
}

func BenchmarkBest(b *testing.B) {
	o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
	runBench(b, func(g *Graph, q benchQuery) int {
		if _, ok := g.Best(q.from, q.to, o); ok {
			return 1
		}
		return 0
	})
}

func BenchmarkBestMaxHops10MinTrust(b *testing.B) {
	o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
	o.MaxHops = 10
	o.MinTrust = 0.3
	runBench(b, func(g *Graph, q benchQuery) int {
		if _, ok := g.Best(q.from, q.to, o); ok {
			return 1
		}
		return 0
	})
}

func BenchmarkFewestHops(b *testing.B) {
	o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
	o.Objective = ecograph.FewestHops
	runBench(b, func(g *Graph, q benchQuery) int {
		if _, ok := g.Best(q.from, q.to, o); ok {
			return 1
		}
		return 0
	})
}

func BenchmarkKBest(b *testing.B) {
	o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
	runBench(b, func(g *Graph, q benchQuery) int { return len(g.KBest(q.from, q.to, 3, o)) })
}

func BenchmarkKBest20(b *testing.B) {
	o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
	runBench(b, func(g *Graph, q benchQuery) int { return len(g.KBest(q.from, q.to, 20, o)) })
}

func BenchmarkKBestFewestHops(b *testing.B) {
	o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
	o.Objective = ecograph.FewestHops
	runBench(b, func(g *Graph, q benchQuery) int { return len(g.KBest(q.from, q.to, 3, o)) })
}

func BenchmarkBestToTargets(b *testing.B) {
	o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
	runBench(b, func(g *Graph, q benchQuery) int { return len(g.BestToTargets(q.team, q.targets, 3, o)) })
}

func BenchmarkBestToTargetsFewestHops(b *testing.B) {
	o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
	o.Objective = ecograph.FewestHops
	runBench(b, func(g *Graph, q benchQuery) int { return len(g.BestToTargets(q.team, q.targets, 3, o)) })
}

// BenchmarkBuild is loading the projection: the builder's calls and Build.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			s := syntheticEcosystem(n, 1)
			b.ReportAllocs()
			for b.Loop() {
				s.build()
			}
		})
	}
}

// BenchmarkBestToTargetsMany is BestToTargets from one of our teams towards 1 to 256 decision
// makers anywhere, k = 3.
func BenchmarkBestToTargetsMany(b *testing.B) {
	for _, obj := range []ecograph.RouteObjective{ecograph.MostTrusted, ecograph.FewestHops} {
		o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
		o.Objective = obj
		for _, n := range benchSizes() {
			for _, nt := range []int{1, 4, 16, 64, 256} {
				b.Run(fmt.Sprintf("%s/n=%d/targets=%d", obj, n, nt), func(b *testing.B) {
					f := fixture(b, n)
					r := rand.New(rand.NewPCG(3, 3))
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						q := f.queries[i%len(f.queries)]
						i++
						var targets []int32
						for range nt {
							targets = append(targets, f.decision[r.IntN(len(f.decision))])
						}
						f.g.BestToTargets(q.team, targets, 3, o)
					}
				})
			}
		}
	}
}

// BenchmarkWithRows replaces the rows of 100 random people (each gains a tie and keeps the
// rest), what a feed run of evidence that made new ties costs the projection, to compare with
// BenchmarkBuild (the rebuild it replaces).
func BenchmarkWithRows(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			g := fixture(b, n).g
			rng := rand.New(rand.NewPCG(1, 2))
			set := map[int32]bool{}
			for len(set) < 100 {
				set[int32(rng.IntN(n))] = true
			}
			rows := map[int32][]RowArc{}
			for v := range set {
				var r []RowArc
				for e := g.off[v]; e < g.off[v+1]; e++ {
					r = append(r, RowArc{To: g.to[e], Trust: g.trust[e], Source: g.sources[g.src[e]]})
				}
				for {
					w := int32(rng.IntN(n))
					if w != v && !set[w] && !slices.ContainsFunc(r, func(a RowArc) bool { return a.To == w }) {
						rows[v] = append(r, RowArc{To: w, Trust: 0.5, Source: "new"})
						break
					}
				}
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, ok := g.WithRows(rows); !ok {
					b.Fatal("refused")
				}
			}
		})
	}
}

// mixKinds are the route queries of the GraphQL load (ecograph bench --clients): a quarter
// each of MOST_TRUSTED best, FEWEST_HOPS best, trustedRoutes k=5 and routesToDecisionMakers
// k=3 from one of our teams.
var mixKinds = []struct {
	name string
	run  func(g *Graph, q benchQuery) int
}{
	{"best", func(g *Graph, q benchQuery) int {
		if _, ok := g.Best(q.from, q.to, Options{RouteOptions: ecograph.DefaultRouteOptions()}); ok {
			return 1
		}
		return 0
	}},
	{"fewest", func(g *Graph, q benchQuery) int {
		o := Options{RouteOptions: ecograph.DefaultRouteOptions()}
		o.Objective = ecograph.FewestHops
		if _, ok := g.Best(q.from, q.to, o); ok {
			return 1
		}
		return 0
	}},
	{"kbest5", func(g *Graph, q benchQuery) int {
		return len(g.KBest(q.from, q.to, 5, Options{RouteOptions: ecograph.DefaultRouteOptions()}))
	}},
	{"dm3", func(g *Graph, q benchQuery) int {
		return len(g.BestToTargets(q.team, q.targets, 3, Options{RouteOptions: ecograph.DefaultRouteOptions()}))
	}},
}

// runMix runs query i of the mix: the kinds in turn, over the fixture's queries.
func runMix(f *benchFixture, i int) int {
	return mixKinds[i%len(mixKinds)].run(f.g, f.queries[(i/len(mixKinds))%len(f.queries)])
}

// BenchmarkMix is the route side of the GraphQL load: each kind of the mix alone, then the
// mix, on one goroutine (serial) and on GOMAXPROCS goroutines (parallel, b.RunParallel; the
// ns/op of a parallel run is wall time per query over all goroutines, so routes/s is 1e9 /
// ns/op). 100k people only with ECOGRAPH_BENCH_LARGE=1.
func BenchmarkMix(b *testing.B) {
	for _, n := range benchSizes() {
		for _, kind := range append(slices.Clone(mixKinds), struct {
			name string
			run  func(g *Graph, q benchQuery) int
		}{"mix", nil}) {
			run := func(f *benchFixture, i int) int {
				if kind.run == nil {
					return runMix(f, i)
				}
				return kind.run(f.g, f.queries[i%len(f.queries)])
			}
			b.Run(fmt.Sprintf("n=%d/%s/serial", n, kind.name), func(b *testing.B) {
				f := fixture(b, n)
				b.ReportAllocs()
				found, i := 0, 0
				for b.Loop() {
					found += run(f, i)
					i++
				}
				b.ReportMetric(float64(found)/float64(i), "routes/op")
			})
			b.Run(fmt.Sprintf("n=%d/%s/parallel", n, kind.name), func(b *testing.B) {
				f := fixture(b, n)
				b.ReportAllocs()
				var next atomic.Int64
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						run(f, int(next.Add(1)))
					}
				})
			})
		}
	}
}

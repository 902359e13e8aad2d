package projection_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/ona"
	"github.com/ecograph/ecograph/internal/projection"
)

// graphSource streams a given graph: people (ids p0000...) at organisations o0..o(k-1), and
// ties; its bookmark changes when the graph does.
type graphSource struct {
	mu      sync.Mutex
	orgOf   []int
	ties    []ona.Edge
	mark    int
	shuffle uint64 // streams people in a different order per load when set
	loads   int
	teams   int // when set, person i is in team "t<i mod teams>"
}

func (s *graphSource) teamOf(i int) []string {
	if s.teams == 0 {
		return nil
	}
	return []string{fmt.Sprintf("t%d", i%s.teams)}
}

// FindTeamGraphs answers from the source's data: the members, every tie among them as
// given, no survey answers.
func (s *graphSource) FindTeamGraphs(_ context.Context, _ ecograph.Scope, ids []string) (map[string]*ecograph.TeamGraph, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]*ecograph.TeamGraph{}
	for _, id := range ids {
		tg := &ecograph.TeamGraph{TeamID: id}
		in := map[int]bool{}
		for i := range s.orgOf {
			if slices.Contains(s.teamOf(i), id) {
				tg.Members = append(tg.Members, pname(i))
				in[i] = true
			}
		}
		if len(in) == 0 {
			continue
		}
		for _, e := range s.ties {
			if in[int(e.A)] && in[int(e.B)] {
				tg.Ties = append(tg.Ties, ecograph.Tie{PersonA: pname(int(e.A)), PersonB: pname(int(e.B)), Trust: e.Trust})
			}
		}
		out[id] = tg
	}
	return out, nil
}

func pname(i int) string { return fmt.Sprintf("p%04d", i) }

func (s *graphSource) StreamRouteGraph(_ context.Context, sink projection.Sink) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	order := make([]int, len(s.orgOf))
	for i := range order {
		order[i] = i
	}
	if s.shuffle != 0 {
		r := rand.New(rand.NewPCG(s.shuffle, uint64(s.loads)))
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	for _, i := range order {
		sink.AddPerson(pname(i), pname(i), "", fmt.Sprintf("o%d", s.orgOf[i]), nil, s.teamOf(i))
	}
	for _, e := range s.ties {
		sink.AddTie(pname(int(e.A)), pname(int(e.B)), e.Trust, "test")
	}
	seen := map[int]bool{}
	for _, o := range s.orgOf {
		if !seen[o] {
			seen[o] = true
			sink.AddOrganization(ecograph.Organization{ID: fmt.Sprintf("o%d", o), Name: "O", Kind: ecograph.OrgClient})
		}
	}
	return fmt.Sprint(s.mark), nil
}

func (s *graphSource) StreamRouteDelta(ctx context.Context, _ []string, sink projection.Sink) (string, error) {
	return s.StreamRouteGraph(ctx, sink)
}

func (s *graphSource) Bookmark(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fmt.Sprint(s.mark), nil
}

func randomSource(seed uint64, n, orgs int, degree float64) *graphSource {
	r := rand.New(rand.NewPCG(seed, 0x5C))
	s := &graphSource{orgOf: make([]int, n)}
	for i := range s.orgOf {
		s.orgOf[i] = r.IntN(orgs)
	}
	for range int(float64(n) * degree / 2) {
		a, b := r.IntN(n), r.IntN(n)
		t := []float64{0, 0.3, 0.9}[r.IntN(3)] // trust 0: no tie for betweenness
		s.ties = append(s.ties, ona.Edge{A: int32(a), B: int32(b), Trust: t})
	}
	return s
}

// reference computes the betweenness of org's people ("" for all) straight from the source's
// data with ona (the package is checked against brute force and NetworkX on its own).
func (s *graphSource) reference(org string) map[string]float64 {
	var scope []int
	local := map[int]int32{}
	for i, o := range s.orgOf {
		if org == "" || fmt.Sprintf("o%d", o) == org {
			local[i] = int32(len(scope))
			scope = append(scope, i)
		}
	}
	// The last trust given for a pair decides whether the tie counts.
	last := map[[2]int]float64{}
	for _, e := range s.ties {
		a, b := int(e.A), int(e.B)
		last[[2]int{min(a, b), max(a, b)}] = e.Trust
	}
	var edges []ona.Edge
	for p, t := range last {
		la, okA := local[p[0]]
		lb, okB := local[p[1]]
		if okA && okB && t > 0 {
			edges = append(edges, ona.Edge{A: la, B: lb, Trust: t})
		}
	}
	bc := ona.Betweenness(ona.NewGraph(len(scope), edges), 1)
	out := map[string]float64{}
	for j, i := range scope {
		out[pname(i)] = bc[j]
	}
	return out
}

func TestConnectorsOverTheSnapshot(t *testing.T) {
	src := randomSource(1, 400, 3, 6)
	f := projection.New(src, projection.Config{Strict: true}, nil)
	a := projection.NewAnalytics(f, nil, projection.AnalyticsConfig{}, nil)
	ctx := context.Background()
	for _, org := range []string{"", "o0", "o2", "nobody"} {
		res, err := a.Connectors(ctx, org)
		if err != nil {
			t.Fatal(err)
		}
		want := src.reference(org)
		if len(res.Scores) != len(want) || !res.Exact {
			t.Fatalf("%q: %d scores (exact %v), want %d exact", org, len(res.Scores), res.Exact, len(want))
		}
		for i, s := range res.Scores {
			if math.Abs(s.Betweenness-want[s.PersonID]) > 1e-12 {
				t.Fatalf("%q: %s: %v, want %v", org, s.PersonID, s.Betweenness, want[s.PersonID])
			}
			if i > 0 {
				p := res.Scores[i-1]
				if p.Betweenness < s.Betweenness-1e-12 || (math.Abs(p.Betweenness-s.Betweenness) < 1e-13 && p.PersonID > s.PersonID) {
					t.Fatalf("%q: not ranked: %+v before %+v", org, p, s)
				}
			}
		}
		// Cached for the same snapshot.
		again, _ := a.Connectors(ctx, org)
		if again != res {
			t.Fatalf("%q: computed twice for one snapshot", org)
		}
	}
	// A change of the graph gives new scores.
	before, _ := a.Connectors(ctx, "")
	src.mu.Lock()
	src.ties = append(src.ties, ona.Edge{A: 0, B: 1, Trust: 1}, ona.Edge{A: 0, B: 2, Trust: 1})
	src.mark++
	src.mu.Unlock()
	after, err := a.Connectors(ctx, "")
	if err != nil || after == before {
		t.Fatalf("after a change: %v (same result: %v)", err, after == before)
	}
	want := src.reference("")
	for _, s := range after.Scores {
		if math.Abs(s.Betweenness-want[s.PersonID]) > 1e-12 {
			t.Fatalf("after a change: %s: %v, want %v", s.PersonID, s.Betweenness, want[s.PersonID])
		}
	}
}

// TestConnectorsEstimateAboveTheLimit: over the exact limit the scores are the estimate,
// within its bound of the exact values, and the same graph gives the same estimate whatever
// order it was streamed in.
func TestConnectorsEstimateAboveTheLimit(t *testing.T) {
	src := randomSource(2, 600, 2, 4)
	src.shuffle = 9
	opts := ona.ConnectorOptions{ExactLimit: 500, Epsilon: 0.03, Seed: 5}
	f := projection.New(src, projection.Config{Strict: true}, nil)
	a := projection.NewAnalytics(f, nil, projection.AnalyticsConfig{Connectors: opts}, nil)
	ctx := context.Background()
	res, err := a.Connectors(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Exact || res.Epsilon != 0.03 || res.Delta != ona.DefaultDelta || res.Samples == 0 {
		t.Fatalf("want an estimate: %+v", res)
	}
	want := src.reference("")
	got := map[string]float64{}
	for _, s := range res.Scores {
		got[s.PersonID] = s.Betweenness
		if d := math.Abs(s.Betweenness - want[s.PersonID]); d > res.Epsilon {
			t.Fatalf("%s: estimate %v, exact %v: off by more than %v", s.PersonID, s.Betweenness, want[s.PersonID], res.Epsilon)
		}
	}
	// A reload streams the people in another order. The estimate of the older snapshot is
	// served while the new one is computed, then the new one: the same numbers.
	if _, err := f.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	if stale, err := a.Connectors(ctx, ""); err != nil || stale != res {
		t.Fatalf("after a reload: %v (the previous estimate served: %v)", err, stale == res)
	}
	var again *ecograph.Connectors
	waitFor(t, func() bool {
		again, err = a.Connectors(ctx, "")
		return err == nil && again != res
	})
	for _, s := range again.Scores {
		if got[s.PersonID] != s.Betweenness {
			t.Fatalf("%s: %v after a reload in another order, %v before", s.PersonID, s.Betweenness, got[s.PersonID])
		}
	}
}

type fakeWriter struct {
	mu         sync.Mutex
	writes     [][]ecograph.ConnectorScore
	ranks      map[string]int
	teamWrites [][]ecograph.TeamMetrics
	src        *graphSource
}

func (w *fakeWriter) WriteTeamMetrics(_ context.Context, teams []ecograph.TeamMetrics, _ time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.teamWrites = append(w.teamWrites, teams)
	w.src.mu.Lock()
	w.src.mark++
	w.src.mu.Unlock()
	return nil
}

func (w *fakeWriter) WriteConnectorMetrics(_ context.Context, scores []ecograph.ConnectorScore, ranks []int, exact bool, _ time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes = append(w.writes, scores)
	for i, s := range scores {
		w.ranks[s.PersonID] = ranks[i]
	}
	// A write changes the database, as the real one does.
	w.src.mu.Lock()
	w.src.mark++
	w.src.mu.Unlock()
	return nil
}

// TestRunWritesMetricsBackAndSettles: Run computes the whole ecosystem's scores after each
// change, writes what changed back, and the reload its own write causes writes nothing.
func TestRunWritesMetricsBackAndSettles(t *testing.T) {
	src := randomSource(3, 120, 2, 4)
	src.teams = 6
	f := projection.New(src, projection.Config{Strict: true, PollInterval: 10 * time.Millisecond}, nil)
	w := &fakeWriter{ranks: map[string]int{}, src: src}
	a := projection.NewAnalytics(f, src, projection.AnalyticsConfig{WriteBack: w, WriteBackEvery: time.Millisecond,
		WatchInterval: 5 * time.Millisecond, RecomputeEvery: time.Millisecond}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.Run(ctx)
	writes := func() int {
		w.mu.Lock()
		defer w.mu.Unlock()
		return len(w.writes)
	}
	waitFor(t, func() bool { return writes() >= 1 })
	time.Sleep(300 * time.Millisecond) // the reload after the write: nothing more to write
	if n := writes(); n != 1 {
		t.Fatalf("%d write-backs for one graph, want 1", n)
	}
	w.mu.Lock()
	first := w.writes[0]
	if len(first) != 120 {
		t.Fatalf("first write-back has %d people, want 120", len(first))
	}
	if len(w.teamWrites) != 1 || len(w.teamWrites[0]) != 6 {
		t.Fatalf("team write-backs: %v, want one of 6 teams", w.teamWrites)
	}
	for _, m := range w.teamWrites[0] {
		tg, _ := src.FindTeamGraphs(ctx, ecograph.FullScope(), []string{m.TeamID})
		want := ona.TeamCohesion(tg[m.TeamID])
		if m.Density != want.Density || m.AverageTrust != want.AverageTrust || m.Reciprocity != nil || m.Stage != ecograph.StagePistol {
			t.Fatalf("team %s: wrote %+v, cohesion %+v", m.TeamID, m, want)
		}
	}
	res, _ := a.Connectors(ctx, "")
	for i, s := range res.Scores {
		if w.ranks[s.PersonID] != i+1 {
			t.Fatalf("%s: written rank %d, want %d", s.PersonID, w.ranks[s.PersonID], i+1)
		}
	}
	w.mu.Unlock()

	// A new tie: written again, only what changed.
	src.mu.Lock()
	src.ties = append(src.ties, ona.Edge{A: 3, B: 4, Trust: 1})
	src.mark++
	src.mu.Unlock()
	waitFor(t, func() bool { return writes() >= 2 })
	w.mu.Lock()
	defer w.mu.Unlock()
	if n := len(w.writes[1]); n == 0 || n > 120 {
		t.Fatalf("second write-back: %d people", n)
	}
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestExactScoresAreNeverStale: within the exact limit, a request after a change always gets
// the new graph's scores; with MaxStale negative, so do estimates.
func TestExactScoresAreNeverStale(t *testing.T) {
	for _, o := range []projection.AnalyticsConfig{{}, {Connectors: ona.ConnectorOptions{ExactLimit: 10, Epsilon: 0.2}, MaxStale: -1}} {
		src := randomSource(4, 60, 1, 4)
		f := projection.New(src, projection.Config{Strict: true}, nil)
		a := projection.NewAnalytics(f, nil, o, nil)
		ctx := context.Background()
		before, err := a.Connectors(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		src.mu.Lock()
		src.ties = append(src.ties, ona.Edge{A: 5, B: 6, Trust: 1})
		src.mark++
		src.mu.Unlock()
		after, err := a.Connectors(ctx, "")
		if err != nil || after == before {
			t.Fatalf("%+v: the result of the older graph was served (%v)", o, err)
		}
	}
}

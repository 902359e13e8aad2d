package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
)

// overheadQuery is the route the overhead goal is about: people with their
// organisation's name, and every hop's ends and trust.
const overheadQuery = `query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t) {
	people { id name organization { name } } hops { from { id } to { id } trust } } }`

// overheadBench is the API in-process (no network: the handler is called directly) over the
// people `ecograph gen` wrote into the test database, and pairs of them.
type overheadBench struct {
	h      http.Handler
	finder *projection.Finder
	tok    string
	pairs  [][2]string
}

// newOverheadBench needs a database holding `ecograph gen --people N` (ids p-000001...): the
// benchmark measures at a realistic size without importing it each run (docs/benchmarks.md).
func newOverheadBench(b *testing.B) *overheadBench {
	b.Helper()
	store := testdb.Store(b)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	finder := projection.New(source{store}, projection.Config{}, log)
	snap, err := finder.Refresh(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	var ids []string
	for i := 1; ; i++ {
		id := fmt.Sprintf("p-%06d", i)
		if _, ok := snap.Graph.Index(id); !ok {
			break
		}
		ids = append(ids, id)
	}
	if len(ids) < 1000 {
		b.Skipf("the database holds %d people of `ecograph gen` (p-000001...); import `ecograph gen --people 10000 --seed 1` first", len(ids))
	}
	v, err := auth.NewVerifier(authCfg)
	if err != nil {
		b.Fatal(err)
	}
	cfg := server.DefaultConfig()
	cfg.RatePoints = 0 // the engine and the API, not the per-caller rate limits
	h := server.New(cfg, server.Deps{Resolver: &resolvers.Resolver{Store: store, Routes: finder}, Verifier: v, DB: store, Log: log})
	tok, err := auth.Mint(authCfg, ecograph.Caller{Role: ecograph.CallerSeller, Subject: "bench"}, time.Hour, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	ob := &overheadBench{h: h, finder: finder, tok: tok}
	for len(ob.pairs) < 500 {
		a, z := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
		if a != z {
			ob.pairs = append(ob.pairs, [2]string{a, z})
		}
	}
	b.Logf("%d gen people in the snapshot, %d pairs", len(ids), len(ob.pairs))
	return ob
}

func (ob *overheadBench) direct(b *testing.B, p [2]string) {
	if _, err := ob.finder.VisibleRoutes(context.Background(), p[0], p[1], 1, ecograph.DefaultRouteOptions(), nil); err != nil {
		b.Fatal(err)
	}
}

func (ob *overheadBench) graphql(b *testing.B, p [2]string) {
	body, _ := json.Marshal(map[string]any{"query": overheadQuery, "variables": map[string]any{"f": p[0], "t": p[1]}})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+ob.tok)
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	ob.h.ServeHTTP(w, req)
	if w.Code != http.StatusOK || bytes.Contains(w.Body.Bytes(), []byte(`"errors"`)) {
		b.Fatalf("graphql: %d %.300s", w.Code, w.Body.Bytes())
	}
}

// BenchmarkRouteOverhead measures GraphQL's own cost for one route: each pair is asked by a
// direct call to the finder and then through the HTTP handler in-process, interleaved so that
// both see the same machine state. It reports both p50s and their difference (the overhead;
// goal <= 150 µs at 10k/180k). The graphql and direct sub-benchmarks run one side alone, for
// CPU and allocation profiles (go test -bench RouteOverhead/graphql -cpuprofile ...).
//
//	ECOGRAPH_INTEGRATION=1 go test -run '^$' -bench RouteOverhead -benchtime 2000x ./internal/server/
func BenchmarkRouteOverhead(b *testing.B) {
	ob := newOverheadBench(b)
	for _, p := range ob.pairs { // warm the search's scratch pools and the query cache
		ob.direct(b, p)
		ob.graphql(b, p)
	}
	b.Run("interleaved", func(b *testing.B) {
		viaGo := make([]time.Duration, 0, b.N)
		viaAPI := make([]time.Duration, 0, b.N)
		for i := 0; i < b.N; i++ {
			p := ob.pairs[i%len(ob.pairs)]
			t0 := time.Now()
			ob.direct(b, p)
			t1 := time.Now()
			ob.graphql(b, p)
			viaGo = append(viaGo, t1.Sub(t0))
			viaAPI = append(viaAPI, time.Since(t1))
		}
		slices.Sort(viaGo)
		slices.Sort(viaAPI)
		goP50, apiP50 := viaGo[len(viaGo)/2], viaAPI[len(viaAPI)/2]
		b.ReportMetric(float64(goP50.Microseconds()), "direct-p50-µs")
		b.ReportMetric(float64(apiP50.Microseconds()), "graphql-p50-µs")
		b.ReportMetric(float64((apiP50 - goP50).Microseconds()), "overhead-p50-µs")
	})
	// CPU time per request (the process's user and system time, garbage collection included)
	// says what a request costs even where other work on a shared machine stretches the wall
	// time; the overhead is graphql's cpu-µs/op minus direct's.
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			ob.direct(b, ob.pairs[i%len(ob.pairs)])
		}
		b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N), "cpu-µs/op")
	})
	b.Run("graphql", func(b *testing.B) {
		b.ReportAllocs()
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			ob.graphql(b, ob.pairs[i%len(ob.pairs)])
		}
		b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(b.N), "cpu-µs/op")
	})
}

// cpuTime returns the user and system CPU time this process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/gen"
	"github.com/ecograph/ecograph/internal/importer"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/resolvers"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// runBench generates a synthetic ecosystem, imports it into Neo4j, and measures route
// queries: in-process through the store, end to end through GraphQL over HTTP, under
// concurrency, and side by side with Neo4j-native baselines. It deletes what it imported.
func runBench(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench", stderr)
	people := fs.Int("people", 10000, "people in the synthetic ecosystem")
	tiesPer := fs.Float64("ties-per-person", 18, "ties per person (18 gives LDBC SF1's 10k/180k)")
	seed := fs.Uint64("seed", 1, "random seed")
	queries := fs.Int("queries", 300, "queries per measured series")
	keep := fs.Bool("keep", false, "keep the imported data afterwards")
	interactions := fs.Int("interactions", 0, "also import this many interactions and measure logging them through GraphQL (0: skip)")
	skipRoutes := fs.Bool("skip-routes", false, "skip the route measurements (with --interactions: measure evidence only)")
	freshWrites := fs.Int("freshness-writes", 0, "also measure freshness across 3 replicas with this many tie writes (0: skip)")
	freshRate := fs.Float64("freshness-rate", 50, "tie writes per second of the freshness measurement")
	clientsFlag := fs.String("clients", "8", "concurrent GraphQL clients of the load measurement, a comma-separated list of levels")
	noBaselines := fs.Bool("skip-baselines", false, "skip the side-by-side with Neo4j's own path search")
	profile := fs.String("profile", "", "write CPU, mutex and block profiles of each load level into this directory")
	data := fs.String("data", "", "measure over the graph already in the database, loaded from this folder of gen's files (make bulk-load DIR=...): no generation, no import, nothing deleted")
	if err := parse(fs, args); err != nil {
		return err
	}
	var levels []int
	for _, f := range strings.Split(*clientsFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("--clients: %q is not a positive number", f)
		}
		levels = append(levels, n)
	}
	b := &bench{clients: levels, profile: *profile, noBaselines: *noBaselines, out: stdout, log: stderr, queries: *queries, interactions: *interactions, skipRoutes: *skipRoutes,
		freshWrites: *freshWrites, freshRate: *freshRate, data: *data}
	return b.run(ctx, c, *people, *tiesPer, *seed, *keep)
}

type bench struct {
	out, log io.Writer
	queries  int
	clients  []int  // load levels
	profile  string // where load profiles go ("": none)
	// freshWrites tie writes at freshRate per second measure freshness across replicas.
	freshWrites int
	freshRate   float64
	store       *cypher.Store
	finder      *projection.Finder
	ids         []string // the bench's people
	dms         []string // organisations with decision makers

	interactions int // interactions to import and log (0: skip)
	skipRoutes   bool
	noBaselines  bool   // skip the Neo4j path-search baselines
	dir          string // the generated data
	data         string // --data: the folder the database's graph was loaded from ("": generate and import)
}

func (b *bench) printf(format string, args ...any) { fmt.Fprintf(b.out, format, args...) }

func (b *bench) run(ctx context.Context, c config, people int, tiesPer float64, seed uint64, keep bool) error {
	b.printf("# Ecograph route benchmark\n\n")
	b.printf("machine: %s/%s, %d cores, %s; Neo4j at %s (same machine)\n", runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), memTotal(), c.Neo4jURI)
	dir := b.data
	var st gen.Stats
	start := time.Now()
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "ecograph-bench-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if st, err = gen.Generate(gen.Config{People: people, Seed: seed, TiesPerPerson: tiesPer}, dir); err != nil {
			return err
		}
		b.printf("data: gen --people %d --seed %d: %d people, %d ties, %d organisations, max degree %d, median %d (generated in %s)\n\n",
			st.People, seed, st.People, st.Ties, st.Organizations, st.MaxDegree, st.MedianDegree, time.Since(start).Round(time.Millisecond))
	} else {
		b.printf("data: the graph in the database, loaded from %s (not generated, not imported, kept)\n\n", dir)
	}

	store, closeFn, err := openStore(ctx, c, 60*time.Second)
	if err != nil {
		return err
	}
	defer closeFn()
	b.store = store
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	if b.ids, err = readColumn(filepath.Join(dir, "people.csv"), "id"); err != nil {
		return err
	}
	if b.data != "" {
		return b.afterImport(ctx, c, dir)
	}
	if !keep {
		defer b.cleanup(context.WithoutCancel(ctx), dir)
	}

	// Import.
	start = time.Now()
	sum, err := importer.Import(ctx, dir, importSink{Store: store}, importer.Options{BatchSize: 10000})
	if err != nil {
		return err
	}
	d := time.Since(start)
	b.printf("## Import (ecograph import, batches of 10000)\n\n%d rows in %s: %.0f rows/s, %.0f ties/s overall (goal: 10k/180k in <= 60 s, >= 20k ties/s)\n\n",
		sum.Written(), d.Round(time.Millisecond), float64(sum.Written())/d.Seconds(), float64(st.Ties)/d.Seconds())
	for _, f := range sum.Files {
		b.printf("- %s: %d rows in %s (%.0f rows/s)\n", f.File, f.Written, f.Duration.Round(time.Millisecond), float64(f.Written)/f.Duration.Seconds())
	}
	return b.afterImport(ctx, c, dir)
}

// afterImport loads the projection and runs the measurements over the graph in the database.
func (b *bench) afterImport(ctx context.Context, c config, dir string) error {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	b.finder = projection.New(projectionSource{b.store}, projection.Config{Strict: c.StrictRoutes}, logger)
	snap, err := b.finder.Refresh(ctx)
	if err != nil {
		return err
	}
	b.printf("\n## Route projection\n\nloaded %d people, %d ties from Neo4j in %s (strict freshness: %v)\n\n",
		snap.Graph.NumPeople(), snap.Graph.NumTies(), snap.LoadTime.Round(time.Millisecond), c.StrictRoutes)
	for _, o := range orgIDs(dir) {
		if len(snap.DecisionMakers(o)) > 0 {
			b.dms = append(b.dms, o)
		}
	}
	b.dir = dir
	if !b.skipRoutes {
		if err := b.measure(ctx, c); err != nil {
			return err
		}
	}
	if b.freshWrites > 0 {
		if err := b.freshness(ctx, c, b.freshWrites, b.freshRate); err != nil {
			return err
		}
	}
	if b.interactions > 0 {
		return b.evidence(ctx, c)
	}
	return nil
}

func (b *bench) measure(ctx context.Context, c config) error {
	rng := rand.New(rand.NewPCG(7, 11))
	pair := func() (string, string) {
		for {
			a, z := b.ids[rng.IntN(len(b.ids))], b.ids[rng.IntN(len(b.ids))]
			if a != z {
				return a, z
			}
		}
	}
	pairs := make([]routePair, b.queries)
	for i := range pairs {
		pairs[i].from, pairs[i].to = pair()
	}
	opts := func(obj ecograph.RouteObjective) ecograph.RouteOptions {
		o := ecograph.DefaultRouteOptions()
		o.Objective = obj
		return o
	}
	series := func(name, goal string, fn func(i int) error) ([]time.Duration, error) {
		lat := make([]time.Duration, 0, len(pairs))
		for i := range pairs {
			t0 := time.Now()
			if err := fn(i); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			lat = append(lat, time.Since(t0))
		}
		b.printf("| %s | %d | %s | %s | %s | %s |\n", name, len(lat), pct(lat, 50), pct(lat, 99), pct(lat, 100), goal)
		return lat, nil
	}
	// Warm up the JVM's JIT, the driver's connection pool and the search scratch pools; the
	// first queries of a cold process are not what a running service sees.
	for i := range pairs {
		if _, err := b.finder.Routes(ctx, pairs[i].from, pairs[i].to, 3, opts(ecograph.MostTrusted)); err != nil {
			return err
		}
	}
	found := 0
	b.printf("## Latency, one client, direct Go call to the store (projection.Finder)\n\n")
	b.printf("| query | n | p50 | p99 | max | goal |\n|---|---|---|---|---|---|\n")
	var err error
	if _, err = series("FEWEST_HOPS, maxHops 6", "p50 <= 20 ms, p99 <= 100 ms", func(i int) error {
		r, err := b.finder.Routes(ctx, pairs[i].from, pairs[i].to, 1, opts(ecograph.FewestHops))
		found += len(r)
		return err
	}); err != nil {
		return err
	}
	if _, err = series("MOST_TRUSTED, maxHops 6", "p50 <= 30 ms, p99 <= 150 ms", func(i int) error {
		_, err := b.finder.Routes(ctx, pairs[i].from, pairs[i].to, 1, opts(ecograph.MostTrusted))
		return err
	}); err != nil {
		return err
	}
	if _, err = series("trustedRoutes k=5 (MOST_TRUSTED)", "p50 <= 80 ms", func(i int) error {
		_, err := b.finder.Routes(ctx, pairs[i].from, pairs[i].to, 5, opts(ecograph.MostTrusted))
		return err
	}); err != nil {
		return err
	}
	if _, err = series("routesToDecisionMakers k=3", "p50 <= 80 ms", func(i int) error {
		_, err := b.finder.RoutesToDecisionMakers(ctx, []string{pairs[i].from}, b.dms[i%len(b.dms)], 3, opts(ecograph.MostTrusted))
		return err
	}); err != nil {
		return err
	}
	// No route: with minTrust 0.6 only the strong ties remain (a few percent), so many pairs
	// are cut apart and the search has to exhaust what it can reach before it says so.
	var noRouteLat []time.Duration
	for i := range pairs {
		o := opts(ecograph.MostTrusted)
		o.MinTrust = 0.6
		t0 := time.Now()
		r, err := b.finder.Routes(ctx, pairs[i].from, pairs[i].to, 1, o)
		if err != nil {
			return err
		}
		if len(r) == 0 {
			noRouteLat = append(noRouteLat, time.Since(t0))
		}
	}
	noRoute := len(noRouteLat)
	b.printf("| no route (minTrust 0.6, pairs the search proves cut apart) | %d | %s | %s | %s | p99 <= 300 ms |\n",
		noRoute, pct(noRouteLat, 50), pct(noRouteLat, 99), pct(noRouteLat, 100))
	b.printf("\n%d of %d FEWEST_HOPS pairs had a route; %d of %d pairs had none at minTrust 0.6.\n\n", found, len(pairs), noRoute, len(pairs))

	// End to end through GraphQL over HTTP (loopback), same pairs.
	v, err := auth.NewVerifier(c.Auth)
	if err != nil {
		return err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	scfg := server.DefaultConfig()
	scfg.RatePoints = 0 // the bench measures the engine, not the per-caller rate limits
	h := server.New(scfg, server.Deps{Resolver: &resolvers.Resolver{Store: b.store, Routes: b.finder},
		Verifier: v, DB: b.store, Log: logger})
	srv := httptest.NewServer(h)
	defer srv.Close()
	tok, err := auth.Mint(c.Auth, ecograph.Caller{Role: ecograph.CallerSeller}, time.Hour, time.Now())
	if err != nil {
		return err
	}
	gc := newGQLClient(srv.URL, 256)
	gqlAs := func(tok, query string, vars map[string]any) error { return gc.do(ctx, tok, query, vars) }
	gql := func(query string, vars map[string]any) error { return gqlAs(tok, query, vars) }
	const routeQ = `query($f: ID!, $t: ID!, $o: RouteOptions) { trustedRoute(from: $f, to: $t, options: $o) {
		trust length people { id name organization { name kind } } hops { trust source explanation } } }`
	b.printf("## Latency, one client, GraphQL end to end over HTTP (people, organisations and explanations selected)\n\n")
	b.printf("Each pair is asked twice in a row, once by a direct Go call to the store and once through GraphQL, so that both\n")
	b.printf("series see the same machine state; the ratio of their p50s is the API's overhead.\n\n")
	b.printf("| query | n | GraphQL p50 | GraphQL p99 | direct p50 | direct p99 | overhead (p50 ratio, goal <= 1.10) |\n|---|---|---|---|---|---|---|\n")
	for _, obj := range []ecograph.RouteObjective{ecograph.FewestHops, ecograph.MostTrusted} {
		var viaAPI, viaGo []time.Duration
		for i := range pairs {
			t0 := time.Now()
			if _, err := b.finder.Routes(ctx, pairs[i].from, pairs[i].to, 1, opts(obj)); err != nil {
				return err
			}
			viaGo = append(viaGo, time.Since(t0))
			t0 = time.Now()
			if err := gql(routeQ, map[string]any{"f": pairs[i].from, "t": pairs[i].to, "o": map[string]any{"objective": string(obj)}}); err != nil {
				return err
			}
			viaAPI = append(viaAPI, time.Since(t0))
		}
		b.printf("| %s, maxHops 6 | %d | %s | %s | %s | %s | %.2f |\n", obj, len(pairs), pct(viaAPI, 50), pct(viaAPI, 99),
			pct(viaGo, 50), pct(viaGo, 99), float64(pct(viaAPI, 50))/float64(pct(viaGo, 50)))
	}
	b.printf("\nWhere the ratio exceeds 1.10 it is because the direct call is an in-memory search of well under a millisecond\n")
	b.printf("while a GraphQL request over HTTP (loopback, JSON, field execution) adds about half a millisecond; the absolute\n")
	b.printf("overhead is the GraphQL p50 minus the direct p50.\n\n")

	// Concurrency: each level runs clients*queries/2 mixed queries.
	for _, clients := range b.clients {
		if err := b.load(ctx, c, clients, pairs, gqlAs, routeQ); err != nil {
			return err
		}
	}

	if b.noBaselines {
		return nil
	}
	return b.baselines(ctx, pairs[:min(len(pairs), 100)])
}

// baselines runs the same pairs through Neo4j's own path search: Cypher SHORTEST for hop
// counts and APOC's Dijkstra over a stored cost of -ln(trust) for the most trusted route.
func (b *bench) baselines(ctx context.Context, pairs []routePair) error {
	b.printf("## Side by side with Neo4j-native path search (same pairs, same machine)\n\n")
	drv := b.store.Driver()
	run := func(q string, params map[string]any) (*neo4j.EagerResult, error) {
		return neo4j.ExecuteQuery(ctx, drv, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithReadersRouting())
	}
	// Cypher SHORTEST for hop counts; its lengths must equal our FEWEST_HOPS lengths.
	const shortest = `MATCH (a:Person {id: $a}), (b:Person {id: $b})
MATCH p = SHORTEST 1 (a)-[:TIE]-{1,6}(b)
RETURN length(p) AS hops`
	var theirs, ours []time.Duration
	mismatch := 0
	noBlockers := ecograph.DefaultRouteOptions()
	noBlockers.AvoidBlockers = false
	noBlockers.Objective = ecograph.FewestHops
	for _, p := range pairs {
		t0 := time.Now()
		res, err := run(shortest, map[string]any{"a": p.from, "b": p.to})
		if err != nil {
			return fmt.Errorf("SHORTEST: %w", err)
		}
		theirs = append(theirs, time.Since(t0))
		t0 = time.Now()
		r, err := b.finder.Routes(ctx, p.from, p.to, 1, noBlockers)
		if err != nil {
			return err
		}
		ours = append(ours, time.Since(t0))
		want := -1
		if len(res.Records) > 0 {
			h, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "hops")
			want = int(h)
		}
		got := -1
		if len(r) > 0 {
			got = r[0].Length
		}
		if got != want {
			mismatch++
		}
	}
	b.printf("| query | ours p50 | theirs p50 | ours p99 | theirs p99 | ours/theirs (p50) | answers differ |\n|---|---|---|---|---|---|---|\n")
	b.printf("| fewest hops (maxHops 6, no role constraints) vs Cypher `SHORTEST 1 ... {1,6}` | %s | %s | %s | %s | %.3f | %d of %d |\n",
		pct(ours, 50), pct(theirs, 50), pct(ours, 99), pct(theirs, 99), float64(pct(ours, 50))/float64(pct(theirs, 50)), mismatch, len(pairs))

	// APOC Dijkstra over a stored cost of -ln(trust) for the most trusted route.
	if _, err := run("RETURN apoc.version() AS v", nil); err != nil {
		b.printf("| most trusted vs APOC `apoc.algo.dijkstra` | - | APOC not installed | | | | |\n\n")
		return nil
	}
	for i := 0; i < len(b.ids); i += 2000 {
		_, err := neo4j.ExecuteQuery(ctx, drv, `UNWIND $ids AS id MATCH (:Person {id: id})-[t:TIE]->() WHERE t.trust > 0 SET t.cost = -log(t.trust)`,
			map[string]any{"ids": b.ids[i:min(i+2000, len(b.ids))]}, neo4j.EagerResultTransformer)
		if err != nil {
			return fmt.Errorf("set cost: %w", err)
		}
	}
	const dijkstra = `MATCH (a:Person {id: $a}), (b:Person {id: $b})
CALL apoc.algo.dijkstra(a, b, 'TIE', 'cost') YIELD path, weight
RETURN length(path) AS hops, exp(-weight) AS trust LIMIT 1`
	trusted := ecograph.DefaultRouteOptions()
	trusted.AvoidBlockers = false
	trusted.MaxHops = ecograph.MaxMaxHops
	theirs, ours, mismatch = nil, nil, 0
	if len(b.ids) > 20000 {
		pairs = pairs[:min(len(pairs), 20)] // APOC's Dijkstra takes seconds a pair at this size
	}
	for _, p := range pairs {
		t0 := time.Now()
		res, err := run(dijkstra, map[string]any{"a": p.from, "b": p.to})
		if err != nil {
			return fmt.Errorf("apoc.algo.dijkstra: %w", err)
		}
		theirs = append(theirs, time.Since(t0))
		t0 = time.Now()
		r, err := b.finder.Routes(ctx, p.from, p.to, 1, trusted)
		if err != nil {
			return err
		}
		ours = append(ours, time.Since(t0))
		if len(res.Records) > 0 && len(r) > 0 {
			tr, _, _ := neo4j.GetRecordValue[float64](res.Records[0], "trust")
			h, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "hops")
			if h <= ecograph.MaxMaxHops && math.Abs(tr-r[0].Trust) > 1e-9*tr {
				mismatch++
			}
		} else if (len(res.Records) > 0) != (len(r) > 0) {
			mismatch++
		}
	}
	b.printf("| most trusted (maxHops 10, no role constraints) vs APOC `apoc.algo.dijkstra` on cost = -ln(trust) | %s | %s | %s | %s | %.3f | %d of %d |\n\n",
		pct(ours, 50), pct(theirs, 50), pct(ours, 99), pct(theirs, 99), float64(pct(ours, 50))/float64(pct(theirs, 50)), mismatch, len(pairs))
	b.printf("Theirs answer one best path without hop limits, avoid-lists, blocker rules or k-best; ours honour all of them.\n")
	return nil
}

type routePair struct{ from, to string }

func pct(lat []time.Duration, p int) time.Duration {
	if len(lat) == 0 {
		return 0
	}
	s := slices.Clone(lat)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	if i > 0 {
		i--
	}
	return s[min(i, len(s)-1)].Round(time.Microsecond)
}

func readColumn(path, col string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	head, err := r.Read()
	if err != nil {
		return nil, err
	}
	ci := slices.Index(head, col)
	if ci < 0 {
		return nil, fmt.Errorf("%s: no column %s", path, col)
	}
	var out []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return out, nil
		} else if err != nil {
			return nil, err
		}
		out = append(out, rec[ci])
	}
}

func orgIDs(dir string) []string {
	ids, _ := readColumn(filepath.Join(dir, "organizations.csv"), "id")
	return ids
}

// cleanup deletes everything the bench imported.
func (b *bench) cleanup(ctx context.Context, dir string) {
	teams, _ := readColumn(filepath.Join(dir, "teams.csv"), "id")
	all := append(append(slices.Clone(b.ids), teams...), orgIDs(dir)...)
	for i := 0; i < len(all); i += 2000 {
		batch := all[i:min(i+2000, len(all))]
		_, err := neo4j.ExecuteQuery(ctx, b.store.Driver(), "UNWIND $ids AS id MATCH (n {id: id}) WHERE n:Person OR n:Team OR n:Organization DETACH DELETE n",
			map[string]any{"ids": batch}, neo4j.EagerResultTransformer)
		if err != nil {
			fmt.Fprintf(b.log, "bench cleanup: %v\n", err)
			return
		}
	}
	fmt.Fprintf(b.log, "bench: deleted the %d imported nodes\n", len(all))
}

func memTotal() string {
	raw, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "memory unknown"
	}
	line, _, _ := strings.Cut(string(raw), "\n")
	return strings.Join(strings.Fields(line)[1:], " ") + " RAM"
}

func vmHWM() string {
	raw, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(l, "VmHWM:"))
		}
	}
	return "unknown"
}

func heapInUse() string {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return fmt.Sprintf("%.0f MB", float64(m.HeapInuse)/(1<<20))
}

// load runs clients concurrent GraphQL clients (each its own seller) asking mixed route
// queries over pairs (runLoad, shared with `ecograph loadtest`), and reports routes/s and
// latency; with --profile it records CPU, mutex and block profiles of the run.
func (b *bench) load(ctx context.Context, c config, clients int, pairs []routePair,
	gqlAs func(tok, query string, vars map[string]any) error, routeQ string) error {
	total := clients * b.queries / 2
	// Each client is its own seller (its own rate-limit bucket), as in production.
	toks := make([]string, clients)
	for w := range toks {
		var err error
		if toks[w], err = auth.Mint(c.Auth, ecograph.Caller{Role: ecograph.CallerSeller, Subject: fmt.Sprint("bench-client-", w)}, time.Hour, time.Now()); err != nil {
			return err
		}
	}
	rngs := make([]*rand.Rand, clients)
	for w := range rngs {
		rngs[w] = rand.New(rand.NewPCG(uint64(w), 99))
	}
	stopProfiles, err := b.startProfiles(clients)
	if err != nil {
		return err
	}
	res := runLoad(ctx, clients, total, 0, func(ctx context.Context, w, i int) error {
		gql := func(query string, vars map[string]any) error { return gqlAs(toks[w], query, vars) }
		p := pairs[rngs[w].IntN(len(pairs))]
		switch i % 4 {
		case 0:
			return gql(routeQ, map[string]any{"f": p.from, "t": p.to})
		case 1:
			return gql(routeQ, map[string]any{"f": p.from, "t": p.to, "o": map[string]any{"objective": "FEWEST_HOPS"}})
		case 2:
			return gql(`query($f: ID!, $t: ID!) { trustedRoutes(from: $f, to: $t, k: 5) { trust length } }`, map[string]any{"f": p.from, "t": p.to})
		default:
			return gql(`query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o, k: 3) { trust length } }`,
				map[string]any{"f": p.from, "o": b.dms[i%len(b.dms)]})
		}
	})
	if err := stopProfiles(); err != nil {
		return err
	}
	if res.FirstErr != "" {
		return fmt.Errorf("%s", res.FirstErr)
	}
	b.printf("## Load: %d concurrent GraphQL clients, mixed route queries (MOST_TRUSTED, FEWEST_HOPS, k=5, decision makers k=3)\n\n", clients)
	b.printf("%d queries in %s: %.0f routes/s (goal >= 100), p50 %s, p99 %s (goal <= 250 ms)\n", res.Requests, res.Wall.Round(time.Millisecond),
		res.Rate(), res.Pct(50), res.Pct(99))
	b.printf("peak memory of this process (API, projection and bench driver together): VmHWM %s; Go heap in use now %s\n\n", vmHWM(), heapInUse())

	return nil
}

// startProfiles starts the CPU profile and samples every mutex contention and blocking event
// when --profile is set; the returned function writes cpu-N, mutex-N and block-N.pprof.
func (b *bench) startProfiles(clients int) (func() error, error) {
	if b.profile == "" {
		return func() error { return nil }, nil
	}
	if err := os.MkdirAll(b.profile, 0o755); err != nil {
		return nil, err
	}
	cpu, err := os.Create(filepath.Join(b.profile, fmt.Sprintf("cpu-%d.pprof", clients)))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		cpu.Close()
		return nil, err
	}
	runtime.SetMutexProfileFraction(1)
	runtime.SetBlockProfileRate(1)
	return func() error {
		pprof.StopCPUProfile()
		runtime.SetMutexProfileFraction(0)
		runtime.SetBlockProfileRate(0)
		if err := cpu.Close(); err != nil {
			return err
		}
		for _, name := range []string{"mutex", "block"} {
			f, err := os.Create(filepath.Join(b.profile, fmt.Sprintf("%s-%d.pprof", name, clients)))
			if err != nil {
				return err
			}
			err = pprof.Lookup(name).WriteTo(f, 0)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
		return nil
	}, nil
}

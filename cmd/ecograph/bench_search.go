package main

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
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/fold"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/resolvers"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// benchSearchPrefix starts the id of everything bench-search writes, so that it can delete
// exactly that afterwards, next to whatever else the database holds.
const benchSearchPrefix = "bs-"

// Names for bench-search: accents, case and letters that carry their accent, so that folding
// has work to do.
var (
	searchFirstNames = []string{"Anna", "Zoë", "Émile", "José", "Søren", "Łukasz", "Chloé", "Jürgen",
		"François", "Inés", "Björn", "Hans", "Marc", "Ursula", "Thomas", "Maria", "Peter", "Ève",
		"Çağla", "Ægir", "Nuño", "Dörte", "Jiří", "Kateřina"}
	searchLastNames = []string{"Räber", "Zürcher", "Müller", "Keller", "Brenner", "Gómez", "Dvořák",
		"Øvrebø", "Nguyễn", "Strauß", "Huber", "Moser", "Schmid", "Bianchi", "Martin", "Weber",
		"Fischer", "Meier", "Schneider", "Lehmann", "Kovač", "Şahin", "Ångström", "O'Brien"}
)

// runBenchSearch measures people search, the name order and totalCount through GraphQL at
// scale: it writes --people people (through the same upsert as the API and the importer),
// asks the API, checks the counts against a brute-force fold of the generated names, prints
// a report and deletes what it wrote (unless --keep).
func runBenchSearch(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("bench-search", stderr)
	people := fs.Int("people", 100000, "people to write")
	seed := fs.Uint64("seed", 1, "random seed")
	queries := fs.Int("queries", 100, "queries per measured series")
	keep := fs.Bool("keep", false, "keep the written data afterwards")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *people < 1000 || *queries < 1 {
		return ecograph.Invalid("people", "must be at least 1000 (and queries at least 1)")
	}
	store, closeFn, err := openStore(ctx, c, 60*time.Second)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := store.Migrate(ctx); err != nil {
		return err
	}
	out := func(format string, args ...any) { fmt.Fprintf(stdout, format, args...) }
	out("# Ecograph people search benchmark\n\n")
	out("machine: %s/%s, %d cores, %s; Neo4j at %s (same machine); load average at start %s\n\n",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), memTotal(), c.Neo4jURI, loadAverage())

	srv, tokens, err := benchSearchAPI(c, store)
	if err != nil {
		return err
	}
	defer srv.Close()
	gql := func(tok, query string, vars map[string]any) (map[string]any, time.Duration, error) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		t0 := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, 0, err
		}
		defer resp.Body.Close()
		var r struct {
			Data   map[string]any
			Errors []any
		}
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
			return nil, 0, err
		}
		d := time.Since(t0)
		if len(r.Errors) > 0 {
			return nil, d, fmt.Errorf("graphql: %v", r.Errors)
		}
		return r.Data, d, nil
	}
	const countQ = `query($q: String) { people(filter: {nameContains: $q}, first: 0) { totalCount } }`
	countOf := func(tok, text string) (int, error) {
		if tok == "" {
			return 0, fmt.Errorf("no token")
		}
		data, _, err := gql(tok, countQ, map[string]any{"q": text})
		if err != nil {
			return 0, err
		}
		n, _ := data["people"].(map[string]any)["totalCount"].(float64)
		return int(n), nil
	}

	// The search texts: common, medium, rare (three people get the name) and absent.
	needles := []string{"er", "ZURCHER", "räberli", "xyzzy-nobody"}
	before := map[string]int{}
	for _, n := range needles {
		if before[n], err = countOf(tokens[ecograph.CallerAnalyst], n); err != nil {
			return err
		}
	}

	if !*keep {
		defer func() {
			if err := benchSearchCleanup(context.WithoutCancel(ctx), store); err != nil {
				fmt.Fprintf(stderr, "bench-search cleanup: %v\n", err)
			}
		}()
	}
	start := time.Now()
	written, err := benchSearchWrite(ctx, store, *people, *seed)
	if err != nil {
		return err
	}
	out("data: %d people at %d client organisations and one partner (ids %s*), written through UpsertPeople in %s\n\n",
		len(written), *people/500, benchSearchPrefix, time.Since(start).Round(time.Millisecond))

	// Counts against a brute-force fold of the generated names. The partner sees only
	// generated people (its own and one shared client's), so its count must match exactly;
	// the analyst's adds the database's other people, counted before.
	out("## Counts: totalCount against a brute-force fold of the generated names\n\n")
	out("| text | generated matches | ANALYST totalCount (before + generated) | partner's visible matches | PARTNER totalCount |\n|---|---|---|---|---|\n")
	mismatches := 0
	for _, n := range needles {
		want, wantPartner := 0, 0
		for _, p := range written {
			if strings.Contains(fold.Key(p.Name), fold.Key(n)) {
				want++
				if p.OrganizationID == benchSearchPrefix+"partner" || p.OrganizationID == benchSearchPrefix+"org-0001" {
					wantPartner++
				}
			}
		}
		got, err := countOf(tokens[ecograph.CallerAnalyst], n)
		if err != nil {
			return err
		}
		gotPartner, err := countOf(tokens[ecograph.CallerPartner], n)
		if err != nil {
			return err
		}
		note := ""
		if got != before[n]+want {
			note = fmt.Sprintf(" (before %d: others wrote meanwhile)", before[n])
		}
		if gotPartner != wantPartner {
			mismatches++
		}
		out("| %q | %d | %d%s | %d | %d |\n", n, want, got, note, wantPartner, gotPartner)
	}
	if mismatches > 0 {
		return fmt.Errorf("bench-search: %d partner counts differ from brute force", mismatches)
	}

	const pageQ = `query($q: String, $o: PersonOrder) { people(filter: {nameContains: $q}, first: 20, orderBy: $o) {
		edges { node { id name } } pageInfo { hasNextPage endCursor } } }`
	const pageCountQ = `query($q: String, $o: PersonOrder) { people(filter: {nameContains: $q}, first: 20, orderBy: $o) {
		totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } }`
	type series struct {
		name, query string
		role        ecograph.CallerRole
		vars        map[string]any
	}
	var all []series
	for _, n := range needles {
		all = append(all, series{fmt.Sprintf("nameContains %q, first 20", n), pageQ, ecograph.CallerAnalyst, map[string]any{"q": n}})
		all = append(all, series{fmt.Sprintf("nameContains %q, first 20 + totalCount", n), pageCountQ, ecograph.CallerAnalyst, map[string]any{"q": n}})
	}
	all = append(all,
		series{"nameContains \"zurcher\", PARTNER (sees 1 shared organisation + its own)", pageCountQ, ecograph.CallerPartner, map[string]any{"q": "zurcher"}},
		series{"no filter, first 20 by ID", pageQ, ecograph.CallerAnalyst, map[string]any{"o": "ID"}},
		series{"no filter, first 20 by ID + totalCount", pageCountQ, ecograph.CallerAnalyst, map[string]any{"o": "ID"}},
		series{"no filter, first 20 by NAME", pageQ, ecograph.CallerAnalyst, map[string]any{"o": "NAME"}},
		series{"nameContains \"zurcher\", first 20 by NAME", pageQ, ecograph.CallerAnalyst, map[string]any{"q": "zurcher", "o": "NAME"}},
	)
	out("\n## Latency, one client, GraphQL end to end over HTTP (%d queries per series after 5 warm-up)\n\n", *queries)
	out("| query | p50 | p95 | max |\n|---|---|---|---|\n")
	for _, s := range all {
		var lat []time.Duration
		for i := range *queries + 5 {
			_, d, err := gql(tokens[s.role], s.query, s.vars)
			if err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
			if i >= 5 {
				lat = append(lat, d)
			}
		}
		out("| %s | %s | %s | %s |\n", s.name, pct(lat, 50), pct(lat, 95), pct(lat, 100))
	}
	out("\nA page without totalCount runs one query; totalCount adds one count query over every match.\n")
	out("Load average at the end: %s.\n", loadAverage())
	return nil
}

// loadAverage returns the 1, 5 and 15 minute load averages, which say how far other work on
// the machine weighs on the numbers.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(raw))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// benchSearchAPI serves the real handler over store (no rate limit: the bench measures the
// queries) and returns a token per role.
func benchSearchAPI(c config, store *cypher.Store) (*httptest.Server, map[ecograph.CallerRole]string, error) {
	v, err := auth.NewVerifier(c.Auth)
	if err != nil {
		return nil, nil, err
	}
	scfg := server.DefaultConfig()
	scfg.RatePoints = 0
	srv := httptest.NewServer(server.New(scfg, server.Deps{Resolver: &resolvers.Resolver{Store: store},
		Verifier: v, DB: store, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}))
	tokens := map[ecograph.CallerRole]string{}
	for _, cl := range []ecograph.Caller{{Role: ecograph.CallerAnalyst}, {Role: ecograph.CallerPartner, OrgID: benchSearchPrefix + "partner"}} {
		if tokens[cl.Role], err = auth.Mint(c.Auth, cl, time.Hour, time.Now()); err != nil {
			srv.Close()
			return nil, nil, err
		}
	}
	return srv, tokens, nil
}

// benchSearchWrite writes n people at n/500 client organisations, 50 of them at a partner
// that has the first organisation's account shared at NAMES, and returns them.
func benchSearchWrite(ctx context.Context, store *cypher.Store, n int, seed uint64) ([]ecograph.Person, error) {
	r := rand.New(rand.NewPCG(seed, 7))
	orgs := []ecograph.Organization{{ID: benchSearchPrefix + "partner", Name: "Bench Partner", Kind: ecograph.OrgPartner}}
	for i := range n / 500 {
		orgs = append(orgs, ecograph.Organization{ID: fmt.Sprintf("%sorg-%04d", benchSearchPrefix, i+1), Name: fmt.Sprintf("Bench Client %d", i+1), Kind: ecograph.OrgClient})
	}
	if err := store.UpsertOrganizations(ctx, orgs); err != nil {
		return nil, err
	}
	written := make([]ecograph.Person, 0, n)
	for i := range n {
		name := searchFirstNames[r.IntN(len(searchFirstNames))] + " " + searchLastNames[r.IntN(len(searchLastNames))]
		if i == 1 || i == n/2 || i == n-2 {
			name = "Ursula Räberli" // the rare one, three times
		}
		org := orgs[1+i%(len(orgs)-1)].ID
		if i < 50 {
			org = orgs[0].ID
		}
		written = append(written, ecograph.Person{ID: fmt.Sprintf("%sp-%07d", benchSearchPrefix, i+1), Name: name, OrganizationID: org})
	}
	for i := 0; i < n; i += 5000 {
		if err := store.UpsertPeople(ctx, written[i:min(i+5000, n)]); err != nil {
			return nil, err
		}
	}
	acc := benchSearchPrefix + "acc"
	if _, err := store.UpsertAccount(ctx, ecograph.Account{ID: acc, Name: "Bench Account", TargetID: orgs[1].ID}); err != nil {
		return nil, err
	}
	if err := store.ShareAccount(ctx, acc, orgs[0].ID, ecograph.ShareNames, "bench-search"); err != nil {
		return nil, err
	}
	return written, nil
}

// benchSearchCleanup deletes everything bench-search wrote, in batches.
func benchSearchCleanup(ctx context.Context, store *cypher.Store) error {
	for _, q := range []string{
		"MATCH (n:Person) WHERE n.id STARTS WITH $p WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n",
		"MATCH (n:AuditEvent) WHERE n.accountId STARTS WITH $p WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n",
		"MATCH (n:Account) WHERE n.id STARTS WITH $p WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n",
		"MATCH (n:Organization) WHERE n.id STARTS WITH $p WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS n",
	} {
		for {
			res, err := neo4j.ExecuteQuery(ctx, store.Driver(), q, map[string]any{"p": benchSearchPrefix}, neo4j.EagerResultTransformer)
			if err != nil {
				return err
			}
			if n, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "n"); n == 0 {
				break
			}
		}
	}
	return nil
}

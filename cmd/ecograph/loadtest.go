package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
)

// `ecograph loadtest` (issue 12): route queries against any running API, back to back from
// 8, 32 and 128 clients (--clients), for a fixed time per level, reporting routes/s, latency
// percentiles, errors by code and the API's memory. docs/benchmarks.md, "GraphQL overhead and
// the load generator (issue 12)".

// loadKind is one kind of route query of the mix.
type loadKind struct {
	name  string
	query string
	k     int  // routes asked for (trustedRoutes, decision makers)
	dm    bool // routesToDecisionMakers (needs organisations)
	obj   string
}

// routeSelection is what the route queries select: people with their organisation's name, and
// every hop's ends and trust (the route the overhead goal is about).
const routeSelection = `people { id name organization { name } } hops { from { id } to { id } trust }`

// parseLoadKind reads one kind of the mix: best, fewest, k<N> (trustedRoutes k=N, most
// trusted) or dm<N> (routesToDecisionMakers k=N).
func parseLoadKind(name string) (loadKind, error) {
	switch {
	case name == "best":
		return loadKind{name: name, k: 1, obj: "MOST_TRUSTED",
			query: `query($f: ID!, $t: ID!, $o: RouteOptions) { trustedRoute(from: $f, to: $t, options: $o) { trust length ` + routeSelection + ` } }`}, nil
	case name == "fewest":
		return loadKind{name: name, k: 1, obj: "FEWEST_HOPS",
			query: `query($f: ID!, $t: ID!, $o: RouteOptions) { trustedRoute(from: $f, to: $t, options: $o) { trust length ` + routeSelection + ` } }`}, nil
	case strings.HasPrefix(name, "k"):
		k, err := strconv.Atoi(name[1:])
		if err != nil || k < 1 || k > ecograph.MaxRoutesK {
			break
		}
		return loadKind{name: name, k: k, obj: "MOST_TRUSTED",
			query: `query($f: ID!, $t: ID!, $k: Int!, $o: RouteOptions) { trustedRoutes(from: $f, to: $t, k: $k, options: $o) { trust length ` + routeSelection + ` } }`}, nil
	case strings.HasPrefix(name, "dm"):
		k, err := strconv.Atoi(name[2:])
		if err != nil || k < 1 || k > ecograph.MaxRoutesK {
			break
		}
		return loadKind{name: name, k: k, dm: true, obj: "MOST_TRUSTED",
			query: `query($f: ID!, $org: ID!, $k: Int!, $o: RouteOptions) { routesToDecisionMakers(from: $f, organization: $org, k: $k, options: $o) { trust length ` + routeSelection + ` } }`}, nil
	}
	return loadKind{}, ecograph.Invalid("--mix", "unknown query kind %q: use best, fewest, k<N> or dm<N> with N in 1..%d", name, ecograph.MaxRoutesK)
}

// parseMix reads --mix (for example best=1,fewest=1,k5=1,dm3=1) into a list in which each
// kind appears as often as its weight.
func parseMix(s string) ([]loadKind, error) {
	var out []loadKind
	for part := range strings.SplitSeq(s, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n := 1
		if ok {
			var err error
			if n, err = strconv.Atoi(w); err != nil || n < 0 || n > 100 {
				return nil, ecograph.Invalid("--mix", "the weight of %q must be an integer in 0..100, got %q", name, w)
			}
		}
		k, err := parseLoadKind(name)
		if err != nil {
			return nil, err
		}
		for range n {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return nil, ecograph.Invalid("--mix", "no query kind has a positive weight")
	}
	return out, nil
}

// loadtestPlan is a parsed `ecograph loadtest` command line.
type loadtestPlan struct {
	url      string
	levels   []int
	duration time.Duration
	warmup   time.Duration
	mix      []loadKind
	people   []string // route ends
	orgs     []string // decision-maker targets
	tokens   func(w int) (string, error)
	seed     uint64
}

func runLoadtest(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("loadtest", stderr)
	url := fs.String("url", "http://127.0.0.1:8080", "the running API's base URL")
	token := fs.String("token", "", "the bearer token every client sends; default: one SELLER token per client, minted with the configured ECOGRAPH_JWT_* key")
	clientsFlag := fs.String("clients", "8,32,128", "concurrent clients, a comma-separated list of levels")
	duration := fs.Duration("duration", 20*time.Second, "how long each level runs")
	warmup := fs.Duration("warmup", 5*time.Second, "unmeasured traffic before the first level, at its number of clients")
	mix := fs.String("mix", "best=1,fewest=1,k5=1,dm3=1", "the query kinds and their weights: best, fewest (trustedRoute), k<N> (trustedRoutes k=N), dm<N> (routesToDecisionMakers k=N)")
	dir := fs.String("dir", "", "a CSV folder the API's database holds (ecograph gen's output): route ends are its people, decision-maker targets its CLIENT organisations; default: sampled through the API")
	sample := fs.Int("sample", 2000, "without --dir: how many people to sample through the API (first ones by id)")
	seed := fs.Uint64("seed", 1, "seed of the pairs each client asks for")
	if err := parse(fs, args); err != nil {
		return err
	}
	p := &loadtestPlan{url: strings.TrimRight(*url, "/"), duration: *duration, warmup: *warmup, seed: *seed}
	var err error
	if p.levels, err = parseLevels("--clients", *clientsFlag); err != nil {
		return err
	}
	if *duration <= 0 || *warmup < 0 {
		return ecograph.Invalid("--duration", "must be positive (and --warmup not negative)")
	}
	if p.mix, err = parseMix(*mix); err != nil {
		return err
	}
	if *token != "" {
		p.tokens = func(int) (string, error) { return *token, nil }
	} else {
		ttl := time.Duration(len(p.levels))*(*duration) + *warmup + time.Hour
		p.tokens = func(w int) (string, error) {
			return auth.Mint(c.Auth, ecograph.Caller{Role: ecograph.CallerSeller, Subject: fmt.Sprint("loadtest-client-", w)}, ttl, time.Now())
		}
	}
	if !healthy(p.url) {
		return ecograph.Invalid("--url", "%s does not answer /healthz", p.url)
	}
	if *dir != "" {
		if p.people, err = readColumn(filepath.Join(*dir, "people.csv"), "id"); err != nil {
			return err
		}
		ids, _ := readColumn(filepath.Join(*dir, "organizations.csv"), "id")
		kinds, _ := readColumn(filepath.Join(*dir, "organizations.csv"), "kind")
		for i := range min(len(ids), len(kinds)) {
			if kinds[i] == string(ecograph.OrgClient) {
				p.orgs = append(p.orgs, ids[i])
			}
		}
	} else if err := p.sampleAPI(ctx, *sample); err != nil {
		return err
	}
	if len(p.people) < 2 {
		return ecograph.Invalid("--dir", "needs at least two people to route between, found %d", len(p.people))
	}
	for _, k := range p.mix {
		if k.dm && len(p.orgs) == 0 {
			return ecograph.Invalid("--mix", "%s needs CLIENT organisations, and none were found", k.name)
		}
	}
	results, err := p.run(ctx, stderr)
	if err != nil {
		return err
	}
	names := make([]string, len(p.mix))
	for i, k := range p.mix {
		names[i] = k.name
	}
	fmt.Fprintf(stdout, "# ecograph loadtest against %s\n\nmix: %s; %d people, %d organisations; %s per level after %s of warm-up; load generator on %d cores (%s/%s), load average at the end %s\n\n",
		p.url, strings.Join(names, ","), len(p.people), len(p.orgs), p.duration, p.warmup, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, loadAverage())
	fmt.Fprintln(stdout, "| clients | requests | routes/s | p50 | p90 | p99 | max | errors | API RSS |")
	fmt.Fprintln(stdout, "|---:|---:|---:|---:|---:|---:|---:|---|---:|")
	failed := 0
	for _, r := range results.levels {
		fmt.Fprintf(stdout, "| %d | %d | %.0f | %s | %s | %s | %s | %s | %s |\n", r.Clients, r.Requests, r.Rate(),
			r.Pct(50), r.Pct(90), r.Pct(99), r.Pct(100), r.ErrorText(), results.rss[r.Clients])
		failed += r.Requests - r.OK
	}
	if failed > 0 {
		fmt.Fprintf(stdout, "\nfirst error: %s\n", results.firstErr)
	}
	return nil
}

// parseLevels reads a comma-separated list of positive numbers.
func parseLevels(flag, s string) ([]int, error) {
	var levels []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, ecograph.Invalid(flag, "%q is not a positive number", f)
		}
		levels = append(levels, n)
	}
	return levels, nil
}

// sampleAPI reads up to n people (by id) and up to 1000 CLIENT organisations through the API.
func (p *loadtestPlan) sampleAPI(ctx context.Context, n int) error {
	tok, err := p.tokens(0)
	if err != nil {
		return err
	}
	gc := newGQLClient(p.url, 1)
	if p.people, err = gc.pageIDs(ctx, tok, "people", "people", n); err != nil {
		return err
	}
	p.orgs, err = gc.pageIDs(ctx, tok, "organizations", "organizations(kind: CLIENT", 1000)
	return err
}

// pageIDs pages through a connection of the root field (call: its name and arguments up to
// the paging ones) and returns up to n node ids.
func (c *gqlClient) pageIDs(ctx context.Context, tok, field, call string, n int) ([]string, error) {
	if !strings.Contains(call, "(") {
		call += "("
	} else {
		call += ", "
	}
	q := `query($after: String) { ` + field + `: ` + call + `first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`
	var ids []string
	after := ""
	for len(ids) < n {
		var page struct {
			Data map[string]struct {
				Edges []struct {
					Node struct{ ID string }
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		if err := c.query(ctx, tok, q, map[string]any{"after": nilIfEmpty(after)}, &page); err != nil {
			return nil, fmt.Errorf("sampling %s through the API: %w", field, err)
		}
		conn := page.Data[field]
		for _, e := range conn.Edges {
			ids = append(ids, e.Node.ID)
		}
		if !conn.PageInfo.HasNextPage {
			break
		}
		after = conn.PageInfo.EndCursor
	}
	return ids[:min(n, len(ids))], nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

type loadtestResults struct {
	levels   []loadResult
	rss      map[int]string // the API's resident memory after each level
	firstErr string
}

// run warms up, then runs every level for p.duration.
func (p *loadtestPlan) run(ctx context.Context, stderr io.Writer) (*loadtestResults, error) {
	most := 0
	for _, n := range p.levels {
		most = max(most, n)
	}
	toks := make([]string, most)
	for w := range toks {
		var err error
		if toks[w], err = p.tokens(w); err != nil {
			return nil, err
		}
	}
	gc := newGQLClient(p.url, most)
	op := func(level int) func(ctx context.Context, w, i int) error {
		rngs := make([]*rand.Rand, level)
		for w := range rngs {
			rngs[w] = rand.New(rand.NewPCG(p.seed, uint64(level)<<20|uint64(w)))
		}
		return func(ctx context.Context, w, i int) error {
			r := rngs[w]
			k := p.mix[r.IntN(len(p.mix))]
			from := p.people[r.IntN(len(p.people))]
			vars := map[string]any{"f": from, "k": k.k, "o": map[string]any{"objective": k.obj}}
			if k.dm {
				vars["org"] = p.orgs[r.IntN(len(p.orgs))]
			} else {
				to := p.people[r.IntN(len(p.people))]
				for to == from {
					to = p.people[r.IntN(len(p.people))]
				}
				vars["t"] = to
			}
			if !strings.Contains(k.query, "$k") {
				delete(vars, "k") // trustedRoute has no k
			}
			return gc.do(ctx, toks[w], k.query, vars)
		}
	}
	if p.warmup > 0 {
		w := runLoad(ctx, p.levels[0], 0, p.warmup, op(p.levels[0]))
		fmt.Fprintf(stderr, "loadtest: warm-up, %d clients: %d requests, %.0f routes/s, errors %s\n", w.Clients, w.Requests, w.Rate(), w.ErrorText())
	}
	out := &loadtestResults{rss: map[int]string{}}
	for _, n := range p.levels {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := runLoad(ctx, n, 0, p.duration, op(n))
		fmt.Fprintf(stderr, "loadtest: %d clients: %d requests, %.0f routes/s, p50 %s, p99 %s, errors %s\n", n, r.Requests, r.Rate(), r.Pct(50), r.Pct(99), r.ErrorText())
		out.levels = append(out.levels, r)
		out.rss[n] = "n/a"
		if v := metricFloat(p.url, "process_resident_memory_bytes"); v > 0 {
			out.rss[n] = fmt.Sprintf("%.0f MB", v/1e6)
		}
		if out.firstErr == "" {
			out.firstErr = r.FirstErr
		}
	}
	return out, nil
}

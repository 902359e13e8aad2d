package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/gen"
)

// The mixed soak (issue 12, `make soak`): a steady rate of reads and writes of several kinds
// against an `ecograph serve` for a long time, reporting per interval how many operations ran,
// how many failed, their p50/p99 and the API's memory. It answers "does it stay healthy for
// half an hour of ordinary traffic", which the import soak above (a few heavy writers) does
// not. Operations are issued on a clock, not back to back: when the API falls behind, the
// operations that could not start (more than --max-inflight waiting) are counted as dropped
// rather than silently lowering the rate.

// soakOp is one kind of operation of the mix, with its share of the traffic.
type soakOp struct {
	name  string
	write bool
	share float64
}

// mixedOps is the traffic mix; the write shares are scaled by --writes.
var mixedOps = []soakOp{
	{"route", false, 0.30},   // trustedRoute, MOST_TRUSTED
	{"routes3", false, 0.15}, // trustedRoutes k=3, FEWEST_HOPS
	{"decisionMakers", false, 0.10},
	{"person", false, 0.15},       // person(id) with organisation and ties
	{"search", false, 0.10},       // people(filter: {nameContains})
	{"logInteraction", true, 0.5}, // of the write share
	{"upsertTie", true, 0.5},      // of the write share
}

// soakInterval is one row of the report.
type soakInterval struct {
	Index                int
	Ops, Errors, Dropped int64
	Writes               int64
	P50, P99, WriteP99   time.Duration
	RSSMB, HeapMB        float64
}

type soakSample struct {
	d     time.Duration
	write bool
	err   bool
}

// isMixed tells runSoak to hand over to the mixed soak.
func isMixed(args []string) bool {
	return slices.ContainsFunc(args, func(a string) bool {
		return a == "--mixed" || a == "-mixed" || a == "--mixed=true" || a == "-mixed=true"
	})
}

func runSoakMixed(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("soak", stderr)
	fs.Bool("mixed", true, "mixed reads and writes at a steady rate (this mode)")
	duration := fs.Duration("duration", 30*time.Minute, "how long to run")
	every := fs.Duration("report-every", time.Minute, "one report row per this interval")
	rate := fs.Float64("rate", 50, "operations per second, all kinds together")
	writes := fs.Float64("writes", 0.2, "share of the operations that are writes (logInteraction, upsertTie), in [0, 1]")
	maxInflight := fs.Int("max-inflight", 64, "operations in flight at most; beyond it an operation is dropped and counted")
	url := fs.String("url", "", "a running API (http://host:port); default: start `ecograph serve` on a free port")
	dir := fs.String("dir", "", "the CSV set the database holds (people and organisation ids are read from it); default: generate --people and import it")
	people := fs.Int("people", 10000, "people to generate when --dir is not given")
	seed := fs.Uint64("seed", 1, "seed of the generated set and of the traffic")
	idPrefix := fs.String("id-prefix", "soak-", "prefix of the logged interactions' ids")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *duration <= 0 || *every <= 0 || *every > *duration:
		return ecograph.Invalid("--duration", "--duration and --report-every must be positive, --report-every at most --duration")
	case !(*rate > 0) || *rate > 10000:
		return ecograph.Invalid("--rate", "must be in (0, 10000], got %v", *rate)
	case *writes < 0 || *writes > 1:
		return ecograph.Invalid("--writes", "must be in [0, 1], got %v", *writes)
	case *maxInflight < 1:
		return ecograph.Invalid("--max-inflight", "must be at least 1")
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	set := *dir
	if set == "" {
		tmp, err := os.MkdirTemp("", "ecograph-soak-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		set = filepath.Join(tmp, "set")
		if _, err := gen.Generate(gen.Config{People: *people, Seed: *seed}, set); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "soak: importing %d generated people\n", *people)
		if err := command(ctx, exe, stderr, "import", "--dir", set); err != nil {
			return err
		}
	}
	ids, err := readColumn(filepath.Join(set, "people.csv"), "id")
	if err != nil {
		return err
	}
	orgs := orgIDs(set)
	names, _ := readColumn(filepath.Join(set, "people.csv"), "name")
	if len(ids) < 2 || len(orgs) == 0 {
		return ecograph.Invalid("--dir", "needs at least two people and one organisation, got %d and %d", len(ids), len(orgs))
	}

	base := strings.TrimRight(*url, "/")
	var srvLog bytes.Buffer
	var exited chan error
	if base == "" {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		addr := ln.Addr().String()
		ln.Close()
		srvCtx, stopSrv := context.WithCancel(ctx)
		defer stopSrv()
		srv := exec.CommandContext(srvCtx, exe, "serve", "--addr", addr)
		srv.Env = append(os.Environ(), "ECOGRAPH_RATE_POINTS_PER_SEC=10000000", "ECOGRAPH_RATE_BURST=10000000")
		srv.Stdout, srv.Stderr = io.Discard, &srvLog
		if err := srv.Start(); err != nil {
			return err
		}
		exited = make(chan error, 1)
		go func() { exited <- srv.Wait() }()
		base = "http://" + addr
		if err := waitReady(ctx, base, exited); err != nil {
			return fmt.Errorf("%w\n%s", err, tail(srvLog.String()))
		}
	} else if !healthy(base) {
		return ecograph.Invalid("--url", "%s does not answer /healthz", base)
	}
	now := time.Now()
	reader, err := auth.Mint(c.Auth, ecograph.Caller{Role: ecograph.CallerSeller, Subject: "soak-reader"}, *duration+time.Hour, now)
	if err != nil {
		return err
	}
	writer, err := auth.Mint(c.Auth, ecograph.Caller{Role: ecograph.CallerAdmin, Subject: "soak-writer"}, *duration+time.Hour, now)
	if err != nil {
		return err
	}

	fmt.Fprintf(stdout, "soak --mixed: %s at %.0f ops/s (%.0f%% writes) against %s, %d people; a row every %s\n\n",
		*duration, *rate, *writes*100, base, len(ids), *every)
	fmt.Fprintln(stdout, "| interval | ops | ops/s | errors | dropped | writes | p50 ms | p99 ms | write p99 ms | API RSS MB | Go heap MB |")
	fmt.Fprintln(stdout, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")

	var (
		mu       sync.Mutex
		samples  []soakSample
		all      []time.Duration
		dropped  atomic.Int64
		seq      atomic.Int64
		firstErr atomic.Value
		wg       sync.WaitGroup
	)
	sem := make(chan struct{}, *maxInflight)
	rng := rand.New(rand.NewPCG(*seed, 99))
	pick := func() soakOp {
		x := rng.Float64()
		for _, op := range mixedOps {
			s := op.share * (1 - *writes)
			if op.write {
				s = op.share * *writes
			}
			if x < s {
				return op
			}
			x -= s
		}
		return mixedOps[0]
	}
	do := func(op soakOp, r *rand.Rand) error {
		a, b := ids[r.IntN(len(ids))], ids[r.IntN(len(ids))]
		for a == b {
			b = ids[r.IntN(len(ids))]
		}
		switch op.name {
		case "route":
			return soakQuery(ctx, base, reader, `query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t) { trust hops { explanation } } }`,
				map[string]any{"f": a, "t": b})
		case "routes3":
			return soakQuery(ctx, base, reader, `query($f: ID!, $t: ID!) { trustedRoutes(from: $f, to: $t, k: 3, options: {objective: FEWEST_HOPS}) { trust people { name organization { kind } } } }`,
				map[string]any{"f": a, "t": b})
		case "decisionMakers":
			return soakQuery(ctx, base, reader, `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o, k: 3) { trust summary } }`,
				map[string]any{"f": a, "o": orgs[r.IntN(len(orgs))]})
		case "person":
			return soakQuery(ctx, base, reader, `query($id: ID!) { person(id: $id) { id name title organization { id name } } }`,
				map[string]any{"id": a})
		case "search":
			q := "an"
			if len(names) > 0 {
				if f := strings.Fields(names[r.IntN(len(names))]); len(f) > 0 && len(f[0]) >= 3 {
					q = f[0][:3]
				}
			}
			return soakQuery(ctx, base, reader, `query($q: String!) { people(filter: {nameContains: $q}, first: 10) { edges { node { id name } } } }`,
				map[string]any{"q": q})
		case "logInteraction":
			return soakQuery(ctx, base, writer, `mutation($in: InteractionInput!) { logInteraction(input: $in) { id } }`,
				map[string]any{"in": map[string]any{
					"id": fmt.Sprint(*idPrefix, seq.Add(1)), "kind": "MEETING", "at": time.Now().UTC().Format(time.RFC3339),
					"participants": []string{a, b}, "sentiment": 0.5,
				}})
		default: // upsertTie
			return soakQuery(ctx, base, writer, `mutation($in: TieInput!) { upsertTie(input: $in) { trust } }`,
				map[string]any{"in": map[string]any{"personA": a, "personB": b, "trust": float64(r.IntN(100)) / 100, "source": "soak"}})
		}
	}

	// Warm up: the first route query waits for the projection's first load, which is not what
	// the soak measures.
	t0 := time.Now()
	// the operations' errors are counted below.
	err = do(mixedOps[0], rand.New(rand.NewPCG(*seed, 1)))
	fmt.Fprintf(stderr, "soak: warm-up route query took %s (error: %v)\n", time.Since(t0).Round(time.Millisecond), err)

	var rows []soakInterval
	report := func(i int) {
		mu.Lock()
		got := samples
		samples = nil
		mu.Unlock()
		row := soakInterval{Index: i, Dropped: dropped.Swap(0)}
		var lat, wlat []time.Duration
		for _, s := range got {
			row.Ops++
			if s.err {
				row.Errors++
			}
			if s.write {
				row.Writes++
				wlat = append(wlat, s.d)
			}
			lat = append(lat, s.d)
		}
		all = append(all, lat...)
		row.P50, row.P99, row.WriteP99 = quantile(lat, 0.5), quantile(lat, 0.99), quantile(wlat, 0.99)
		row.RSSMB = metricFloat(base, "process_resident_memory_bytes") / 1e6
		row.HeapMB = metricFloat(base, "go_memstats_heap_inuse_bytes") / 1e6
		rows = append(rows, row)
		label := (time.Duration(i) * *every).String()
		if i < 0 {
			label = "after" // operations that finished after the last full interval
		}
		fmt.Fprintf(stdout, "| %s | %d | %.1f | %d | %d | %d | %.1f | %.1f | %.1f | %.0f | %.0f |\n",
			label, row.Ops, float64(row.Ops)/every.Seconds(), row.Errors, row.Dropped, row.Writes,
			ms(row.P50), ms(row.P99), ms(row.WriteP99), row.RSSMB, row.HeapMB)
	}

	start := time.Now()
	end := start.Add(*duration)
	tick := time.NewTicker(time.Duration(float64(time.Second) / *rate))
	defer tick.Stop()
	nextReport := start.Add(*every)
	interval := 1
	alive := true
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-exited:
			alive = false
			fmt.Fprintf(stderr, "soak: the API process exited: %v\n%s\n", err, tail(srvLog.String()))
			break loop
		case t := <-tick.C:
			if !t.Before(nextReport) {
				report(interval)
				interval++
				nextReport = nextReport.Add(*every)
			}
			if !t.Before(end) {
				break loop
			}
			op := pick()
			select {
			case sem <- struct{}{}:
			default:
				dropped.Add(1)
				continue
			}
			r := rand.New(rand.NewPCG(rng.Uint64(), 7))
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				t0 := time.Now()
				err := do(op, r)
				s := soakSample{d: time.Since(t0), write: op.write, err: err != nil}
				if err != nil {
					firstErr.CompareAndSwap(nil, fmt.Sprintf("%s: %v", op.name, err))
				}
				mu.Lock()
				samples = append(samples, s)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	if len(samples) > 0 || dropped.Load() > 0 {
		report(-1) // the operations that finished after the last full interval
	}
	if len(rows) == 0 {
		return fmt.Errorf("soak --mixed stopped before its first report: %v", ctx.Err())
	}
	var ops, errs, drops int64
	maxRSS := 0.0
	for _, r := range rows {
		ops, errs, drops = ops+r.Ops, errs+r.Errors, drops+r.Dropped
		maxRSS = max(maxRSS, r.RSSMB)
	}
	if exited != nil && alive {
		select {
		case <-exited:
			alive = false
		default:
		}
	}
	alive = alive && healthy(base)
	fmt.Fprintf(stdout, "\nsoak --mixed: %d operations in %s, %d errors, %d dropped; p50 %.1f ms, p99 %.1f ms; API RSS max %.0f MB, last %.0f MB; API alive: %v\n",
		ops, time.Since(start).Round(time.Second), errs, drops, ms(quantile(all, 0.5)), ms(quantile(all, 0.99)), maxRSS, rows[len(rows)-1].RSSMB, alive)
	if errs > 0 || !alive {
		first, _ := firstErr.Load().(string)
		return ecograph.Errorf(ecograph.EINTERNAL, "soak --mixed failed: %d errors (first: %s), API alive %v", errs, first, alive)
	}
	return nil
}

func quantile(d []time.Duration, q float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, int(q*float64(len(s))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// metricFloat reads a gauge from /metrics (0 when absent).
func metricFloat(base, name string) float64 {
	f, _ := strconv.ParseFloat(metric(base, name), 64)
	return f
}

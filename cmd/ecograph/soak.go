package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/gen"
)

// runSoak is issue 11's operator scenario, repeatable: an `ecograph serve` process answers
// route queries from concurrent clients while more CSV sets over the same ids (other ties,
// trust and employers) are imported one after another with `ecograph import` processes. A run
// passes when every query answered without an error and the API process is still alive with
// no recovered panic. It deletes what it imported.
func runSoak(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	if isMixed(args) {
		return runSoakMixed(ctx, c, args, stdout, stderr)
	}
	fs := newFlags("soak", stderr)
	people := fs.Int("people", 10000, "people per CSV set")
	imports := fs.Int("imports", 3, "CSV sets imported while the API serves")
	clients := fs.Int("clients", 8, "concurrent GraphQL clients")
	runs := fs.Int("runs", 1, "runs in a row; all must pass")
	seed := fs.Uint64("seed", 1, "seed of the first set")
	serverBin := fs.String("server-bin", "", "the ecograph binary to serve with (default: this one), to compare builds")
	force := fs.Bool("force", false, "run on a database that already holds people (the soak imports and then deletes gen's ids p-000001...)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *people < 100 || *imports < 1 || *clients < 1 || *runs < 1 {
		return ecograph.Invalid("soak", "--people >= 100, --imports, --clients and --runs >= 1")
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	if os.Getenv("ECOGRAPH_TX_TIMEOUT") == "" {
		// The imports' batches, not the queries, are what a loaded machine slows past 30 s;
		// the soak is about failed queries, so give the writers room (children inherit it).
		if err := os.Setenv("ECOGRAPH_TX_TIMEOUT", "2m"); err != nil {
			return err
		}
	}
	serveExe := exe
	if *serverBin != "" {
		serveExe = *serverBin
	}
	dir, err := os.MkdirTemp("", "ecograph-soak-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	sets := make([]string, *imports+1)
	for i := range sets {
		sets[i] = filepath.Join(dir, fmt.Sprint("set", i))
		if _, err := gen.Generate(gen.Config{People: *people, Seed: *seed + uint64(i)}, sets[i]); err != nil {
			return err
		}
	}
	ids, err := readColumn(filepath.Join(sets[0], "people.csv"), "id")
	if err != nil {
		return err
	}
	store, closeFn, err := openStore(ctx, c, 60*time.Second)
	if err != nil {
		return err
	}
	defer closeFn()
	if n, err := store.CountPeople(ctx); err != nil {
		return err
	} else if n > 0 && !*force {
		return ecograph.Invalid("--force", "the database holds %d people; the soak imports and deletes gen's ids (p-000001...), so run it on an empty database or pass --force", n)
	}
	b := &bench{store: store, ids: ids, log: stderr}
	defer func() {
		for _, set := range sets { // the same people in every set; teams and organisations may differ
			b.cleanup(context.WithoutCancel(ctx), set)
		}
	}()
	fmt.Fprintf(stdout, "soak: %d people per set, %d imports under %d clients, %d runs\n", *people, *imports, *clients, *runs)
	for r := 1; r <= *runs; r++ {
		res, err := soakOnce(ctx, c, exe, serveExe, sets, ids, *clients, stderr)
		if err != nil {
			return fmt.Errorf("run %d: %w", r, err)
		}
		fmt.Fprintf(stdout, "run %d: %d route queries in %s during %d imports; %d failed; API alive: %v; panics recovered: %s\n",
			r, res.queries, res.wall.Round(time.Second), *imports, res.failures, res.alive, res.panics)
		if res.failures > 0 || !res.alive || res.panics != "0" {
			return ecograph.Errorf(ecograph.EINTERNAL, "run %d failed: %d failed queries (first: %s), alive %v, panics %s",
				r, res.failures, res.first, res.alive, res.panics)
		}
	}
	fmt.Fprintf(stdout, "soak: all %d runs passed\n", *runs)
	return nil
}

type soakResult struct {
	queries, failures int64
	first             string
	alive             bool
	panics            string
	wall              time.Duration
}

func soakOnce(ctx context.Context, c config, exe, serveExe string, sets, ids []string, clients int, stderr io.Writer) (*soakResult, error) {
	if err := command(ctx, exe, nil, "import", "--dir", sets[0]); err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	srvCtx, stopSrv := context.WithCancel(ctx)
	defer stopSrv()
	srv := exec.CommandContext(srvCtx, serveExe, "serve", "--addr", addr)
	srv.Env = append(os.Environ(), "ECOGRAPH_RATE_POINTS_PER_SEC=10000000", "ECOGRAPH_RATE_BURST=10000000")
	var srvLog bytes.Buffer
	srv.Stdout, srv.Stderr = io.Discard, &srvLog
	if err := srv.Start(); err != nil {
		return nil, err
	}
	exited := make(chan error, 1)
	var dead atomic.Bool // the API process exited: clients stop at once
	go func() { err := srv.Wait(); dead.Store(true); exited <- err }()
	base := "http://" + addr
	if err := waitReady(ctx, base, exited); err != nil {
		return nil, fmt.Errorf("%w\n%s", err, tail(srvLog.String()))
	}
	res := &soakResult{}
	var firstOnce sync.Once
	stop := make(chan struct{})
	var wg sync.WaitGroup
	orgs := orgIDs(sets[0])
	t0 := time.Now()
	for w := 0; w < clients; w++ {
		tok, err := auth.Mint(c.Auth, ecograph.Caller{Role: ecograph.CallerSeller, Subject: fmt.Sprint("soak-client-", w)}, time.Hour, time.Now())
		if err != nil {
			return nil, err
		}
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 17))
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if dead.Load() {
					return
				}
				from, to := ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]
				if from == to {
					continue
				}
				var q string
				vars := map[string]any{"f": from, "t": to}
				switch i % 3 {
				case 0:
					q = `query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t) { trust hops { explanation } } }`
				case 1:
					q = `query($f: ID!, $t: ID!) { trustedRoutes(from: $f, to: $t, k: 3, options: {objective: FEWEST_HOPS}) { trust people { name organization { kind } } } }`
				default:
					q, vars = `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o, k: 3) { trust summary } }`,
						map[string]any{"f": from, "o": orgs[rng.IntN(len(orgs))]}
				}
				err := soakQuery(ctx, base, tok, q, vars)
				atomic.AddInt64(&res.queries, 1)
				if err != nil {
					atomic.AddInt64(&res.failures, 1)
					firstOnce.Do(func() { res.first = err.Error() })
				}
			}
		}(w)
	}
	var importErr error
	for _, dir := range sets[1:] {
		if importErr = command(ctx, exe, stderr, "import", "--dir", dir); importErr != nil {
			break
		}
	}
	close(stop)
	wg.Wait()
	res.wall = time.Since(t0)
	select {
	case err := <-exited:
		res.alive = false
		fmt.Fprintf(stderr, "soak: the API process exited: %v\n%s\n", err, tail(srvLog.String()))
	default:
		res.alive = healthy(base)
		res.panics = metric(base, "ecograph_projection_panics_total")
	}
	if importErr != nil {
		return res, importErr
	}
	return res, nil
}

// command runs the ecograph binary with args; its output goes to progress (nil: nowhere).
func command(ctx context.Context, exe string, progress io.Writer, args ...string) error {
	cmd := exec.CommandContext(ctx, exe, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("ecograph %s: %w\n%s", strings.Join(args, " "), err, tail(out.String()))
	}
	if progress != nil {
		fmt.Fprintf(progress, "soak: ecograph %s done\n", strings.Join(args, " "))
	}
	return nil
}

func waitReady(ctx context.Context, base string, exited <-chan error) error {
	deadline := time.Now().Add(5 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("ecograph serve exited: %v", err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
		if resp, err := http.Get(base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("ecograph serve was not ready within 5 minutes")
}

func healthy(base string) bool {
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// metric returns a counter's value from /metrics as text ("?" when absent).
func metric(base, name string) string {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return "?"
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, name+" ") {
			return strings.TrimPrefix(l, name+" ")
		}
	}
	return "?"
}

func soakQuery(ctx context.Context, base, tok, q string, vars map[string]any) error {
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var out struct {
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(raw, &out); err != nil || resp.StatusCode != http.StatusOK || len(out.Errors) > 0 {
		return fmt.Errorf("%d %s", resp.StatusCode, tail(string(raw)))
	}
	return nil
}

func tail(s string) string {
	if len(s) > 2000 {
		return "..." + s[len(s)-2000:]
	}
	return s
}

package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/importer"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// writeEcosystem writes one CSV set over the same ids for every seed: the organisations,
// people (who change employer and roles from set to set) and other ties with other trust.
func writeEcosystem(t *testing.T, dir, p string, people int, seed uint64) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 99))
	write := func(name string, rows [][]string) {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(f)
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	orgs := []string{p + "ours", p + "partner", p + "c1", p + "c2"}
	write("organizations.csv", [][]string{{"id", "name", "kind", "sector"},
		{orgs[0], "Us", "OURS", "pharma"}, {orgs[1], "Partner", "PARTNER", "logistics"},
		{orgs[2], "Client One", "CLIENT", "hospital"}, {orgs[3], "Client Two", "CLIENT", "payer"}})
	rows := [][]string{{"id", "name", "title", "organization_id", "roles", "teams"}}
	for i := 0; i < people; i++ {
		role := ""
		switch rng.IntN(6) {
		case 0:
			role = "DECISION_MAKER"
		case 1:
			role = "BLOCKER"
		}
		rows = append(rows, []string{fmt.Sprintf("%sp%04d", p, i), fmt.Sprintf("Person %d", i), "", orgs[rng.IntN(len(orgs))], role, ""})
	}
	write("people.csv", rows)
	rows = [][]string{{"person_a", "person_b", "trust", "source"}}
	for i := 0; i < people*5; i++ {
		a, b := rng.IntN(people), rng.IntN(people)
		if a == b {
			continue
		}
		rows = append(rows, []string{fmt.Sprintf("%sp%04d", p, a), fmt.Sprintf("%sp%04d", p, b),
			fmt.Sprintf("%.3f", 0.05+0.95*rng.Float64()), fmt.Sprintf("set%d", seed)})
	}
	write("ties.csv", rows)
}

// TestImportWhileServing is issue 11's scenario at test size: the API serves routes to 8
// clients while one goroutine reloads the projection in a loop and the poller runs, and three
// more CSV sets over the same ids (people changing employer, other ties and trust) are imported
// one after another in small batches. Every route query must answer without an error, the
// server must stay alive, and afterwards the served projection must equal a fresh load.
func TestImportWhileServing(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	cfg := server.DefaultConfig()
	cfg.RatePoints = 0
	e := serve(t, cfg, store, store, projection.Config{PollInterval: 20 * time.Millisecond})
	e.p = p
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const people = 400
	dirs := make([]string, 4)
	for i := range dirs {
		dirs[i] = t.TempDir()
		writeEcosystem(t, dirs[i], p, people, uint64(i+1))
	}
	if _, err := importer.Import(ctx, dirs[0], cypher.ImportSink{Store: store}, importer.Options{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.finder.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	go e.finder.Run(ctx)

	tok := e.token(ecograph.CallerSeller, "")
	var queries, failures atomic.Int64
	var firstErr sync.Once
	var firstMsg string
	fail := func(msg string) {
		failures.Add(1)
		firstErr.Do(func() { firstMsg = msg })
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for {
				select {
				case <-stop:
					return
				default:
				}
				a, b := rng.IntN(people), rng.IntN(people)
				if a == b {
					continue
				}
				from, to := fmt.Sprintf("%sp%04d", p, a), fmt.Sprintf("%sp%04d", p, b)
				var q string
				var vars map[string]any
				switch w % 3 {
				case 0:
					q, vars = `query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t) { trust hops { explanation from { organization { id } } } } }`, map[string]any{"f": from, "t": to}
				case 1:
					q, vars = `query($f: ID!, $t: ID!) { trustedRoutes(from: $f, to: $t, k: 3, options: {objective: FEWEST_HOPS}) { trust people { name organization { kind } } } }`, map[string]any{"f": from, "t": to}
				default:
					q, vars = `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o, k: 3) { trust summary } }`, map[string]any{"f": from, "o": p + "c1"}
				}
				r := e.doSafe(tok, q, vars)
				queries.Add(1)
				if r.err != nil {
					fail(r.err.Error())
				} else if r.status != http.StatusOK || len(r.Errors) > 0 {
					fail(fmt.Sprintf("%d %+v", r.status, r.Errors))
				}
			}
		}(w)
	}
	wg.Add(1)
	go func() { // reloads in a loop, as a busy poller would
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := e.finder.Refresh(ctx); err != nil {
				fail("reload: " + err.Error())
			}
		}
	}()
	for _, dir := range dirs[1:] {
		if _, err := importer.Import(ctx, dir, cypher.ImportSink{Store: store}, importer.Options{BatchSize: 40}); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	if queries.Load() == 0 {
		t.Fatal("no query ran")
	}
	if failures.Load() > 0 {
		t.Fatalf("%d of %d queries or reloads failed; the first: %s", failures.Load(), queries.Load(), firstMsg)
	}
	if resp, err := http.Get(e.srv.URL + "/healthz"); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("server not alive after the imports: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	if e.finder.Panics() != 0 {
		t.Fatalf("%d panics recovered", e.finder.Panics())
	}
	t.Logf("%d route queries during 3 imports, none failed", queries.Load())

	// The served projection converges on a fresh load (the poller reloads after the imports).
	fresh := projection.New(source{store}, projection.Config{}, nil)
	want, err := fresh.Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantTies, wantPeople := edges(want, p), peopleOrgs(want, p)
	if len(wantTies) < people {
		t.Fatalf("the fresh load has only %d of our ties", len(wantTies))
	}
	deadline := time.Now().Add(60 * time.Second) // a generous bound for the poller, not a timing assertion
	for {
		cur := e.finder.Current()
		if slices.Equal(edges(cur, p), wantTies) && slices.Equal(peopleOrgs(cur, p), wantPeople) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the served projection never matched a fresh load")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// edges lists the snapshot's ties among ids with the prefix, canonically, with their trust.
func edges(s *projection.Snapshot, prefix string) []string {
	var out []string
	g := s.Graph
	g.ForEachTie(func(a, b int32, trust float64, source string) {
		x, y := ecograph.TieKey(g.ID(a), g.ID(b))
		if len(x) > len(prefix) && x[:len(prefix)] == prefix {
			out = append(out, fmt.Sprintf("%s-%s:%g:%s", x, y, trust, source))
		}
	})
	sort.Strings(out)
	return out
}

// peopleOrgs lists the snapshot's people with the prefix and their organisations.
func peopleOrgs(s *projection.Snapshot, prefix string) []string {
	var out []string
	g := s.Graph
	for i := int32(0); int(i) < g.NumPeople(); i++ {
		if id := g.ID(i); len(id) > len(prefix) && id[:len(prefix)] == prefix {
			out = append(out, id+"@"+g.OrgID(i))
		}
	}
	sort.Strings(out)
	return out
}

type safeResponse struct {
	gqlResponse
	err error
}

// doSafe is do for other goroutines: it returns transport and decoding errors instead of
// failing the test.
func (e *env) doSafe(token, query string, vars map[string]any) safeResponse {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return safeResponse{err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return safeResponse{err: err}
	}
	out := safeResponse{gqlResponse: gqlResponse{status: resp.StatusCode}}
	if err := json.Unmarshal(raw, &out.gqlResponse); err != nil {
		out.err = fmt.Errorf("response is not JSON (%d): %s", resp.StatusCode, raw)
	}
	return out
}

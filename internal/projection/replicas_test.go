package projection_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// feedSource is source with the store's change feed (as cmd/ecograph's projectionSource).
type feedSource struct{ source }

func (s feedSource) FeedHead(ctx context.Context) (projection.FeedPos, error) {
	h, err := s.Store.FeedHead(ctx)
	return projection.FeedPos(h), err
}

func (s feedSource) FeedChanges(ctx context.Context, after projection.FeedPos, limit int) (projection.Changes, error) {
	r, err := s.Store.FeedChanges(ctx, cypher.FeedPos(after), limit)
	return projection.Changes{Head: projection.FeedPos(r.Head), From: r.From, To: r.To, People: r.People, Orgs: r.Orgs, Pruned: r.Pruned}, err
}

// TestThreeReplicasOverOneDatabase is the scale-out scenario of issue 12: three replicas (three
// finders) over one Neo4j, route queries on all of them throughout, random writes through
// each replica (the store, then Touch on that replica's finder, as the resolvers do) and in
// plain Cypher (ties written from the higher id to the lower, roles, deletes), while replica
// 1 also reloads everything in a loop. Replica 2 runs in strict mode, and after every write
// its next query must see the write, wherever it was made. Afterwards every replica's
// projection equals a fresh load, no route query waited for a reload, and replicas 0 and 2
// never reloaded at all (the change feed carried every write).
func TestThreeReplicasOverOneDatabase(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	if h, err := store.FeedHead(ctx); err != nil || h.Epoch == "" {
		t.Fatalf("the database keeps no change feed (%v): enable APOC triggers (apoc.trigger.enabled=true in apoc.conf; `bash internal/devdb/neo4j.sh start` writes it)", err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, o := range []ecograph.Organization{{ID: p + "us", Name: "Us", Kind: ecograph.OrgOurs}, {ID: p + "them", Name: "Them", Kind: ecograph.OrgClient}} {
		if _, err := store.UpsertOrganization(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	const n = 10
	id := func(i int) string { return fmt.Sprintf("%sp%02d", p, i) }
	alive := map[int]bool{}
	for i := range n {
		if _, err := store.UpsertPerson(ctx, ecograph.Person{ID: id(i), Name: "P", OrganizationID: p + "us"}); err != nil {
			t.Fatal(err)
		}
		alive[i] = true
	}
	ties := map[[2]int]float64{} // the test's own model of the ties, lower index first
	var replicas [3]*projection.Finder
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for i := range replicas {
		replicas[i] = projection.New(feedSource{source{store}}, projection.Config{PollInterval: 20e6, Strict: i == 2}, slog.New(slog.NewTextHandler(tw{t}, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if _, err := replicas[i].Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		wg.Add(2)
		go func() { defer wg.Done(); replicas[i].Run(runCtx) }()
		go func() { // route queries throughout
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), 1))
			for runCtx.Err() == nil {
				_, err := replicas[i].Routes(ctx, id(rng.IntN(n)), id(rng.IntN(n)), 1+rng.IntN(3), ecograph.DefaultRouteOptions())
				if c := ecograph.ErrorCode(err); err != nil && c != ecograph.ENOTFOUND && c != ecograph.EINVALID {
					t.Errorf("replica %d: %v", i, err)
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() { // replica 1 also reloads everything, again and again
		defer wg.Done()
		for runCtx.Err() == nil {
			if _, err := replicas[1].Refresh(ctx); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	cyp := func(q string, params map[string]any) {
		t.Helper()
		if _, err := neo4j.ExecuteQuery(ctx, store.Driver(), q, params, neo4j.EagerResultTransformer); err != nil {
			t.Fatal(err)
		}
	}
	direct := ecograph.DefaultRouteOptions()
	direct.MaxHops = 1
	rng := rand.New(rand.NewPCG(12, 7))
	for round := range 80 {
		a, b := rng.IntN(n), rng.IntN(n)
		if a == b {
			continue
		}
		lo, hi := min(a, b), max(a, b)
		writer := rng.IntN(4) // replica 0, 1, 2, or plain Cypher
		var touched []string
		var err error
		switch op := rng.IntN(10); {
		case op < 5: // a tie
			if !alive[a] || !alive[b] {
				continue
			}
			trust := float64(1+rng.IntN(10)) / 10
			if writer == 3 { // from the higher id to the lower, as an analyst might
				cyp("MATCH (x:Person {id: $hi}), (y:Person {id: $lo}) MERGE (x)-[t:TIE]-(y) SET t.trust = $trust, t.source = 'browser'",
					map[string]any{"hi": id(hi), "lo": id(lo), "trust": trust})
			} else {
				_, err = store.UpsertTie(ctx, ecograph.Tie{PersonA: id(lo), PersonB: id(hi), Trust: trust, Source: "api"})
			}
			ties[[2]int{lo, hi}] = trust
			touched = []string{id(a), id(b)}
		case op < 7: // no tie
			if writer == 3 {
				cyp("MATCH (:Person {id: $a})-[t:TIE]-(:Person {id: $b}) DELETE t", map[string]any{"a": id(a), "b": id(b)})
			} else {
				_, err = store.DeleteTie(ctx, id(a), id(b))
			}
			delete(ties, [2]int{lo, hi})
			touched = []string{id(a), id(b)}
		case op < 8: // a person goes, with their ties
			if writer == 3 {
				cyp("MATCH (x:Person {id: $a}) DETACH DELETE x", map[string]any{"a": id(a)})
			} else {
				_, err = store.DeletePerson(ctx, id(a))
			}
			alive[a] = false
			for k := range ties {
				if k[0] == a || k[1] == a {
					delete(ties, k)
				}
			}
			touched = []string{id(a)}
		default: // a person comes back or changes employer or roles
			if writer == 3 && alive[a] {
				cyp("MATCH (x:Person {id: $a}) SET x.roles = $roles", map[string]any{"a": id(a), "roles": []string{string(ecograph.RoleBlocker)}})
			} else {
				org := []string{p + "us", p + "them"}[rng.IntN(2)]
				_, err = store.UpsertPerson(ctx, ecograph.Person{ID: id(a), Name: fmt.Sprint("P", round), OrganizationID: org})
			}
			alive[a] = true
			touched = []string{id(a)}
		}
		if err != nil {
			t.Fatal(err)
		}
		if writer < 3 {
			replicas[writer].Touch(touched...)
		}
		// The strict replica sees the write at once, wherever it was made.
		if alive[a] && alive[b] {
			r, err := replicas[2].Routes(ctx, id(a), id(b), 1, direct)
			if err != nil {
				t.Fatalf("round %d: strict replica: %v", round, err)
			}
			want, got := ties[[2]int{lo, hi}], 0.0
			if len(r) == 1 {
				got = r[0].Trust
			}
			if got != want {
				t.Fatalf("round %d (writer %d): the strict replica sees tie %d-%d with trust %v, want %v", round, writer, a, b, got, want)
			}
		}
	}
	stop()
	wg.Wait()
	head, err := store.FeedHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := projection.New(source{store}, projection.Config{}, log).Refresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range replicas {
		for f.Current().Feed.Seq < head.Seq { // catch up on what the last polls had not read
			if err := f.Poll(ctx); err != nil {
				t.Fatal(err)
			}
		}
		s := f.Current()
		if got, want := edges(s, p), edges(fresh, p); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("replica %d differs from a fresh load:\n got %v\nwant %v", i, got, want)
		}
		for j := range n {
			x, xok := s.Graph.Index(id(j))
			y, yok := fresh.Graph.Index(id(j))
			if xok != yok || xok && (s.Graph.OrgID(x) != fresh.Graph.OrgID(y) || s.Graph.OrgKind(x) != fresh.Graph.OrgKind(y) ||
				s.Graph.HasRole(x, ecograph.RoleBlocker) != fresh.Graph.HasRole(y, ecograph.RoleBlocker)) {
				t.Fatalf("replica %d: person %s differs from a fresh load", i, id(j))
			}
		}
		if f.ReloadWaits() != 0 {
			t.Errorf("replica %d: %d route queries waited for a full reload", i, f.ReloadWaits())
		}
		if i != 1 && f.FullReloads() != 1 {
			t.Errorf("replica %d: %d full reloads, want only the first", i, f.FullReloads())
		}
		t.Logf("replica %d: %d full reloads, %d deltas, %d feed changes", i, f.FullReloads(), f.Deltas(), f.FeedChanges())
	}
}

type tw struct{ t *testing.T }

func (w tw) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }

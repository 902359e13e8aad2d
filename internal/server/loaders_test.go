package server_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// TestAPageCostsBoundedQueries counts the Cypher reads behind one request: a page of 20
// people with their organisations and teams costs one query per kind thanks to the
// per-request dataloaders, not one per person.
func TestAPageCostsBoundedQueries(t *testing.T) {
	store := testdb.Store(t)
	var mu sync.Mutex
	reads := map[string]int{}
	store.SetObserver(func(op string, d time.Duration, err error) {
		mu.Lock()
		reads[op]++
		mu.Unlock()
	})
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{})
	e.p = testdb.Prefix(t)
	admin := e.token(ecograph.CallerAdmin, "")
	// Two organisations, each with a team, 20 people spread over them.
	for o := 0; o < 2; o++ {
		e.mustData(admin, upsertOrg, map[string]any{"in": map[string]any{"id": fmt.Sprint(e.p, "org", o), "name": "O", "kind": "CLIENT"}}, &struct{}{})
		e.mustData(admin, `mutation($in: TeamInput!) { upsertTeam(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": fmt.Sprint(e.p, "team", o), "name": "T", "organization": fmt.Sprint(e.p, "org", o)}}, &struct{}{})
	}
	for i := 0; i < 20; i++ {
		e.mustData(admin, upsertPerson, map[string]any{"in": map[string]any{"id": fmt.Sprintf("%sp%02d", e.p, i), "name": "P",
			"organization": fmt.Sprint(e.p, "org", i%2), "teams": []string{fmt.Sprint(e.p, "team", i%2)}}}, &struct{}{})
	}
	mu.Lock()
	reads = map[string]int{}
	mu.Unlock()
	var out struct {
		People struct {
			Edges []struct {
				Node struct {
					Organization struct{ Name string }
					Teams        []struct{ Name string }
				}
			}
		}
	}
	e.mustData(e.token(ecograph.CallerAnalyst, ""), `query($n: String) { people(filter: {nameContains: $n}, first: 100) {
		edges { node { id organization { name kind } teams { name organization { name } } } } } }`, map[string]any{"n": "P"}, &out)
	total := 0
	mu.Lock()
	for _, n := range reads {
		total += n
	}
	got := fmt.Sprint(reads)
	mu.Unlock()
	if len(out.People.Edges) < 20 {
		t.Fatalf("want at least our 20 people, got %d", len(out.People.Edges))
	}
	// One read for the page, then one batch per kind (organisations, teams): 3 or 4 reads;
	// a batch may split when the machine is slow, so allow some slack, far below the 1+2n
	// reads of one query per person and field.
	if total > 8 {
		t.Fatalf("a page of %d people took %d reads: %s", len(out.People.Edges), total, got)
	}
	t.Logf("a page of %d people with organisations and teams: %d reads %s", len(out.People.Edges), total, got)
}

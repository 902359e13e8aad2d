package projection_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestOutsideWritesShowWithoutAQuery writes a tie straight into Neo4j (as an analyst in Neo4j
// Browser or an import would, without telling the finder) and waits for the background
// poller to pick it up, with no strict check and no local Touch.
func TestOutsideWritesShowWithoutAQuery(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	if _, err := store.UpsertOrganization(ctx, ecograph.Organization{ID: p + "o", Name: "O", Kind: ecograph.OrgClient}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{p + "a", p + "b"} {
		if _, err := store.UpsertPerson(ctx, ecograph.Person{ID: id, Name: id, OrganizationID: p + "o"}); err != nil {
			t.Fatal(err)
		}
	}
	f := projection.New(source{store}, projection.Config{PollInterval: 100 * time.Millisecond},
		slog.New(slog.NewTextHandler(io.Discard, nil)))
	if _, err := f.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	go f.Run(runCtx)
	if r, err := f.Routes(ctx, p+"a", p+"b", 1, ecograph.DefaultRouteOptions()); err != nil || len(r) != 0 {
		t.Fatalf("before the write: %v %v", r, err)
	}
	_, err := neo4j.ExecuteQuery(ctx, store.Driver(),
		"MATCH (a:Person {id: $a}), (b:Person {id: $b}) CREATE (a)-[:TIE {trust: 0.42, source: 'browser'}]->(b)",
		map[string]any{"a": p + "a", "b": p + "b"}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	// Bounded wait for the poller (not a timing assertion: the bound is generous).
	deadline := time.Now().Add(30 * time.Second)
	for {
		r, err := f.Routes(ctx, p+"a", p+"b", 1, ecograph.DefaultRouteOptions())
		if err != nil {
			t.Fatal(err)
		}
		if len(r) == 1 && r[0].Trust == 0.42 && r[0].Hops[0].Source == "browser" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the outside write never reached the projection: %+v", r)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

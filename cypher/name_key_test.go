package cypher_test

import (
	"context"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Every way people are written leaves them findable by name regardless of case and accents:
// the API's and the importer's upserts write the key, and migrating fills in the key of
// people written outside the API (none, or one left stale by a rename).
func TestNameKeysOnEveryWritePath(t *testing.T) {
	s := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	if _, err := s.UpsertOrganization(ctx, ecograph.Organization{ID: p + "org", Name: "Org", Kind: ecograph.OrgClient}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertPerson(ctx, ecograph.Person{ID: p + "api", Name: "Ursula Räber", OrganizationID: p + "org"}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpsertPeople(ctx, []ecograph.Person{{ID: p + "import", Name: "Hans RÄBER", OrganizationID: p + "org"}}); err != nil {
		t.Fatal(err)
	}
	// Outside the API: one person without a key, one renamed without touching theirs.
	_, err := neo4j.ExecuteQuery(ctx, s.Driver(), `MATCH (o:Organization {id: $org})
		CREATE (:Person {id: $p + 'outside', name: 'Zoë Räber'})-[:WORKS_AT]->(o)
		CREATE (:Person {id: $p + 'renamed', name: 'Marc Räber', nameKey: 'marc keller'})-[:WORKS_AT]->(o)`,
		map[string]any{"org": p + "org", "p": p}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	find := func() []string {
		t.Helper()
		org, text := p+"org", "raber"
		people, err := s.FindPeople(ctx, ecograph.FullScope(), ecograph.PersonFilter{OrganizationID: &org, NameContains: &text, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, x := range people {
			ids = append(ids, x.ID[len(p):])
		}
		return ids
	}
	if got := find(); len(got) != 2 || got[0] != "api" || got[1] != "import" {
		t.Fatalf("before migrating: %v, want [api import]", got)
	}
	if err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if got := find(); len(got) != 4 {
		t.Fatalf("after migrating: %v, want all four", got)
	}
	// A second run has nothing left to do among these people (others' may be in flight).
	n, err := s.BackfillNameKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("second backfill set %d keys", n)
}

// The unfiltered count of our roles comes from the count store; it must agree with the
// counting query (an empty search text matches everyone). Other tests write meanwhile, so
// a few tries are allowed for the two reads to see the same database.
func TestCountAllPeopleAgreesWithTheScan(t *testing.T) {
	s := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	if _, err := s.UpsertOrganization(ctx, ecograph.Organization{ID: p + "org", Name: "Org", Kind: ecograph.OrgClient}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertPerson(ctx, ecograph.Person{ID: p + "x", Name: "X", OrganizationID: p + "org"}); err != nil {
		t.Fatal(err)
	}
	everyone := ""
	var fast, scan int
	for range 5 {
		var err error
		if fast, err = s.CountPeopleMatching(ctx, ecograph.FullScope(), ecograph.PersonFilter{}); err != nil {
			t.Fatal(err)
		}
		if scan, err = s.CountPeopleMatching(ctx, ecograph.FullScope(), ecograph.PersonFilter{NameContains: &everyone}); err != nil {
			t.Fatal(err)
		}
		if fast == scan && fast > 0 {
			return
		}
	}
	t.Fatalf("count store says %d people, the scan %d", fast, scan)
}

package cypher_test

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// seed writes an organisation, a team and n people in it, and returns their ids.
func seed(t *testing.T, s *cypher.Store, p string, n int) []string {
	t.Helper()
	ctx := context.Background()
	if _, err := s.UpsertOrganization(ctx, ecograph.Organization{ID: p + "org", Name: "Org", Kind: ecograph.OrgClient}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertTeam(ctx, ecograph.Team{ID: p + "team", Name: "Team", OrganizationID: p + "org"}); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("%sp%02d", p, i)
		if _, err := s.UpsertPerson(ctx, ecograph.Person{ID: ids[i], Name: "Person " + ids[i], OrganizationID: p + "org",
			Roles: []ecograph.Role{ecograph.RoleExpert}, TeamIDs: []string{p + "team"}}); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

func countTies(t *testing.T, s *cypher.Store, a, b string) int64 {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), s.Driver(),
		"MATCH (:Person {id: $a})-[t:TIE]-(:Person {id: $b}) RETURN count(t) AS n",
		map[string]any{"a": a, "b": b}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	n, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "n")
	return n
}

func TestEveryQueryFileParses(t *testing.T) {
	s := testdb.Store(t)
	// EXPLAIN compiles a query without running it: every .cypher file must be valid Cypher.
	err := fs.WalkDir(cypher.Files(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".cypher") || strings.HasPrefix(path, "migrations/") || path == "scope.cypher" {
			return err
		}
		q := strings.ReplaceAll(cypher.Text(strings.TrimSuffix(path, ".cypher")), "{{label}}", "Person")
		_, err = neo4j.ExecuteQuery(context.Background(), s.Driver(), "EXPLAIN "+q, nil, neo4j.EagerResultTransformer)
		if err != nil {
			t.Errorf("%s: %v", path, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	s := testdb.Store(t)
	for i := 0; i < 2; i++ {
		if err := s.Migrate(context.Background()); err != nil {
			t.Fatalf("migrate #%d: %v", i+1, err)
		}
	}
}

func TestUpsertAndFind(t *testing.T) {
	s := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	ids := seed(t, s, p, 3)

	got, err := s.FindPersonByID(ctx, ecograph.FullScope(), ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.OrganizationID != p+"org" || len(got.TeamIDs) != 1 || got.TeamIDs[0] != p+"team" || !got.HasRole(ecograph.RoleExpert) {
		t.Fatalf("person read back wrong: %+v", got)
	}
	// Replacing a person replaces roles and memberships.
	if _, err := s.UpsertPerson(ctx, ecograph.Person{ID: ids[0], Name: "Renamed", OrganizationID: p + "org",
		Roles: []ecograph.Role{ecograph.RoleBlocker}}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.FindPersonByID(ctx, ecograph.FullScope(), ids[0])
	if got.Name != "Renamed" || len(got.TeamIDs) != 0 || len(got.Roles) != 1 || got.Roles[0] != ecograph.RoleBlocker {
		t.Fatalf("replace did not replace: %+v", got)
	}
	if _, err := s.FindPersonByID(ctx, ecograph.FullScope(), p+"nobody"); ecograph.ErrorCode(err) != ecograph.ENOTFOUND {
		t.Fatalf("unknown person: want ENOTFOUND, got %v", err)
	}
}

func TestValidationWritesNothing(t *testing.T) {
	s := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	ids := seed(t, s, p, 2)
	cases := []struct {
		name  string
		do    func() error
		field string
	}{
		{"person with unknown organisation", func() error {
			_, err := s.UpsertPerson(ctx, ecograph.Person{ID: p + "x", Name: "X", OrganizationID: p + "nope"})
			return err
		}, "input.organization"},
		{"person with unknown team", func() error {
			_, err := s.UpsertPerson(ctx, ecograph.Person{ID: p + "x", Name: "X", OrganizationID: p + "org", TeamIDs: []string{p + "nope"}})
			return err
		}, "input.teams"},
		{"person with unknown role", func() error {
			_, err := s.UpsertPerson(ctx, ecograph.Person{ID: p + "x", Name: "X", OrganizationID: p + "org", Roles: []ecograph.Role{"KING"}})
			return err
		}, "input.roles"},
		{"team with unknown organisation", func() error {
			_, err := s.UpsertTeam(ctx, ecograph.Team{ID: p + "x", Name: "X", OrganizationID: p + "nope"})
			return err
		}, "input.organization"},
		{"organisation with unknown kind", func() error {
			_, err := s.UpsertOrganization(ctx, ecograph.Organization{ID: p + "x", Name: "X", Kind: "FRIEND"})
			return err
		}, "input.kind"},
		{"self tie", func() error {
			_, err := s.UpsertTie(ctx, ecograph.Tie{PersonA: ids[0], PersonB: ids[0], Trust: 0.5})
			return err
		}, "input.personB"},
		{"trust above 1", func() error {
			_, err := s.UpsertTie(ctx, ecograph.Tie{PersonA: ids[0], PersonB: ids[1], Trust: 1.5})
			return err
		}, "input.trust"},
		{"tie to unknown person", func() error {
			_, err := s.UpsertTie(ctx, ecograph.Tie{PersonA: ids[0], PersonB: p + "x", Trust: 0.5})
			return err
		}, "input.personB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.do()
			if ecograph.ErrorCode(err) != ecograph.EINVALID || ecograph.ErrorField(err) != c.field {
				t.Fatalf("want EINVALID on %s, got %v", c.field, err)
			}
			if m, _ := s.ExistingIDs(ctx, cypher.LabelPerson, []string{p + "x"}); m[p+"x"] {
				t.Fatal("a rejected person was written")
			}
			if m, _ := s.ExistingIDs(ctx, cypher.LabelTeam, []string{p + "x"}); m[p+"x"] {
				t.Fatal("a rejected team was written")
			}
			if n := countTies(t, s, ids[0], ids[1]); n != 0 {
				t.Fatalf("a rejected tie was written (%d)", n)
			}
		})
	}
}

func TestTiesOnePerPairAndPaging(t *testing.T) {
	s := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	ids := seed(t, s, p, 6)
	// The same pair in both orders: the later write wins, and there is one tie.
	if _, err := s.UpsertTie(ctx, ecograph.Tie{PersonA: ids[0], PersonB: ids[1], Trust: 0.2, Source: "crm"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpsertTie(ctx, ecograph.Tie{PersonA: ids[1], PersonB: ids[0], Trust: 0.9, Source: "survey"}); err != nil {
		t.Fatal(err)
	}
	if n := countTies(t, s, ids[0], ids[1]); n != 1 {
		t.Fatalf("want 1 tie for the pair, got %d", n)
	}
	trusts := []float64{0.9, 0.5, 0.5, 0.5, 0.1}
	for i, tr := range trusts[1:] {
		if _, err := s.UpsertTie(ctx, ecograph.Tie{PersonA: ids[0], PersonB: ids[i+2], Trust: tr}); err != nil {
			t.Fatal(err)
		}
	}
	// Page through two at a time: best trust first, ties in trust ordered by id, nothing
	// repeated or lost.
	var seen []string
	f := ecograph.TieFilter{PersonID: ids[0], Limit: 2}
	for {
		page, err := s.FindTies(ctx, ecograph.FullScope(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, tv := range page {
			seen = append(seen, fmt.Sprintf("%s:%.1f", tv.Person.ID, *tv.Trust))
		}
		if len(page) < 2 {
			break
		}
		last := page[len(page)-1]
		f.AfterTrust, f.AfterID = &last.Rank, last.Person.ID
	}
	want := []string{ids[1] + ":0.9", ids[2] + ":0.5", ids[3] + ":0.5", ids[4] + ":0.5", ids[5] + ":0.1"}
	if strings.Join(seen, ",") != strings.Join(want, ",") {
		t.Fatalf("pages:\n got %v\nwant %v", seen, want)
	}
	f = ecograph.TieFilter{PersonID: ids[0], Limit: 10, MinTrust: 0.5}
	if page, _ := s.FindTies(ctx, ecograph.FullScope(), f); len(page) != 4 {
		t.Fatalf("minTrust 0.5: want 4 ties, got %d", len(page))
	}
	// Delete in the other order.
	ok, err := s.DeleteTie(ctx, ids[1], ids[0])
	if err != nil || !ok {
		t.Fatalf("DeleteTie = %v, %v", ok, err)
	}
	if ok, _ := s.DeleteTie(ctx, ids[1], ids[0]); ok {
		t.Fatal("deleting a missing tie reported true")
	}
}

func TestConcurrentUpsertsLeaveOne(t *testing.T) {
	s := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	ids := seed(t, s, p, 2)
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for i := 0; i < 50; i++ {
		wg.Add(2)
		go func(i int) {
			defer wg.Done()
			_, err := s.UpsertPerson(ctx, ecograph.Person{ID: p + "same", Name: fmt.Sprint("N", i), OrganizationID: p + "org"})
			errs <- err
		}(i)
		go func(i int) {
			defer wg.Done()
			a, b := ids[0], ids[1]
			if i%2 == 1 {
				a, b = b, a
			}
			_, err := s.UpsertTie(ctx, ecograph.Tie{PersonA: a, PersonB: b, Trust: float64(i) / 50})
			errs <- err
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := neo4j.ExecuteQuery(ctx, s.Driver(), "MATCH (n:Person {id: $id}) RETURN count(n) AS n",
		map[string]any{"id": p + "same"}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "n"); n != 1 {
		t.Fatalf("50 concurrent upserts of one id left %d nodes", n)
	}
	if n := countTies(t, s, ids[0], ids[1]); n != 1 {
		t.Fatalf("50 concurrent tie upserts left %d ties", n)
	}
}

func TestDeleteOrganizationGuardsPeople(t *testing.T) {
	s := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	seed(t, s, p, 1)
	if _, err := s.DeleteOrganization(ctx, p+"org"); ecograph.ErrorCode(err) != ecograph.ECONFLICT {
		t.Fatalf("deleting an organisation with people: want ECONFLICT, got %v", err)
	}
	if ok, err := s.DeleteOrganization(ctx, p+"none"); ok || err != nil {
		t.Fatalf("deleting a missing organisation = %v, %v", ok, err)
	}
}

func TestBookmarkChangesOnWrite(t *testing.T) {
	s := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	before, err := s.Bookmark(ctx)
	if err != nil || before == "" {
		t.Fatalf("Bookmark = %q, %v", before, err)
	}
	seed(t, s, p, 1)
	after, err := s.Bookmark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after == before {
		t.Fatal("bookmark did not change after a write")
	}
}

// TestReadQueriesAreScoped guards the access model: every query that reads graph data for a
// caller starts from the caller's scope, so a new read cannot forget the filter.
func TestReadQueriesAreScoped(t *testing.T) {
	unscoped := map[string]string{
		"find_account_audit.cypher": "callers check the role (ADMIN, ANALYST) first",
		"count_people.cypher":       "the CLI's is-the-database-empty check, no caller",
		"count_all_people.cypher":   "run only for our roles, who see everyone (CountPeopleMatching checks)",
		"find_pair_evidence.cypher": "the trust model's read inside writes; FindTieEvidence callers check for our roles first (partners never see evidence)",
	}
	err := fs.WalkDir(cypher.Files(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasPrefix(path, "find_") && !strings.HasPrefix(path, "count_") && path != "route_scope.cypher" {
			return err
		}
		raw, err := fs.ReadFile(cypher.Files(), path)
		if err != nil {
			return err
		}
		if _, ok := unscoped[path]; !ok && !strings.Contains(string(raw), "{{scope}}") {
			t.Errorf("%s reads without the caller's scope", path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestConcurrentMigrations: replicas (and test packages) may migrate one database at once.
func TestConcurrentMigrations(t *testing.T) {
	s := testdb.Store(t)
	ctx := context.Background()
	for _, name := range []string{"tie_trust", "person_name", "organization_kind"} {
		if _, err := neo4j.ExecuteQuery(ctx, s.Driver(), "DROP INDEX "+name+" IF EXISTS", nil, neo4j.EagerResultTransformer); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.Migrate(ctx)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("concurrent migration: %v", err)
		}
	}
}

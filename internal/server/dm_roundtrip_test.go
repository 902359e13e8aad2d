package server_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// orgCounting is the store, counting the organisation reads by id and the route scope reads.
type orgCounting struct {
	*cypher.Store
	orgReads, scopeReads atomic.Int64
}

func (s *orgCounting) RouteScope(ctx context.Context, sc ecograph.Scope) (*ecograph.Visibility, error) {
	s.scopeReads.Add(1)
	return s.Store.RouteScope(ctx, sc)
}

func (s *orgCounting) FindOrganizationsByIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Organization, error) {
	s.orgReads.Add(1)
	return s.Store.FindOrganizationsByIDs(ctx, sc, ids)
}

// A seller's routesToDecisionMakers that finds a route answers from the projection alone: no
// read of the organisation from Neo4j. Without a route the store still says whether the
// organisation exists: NOT_FOUND for an unknown one (before the unknown person), [] for one
// written a moment ago straight into Neo4j that the projection does not know.
func TestDecisionMakerRoutesNeedNoRoundTrip(t *testing.T) {
	db := testdb.Store(t)
	counting := &orgCounting{Store: db}
	e := serve(t, server.DefaultConfig(), counting, db, projection.Config{})
	e.p = testdb.Prefix(t)
	admin, seller := e.token(ecograph.CallerAdmin, ""), e.token(ecograph.CallerSeller, "")
	e.seedLine(admin, 4, 0.8) // p0 - p1 - p2 - p3, p3 the decision maker of e.p+"org"
	const q = `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o, k: 3) { length people { id organization { name } } } }`

	var out struct {
		RoutesToDecisionMakers []struct {
			Length int
			People []struct {
				ID           string
				Organization struct{ Name string }
			}
		}
	}
	counting.orgReads.Store(0)
	e.mustData(seller, q, map[string]any{"f": e.p + "p0", "o": e.p + "org"}, &out)
	if rs := out.RoutesToDecisionMakers; len(rs) != 1 || rs[0].Length != 3 || rs[0].People[3].ID != e.p+"p3" || rs[0].People[3].Organization.Name != "St. Test" {
		t.Fatalf("routes: %+v", rs)
	}
	if n := counting.orgReads.Load(); n != 0 {
		t.Fatalf("%d organisation reads from Neo4j for a found route, want 0", n)
	}

	for _, tc := range []struct{ from, org, code string }{
		{e.p + "p0", e.p + "nowhere", "NOT_FOUND"},
		{e.p + "nobody", e.p + "nowhere", "NOT_FOUND"}, // the organisation is named first, as before
	} {
		r := e.do(seller, q, map[string]any{"f": tc.from, "o": tc.org})
		if r.code() != tc.code || len(r.Errors) != 1 || r.Errors[0].Extensions["field"] != nil && r.Errors[0].Extensions["field"] != "organization" {
			t.Fatalf("%s -> %s: %+v, want %s", tc.from, tc.org, r.Errors, tc.code)
		}
		if got := r.Errors[0].Message; !strings.Contains(got, tc.org) {
			t.Fatalf("%s -> %s: message %q does not name the organisation", tc.from, tc.org, got)
		}
	}

	// Written straight into Neo4j: the projection has never seen it, the store has.
	if _, err := neo4j.ExecuteQuery(context.Background(), db.Driver(), "CREATE (:Organization {id: $id, name: 'Fresh', kind: 'CLIENT'})",
		map[string]any{"id": e.p + "fresh"}, neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
	counting.orgReads.Store(0)
	e.mustData(seller, q, map[string]any{"f": e.p + "p0", "o": e.p + "fresh"}, &out)
	if len(out.RoutesToDecisionMakers) != 0 || counting.orgReads.Load() == 0 {
		t.Fatalf("fresh organisation: routes %+v, %d store reads; want none and the store asked", out.RoutesToDecisionMakers, counting.orgReads.Load())
	}
}

// A partner's route query reads its route scope once, though it needs it twice (to authorise
// an argument outside its own organisation and to search).
func TestPartnerRouteReadsItsScopeOnce(t *testing.T) {
	db := testdb.Store(t)
	p := testdb.Prefix(t)
	importDemoCopy(t, db, p)
	if err := db.LoadDemoAccounts(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	counting := &orgCounting{Store: db}
	e := serve(t, server.DefaultConfig(), counting, db, projection.Config{})
	medilog := e.token(ecograph.CallerPartner, p+"org-medilog")
	var out struct {
		RoutesToDecisionMakers []struct{ Length int }
	}
	counting.scopeReads.Store(0)
	e.mustData(medilog, `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o) { length } }`,
		map[string]any{"f": p + "p-andreas-moser", "o": p + "org-st-marys"}, &out)
	if len(out.RoutesToDecisionMakers) == 0 {
		t.Fatal("MediLog's Andreas Moser has no route to St. Mary's decision makers")
	}
	if n := counting.scopeReads.Load(); n != 1 {
		t.Fatalf("%d route scope reads for one partner route query, want 1", n)
	}
}

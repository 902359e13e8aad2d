package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
)

// portal is a running API over a prefixed copy of the demo with its accounts and shares
// (what `make run` serves), so a test may read and change it without touching the demo
// other tests read.
type portal struct {
	*env
	medilog string // a PARTNER token for MediLog
}

func newPortal(t *testing.T) *portal {
	t.Helper()
	cfg := server.DefaultConfig()
	cfg.RatePoints = 0 // the tests ask many questions quickly; cost_test.go checks the limits
	return newPortalWith(t, cfg)
}

func newPortalWith(t *testing.T, cfg server.Config) *portal {
	t.Helper()
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	importDemoCopy(t, store, p)
	if err := store.LoadDemoAccounts(context.Background(), p); err != nil {
		t.Fatal(err)
	}
	v, err := auth.NewVerifier(authCfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// As newAnalyticsEnv: the projection is loaded once the copy is in (refresh), not on
	// every request, which would reload the whole shared database while other tests write.
	finder := projection.New(source{store}, projection.Config{}, log)
	a := projection.NewAnalytics(finder, store, projection.AnalyticsConfig{}, log)
	srv := httptest.NewServer(server.New(cfg, server.Deps{
		Resolver: &resolvers.Resolver{Store: store, Routes: finder, Analytics: a},
		Verifier: v, DB: store, Log: log,
	}))
	t.Cleanup(srv.Close)
	e := &env{t: t, srv: srv, store: store, finder: finder, p: p}
	e.refresh()
	return &portal{env: e, medilog: e.token(ecograph.CallerPartner, p+"org-medilog")}
}

// sharedLevels returns a partner's shared accounts as "account:LEVEL", the prefix cut.
func (e *env) sharedLevels(tok string) []string {
	e.t.Helper()
	var v struct {
		Viewer struct {
			SharedAccounts struct {
				Edges []struct {
					Node struct {
						ID, ShareLevel string
					}
				}
			}
		}
	}
	e.mustData(tok, `{ viewer { sharedAccounts(first: 100) { edges { node { id shareLevel } } } } }`, nil, &v)
	var out []string
	for _, ed := range v.Viewer.SharedAccounts.Edges {
		out = append(out, strings.TrimPrefix(ed.Node.ID, e.p)+":"+ed.Node.ShareLevel)
	}
	return out
}

// TestDemoSharesWithPartners: on day one every partner of the demo has something shared,
// and MediLog has one account at each level (issue 14, item 1: before, MediLog's `accounts`
// was empty and its routes to St. Mary's NOT_FOUND).
func TestDemoSharesWithPartners(t *testing.T) {
	e := newPortal(t)
	want := map[string][]string{
		"org-medilog":   {"acct-alpine-group:COUNTS", "acct-helvetia-payer-access:NAMES", "acct-st-marys-cardiology:ROUTES"},
		"org-curanet":   {"acct-alpine-group:ROUTES"},
		"org-trialpath": {"acct-bern-cvi-trials:ROUTES"},
	}
	for org, w := range want {
		if got := e.sharedLevels(e.token(ecograph.CallerPartner, e.p+org)); !slices.Equal(got, w) {
			t.Errorf("%s's shares: %v, want %v", org, got, w)
		}
	}
	var r struct {
		RoutesToDecisionMakers []struct {
			People []struct{ ID string }
		}
	}
	e.mustData(e.medilog, `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o) { people { id } } }`,
		map[string]any{"f": e.p + "p-andreas-moser", "o": e.p + "org-st-marys"}, &r)
	if len(r.RoutesToDecisionMakers) == 0 {
		t.Fatal("MediLog's Andreas Moser has no route to St. Mary's decision makers")
	}
}

// TestDeleteAccount: ADMIN only; the account, its swarm and shares go, the partner no longer
// sees it, and the audit trail records an UNSHARE per share and the DELETE.
func TestDeleteAccount(t *testing.T) {
	e := newPortal(t)
	acct := e.p + "acct-alpine-group"
	for _, role := range []ecograph.CallerRole{ecograph.CallerSeller, ecograph.CallerAnalyst, ecograph.CallerPartner} {
		tok := e.medilog
		if role != ecograph.CallerPartner {
			tok = e.token(role, "")
		}
		if r := e.do(tok, `mutation($id: ID!) { deleteAccount(id: $id) }`, map[string]any{"id": acct}); r.code() != "FORBIDDEN" {
			t.Errorf("%s deletes an account: %+v", role, r.Errors)
		}
	}
	admin := e.tokenAs(ecograph.CallerAdmin, "", "p-admin-tester")
	var del struct{ DeleteAccount bool }
	e.mustData(admin, `mutation($id: ID!) { deleteAccount(id: $id) }`, map[string]any{"id": acct}, &del)
	if !del.DeleteAccount {
		t.Fatal("deleteAccount of an existing account answered false")
	}
	e.mustData(admin, `mutation($id: ID!) { deleteAccount(id: $id) }`, map[string]any{"id": acct}, &del)
	if del.DeleteAccount {
		t.Error("deleting it again answered true")
	}
	if got := e.sharedLevels(e.medilog); slices.Contains(got, "acct-alpine-group:COUNTS") || len(got) != 2 {
		t.Errorf("MediLog's shares after the delete: %v", got)
	}
	var a struct {
		Account      *struct{ ID string }
		AccountAudit []struct {
			Action, By string
			Partner    *string
		}
	}
	e.mustData(e.token(ecograph.CallerAnalyst, ""), `query($id: ID!) { account(id: $id) { id } accountAudit(account: $id) { action by partner } }`,
		map[string]any{"id": acct}, &a)
	if a.Account != nil {
		t.Errorf("the deleted account is still there: %+v", a.Account)
	}
	var trail []string
	for _, ev := range a.AccountAudit {
		p := "-"
		if ev.Partner != nil {
			p = strings.TrimPrefix(*ev.Partner, e.p)
		}
		trail = append(trail, ev.Action+":"+p+":"+ev.By)
	}
	// Newest first: the DELETE, the two UNSHAREs (in any order), then the demo's two SHAREs.
	if len(trail) != 5 || trail[0] != "DELETE:-:p-admin-tester" ||
		!slices.Contains(trail[1:3], "UNSHARE:org-medilog:p-admin-tester") || !slices.Contains(trail[1:3], "UNSHARE:org-curanet:p-admin-tester") ||
		!strings.HasPrefix(trail[3], "SHARE:") || !strings.HasPrefix(trail[4], "SHARE:") {
		t.Errorf("audit trail: %v", trail)
	}
}

// prefixed returns a GraphQL document with the demo's ids in it given this test's prefix.
func (e *env) prefixed(query string) string {
	return demoIDs.ReplaceAllString(query, e.p+"$0")
}

package server_test

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
)

// tokenFor mints a token with every claim of c, the subject included.
func (e *env) tokenFor(c ecograph.Caller) string {
	e.t.Helper()
	tok, err := auth.Mint(authCfg, c, time.Hour, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

const viewerQuery = `{ viewer { role subject organization { id kind } person { id }
	sharedAccounts(first: 10) { totalCount edges { node { id shareLevel } } pageInfo { hasNextPage } } } }`

type viewerAnswer struct {
	Viewer struct {
		Role         string
		Subject      *string
		Organization *struct{ ID, Kind string }
		Person       *struct{ ID string }
		// SharedAccounts holds the accounts shared with a partner, with their levels.
		SharedAccounts struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					ID         string
					ShareLevel *string
				}
			}
			PageInfo struct{ HasNextPage bool }
		}
	}
}

func TestViewerSaysWhoIsAsking(t *testing.T) {
	w := newAccessWorld(t)
	e := w.env
	ask := func(t *testing.T, c ecograph.Caller) viewerAnswer {
		t.Helper()
		var out viewerAnswer
		e.mustData(e.tokenFor(c), viewerQuery, nil, &out)
		return out
	}

	t.Run("admin without org or subject", func(t *testing.T) {
		v := ask(t, ecograph.Caller{Role: ecograph.CallerAdmin}).Viewer
		if v.Role != "ADMIN" || v.Subject != nil || v.Organization != nil || v.Person != nil {
			t.Fatalf("admin viewer: %+v", v)
		}
		// Nothing is shared with our roles: they see every account through `accounts`.
		if len(v.SharedAccounts.Edges) != 0 || v.SharedAccounts.TotalCount != 0 {
			t.Fatalf("admin shared accounts: %+v", v.SharedAccounts)
		}
	})

	t.Run("seller with org and subject", func(t *testing.T) {
		v := ask(t, ecograph.Caller{Role: ecograph.CallerSeller, OrgID: w.id("ours"), Subject: w.id("o1")}).Viewer
		if v.Role != "SELLER" || v.Subject == nil || *v.Subject != w.id("o1") {
			t.Fatalf("seller viewer: %+v", v)
		}
		if v.Organization == nil || v.Organization.ID != w.id("ours") || v.Organization.Kind != "OURS" {
			t.Fatalf("seller organisation: %+v", v.Organization)
		}
		if v.Person == nil || v.Person.ID != w.id("o1") {
			t.Fatalf("seller person: %+v", v.Person)
		}
	})

	t.Run("partner sees its organisation, person and shares with levels", func(t *testing.T) {
		v := ask(t, ecograph.Caller{Role: ecograph.CallerPartner, OrgID: w.id("pa"), Subject: w.id("a1")}).Viewer
		if v.Role != "PARTNER" || v.Organization == nil || v.Organization.ID != w.id("pa") || v.Organization.Kind != "PARTNER" {
			t.Fatalf("partner viewer: %+v", v)
		}
		if v.Person == nil || v.Person.ID != w.id("a1") {
			t.Fatalf("partner person: %+v", v.Person)
		}
		var got []string
		for _, ed := range v.SharedAccounts.Edges {
			if ed.Node.ShareLevel == nil {
				t.Fatalf("shared account %s without a level", ed.Node.ID)
			}
			got = append(got, ed.Node.ID+"="+*ed.Node.ShareLevel)
		}
		want := []string{w.id("acc") + "=ROUTES", w.id("acc2") + "=COUNTS"}
		if !slices.Equal(got, want) || v.SharedAccounts.TotalCount != 2 || v.SharedAccounts.PageInfo.HasNextPage {
			t.Fatalf("partner A's shares: got %v (total %d), want %v", got, v.SharedAccounts.TotalCount, want)
		}
	})

	t.Run("subject naming nobody visible", func(t *testing.T) {
		// z1 works at partner C: partner B may not see them; nobody has the id "ghost".
		for _, c := range []ecograph.Caller{
			{Role: ecograph.CallerPartner, OrgID: w.id("pb"), Subject: w.id("z1")},
			{Role: ecograph.CallerAnalyst, Subject: w.id("ghost")},
		} {
			v := ask(t, c).Viewer
			if v.Person != nil || v.Subject == nil || *v.Subject != c.Subject {
				t.Fatalf("%s with subject %s: %+v", c.Role, c.Subject, v)
			}
		}
	})

	t.Run("partner whose organisation has no shares", func(t *testing.T) {
		v := ask(t, ecograph.Caller{Role: ecograph.CallerPartner, OrgID: w.id("pc")}).Viewer
		if v.Organization == nil || v.Organization.ID != w.id("pc") || len(v.SharedAccounts.Edges) != 0 {
			t.Fatalf("partner C: %+v", v)
		}
	})

	t.Run("a partner's shares page", func(t *testing.T) {
		r := e.do(e.tokenFor(ecograph.Caller{Role: ecograph.CallerPartner, OrgID: w.id("pa")}),
			`{ viewer { sharedAccounts(first: 1) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`, nil)
		var page struct {
			Edges    []json.RawMessage
			PageInfo struct{ HasNextPage bool }
		}
		if len(r.Errors) > 0 {
			t.Fatal(r.Errors)
		}
		_ = json.Unmarshal(field(t, r.Data, "viewer", "sharedAccounts"), &page)
		if len(page.Edges) != 1 || !page.PageInfo.HasNextPage {
			t.Fatalf("first: 1 of two shares: %+v", page)
		}
	})
}

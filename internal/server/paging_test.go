package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/ecograph/ecograph"
)

// pagingWorld seeds, through the API, a client "org" with a team whose six members have names
// in an order that differs from their ids (case and accents included), ties from p0, a
// partner "pa", an account on "org" shared with it, and two interactions of p0 and p1 there.
//
//	p0 Zoë Zürcher, p1 anna Keller, p2 Ursula Räber, p3 Bruno RÄBER, p4 Émile Adam, p5 Marc Raber
func newPagingWorld(t *testing.T) (*env, string) {
	e := newEnv(t)
	admin := e.token(ecograph.CallerAdmin, "")
	for _, o := range [][2]string{{"org", "CLIENT"}, {"pa", "PARTNER"}} {
		e.mustData(admin, upsertOrg, map[string]any{"in": map[string]any{"id": e.p + o[0], "name": "Org " + o[0], "kind": o[1]}}, &struct{}{})
	}
	e.mustData(admin, `mutation($in: TeamInput!) { upsertTeam(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"id": e.p + "team", "name": "Team", "organization": e.p + "org"}}, &struct{}{})
	for i, name := range []string{"Zoë Zürcher", "anna Keller", "Ursula Räber", "Bruno RÄBER", "Émile Adam", "Marc Raber"} {
		e.mustData(admin, upsertPerson, map[string]any{"in": map[string]any{"id": fmt.Sprintf("%sp%d", e.p, i), "name": name,
			"organization": e.p + "org", "teams": []string{e.p + "team"}}}, &struct{}{})
	}
	for i, trust := range []float64{0.9, 0.8, 0.7} {
		e.mustData(admin, upsertTie, map[string]any{"in": map[string]any{"personA": e.p + "p0", "personB": fmt.Sprintf("%sp%d", e.p, i+1),
			"trust": trust, "source": "test"}}, &struct{}{})
	}
	e.mustData(admin, `mutation($in: AccountInput!) { upsertAccount(input: $in) { id } }`,
		map[string]any{"in": map[string]any{"id": e.p + "acc", "name": "Account", "target": e.p + "org"}}, &struct{}{})
	e.mustData(admin, `mutation($a: ID!, $p: ID!) { shareAccount(account: $a, partner: $p, level: NAMES) { id } }`,
		map[string]any{"a": e.p + "acc", "p": e.p + "pa"}, &struct{}{})
	for i := range 2 {
		e.mustData(admin, `mutation($in: InteractionInput!) { logInteraction(input: $in) { id } }`, map[string]any{"in": map[string]any{
			"id": fmt.Sprintf("%si%d", e.p, i), "kind": "MEETING", "at": fmt.Sprintf("2025-01-0%dT10:00:00Z", i+1),
			"participants": []string{e.p + "p0", e.p + "p1"}, "organization": e.p + "org", "account": e.p + "acc"}}, &struct{}{})
	}
	return e, admin
}

// connectionCase is one connection of the schema, asked with a `first` variable.
type connectionCase struct {
	name, query string
	path        []string
	partner     bool // asked with the partner's token rather than the admin's
	total       int  // the expected totalCount; -1: at least one (lists over the whole database)
}

func connectionCases(p string) []connectionCase {
	page := `totalCount edges { cursor } pageInfo { hasNextPage endCursor }`
	return []connectionCase{
		{"people", `query($first: Int) { people(filter: {organization: "` + p + `org"}, first: $first) { ` + page + ` } }`, []string{"people"}, false, 6},
		{"people by name", `query($first: Int) { people(filter: {organization: "` + p + `org"}, first: $first, orderBy: NAME) { ` + page + ` } }`, []string{"people"}, false, 6},
		{"organization.people", `query($first: Int) { organization(id: "` + p + `org") { people(first: $first) { ` + page + ` } } }`, []string{"organization", "people"}, false, 6},
		{"team.members", `query($first: Int) { team(id: "` + p + `team") { members(first: $first) { ` + page + ` } } }`, []string{"team", "members"}, false, 6},
		{"person.ties", `query($first: Int) { person(id: "` + p + `p0") { ties(first: $first) { ` + page + ` } } }`, []string{"person", "ties"}, false, 3},
		{"organizations", `query($first: Int) { organizations(kind: CLIENT, first: $first) { ` + page + ` } }`, []string{"organizations"}, false, -1},
		{"accounts", `query($first: Int) { accounts(first: $first) { ` + page + ` } }`, []string{"accounts"}, false, -1},
		{"accounts (partner)", `query($first: Int) { accounts(first: $first) { ` + page + ` } }`, []string{"accounts"}, true, 1},
		{"person.interactions", `query($first: Int) { person(id: "` + p + `p0") { interactions(first: $first) { ` + page + ` } } }`, []string{"person", "interactions"}, false, 2},
		{"organization.interactions", `query($first: Int) { organization(id: "` + p + `org") { interactions(first: $first) { ` + page + ` } } }`, []string{"organization", "interactions"}, false, 2},
		{"account.interactions", `query($first: Int) { account(id: "` + p + `acc") { interactions(first: $first) { ` + page + ` } } }`, []string{"account", "interactions"}, false, 2},
		{"viewer.sharedAccounts", `query($first: Int) { viewer { sharedAccounts(first: $first) { ` + page + ` } } }`, []string{"viewer", "sharedAccounts"}, true, 1},
	}
}

type pageAnswer struct {
	TotalCount int
	Edges      []struct{ Cursor string }
	PageInfo   struct {
		HasNextPage bool
		EndCursor   *string
	}
}

func TestFirstZeroGivesAnEmptyPage(t *testing.T) {
	e, admin := newPagingWorld(t)
	partner := e.token(ecograph.CallerPartner, e.p+"pa")
	for _, c := range connectionCases(e.p) {
		t.Run(c.name, func(t *testing.T) {
			tok := admin
			if c.partner {
				tok = partner
			}
			r := e.do(tok, c.query, map[string]any{"first": 0})
			if len(r.Errors) > 0 {
				t.Fatalf("first: 0: %+v", r.Errors)
			}
			var page pageAnswer
			if err := json.Unmarshal(field(t, r.Data, c.path...), &page); err != nil {
				t.Fatal(err)
			}
			// Empty, and hasNextPage tells whether there are rows at all.
			if len(page.Edges) != 0 || !page.PageInfo.HasNextPage || page.PageInfo.EndCursor != nil {
				t.Fatalf("first: 0: want no edges, hasNextPage and no endCursor, got %+v", page)
			}
			if (c.total >= 0 && page.TotalCount != c.total) || page.TotalCount < 1 {
				t.Fatalf("totalCount: got %d, want %d", page.TotalCount, c.total)
			}
			// A full page says the same count.
			r = e.do(tok, c.query, map[string]any{"first": 100})
			if len(r.Errors) > 0 {
				t.Fatalf("first: 100: %+v", r.Errors)
			}
			var full pageAnswer
			_ = json.Unmarshal(field(t, r.Data, c.path...), &full)
			if c.total >= 0 && (len(full.Edges) != c.total || full.TotalCount != c.total || full.PageInfo.HasNextPage) {
				t.Fatalf("first: 100: want %d edges and no next page, got %d edges, total %d, next %v",
					c.total, len(full.Edges), full.TotalCount, full.PageInfo.HasNextPage)
			}
		})
	}
	// An empty list stays empty at first: 0, with no next page.
	r := e.do(admin, `{ people(filter: {organization: "`+e.p+`pa"}, first: 0) { totalCount edges { cursor } pageInfo { hasNextPage } } }`, nil)
	var empty pageAnswer
	_ = json.Unmarshal(field(t, r.Data, "people"), &empty)
	if len(r.Errors) > 0 || empty.PageInfo.HasNextPage || empty.TotalCount != 0 {
		t.Fatalf("empty list at first: 0: %+v %+v", r.Errors, empty)
	}
}

func TestNegativeFirstIsBadUserInput(t *testing.T) {
	e, admin := newPagingWorld(t)
	partner := e.token(ecograph.CallerPartner, e.p+"pa")
	cases := connectionCases(e.p)
	cases = append(cases, connectionCase{name: "accountAudit", query: `query($first: Int) { accountAudit(account: "` + e.p + `acc", first: $first) { id } }`})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tok := admin
			if c.partner {
				tok = partner
			}
			r := e.do(tok, c.query, map[string]any{"first": -5})
			if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "first" {
				t.Fatalf("first: -5: want BAD_USER_INPUT naming first, got %+v", r.Errors)
			}
		})
	}
	var audit struct{ AccountAudit []struct{ ID string } }
	e.mustData(admin, `query($a: ID!) { accountAudit(account: $a, first: 0) { id } }`, map[string]any{"a": e.p + "acc"}, &audit)
	if len(audit.AccountAudit) != 0 {
		t.Fatalf("accountAudit(first: 0): %+v", audit)
	}
}

func TestFirstAbove100IsClamped(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	if _, err := e.store.UpsertOrganization(ctx, ecograph.Organization{ID: e.p + "big", Name: "Big", Kind: ecograph.OrgClient}); err != nil {
		t.Fatal(err)
	}
	people := make([]ecograph.Person, 130)
	for i := range people {
		people[i] = ecograph.Person{ID: fmt.Sprintf("%sp%03d", e.p, i), Name: fmt.Sprintf("Person %03d", 130-i), OrganizationID: e.p + "big"}
	}
	if err := e.store.UpsertPeople(ctx, people); err != nil {
		t.Fatal(err)
	}
	admin := e.token(ecograph.CallerAdmin, "")
	for _, order := range []string{"ID", "NAME"} {
		var seen []string
		var after any
		for pages := 0; pages < 5; pages++ {
			var out struct{ People pageAnswer }
			e.mustData(admin, `query($o: ID!, $after: String) { people(filter: {organization: $o}, first: 1000, after: $after, orderBy: `+order+`) {
				totalCount edges { cursor } pageInfo { hasNextPage endCursor } } }`, map[string]any{"o": e.p + "big", "after": after}, &out)
			if out.People.TotalCount != 130 {
				t.Fatalf("%s: totalCount %d, want 130", order, out.People.TotalCount)
			}
			for _, ed := range out.People.Edges {
				seen = append(seen, ed.Cursor)
			}
			if pages == 0 && (len(out.People.Edges) != ecograph.MaxPageSize || !out.People.PageInfo.HasNextPage) {
				t.Fatalf("%s: first: 1000 gave %d edges (next %v), want %d and a next page", order, len(out.People.Edges), out.People.PageInfo.HasNextPage, ecograph.MaxPageSize)
			}
			if !out.People.PageInfo.HasNextPage {
				break
			}
			after = *out.People.PageInfo.EndCursor
		}
		if len(seen) != 130 {
			t.Fatalf("%s: paged through %d people, want 130", order, len(seen))
		}
	}
}

func TestPeopleSortedByName(t *testing.T) {
	e, admin := newPagingWorld(t)
	var names []string
	var after any
	var idCursor string
	for pages := 0; pages < 10; pages++ {
		var out struct {
			People struct {
				Edges []struct {
					Cursor string
					Node   struct{ Name string }
				}
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
			ByID struct{ PageInfo struct{ EndCursor string } }
		}
		e.mustData(admin, `query($o: ID!, $after: String) {
			people(filter: {organization: $o}, first: 2, after: $after, orderBy: NAME) {
				edges { cursor node { name } } pageInfo { hasNextPage endCursor } }
			byID: people(filter: {organization: $o}, first: 1) { pageInfo { endCursor } } }`,
			map[string]any{"o": e.p + "org", "after": after}, &out)
		for _, ed := range out.People.Edges {
			names = append(names, ed.Node.Name)
		}
		idCursor = out.ByID.PageInfo.EndCursor
		if !out.People.PageInfo.HasNextPage {
			break
		}
		after = out.People.PageInfo.EndCursor
	}
	// By name ignoring case and accents, then by id: "anna keller" sorts first, and the
	// three Räbers in the order of their ids' keys (bruno, marc, ursula).
	want := []string{"anna Keller", "Bruno RÄBER", "Émile Adam", "Marc Raber", "Ursula Räber", "Zoë Zürcher"}
	if !slices.Equal(names, want) {
		t.Fatalf("by name: got %q, want %q", names, want)
	}
	// A cursor keeps to its order: one from the id order is refused by the name order.
	r := e.do(admin, `query($o: ID!, $after: String) { people(filter: {organization: $o}, after: $after, orderBy: NAME) { edges { cursor } } }`,
		map[string]any{"o": e.p + "org", "after": idCursor})
	if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != "after" {
		t.Fatalf("id cursor in name order: want BAD_USER_INPUT naming after, got %+v", r.Errors)
	}
}

func TestNameSearchIgnoresCaseAndAccents(t *testing.T) {
	e, admin := newPagingWorld(t)
	search := func(tok, text string) []string {
		t.Helper()
		var out struct {
			People struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
		}
		e.mustData(tok, `query($o: ID!, $q: String) { people(filter: {organization: $o, nameContains: $q}) {
			totalCount edges { node { id } } } }`, map[string]any{"o": e.p + "org", "q": text}, &out)
		ids := []string{}
		for _, ed := range out.People.Edges {
			ids = append(ids, ed.Node.ID[len(e.p):])
		}
		if out.People.TotalCount != len(ids) {
			t.Fatalf("%q: totalCount %d for %d people", text, out.People.TotalCount, len(ids))
		}
		return ids
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"raber", []string{"p2", "p3", "p5"}},
		{"RÄBER", []string{"p2", "p3", "p5"}},
		{"Räber", []string{"p2", "p3", "p5"}},
		{"rä", []string{"p2", "p3", "p5"}},
		{"zurcher", []string{"p0"}},
		{"ZOË ZÜR", []string{"p0"}},
		{"emile", []string{"p4"}},
		{"KELLER", []string{"p1"}},
		{"eller", []string{"p1"}},
		{"r", []string{"p0", "p1", "p2", "p3", "p5"}},
		{"", []string{"p0", "p1", "p2", "p3", "p4", "p5"}},
		{"nobody", []string{}},
	} {
		if got := search(admin, c.text); !slices.Equal(got, c.want) {
			t.Errorf("nameContains %q: got %v, want %v", c.text, got, c.want)
		}
	}
	// Search stays inside what the caller may see: the partner sees the people of an
	// account shared at NAMES; a partner with no share sees none.
	if got := search(e.token(ecograph.CallerPartner, e.p+"pa"), "raber"); !slices.Equal(got, []string{"p2", "p3", "p5"}) {
		t.Errorf("partner at NAMES: %v", got)
	}
	if got := search(e.token(ecograph.CallerPartner, e.p+"nobody"), "raber"); len(got) != 0 {
		t.Errorf("partner without shares: %v", got)
	}
}

package server_test

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
)

// accessWorld is an ecosystem seeded through the API by an admin: our company, partners A,
// B and C, three clients, and accounts shared at different levels.
//
//	ours:  o1, o2 (team ours-team)          A: a1, a2 (team a-team)   B: b1, b2 (team b-team)
//	C:     z1 (never shared)                cl: c1 (DECISION_MAKER), c2
//	cl2: d1 (DECISION_MAKER)                cl3: x1 (DECISION_MAKER)
//
//	ties: a1-a2 .66, a1-o1 .9, o1-c2 .55, c2-c1 .75, o1-o2 .8, b1-o1 .95, b1-c1 .99,
//	      a2-b2 .5, b1-b2 .77, o2-d1 .6, c1-x1 .3, z1-o1 .4
//
//	acc  -> cl,  swarm o1, b1: shared with A at ROUTES, with B at NAMES
//	acc2 -> cl2, swarm o2:     shared with A at COUNTS
//	acc3 -> cl3, swarm o2:     shared with B at ROUTES
type accessWorld struct {
	*env
	admin, analyst, seller, partnerA, partnerB string
}

func (w *accessWorld) id(s string) string { return w.p + s }

func newAccessWorld(t *testing.T) *accessWorld {
	e := newEnv(t)
	w := &accessWorld{env: e, admin: e.token(ecograph.CallerAdmin, ""), analyst: e.token(ecograph.CallerAnalyst, ""),
		seller: e.token(ecograph.CallerSeller, ""), partnerA: e.token(ecograph.CallerPartner, e.p+"pa"),
		partnerB: e.token(ecograph.CallerPartner, e.p+"pb")}
	for _, o := range [][2]string{{"ours", "OURS"}, {"pa", "PARTNER"}, {"pb", "PARTNER"}, {"pc", "PARTNER"},
		{"cl", "CLIENT"}, {"cl2", "CLIENT"}, {"cl3", "CLIENT"}} {
		e.mustData(w.admin, upsertOrg, map[string]any{"in": map[string]any{"id": w.id(o[0]), "name": "Org " + o[0], "kind": o[1]}}, &struct{}{})
	}
	for _, tm := range [][2]string{{"ours-team", "ours"}, {"a-team", "pa"}, {"b-team", "pb"}} {
		e.mustData(w.admin, `mutation($in: TeamInput!) { upsertTeam(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": w.id(tm[0]), "name": tm[0], "organization": w.id(tm[1])}}, &struct{}{})
	}
	type person struct{ id, org, team, role string }
	for _, p := range []person{{"o1", "ours", "ours-team", ""}, {"o2", "ours", "ours-team", ""},
		{"a1", "pa", "a-team", ""}, {"a2", "pa", "a-team", ""}, {"b1", "pb", "b-team", ""}, {"b2", "pb", "b-team", ""},
		{"z1", "pc", "", ""}, {"c1", "cl", "", "DECISION_MAKER"}, {"c2", "cl", "", "INFLUENCER"},
		{"d1", "cl2", "", "DECISION_MAKER"}, {"x1", "cl3", "", "DECISION_MAKER"}} {
		in := map[string]any{"id": w.id(p.id), "name": "Person " + p.id, "organization": w.id(p.org), "roles": []string{}, "teams": []string{}}
		if p.team != "" {
			in["teams"] = []string{w.id(p.team)}
		}
		if p.role != "" {
			in["roles"] = []string{p.role}
		}
		e.mustData(w.admin, upsertPerson, map[string]any{"in": in}, &struct{}{})
	}
	for _, tie := range []struct {
		a, b  string
		trust float64
	}{{"a1", "a2", .66}, {"a1", "o1", .9}, {"o1", "c2", .55}, {"c2", "c1", .75}, {"o1", "o2", .8}, {"b1", "o1", .95},
		{"b1", "c1", .99}, {"a2", "b2", .5}, {"b1", "b2", .77}, {"o2", "d1", .6}, {"c1", "x1", .3}, {"z1", "o1", .4}} {
		e.mustData(w.admin, upsertTie, map[string]any{"in": map[string]any{"personA": w.id(tie.a), "personB": w.id(tie.b),
			"trust": tie.trust, "source": "test"}}, &struct{}{})
	}
	for _, a := range [][2]string{{"acc", "cl"}, {"acc2", "cl2"}, {"acc3", "cl3"}} {
		e.mustData(w.admin, `mutation($in: AccountInput!) { upsertAccount(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": w.id(a[0]), "name": "Account " + a[0], "target": w.id(a[1])}}, &struct{}{})
	}
	for _, m := range [][2]string{{"acc", "o1"}, {"acc", "b1"}, {"acc2", "o2"}, {"acc3", "o2"}} {
		e.mustData(w.admin, `mutation($a: ID!, $p: ID!) { addSwarmMember(account: $a, person: $p) { id } }`,
			map[string]any{"a": w.id(m[0]), "p": w.id(m[1])}, &struct{}{})
	}
	for _, s := range [][3]string{{"acc", "pa", "ROUTES"}, {"acc", "pb", "NAMES"}, {"acc2", "pa", "COUNTS"}, {"acc3", "pb", "ROUTES"}} {
		e.mustData(w.admin, `mutation($a: ID!, $p: ID!, $l: ShareLevel!) { shareAccount(account: $a, partner: $p, level: $l) { id } }`,
			map[string]any{"a": w.id(s[0]), "p": w.id(s[1]), "l": s[2]}, &struct{}{})
	}
	return w
}

// ids returns the ids in a JSON list of {id} objects or of connection edges, sorted, with
// this test's prefix removed (and ids of other tests dropped).
func (w *accessWorld) ids(raw json.RawMessage) []string {
	w.t.Helper()
	var nodes []struct {
		ID   string
		Node struct{ ID string }
	}
	if err := json.Unmarshal(raw, &nodes); err != nil {
		w.t.Fatalf("not a list: %s", raw)
	}
	out := []string{}
	for _, n := range nodes {
		id := n.ID
		if id == "" {
			id = n.Node.ID
		}
		if s, ok := strings.CutPrefix(id, w.p); ok {
			out = append(out, s)
		}
	}
	sort.Strings(out)
	return out
}

// field digs into a response's data along a path of keys.
func field(t *testing.T, data map[string]json.RawMessage, path ...string) json.RawMessage {
	t.Helper()
	cur, _ := json.Marshal(data)
	for _, k := range path {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(cur, &m); err != nil || m == nil {
			return json.RawMessage("null")
		}
		cur = m[k]
		if cur == nil {
			return json.RawMessage("null")
		}
	}
	return cur
}

func TestPartnerSeesOnlyWhatItMay(t *testing.T) {
	w := newAccessWorld(t)
	e := w.env
	q := func(tok, query string, vars map[string]any) map[string]json.RawMessage {
		t.Helper()
		r := e.do(tok, query, vars)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", query, r.Errors)
		}
		return r.Data
	}

	// Lookups by id: unknown and invisible look the same (null, no error).
	for id, visible := range map[string]bool{"a1": true, "a2": true, "c1": true, "c2": true, "o1": true,
		"b1": false, "b2": false, "z1": false, "o2": false, "d1": false, "x1": false, "nobody": false} {
		d := q(w.partnerA, `query($id: ID!) { person(id: $id) { id } }`, map[string]any{"id": w.id(id)})
		if got := string(d["person"]) != "null"; got != visible {
			t.Errorf("partner A person(%s): visible %v, want %v", id, got, visible)
		}
	}
	for id, visible := range map[string]bool{"pa": true, "cl": true, "cl2": true, "ours": true, "pb": false, "pc": false, "cl3": false} {
		d := q(w.partnerA, `query($id: ID!) { organization(id: $id) { id } }`, map[string]any{"id": w.id(id)})
		if got := string(d["organization"]) != "null"; got != visible {
			t.Errorf("partner A organization(%s): visible %v, want %v", id, got, visible)
		}
	}
	for id, visible := range map[string]bool{"a-team": true, "b-team": false, "ours-team": false} {
		d := q(w.partnerA, `query($id: ID!) { team(id: $id) { id members { edges { node { id } } } } }`, map[string]any{"id": w.id(id)})
		if got := string(d["team"]) != "null"; got != visible {
			t.Errorf("partner A team(%s): visible %v, want %v", id, got, visible)
		}
	}

	// Connections: organisations, people with filters that name B, each organisation's
	// people and teams, team members.
	var orgs struct {
		Organizations struct{ Edges json.RawMessage }
	}
	e.mustData(w.partnerA, `{ organizations(first: 100) { edges { node { id } } } }`, nil, &orgs)
	if got := w.ids(orgs.Organizations.Edges); !slices.Equal(got, []string{"cl", "cl2", "ours", "pa"}) {
		t.Errorf("partner A organizations: %v", got)
	}
	// Paging cannot skip the filter: walk every page one at a time.
	var seen []string
	var after any
	for i := 0; i < 500; i++ {
		var page struct {
			People struct {
				Edges    json.RawMessage
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
			}
		}
		e.mustData(w.partnerA, `query($after: String) { people(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
			map[string]any{"after": after}, &page)
		seen = append(seen, w.ids(page.People.Edges)...)
		if !page.People.PageInfo.HasNextPage {
			break
		}
		after = page.People.PageInfo.EndCursor
	}
	sort.Strings(seen)
	if !slices.Equal(seen, []string{"a1", "a2", "c1", "c2", "o1"}) {
		t.Errorf("partner A people, paged: %v", seen)
	}
	for name, filter := range map[string]map[string]any{
		"organization B": {"organization": w.id("pb")}, "team B": {"team": w.id("b-team")},
		"organization C": {"organization": w.id("pc")}, "name of B's people": {"nameContains": "Person b"},
		"organization cl3": {"organization": w.id("cl3")}, "our team": {"team": w.id("ours-team")},
	} {
		d := q(w.partnerA, `query($f: PersonFilter) { people(filter: $f) { edges { node { id } } } }`, map[string]any{"f": filter})
		if got := w.ids(field(t, d, "people", "edges")); len(got) != 0 {
			t.Errorf("partner A people(filter: %s): %v", name, got)
		}
	}
	// Cursors forged to B's pages only move the start; they never widen what is seen.
	forged := base64.RawURLEncoding.EncodeToString([]byte("person:" + w.id("b")))
	d := q(w.partnerA, `query($after: String) { people(first: 100, after: $after) { edges { node { id } } } }`, map[string]any{"after": forged})
	if got := w.ids(field(t, d, "people", "edges")); !slices.Equal(got, []string{"c1", "c2", "o1"}) {
		t.Errorf("partner A people after a cursor forged to B's ids: %v", got)
	}
	d = q(w.partnerA, `query($id: ID!) { organization(id: $id) { people { edges { node { id } } } teams { id } } }`, map[string]any{"id": w.id("ours")})
	if got := w.ids(field(t, d, "organization", "people", "edges")); !slices.Equal(got, []string{"o1"}) {
		t.Errorf("partner A: our organisation's people: %v (want only the swarm member)", got)
	}
	if got := w.ids(field(t, d, "organization", "teams")); len(got) != 0 {
		t.Errorf("partner A: our teams: %v", got)
	}
	d = q(w.partnerA, `query($id: ID!) { organization(id: $id) { people { edges { node { id } } } } }`, map[string]any{"id": w.id("cl2")})
	if got := w.ids(field(t, d, "organization", "people", "edges")); len(got) != 0 {
		t.Errorf("partner A: a COUNTS target's people: %v", got)
	}

	// Its own organisation in full: people, teams, members, ties with trust.
	d = q(w.partnerA, `query($id: ID!) { organization(id: $id) { people { edges { node { id teams { id } } } } teams { id members { edges { node { id } } } } } }`,
		map[string]any{"id": w.id("pa")})
	if got := w.ids(field(t, d, "organization", "people", "edges")); !slices.Equal(got, []string{"a1", "a2"}) {
		t.Errorf("partner A own people: %v", got)
	}
	if got := string(field(t, d, "organization", "teams")); !strings.Contains(got, w.id("a-team")) || !strings.Contains(got, w.id("a1")) {
		t.Errorf("partner A own teams: %s", got)
	}

	// Person.ties: B's people never appear; trust shows only on ties touching A's people.
	type tie struct {
		Person struct{ ID string }
		Trust  *float64
	}
	ties := func(tok, id, after string) []tie {
		t.Helper()
		var out struct {
			Person *struct {
				Ties struct{ Edges []struct{ Node tie } }
			}
		}
		vars := map[string]any{"id": w.id(id), "after": nil}
		if after != "" {
			vars["after"] = after
		}
		e.mustData(tok, `query($id: ID!, $after: String) { person(id: $id) { ties(first: 100, after: $after) { edges { node { person { id } trust } } } } }`, vars, &out)
		if out.Person == nil {
			return nil
		}
		var l []tie
		for _, ed := range out.Person.Ties.Edges {
			l = append(l, ed.Node)
		}
		return l
	}
	show := func(l []tie) string {
		var s []string
		for _, x := range l {
			v := "null"
			if x.Trust != nil {
				v = strings.TrimRight(strings.TrimRight(json.Number(formatF(*x.Trust)).String(), "0"), ".")
			}
			s = append(s, strings.TrimPrefix(x.Person.ID, w.p)+"="+v)
		}
		return strings.Join(s, ",")
	}
	for _, c := range []struct{ tok, who, id, want string }{
		{w.partnerA, "A", "a2", "a1=0.66"},                 // not b2
		{w.partnerA, "A", "o1", "a1=0.9,c2=null"},          // not b1, o2, z1; our trust to c2 hidden
		{w.partnerA, "A", "c1", "c2=null"},                 // not b1, x1
		{w.partnerA, "A", "b1", ""},                        // invisible person: no ties at all
		{w.partnerB, "B", "o1", "b1=0.95,c2=null,o2=null"}, // NAMES on acc: not a1; our values hidden (o2: acc3 swarm)
		{w.partnerB, "B", "c1", "b1=0.99,c2=null,x1=null"}, // touches B: shown (x1: acc3 target)
		{w.analyst, "analyst", "o1", "b1=0.95,a1=0.9,o2=0.8,c2=0.55,z1=0.4"},
	} {
		if got := show(ties(c.tok, c.id, "")); got != c.want {
			t.Errorf("%s: %s's ties = %q, want %q", c.who, c.id, got, c.want)
		}
	}
	// A tie cursor forged to sit just above B's tie to c1 (trust .99) changes nothing.
	forgedTie := base64.RawURLEncoding.EncodeToString([]byte("tie:1:" + w.id("a")))
	if got := show(ties(w.partnerA, "c1", forgedTie)); got != "c2=null" {
		t.Errorf("A: c1's ties after a forged cursor = %q", got)
	}
	// minTrust cannot probe a hidden value: hidden ties rank as 0.
	var mt struct {
		Person struct {
			Ties struct{ Edges []struct{ Node tie } }
		}
	}
	e.mustData(w.partnerA, `query($id: ID!) { person(id: $id) { ties(minTrust: 0.5) { edges { node { person { id } trust } } } } }`,
		map[string]any{"id": w.id("o1")}, &mt)
	if len(mt.Person.Ties.Edges) != 1 {
		t.Errorf("A: o1's ties with minTrust 0.5 = %+v, want only a1", mt.Person.Ties.Edges)
	}

	// Accounts: A sees acc (ROUTES) and acc2 (COUNTS), never acc3; B's swarm member and share stay hidden.
	var accs struct {
		Accounts struct{ Edges json.RawMessage }
	}
	e.mustData(w.partnerA, `{ accounts(first: 100) { edges { node { id } } } }`, nil, &accs)
	if got := w.ids(accs.Accounts.Edges); !slices.Equal(got, []string{"acc", "acc2"}) {
		t.Errorf("partner A accounts: %v", got)
	}
	type account struct {
		ShareLevel      *string
		ReachablePeople int
		Target          struct{ ID string }
		Members         json.RawMessage
		Shares          []struct {
			Partner struct{ ID string }
			Level   string
		}
		Coverage []struct {
			Person    struct{ ID string }
			CoveredBy json.RawMessage
		}
	}
	coverage := func(a *account) string {
		var s []string
		for _, c := range a.Coverage {
			s = append(s, strings.TrimPrefix(c.Person.ID, w.p)+":"+strings.Join(w.ids(c.CoveredBy), "+"))
		}
		return strings.Join(s, ",")
	}
	acct := func(tok, id string) *account {
		t.Helper()
		var out struct{ Account *account }
		e.mustData(tok, `query($id: ID!) { account(id: $id) { shareLevel reachablePeople target { id } members { id } shares { partner { id } level }
			coverage { person { id } coveredBy { id } } } }`,
			map[string]any{"id": w.id(id)}, &out)
		return out.Account
	}
	if a := acct(w.partnerA, "acc"); a == nil || *a.ShareLevel != "ROUTES" || a.ReachablePeople != 2 ||
		!slices.Equal(w.ids(a.Members), []string{"o1"}) || len(a.Shares) != 1 || a.Shares[0].Partner.ID != w.id("pa") {
		t.Errorf("partner A acc: %+v", a)
	}
	if a := acct(w.partnerA, "acc2"); a == nil || *a.ShareLevel != "COUNTS" || a.ReachablePeople != 1 || len(w.ids(a.Members)) != 0 {
		t.Errorf("partner A acc2 (COUNTS): %+v", a)
	}
	if a := acct(w.partnerA, "acc"); coverage(a) != "c1:,c2:o1" {
		t.Errorf("partner A acc coverage = %q (B's b1 must not show)", coverage(a))
	}
	if a := acct(w.partnerB, "acc"); coverage(a) != "c1:b1,c2:o1" {
		t.Errorf("partner B acc coverage = %q", coverage(a))
	}
	if a := acct(w.partnerA, "acc2"); coverage(a) != "" {
		t.Errorf("partner A acc2 (COUNTS) coverage = %q", coverage(a))
	}
	if a := acct(w.partnerA, "acc3"); a != nil {
		t.Errorf("partner A sees B's account acc3: %+v", a)
	}
	if a := acct(w.partnerB, "acc"); a == nil || *a.ShareLevel != "NAMES" || !slices.Equal(w.ids(a.Members), []string{"b1", "o1"}) {
		t.Errorf("partner B acc (NAMES): %+v", a)
	}
	if a := acct(w.analyst, "acc"); a == nil || a.ShareLevel != nil || len(a.Shares) != 2 || !slices.Equal(w.ids(a.Members), []string{"b1", "o1"}) {
		t.Errorf("analyst acc: %+v", a)
	}

	// A partner whose token names one of our organisations (or an unknown one) sees nothing.
	for _, org := range []string{w.id("ours"), w.id("cl"), w.id("nowhere")} {
		tok := e.token(ecograph.CallerPartner, org)
		d := q(tok, `query($o: ID!, $p: ID!) { organization(id: $o) { id } person(id: $p) { id } accounts { edges { node { id } } } }`,
			map[string]any{"o": org, "p": w.id("o1")})
		if string(d["organization"]) != "null" || string(d["person"]) != "null" || len(w.ids(field(t, d, "accounts", "edges"))) != 0 {
			t.Errorf("partner with org %s: %s", org, mustJSON(d))
		}
	}
}

func formatF(f float64) string { b, _ := json.Marshal(f); return string(b) }

func mustJSON(v any) string { b, _ := json.Marshal(v); return string(b) }

func TestPartnerRoutes(t *testing.T) {
	w := newAccessWorld(t)
	e := w.env
	const rq = `query($from: ID!, $to: ID!, $o: RouteOptions) { trustedRoute(from: $from, to: $to, options: $o) {
		people { id } hops { trust trustBand exact explanation } trust weakestTrust exact summary } }`
	type hop struct {
		Trust       float64
		TrustBand   string
		Exact       bool
		Explanation string
	}
	type rt struct {
		People       []struct{ ID string }
		Hops         []hop
		Trust        float64
		WeakestTrust float64
		Exact        bool
		Summary      string
	}
	route := func(tok, from, to string, o map[string]any) (*rt, string) {
		t.Helper()
		r := e.do(tok, rq, map[string]any{"from": w.id(from), "to": w.id(to), "o": o})
		if len(r.Errors) > 0 {
			return nil, r.code()
		}
		var out struct{ TrustedRoute *rt }
		raw, _ := json.Marshal(r.Data)
		_ = json.Unmarshal(raw, &out)
		return out.TrustedRoute, ""
	}
	path := func(r *rt) string {
		var s []string
		for _, p := range r.People {
			s = append(s, strings.TrimPrefix(p.ID, w.p))
		}
		return strings.Join(s, ">")
	}
	// Our analyst's best route runs through B's person b1.
	if r, _ := route(w.analyst, "a1", "c1", nil); r == nil || path(r) != "a1>o1>b1>c1" || !r.Exact {
		t.Fatalf("analyst route: %+v", r)
	}
	// Partner A's search never passes through B's people, and private values show as bands.
	r, code := route(w.partnerA, "a1", "c1", nil)
	if r == nil || path(r) != "a1>o1>c2>c1" {
		t.Fatalf("partner A route a1>c1: %+v %s", r, code)
	}
	want := []hop{{0.9, "strong", true, ""}, {0.4, "moderate", false, ""}, {0.7, "strong", false, ""}}
	for i, h := range r.Hops {
		if h.Trust != want[i].Trust || h.TrustBand != want[i].TrustBand || h.Exact != want[i].Exact {
			t.Errorf("partner A hop %d: %+v, want %+v", i, h, want[i])
		}
		if !h.Exact && (strings.Contains(h.Explanation, "0.55") || strings.Contains(h.Explanation, "0.75")) {
			t.Errorf("partner A hop %d explanation leaks the value: %s", i, h.Explanation)
		}
	}
	if r.Exact || math.Abs(r.Trust-0.9*0.4*0.7) > 1e-12 || r.WeakestTrust != 0.4 ||
		strings.Contains(r.Summary, "0.55") || strings.Contains(r.Summary, "0.75") || strings.Contains(r.Summary, "0.371") {
		t.Errorf("partner A route totals leak or are wrong: %+v", r)
	}
	// minTrust cannot probe a hidden value: a banded hop passes on its band alone (the band
	// must lie wholly at or above minTrust), so every minTrust in (0.4, 0.7] gives the same
	// answer whether the hidden 0.55 is above it (0.41, 0.5) or below it (0.56, 0.69); at 0.4
	// the moderate hop passes.
	if r, _ := route(w.partnerA, "a1", "c1", map[string]any{"minTrust": 0.4}); r == nil || path(r) != "a1>o1>c2>c1" {
		t.Errorf("partner A at minTrust 0.4: %+v", r)
	}
	first, _ := route(w.partnerA, "a1", "c1", map[string]any{"minTrust": 0.41})
	for _, m := range []float64{0.5, 0.56, 0.69} {
		r, _ := route(w.partnerA, "a1", "c1", map[string]any{"minTrust": m})
		if (r == nil) != (first == nil) || (r != nil && path(r) != path(first)) {
			t.Errorf("partner A: minTrust %v answers %+v, 0.41 answers %+v: the hidden value shows", m, r, first)
		}
	}
	// Endpoints the partner may not see are NOT_FOUND, exactly like unknown ones.
	for _, c := range [][2]string{{"a1", "b1"}, {"b1", "c1"}, {"a1", "b2"}, {"a1", "d1"}, {"a1", "x1"}, {"a1", "z1"}, {"a1", "nobody"}, {"a2", "o2"}} {
		if r, code := route(w.partnerA, c[0], c[1], nil); code != "NOT_FOUND" {
			t.Errorf("partner A route %s>%s: want NOT_FOUND, got %+v %s", c[0], c[1], r, code)
		}
	}
	// NAMES does not grant routes: B cannot route into cl, but can at ROUTES (cl3) through o2.
	if _, code := route(w.partnerB, "b1", "c1", nil); code != "NOT_ROUTABLE" {
		t.Errorf("partner B (NAMES) route into cl: %s", code)
	}
	var dm struct {
		RoutesToDecisionMakers []struct{ People []struct{ ID string } }
	}
	e.mustData(w.partnerA, `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o, k: 5) { people { id } } }`,
		map[string]any{"f": w.id("a1"), "o": w.id("cl")}, &dm)
	if len(dm.RoutesToDecisionMakers) != 1 {
		t.Fatalf("partner A routes to cl's decision makers: %+v", dm)
	}
	for _, p := range dm.RoutesToDecisionMakers[0].People {
		if strings.HasPrefix(p.ID, w.id("b")) {
			t.Errorf("partner A route to decision makers passes through B: %+v", dm)
		}
	}
	for _, org := range []string{"pb", "cl3", "pc"} {
		r := e.do(w.partnerA, `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o) { length } }`,
			map[string]any{"f": w.id("a1"), "o": w.id(org)})
		if r.code() != "NOT_FOUND" {
			t.Errorf("partner A routes to %s's decision makers: want NOT_FOUND, got %+v", org, r)
		}
	}
	r2 := e.do(w.partnerA, `query($f: ID!, $o: ID!) { routesToDecisionMakers(from: $f, organization: $o) { length } }`,
		map[string]any{"f": w.id("b1"), "o": w.id("cl")})
	if r2.code() != "NOT_FOUND" {
		t.Errorf("partner A routes from B's person: want NOT_FOUND, got %+v", r2)
	}
	// k best routes, and routes from its own team, never pass through B either; nested
	// fields on a route's people stay scoped (our team, B's ties).
	var ks struct {
		TrustedRoutes []struct {
			People []struct {
				ID    string
				Teams []struct{ ID string }
				Ties  struct {
					Edges []struct {
						Node struct{ Person struct{ ID string } }
					}
				}
			}
		}
		TeamRoutesToDecisionMakers []struct{ People []struct{ ID string } }
	}
	e.mustData(w.partnerA, `query($f: ID!, $to: ID!, $t: ID!, $o: ID!) {
		trustedRoutes(from: $f, to: $to, k: 10) { people { id teams { id } ties { edges { node { person { id } } } } } }
		teamRoutesToDecisionMakers(team: $t, organization: $o, k: 5) { people { id } } }`,
		map[string]any{"f": w.id("a1"), "to": w.id("c1"), "t": w.id("a-team"), "o": w.id("cl")}, &ks)
	if len(ks.TrustedRoutes) == 0 || len(ks.TeamRoutesToDecisionMakers) != 1 {
		t.Fatalf("partner A k routes / team routes: %+v", ks)
	}
	leak := mustJSON(ks)
	for _, hidden := range []string{"b1", "b2", "b-team", "ours-team", "z1", "o2", "x1"} {
		if strings.Contains(leak, `"`+w.id(hidden)+`"`) {
			t.Errorf("partner A routes reveal %s: %s", hidden, leak)
		}
	}
	r3 := e.do(w.partnerA, `query($t: ID!, $o: ID!) { teamRoutesToDecisionMakers(team: $t, organization: $o) { length } }`,
		map[string]any{"t": w.id("b-team"), "o": w.id("cl")})
	if r3.code() != "NOT_FOUND" {
		t.Errorf("partner A routes from B's team: want NOT_FOUND, got %+v", r3)
	}
}

func TestRolesAndMutations(t *testing.T) {
	w := newAccessWorld(t)
	e := w.env
	person := map[string]any{"in": map[string]any{"id": w.id("new"), "name": "New", "organization": w.id("ours")}}
	cases := []struct {
		name, tok, query string
		vars             map[string]any
		code             string
	}{
		{"analyst upserts a person", w.analyst, upsertPerson, person, "FORBIDDEN"},
		{"analyst upserts an account", w.analyst, `mutation { upsertAccount(input: {id: "x", name: "x", target: "x"}) { id } }`, nil, "FORBIDDEN"},
		{"analyst deletes a tie", w.analyst, `mutation($a: ID!, $b: ID!) { deleteTie(personA: $a, personB: $b) }`, map[string]any{"a": w.id("o1"), "b": w.id("o2")}, "FORBIDDEN"},
		{"seller deletes a person", w.seller, `mutation($id: ID!) { deletePerson(id: $id) }`, map[string]any{"id": w.id("o1")}, "FORBIDDEN"},
		{"seller deletes a tie", w.seller, `mutation($a: ID!, $b: ID!) { deleteTie(personA: $a, personB: $b) }`, map[string]any{"a": w.id("o1"), "b": w.id("o2")}, "FORBIDDEN"},
		{"seller deletes a team", w.seller, `mutation($id: ID!) { deleteTeam(id: $id) }`, map[string]any{"id": w.id("ours-team")}, "FORBIDDEN"},
		{"seller upserts an organisation", w.seller, upsertOrg, map[string]any{"in": map[string]any{"id": w.id("pa"), "name": "Mine now", "kind": "OURS"}}, "FORBIDDEN"},
		{"seller shares an account", w.seller, `mutation($a: ID!, $p: ID!) { shareAccount(account: $a, partner: $p, level: ROUTES) { id } }`,
			map[string]any{"a": w.id("acc3"), "p": w.id("pa")}, "FORBIDDEN"},
		{"partner upserts a person", w.partnerA, upsertPerson, person, "FORBIDDEN"},
		{"partner shares to itself", w.partnerA, `mutation($a: ID!, $p: ID!) { shareAccount(account: $a, partner: $p, level: ROUTES) { id } }`,
			map[string]any{"a": w.id("acc3"), "p": w.id("pa")}, "FORBIDDEN"},
		{"partner joins a swarm", w.partnerA, `mutation($a: ID!, $p: ID!) { addSwarmMember(account: $a, person: $p) { id } }`,
			map[string]any{"a": w.id("acc3"), "p": w.id("a1")}, "FORBIDDEN"},
		{"partner reads the audit", w.partnerA, `query($a: ID!) { accountAudit(account: $a) { id } }`, map[string]any{"a": w.id("acc")}, "FORBIDDEN"},
		{"seller reads the audit", w.seller, `query($a: ID!) { accountAudit(account: $a) { id } }`, map[string]any{"a": w.id("acc")}, "FORBIDDEN"},
		{"share with a client", w.admin, `mutation($a: ID!, $p: ID!) { shareAccount(account: $a, partner: $p, level: NAMES) { id } }`,
			map[string]any{"a": w.id("acc"), "p": w.id("cl2")}, "BAD_USER_INPUT"},
		{"account aimed at a partner", w.admin, `mutation($in: AccountInput!) { upsertAccount(input: $in) { id } }`,
			map[string]any{"in": map[string]any{"id": w.id("accx"), "name": "X", "target": w.id("pb")}}, "BAD_USER_INPUT"},
		{"share an unknown account", w.admin, `mutation($a: ID!, $p: ID!) { shareAccount(account: $a, partner: $p, level: NAMES) { id } }`,
			map[string]any{"a": w.id("nope"), "p": w.id("pa")}, "NOT_FOUND"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if r := e.do(c.tok, c.query, c.vars); r.code() != c.code {
				t.Fatalf("want %s, got %+v", c.code, r.Errors)
			}
		})
	}
	// Refused writes changed nothing.
	var d struct{ Person *struct{ ID string } }
	e.mustData(w.admin, `query($id: ID!) { person(id: $id) { id } }`, map[string]any{"id": w.id("o1")}, &d)
	if d.Person == nil {
		t.Fatal("a refused delete deleted")
	}
	// SELLER: upserts people and ties, works accounts and swarms; reads the whole graph
	// (partners' people are its connectors and introducers).
	e.mustData(w.seller, upsertPerson, person, &struct{}{})
	e.mustData(w.seller, upsertTie, map[string]any{"in": map[string]any{"personA": w.id("new"), "personB": w.id("o1"), "trust": 0.5}}, &struct{}{})
	e.mustData(w.seller, `mutation($a: ID!, $p: ID!) { addSwarmMember(account: $a, person: $p) { id } }`,
		map[string]any{"a": w.id("acc3"), "p": w.id("new")}, &struct{}{})
	var sv struct {
		Z1, B2, C1 *struct{ ID string }
		Pc         *struct{ ID string }
	}
	e.mustData(w.seller, `query($z: ID!, $b: ID!, $c: ID!, $pc: ID!) { z1: person(id: $z) { id } b2: person(id: $b) { id } c1: person(id: $c) { id } pc: organization(id: $pc) { id } }`,
		map[string]any{"z": w.id("z1"), "b": w.id("b2"), "c": w.id("c1"), "pc": w.id("pc")}, &sv)
	if sv.Z1 == nil || sv.Pc == nil || sv.B2 == nil || sv.C1 == nil {
		t.Errorf("seller visibility: %+v", sv)
	}
	// The audit trail: who shared what, newest first, for ADMIN and ANALYST.
	e.mustData(w.admin, `mutation($a: ID!, $p: ID!) { unshareAccount(account: $a, partner: $p) { id } }`,
		map[string]any{"a": w.id("acc"), "p": w.id("pb")}, &struct{}{})
	var audit struct {
		AccountAudit []struct {
			By, Action, Partner string
			Level               *string
		}
	}
	e.mustData(w.analyst, `query($a: ID!) { accountAudit(account: $a) { by action partner level at } }`, map[string]any{"a": w.id("acc")}, &audit)
	if len(audit.AccountAudit) != 3 || audit.AccountAudit[0].Action != "UNSHARE" || audit.AccountAudit[0].Partner != w.id("pb") ||
		audit.AccountAudit[0].Level != nil || audit.AccountAudit[0].By != "role:ADMIN" {
		t.Errorf("audit: %+v", audit.AccountAudit)
	}
	// After the unshare, B no longer sees acc nor its target's people.
	var bv struct {
		Account, Person *struct{ ID string }
	}
	e.mustData(w.partnerB, `query($a: ID!, $p: ID!) { account(id: $a) { id } person(id: $p) { id } }`,
		map[string]any{"a": w.id("acc"), "p": w.id("c2")}, &bv)
	if bv.Account != nil || bv.Person != nil {
		t.Errorf("partner B after unshare: %+v", bv)
	}
}

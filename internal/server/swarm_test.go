package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
)

// The store and the route finder serve the swarm resolvers too.
var (
	_ resolvers.SwarmStore  = (*cypher.Store)(nil)
	_ resolvers.SwarmFinder = (*projection.Finder)(nil)
)

const introducersQuery = `query($to: ID!, $from: ID, $first: Int) { introducers(to: $to, from: $from, first: $first) {
	person { id } organization { id kind } trust trustBand exact toTrust fromTrust
	toTie { person { id } trust source } fromTie { person { id } trust } } }`

type introducerOut struct {
	Person       struct{ ID string }
	Organization struct{ ID, Kind string }
	Trust        float64
	TrustBand    string
	Exact        bool
	ToTrust      float64
	FromTrust    *float64
	ToTie        struct {
		Person struct{ ID string }
		Trust  *float64
		Source string
	}
	FromTie *struct {
		Person struct{ ID string }
		Trust  *float64
	}
}

// describeIntroducers writes introducers as "id:trust" with this test's prefix cut.
func describeIntroducers(p string, in []introducerOut) string {
	var parts []string
	for _, x := range in {
		parts = append(parts, fmt.Sprintf("%s:%.4g", strings.TrimPrefix(x.Person.ID, p), x.Trust))
	}
	return strings.Join(parts, " ")
}

func TestIntroducersOverHTTP(t *testing.T) {
	w := newAccessWorld(t)
	e := w.env
	ask := func(tok, to string, from *string, first *int) []introducerOut {
		t.Helper()
		vars := map[string]any{"to": w.id(to)}
		if from != nil {
			vars["from"] = w.id(*from)
		}
		if first != nil {
			vars["first"] = *first
		}
		var out struct{ Introducers []introducerOut }
		e.mustData(tok, introducersQuery, vars, &out)
		return out.Introducers
	}
	str := func(s string) *string { return &s }
	one := 1

	// Our roles see everyone: o1's people of ours and partners' (c2 is a client's: not one).
	got := ask(w.seller, "o1", nil, nil)
	if s := describeIntroducers(w.p, got); s != "b1:0.95 a1:0.9 o2:0.8 z1:0.4" {
		t.Fatalf("seller, introducers to o1: %s", s)
	}
	if x := got[0]; x.Organization.ID != w.id("pb") || x.Organization.Kind != "PARTNER" || !x.Exact || x.TrustBand != "strong" ||
		x.ToTrust != 0.95 || x.FromTrust != nil || x.FromTie != nil || x.ToTie.Person.ID != w.id("o1") || x.ToTie.Trust == nil ||
		*x.ToTie.Trust != 0.95 || x.ToTie.Source != "test" {
		t.Fatalf("seller, first introducer to o1: %+v", x)
	}
	if s := describeIntroducers(w.p, ask(w.seller, "o1", nil, &one)); s != "b1:0.95" {
		t.Fatalf("seller, first: 1: %s", s)
	}
	// With from: only people tied to both, by the product.
	got = ask(w.seller, "c1", str("o1"), nil)
	if s := describeIntroducers(w.p, got); s != "b1:0.9405" || *got[0].FromTrust != 0.95 || got[0].ToTrust != 0.99 ||
		got[0].FromTie.Person.ID != w.id("o1") || *got[0].FromTie.Trust != 0.95 {
		t.Fatalf("seller, introducers from o1 to c1: %s %+v", s, got)
	}

	// Partner A (ROUTES on acc: cl's people, o1): its own people's ties exact, ours banded;
	// never partner B's b1, nor o2 or z1, whom its route searches may not pass through.
	if s := describeIntroducers(w.p, ask(w.partnerA, "o1", nil, nil)); s != "a1:0.9" {
		t.Fatalf("partner A, introducers to o1: %s", s)
	}
	got = ask(w.partnerA, "c2", nil, nil)
	if s := describeIntroducers(w.p, got); s != "o1:0.4" || got[0].Exact || got[0].TrustBand != "moderate" || got[0].ToTie.Trust != nil {
		t.Fatalf("partner A, introducers to c2 (o1-c2 is 0.55, banded): %s %+v", s, got)
	}
	got = ask(w.partnerA, "c2", str("a1"), nil)
	if s := describeIntroducers(w.p, got); s != "o1:0.36" || got[0].Exact || *got[0].FromTrust != 0.9 || *got[0].FromTie.Trust != 0.9 {
		t.Fatalf("partner A, introducers from a1 to c2 (0.9 exact * 0.4 banded): %s %+v", s, got)
	}
	if s := describeIntroducers(w.p, ask(w.partnerA, "c1", nil, nil)); s != "" {
		t.Fatalf("partner A, introducers to c1 (b1 is partner B's): %s", s)
	}
	// Partner B: its own b1 to b2; partner A's a2 is hidden.
	if s := describeIntroducers(w.p, ask(w.partnerB, "b2", nil, nil)); s != "b1:0.77" {
		t.Fatalf("partner B, introducers to b2: %s", s)
	}

	for _, c := range []struct {
		name, tok   string
		vars        map[string]any
		code, field string
	}{
		{"from == to", w.seller, map[string]any{"to": w.id("o1"), "from": w.id("o1")}, "BAD_USER_INPUT", "from"},
		{"negative first", w.seller, map[string]any{"to": w.id("o1"), "first": -1}, "BAD_USER_INPUT", "first"},
		{"unknown to", w.seller, map[string]any{"to": w.id("nobody")}, "NOT_FOUND", ""},
		{"unknown from", w.seller, map[string]any{"to": w.id("o1"), "from": w.id("nobody")}, "NOT_FOUND", ""},
		// c1 is visible to partner B (NAMES), not routable: the share-level table's NOT_ROUTABLE.
		{"to outside a partner's route scope", w.partnerB, map[string]any{"to": w.id("c1")}, "NOT_ROUTABLE", "to"},
		{"from hidden from a partner", w.partnerA, map[string]any{"to": w.id("c2"), "from": w.id("b1")}, "NOT_FOUND", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(c.tok, introducersQuery, c.vars)
			if r.code() != c.code || (c.field != "" && r.Errors[0].Extensions["field"] != c.field) {
				t.Fatalf("want %s naming %q, got %+v", c.code, c.field, r.Errors)
			}
		})
	}
	var zero struct{ Introducers []introducerOut }
	e.mustData(w.seller, introducersQuery, map[string]any{"to": w.id("o1"), "first": 0}, &zero)
	if len(zero.Introducers) != 0 {
		t.Fatalf("first: 0 gave %d", len(zero.Introducers))
	}
}

const spofQuery = `query($org: ID!, $o: RouteOptions) { singlePointsOfFailure(organization: $org, options: $o) {
	person { id organization { id } } decisionMakers { id } } }`

type criticalOut struct {
	Person struct {
		ID           string
		Organization struct{ ID string }
	}
	DecisionMakers []struct{ ID string }
}

func describeCritical(p string, in []criticalOut) string {
	var parts []string
	for _, c := range in {
		var dms []string
		for _, d := range c.DecisionMakers {
			dms = append(dms, strings.TrimPrefix(d.ID, p))
		}
		parts = append(parts, strings.TrimPrefix(c.Person.ID, p)+":"+strings.Join(dms, ","))
	}
	return strings.Join(parts, " ")
}

func TestSinglePointsOfFailureOverHTTP(t *testing.T) {
	w := newAccessWorld(t)
	e := w.env
	ask := func(tok, org string, o map[string]any) string {
		t.Helper()
		var out struct{ SinglePointsOfFailure []criticalOut }
		e.mustData(tok, spofQuery, map[string]any{"org": w.id(org), "o": o}, &out)
		return describeCritical(w.p, out.SinglePointsOfFailure)
	}
	for _, c := range []struct {
		name, tok, org string
		o              map[string]any
		want           string
	}{
		// c1 is reached from o1 (o2 only through o1): over c2 or over b1.
		{"seller, defaults", w.seller, "cl", nil, "o1:c1"},
		{"seller, minTrust 0.6 drops o1-c2", w.seller, "cl", map[string]any{"minTrust": 0.6}, "b1:c1 o1:c1"},
		{"seller, one hop", w.seller, "cl", map[string]any{"maxHops": 1}, ""},
		{"seller, o1 avoided still starts routes", w.seller, "cl", map[string]any{"avoid": []string{w.id("o1")}}, "o1:c1"},
		{"seller, b1 avoided", w.seller, "cl", map[string]any{"avoid": []string{w.id("b1")}}, "c2:c1 o1:c1"},
		{"seller, only through ours", w.seller, "cl", map[string]any{"throughKinds": []string{"OURS"}}, ""},
		// d1 hangs on o2 (its only tie); x1 on c1 and on o1.
		{"seller, cl2", w.seller, "cl2", nil, "o2:d1"},
		{"seller, cl3", w.seller, "cl3", nil, "c1:x1 o1:x1"},
		// Partner A's route searches pass through a1, a2, o1, c1, c2: b1 does not count.
		{"partner A", w.partnerA, "cl", nil, "c2:c1 o1:c1"},
		{"partner B, ROUTES but x1 unreachable for it", w.partnerB, "cl3", nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ask(c.tok, c.org, c.o); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
	for _, c := range []struct {
		name, tok, org string
		o              map[string]any
		code, field    string
	}{
		{"unknown organisation", w.seller, "nowhere", nil, "NOT_FOUND", ""},
		{"organisation hidden from a partner", w.partnerA, "cl3", nil, "NOT_FOUND", ""},
		// Partner B sees cl at NAMES only: NOT_ROUTABLE (the share-level table), not an empty
		// answer that would read as "nobody is critical".
		{"partner B, NAMES", w.partnerB, "cl", nil, "NOT_ROUTABLE", "organization"},
		{"maxHops 11", w.seller, "cl", map[string]any{"maxHops": 11}, "BAD_USER_INPUT", "options.maxHops"},
		{"minTrust 2", w.seller, "cl", map[string]any{"minTrust": 2}, "BAD_USER_INPUT", "options.minTrust"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(c.tok, spofQuery, map[string]any{"org": w.id(c.org), "o": c.o})
			if r.code() != c.code || (c.field != "" && r.Errors[0].Extensions["field"] != c.field) {
				t.Fatalf("want %s naming %q, got %+v", c.code, c.field, r.Errors)
			}
		})
	}

	// The accounts that hang on one person: acc on o1, acc2 on o2, acc3 on c1 and o1.
	var risks struct {
		AccountsHangingOnOnePerson []struct {
			Account        struct{ ID string }
			HangsOn        []struct{ ID string }
			DecisionMakers []struct{ ID string }
		}
	}
	e.mustData(w.analyst, `{ accountsHangingOnOnePerson { account { id } hangsOn { id } decisionMakers { id } } }`, nil, &risks)
	var mine []string
	for _, r := range risks.AccountsHangingOnOnePerson {
		if !strings.HasPrefix(r.Account.ID, w.p) {
			continue // another test's
		}
		var hang, dms []string
		for _, p := range r.HangsOn {
			hang = append(hang, strings.TrimPrefix(p.ID, w.p))
		}
		for _, p := range r.DecisionMakers {
			dms = append(dms, strings.TrimPrefix(p.ID, w.p))
		}
		mine = append(mine, fmt.Sprintf("%s:%s/%s", strings.TrimPrefix(r.Account.ID, w.p), strings.Join(hang, ","), strings.Join(dms, ",")))
	}
	if got := strings.Join(mine, " "); got != "acc:o1/c1 acc2:o2/d1 acc3:c1,o1/x1" {
		t.Fatalf("accounts hanging on one person: %s", got)
	}
	if r := e.do(w.partnerA, `{ accountsHangingOnOnePerson { account { id } } }`, nil); r.code() != "FORBIDDEN" {
		t.Fatalf("a partner asks for our accounts at risk: %+v", r.Errors)
	}
	// Account.hangsOn with the caller's visibility: partner A (ROUTES on acc) does not count
	// b1.
	hangs := func(tok, acc string) []string {
		var out struct {
			Account *struct{ HangsOn json.RawMessage }
		}
		e.mustData(tok, `query($id: ID!) { account(id: $id) { hangsOn { id } } }`, map[string]any{"id": w.id(acc)}, &out)
		if out.Account == nil {
			t.Fatalf("account %s not visible", acc)
		}
		return w.ids(out.Account.HangsOn)
	}
	for _, c := range []struct {
		tok, acc string
		want     []string
	}{{w.seller, "acc", []string{"o1"}}, {w.partnerA, "acc", []string{"c2", "o1"}}, {w.seller, "acc3", []string{"c1", "o1"}}} {
		if got := hangs(c.tok, c.acc); !slices.Equal(got, c.want) {
			t.Errorf("account %s hangsOn: %v, want %v", c.acc, got, c.want)
		}
	}
	// Below ROUTES (acc2 at COUNTS): null with NOT_ROUTABLE, the account still answers.
	r := e.do(w.partnerA, `query($id: ID!) { account(id: $id) { id hangsOn { id } } }`, map[string]any{"id": w.id("acc2")})
	if r.code() != "NOT_ROUTABLE" || !strings.Contains(string(r.Data["account"]), w.id("acc2")) {
		t.Errorf("partner A, acc2 (COUNTS) hangsOn: %s %+v", r.Data["account"], r.Errors)
	}
}

// randomEcosystem writes a random small ecosystem under prefix p straight into the store:
// organisations us (OURS), pa and pb (PARTNER), cl and cl2 (CLIENT); people with random
// employers, decision makers and blockers; ties with random trust, 0 included.
type randomEcosystem struct {
	people []ecograph.Person
	ties   []ecograph.Tie
	kind   map[string]ecograph.OrgKind
}

func seedRandomEcosystem(t *testing.T, e *env, r *rand.Rand, p string) *randomEcosystem {
	t.Helper()
	ctx := context.Background()
	w := &randomEcosystem{kind: map[string]ecograph.OrgKind{}}
	var orgs []ecograph.Organization
	for _, o := range []struct {
		id   string
		kind ecograph.OrgKind
	}{{"us", ecograph.OrgOurs}, {"pa", ecograph.OrgPartner}, {"pb", ecograph.OrgPartner}, {"cl", ecograph.OrgClient}, {"cl2", ecograph.OrgClient}} {
		orgs = append(orgs, ecograph.Organization{ID: p + o.id, Name: o.id, Kind: o.kind})
		w.kind[p+o.id] = o.kind
	}
	if err := e.store.UpsertOrganizations(ctx, orgs); err != nil {
		t.Fatal(err)
	}
	n := 8 + r.IntN(9)
	for i := range n {
		org := orgs[r.IntN(len(orgs))].ID
		pr := ecograph.Person{ID: fmt.Sprintf("%sp%02d", p, i), Name: fmt.Sprint("P", i), OrganizationID: org, Roles: []ecograph.Role{}}
		switch x := r.IntN(6); {
		case x == 0 && w.kind[org] == ecograph.OrgClient:
			pr.Roles = append(pr.Roles, ecograph.RoleDecisionMaker)
		case x == 1:
			pr.Roles = append(pr.Roles, ecograph.RoleBlocker)
		}
		w.people = append(w.people, pr)
	}
	if err := e.store.UpsertPeople(ctx, w.people); err != nil {
		t.Fatal(err)
	}
	trusts := []float64{0, 0.2, 0.45, 0.5, 0.7, 0.9, 1}
	density := 0.15 + 0.35*r.Float64()
	for i := range n {
		for j := i + 1; j < n; j++ {
			if r.Float64() < density {
				w.ties = append(w.ties, ecograph.Tie{PersonA: w.people[i].ID, PersonB: w.people[j].ID, Trust: trusts[r.IntN(len(trusts))], Source: "rnd"})
			}
		}
	}
	if err := e.store.UpsertTies(ctx, w.ties); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *randomEcosystem) org(id string) string {
	for _, p := range w.people {
		if p.ID == id {
			return p.OrganizationID
		}
	}
	return ""
}

// trust returns the tie between a and b, if any.
func (w *randomEcosystem) trust(a, b string) (float64, bool) {
	for _, t := range w.ties {
		if (t.PersonA == a && t.PersonB == b) || (t.PersonA == b && t.PersonB == a) {
			return t.Trust, true
		}
	}
	return 0, false
}

// introducers is the contract's `introducers`, written from its words over the edge list.
func (w *randomEcosystem) introducers(to, from string, first int) string {
	type row struct {
		id    string
		trust float64
	}
	var rows []row
	for _, p := range w.people {
		k := w.kind[p.OrganizationID]
		if p.ID == to || p.ID == from || (k != ecograph.OrgOurs && k != ecograph.OrgPartner) {
			continue
		}
		tt, ok := w.trust(p.ID, to)
		if !ok {
			continue
		}
		if from != "" {
			ft, ok := w.trust(from, p.ID)
			if !ok {
				continue
			}
			tt = ft * tt
		}
		rows = append(rows, row{p.ID, tt})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].trust != rows[j].trust {
			return rows[i].trust > rows[j].trust
		}
		return rows[i].id < rows[j].id
	})
	var parts []string
	for i, r := range rows {
		if i == first {
			break
		}
		parts = append(parts, fmt.Sprintf("%s:%.4g", r.id, r.trust))
	}
	return strings.Join(parts, " ")
}

// spof is the contract's `singlePointsOfFailure` by plain breadth-first search: for every
// decision maker of org, and every person removed in turn, is the decision maker still
// reached within maxHops from one of our people over ties of trust >= minTrust and > 0,
// without a blocker (when avoided) or an avoided person as an intermediate?
func (w *randomEcosystem) spof(org string, minTrust float64, maxHops int, avoidBlockers bool, avoid []string) string {
	blocked := func(id string) bool {
		if slices.Contains(avoid, id) {
			return true
		}
		for _, p := range w.people {
			if p.ID == id {
				return avoidBlockers && p.HasRole(ecograph.RoleBlocker)
			}
		}
		return false
	}
	reached := func(t, removed string) bool {
		dist := map[string]int{}
		var queue []string
		for _, p := range w.people {
			if w.kind[p.OrganizationID] == ecograph.OrgOurs && p.ID != t && p.ID != removed {
				dist[p.ID] = 0
				queue = append(queue, p.ID)
			}
		}
		for len(queue) > 0 {
			u := queue[0]
			queue = queue[1:]
			if u == t {
				return true
			}
			if dist[u] == maxHops || (dist[u] > 0 && blocked(u)) {
				continue
			}
			for _, tie := range w.ties {
				v := ""
				switch u {
				case tie.PersonA:
					v = tie.PersonB
				case tie.PersonB:
					v = tie.PersonA
				}
				if _, seen := dist[v]; v == "" || seen || v == removed || tie.Trust <= 0 || tie.Trust < minTrust {
					continue
				}
				dist[v] = dist[u] + 1
				queue = append(queue, v)
			}
		}
		return false
	}
	crit := map[string][]string{}
	for _, t := range w.people {
		if t.OrganizationID != org || !t.HasRole(ecograph.RoleDecisionMaker) || !reached(t.ID, "") {
			continue
		}
		for _, v := range w.people {
			if v.ID != t.ID && !reached(t.ID, v.ID) {
				crit[v.ID] = append(crit[v.ID], t.ID)
			}
		}
	}
	ids := make([]string, 0, len(crit))
	for id := range crit {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		if len(crit[ids[i]]) != len(crit[ids[j]]) {
			return len(crit[ids[i]]) > len(crit[ids[j]])
		}
		return ids[i] < ids[j]
	})
	var parts []string
	for _, id := range ids {
		parts = append(parts, id+":"+strings.Join(crit[id], ","))
	}
	return strings.Join(parts, " ")
}

// TestSwarmAgainstReferences loads random ecosystems into Neo4j and compares `introducers`
// and `singlePointsOfFailure`, through the real handler, with the references above.
//
// The worlds are written straight into the store, then the route projection is loaded once
// (not in strict mode: the shared test database may hold other tests' large graphs, and
// other writers would make every query reload it).
func TestSwarmAgainstReferences(t *testing.T) {
	store := testdb.Store(t)
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{})
	e.p = testdb.Prefix(t)
	seller := e.token(ecograph.CallerSeller, "")
	worlds := 12
	if testing.Short() {
		worlds = 3
	}
	rngs := make([]*rand.Rand, worlds)
	ecos := make([]*randomEcosystem, worlds)
	for wi := range worlds {
		rngs[wi] = rand.New(rand.NewPCG(uint64(wi), 0x5EED))
		ecos[wi] = seedRandomEcosystem(t, e, rngs[wi], fmt.Sprintf("%sw%d-", e.p, wi))
	}
	if _, err := e.finder.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	for wi, w := range ecos {
		r, p := rngs[wi], fmt.Sprintf("%sw%d-", e.p, wi)
		for range 8 {
			to := w.people[r.IntN(len(w.people))].ID
			from, vars := "", map[string]any{"to": to}
			if r.IntN(2) == 0 {
				if from = w.people[r.IntN(len(w.people))].ID; from == to {
					from = ""
				} else {
					vars["from"] = from
				}
			}
			first := 5
			if r.IntN(2) == 0 {
				first = r.IntN(12)
				vars["first"] = first
			}
			var out struct{ Introducers []introducerOut }
			e.mustData(seller, introducersQuery, vars, &out)
			if got, want := describeIntroducers("", out.Introducers), w.introducers(to, from, first); got != want {
				t.Fatalf("world %d: introducers(to: %s, from: %q, first: %d)\n got %s\nwant %s\nties %v", wi, to, from, first, got, want, w.ties)
			}
			for _, x := range out.Introducers {
				if x.Organization.ID != w.org(x.Person.ID) {
					t.Fatalf("world %d: introducer %s at %s", wi, x.Person.ID, x.Organization.ID)
				}
			}
		}
		for range 6 {
			org := p + []string{"cl", "cl2"}[r.IntN(2)]
			minTrust := []float64{0, 0, 0.45, 0.7}[r.IntN(4)]
			maxHops := 1 + r.IntN(6)
			avoidBlockers := r.IntN(3) > 0
			var avoid []string
			if r.IntN(3) == 0 {
				avoid = []string{w.people[r.IntN(len(w.people))].ID}
			}
			var out struct{ SinglePointsOfFailure []criticalOut }
			e.mustData(seller, spofQuery, map[string]any{"org": org, "o": map[string]any{"minTrust": minTrust, "maxHops": maxHops,
				"avoidBlockers": avoidBlockers, "avoid": avoid}}, &out)
			if got, want := describeCritical("", out.SinglePointsOfFailure), w.spof(org, minTrust, maxHops, avoidBlockers, avoid); got != want {
				t.Fatalf("world %d: singlePointsOfFailure(%s, minTrust %v, maxHops %d, avoidBlockers %v, avoid %v)\n got %s\nwant %s\npeople %v\nties %v",
					wi, org, minTrust, maxHops, avoidBlockers, avoid, got, want, w.people, w.ties)
			}
		}
	}
}

const planQuery = `query($org: ID, $acc: ID, $min: Float, $o: RouteOptions) {
	swarmPlan(organization: $org, account: $acc, minRouteTrust: $min, options: $o) {
	organization { id } minRouteTrust
	peopleByRole { role people { id } }
	coverage { person { id } coveredBy { person { id } trust } }
	gaps { id } uncovered { id }
	blockers { blocker { id } guards { id } trustedOurs { person { id } trust } }
	connectors { connector { id } decisionMakers { id } ours { person { id } trust } }
	team { person { id } targets { person { id } trust exact } }
	singlePointsOfFailure { person { id } decisionMakers { id } } } }`

// describePlanJSON writes a plan's answer compactly, with the prefix p cut.
func describePlanJSON(t *testing.T, p string, raw json.RawMessage) string {
	t.Helper()
	var plan struct {
		Organization  struct{ ID string }
		MinRouteTrust float64
		PeopleByRole  []struct {
			Role   string
			People []struct{ ID string }
		}
		Coverage []struct {
			Person    struct{ ID string }
			CoveredBy []struct {
				Person struct{ ID string }
				Trust  *float64
			}
		}
		Gaps, Uncovered []struct{ ID string }
		Blockers        []struct {
			Blocker     struct{ ID string }
			Guards      []struct{ ID string }
			TrustedOurs []struct {
				Person struct{ ID string }
				Trust  *float64
			}
		}
		Team []struct {
			Person  struct{ ID string }
			Targets []struct {
				Person struct{ ID string }
				Trust  float64
				Exact  bool
			}
		}
		SinglePointsOfFailure []criticalOut
	}
	if err := json.Unmarshal(raw, &plan); err != nil {
		t.Fatal(err)
	}
	id := func(s string) string { return strings.TrimPrefix(s, p) }
	trust := func(v *float64) string {
		if v == nil {
			return "hidden"
		}
		return fmt.Sprintf("%g", *v)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s@%g", id(plan.Organization.ID), plan.MinRouteTrust)
	for _, g := range plan.PeopleByRole {
		var ids []string
		for _, x := range g.People {
			ids = append(ids, id(x.ID))
		}
		fmt.Fprintf(&b, " %s=%s", g.Role, strings.Join(ids, ","))
	}
	b.WriteString(" | coverage")
	for _, c := range plan.Coverage {
		var ts []string
		for _, x := range c.CoveredBy {
			ts = append(ts, id(x.Person.ID)+":"+trust(x.Trust))
		}
		fmt.Fprintf(&b, " %s[%s]", id(c.Person.ID), strings.Join(ts, ","))
	}
	var gaps, unc []string
	for _, x := range plan.Gaps {
		gaps = append(gaps, id(x.ID))
	}
	for _, x := range plan.Uncovered {
		unc = append(unc, id(x.ID))
	}
	fmt.Fprintf(&b, " | gaps=%v uncovered=%v | blockers=%d | team", gaps, unc, len(plan.Blockers))
	for _, a := range plan.Team {
		fmt.Fprintf(&b, " %s:", id(a.Person.ID))
		for _, x := range a.Targets {
			fmt.Fprintf(&b, "%s@%.4g", id(x.Person.ID), x.Trust)
			if !x.Exact {
				b.WriteString("~")
			}
		}
	}
	fmt.Fprintf(&b, " | critical %s", describeCritical(p, plan.SinglePointsOfFailure))
	return b.String()
}

func TestSwarmPlanOverHTTP(t *testing.T) {
	w := newAccessWorld(t)
	e := w.env
	plan := func(tok string, vars map[string]any) string {
		t.Helper()
		r := e.do(tok, planQuery, vars)
		if len(r.Errors) > 0 {
			t.Fatalf("%v: %+v", vars, r.Errors)
		}
		return describePlanJSON(t, w.p, r.Data["swarmPlan"])
	}
	// cl: c1 (decision maker) and c2 (influencer). o1 reaches c1 over b1 (0.95 * 0.99) and
	// c2 over c1 (0.9405 * 0.75, better than the direct 0.55); o2 only through o1.
	want := "cl@0.3 DECISION_MAKER=c1 INFLUENCER=c2 | coverage c1[b1:0.99] c2[o1:0.55] | gaps=[] uncovered=[] | blockers=0" +
		" | team o1:c1@0.9405c2@0.7054 | critical o1:c1"
	if got := plan(w.seller, map[string]any{"org": w.id("cl")}); got != want {
		t.Fatalf("seller's plan for cl\n got %s\nwant %s", got, want)
	}
	if got := plan(w.seller, map[string]any{"acc": w.id("acc")}); got != want {
		t.Fatalf("seller's plan for the account acc\n got %s\nwant %s", got, want)
	}
	// At 0.8, c2 (0.7054) is uncovered; with minTrust 0.96 no route is left: both are gaps.
	if got := plan(w.seller, map[string]any{"org": w.id("cl"), "min": 0.8}); !strings.Contains(got, "gaps=[] uncovered=[c2]") || !strings.Contains(got, "team o1:c1@0.9405 |") {
		t.Fatalf("seller's plan at 0.8: %s", got)
	}
	if got := plan(w.seller, map[string]any{"org": w.id("cl"), "o": map[string]any{"minTrust": 0.96}}); !strings.Contains(got, "gaps=[c1] uncovered=[c1 c2] | blockers=0 | team | critical ") {
		t.Fatalf("seller's plan with minTrust 0.96: %s", got)
	}
	// Partner A (ROUTES on acc): b1 is partner B's and hidden; o1's ties are ours: no value,
	// bands for route trusts; its threshold 0.3 rounds down to 0 (any route).
	want = "cl@0 DECISION_MAKER=c1 INFLUENCER=c2 | coverage c1[] c2[o1:hidden] | gaps=[] uncovered=[] | blockers=0" +
		" | team o1:c1@0.4~c2@0.4~ | critical c2:c1 o1:c1"
	if got := plan(w.partnerA, map[string]any{"org": w.id("cl")}); got != want {
		t.Fatalf("partner A's plan for cl\n got %s\nwant %s", got, want)
	}
	// Partner B sees cl at NAMES only: no plan, NOT_ROUTABLE (the share-level table), not an
	// empty plan that reads as "nobody to reach".
	if r := e.do(w.partnerB, planQuery, map[string]any{"org": w.id("cl")}); r.code() != "NOT_ROUTABLE" || r.Errors[0].Extensions["field"] != "organization" {
		t.Fatalf("partner B's plan for cl: %+v", r.Errors)
	}
	for _, c := range []struct {
		name, tok   string
		vars        map[string]any
		code, field string
	}{
		{"neither organisation nor account", w.seller, map[string]any{}, "BAD_USER_INPUT", "organization"},
		{"both", w.seller, map[string]any{"org": w.id("cl"), "acc": w.id("acc")}, "BAD_USER_INPUT", "organization"},
		{"minRouteTrust 1.5", w.seller, map[string]any{"org": w.id("cl"), "min": 1.5}, "BAD_USER_INPUT", "minRouteTrust"},
		{"maxHops 0", w.seller, map[string]any{"org": w.id("cl"), "o": map[string]any{"maxHops": 0}}, "BAD_USER_INPUT", "options.maxHops"},
		{"unknown organisation", w.seller, map[string]any{"org": w.id("nowhere")}, "NOT_FOUND", ""},
		{"unknown account", w.seller, map[string]any{"acc": w.id("nothing")}, "NOT_FOUND", ""},
		{"account not shared with the partner", w.partnerA, map[string]any{"acc": w.id("acc3")}, "NOT_FOUND", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(c.tok, planQuery, c.vars)
			if r.code() != c.code || (c.field != "" && r.Errors[0].Extensions["field"] != c.field) {
				t.Fatalf("want %s naming %q, got %+v", c.code, c.field, r.Errors)
			}
		})
	}
}

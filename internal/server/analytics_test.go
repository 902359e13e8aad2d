package server_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/ona/nxcheck"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// newAnalyticsEnv runs the real handler with analytics over the test database. The tests
// write straight into Neo4j and then reload the projection once (refresh): strict mode would
// reload the whole shared database on every request while other tests write to it.
func newAnalyticsEnv(t *testing.T) *env {
	t.Helper()
	store := testdb.Store(t)
	v, err := auth.NewVerifier(authCfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	finder := projection.New(source{store}, projection.Config{}, log)
	a := projection.NewAnalytics(finder, store, projection.AnalyticsConfig{}, log)
	srv := httptest.NewServer(server.New(server.DefaultConfig(), server.Deps{
		Resolver: &resolvers.Resolver{Store: store, Routes: finder, Analytics: a},
		Verifier: v, DB: store, Log: log,
	}))
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, store: store, finder: finder, p: testdb.Prefix(t)}
}

// refresh reloads the projection: what was written straight into Neo4j shows.
func (e *env) refresh() {
	e.t.Helper()
	if _, err := e.finder.Refresh(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// cypher runs a write straight into Neo4j, as an import or an analyst would.
func (e *env) cypher(q string, params map[string]any) {
	e.t.Helper()
	if _, err := neo4j.ExecuteQuery(context.Background(), e.store.Driver(), q, params, neo4j.EagerResultTransformer); err != nil {
		e.t.Fatal(err)
	}
}

// analyticsWorld is a random organisation seeded straight into Neo4j: n people, ties among
// them (trust 0 included) and to people of another organisation, two teams, survey answers.
type analyticsWorld struct {
	org, other string
	people     []string
	ties       [][3]any // a, b, trust: every tie, trust 0 included
	teams      map[string][]string
	answers    [][3]any // respondent, alter, question
}

func (e *env) seedAnalyticsWorld(seed uint64) *analyticsWorld {
	e.t.Helper()
	r := rand.New(rand.NewPCG(seed, 0xA7A))
	p := fmt.Sprintf("%sw%d-", e.p, seed)
	w := &analyticsWorld{org: p + "org", other: p + "other", teams: map[string][]string{p + "team-a": nil, p + "team-b": nil}}
	n := 8 + r.IntN(30)
	var rows []map[string]any
	for i := range n {
		id := fmt.Sprintf("%sp%02d", p, i)
		w.people = append(w.people, id)
		var teams []string
		for _, tm := range []string{p + "team-a", p + "team-b"} {
			if r.IntN(2) == 0 {
				teams = append(teams, tm)
				w.teams[tm] = append(w.teams[tm], id)
			}
		}
		rows = append(rows, map[string]any{"id": id, "org": w.org, "teams": teams})
	}
	for i := range 3 {
		rows = append(rows, map[string]any{"id": fmt.Sprintf("%sx%d", p, i), "org": w.other, "teams": []string{}})
	}
	density := []float64{0.05, 0.15, 0.4}[r.IntN(3)]
	var ties []map[string]any
	for i := range n {
		for j := i + 1; j < n; j++ {
			if r.Float64() < density {
				t := []float64{0, 0.2, 0.5, 0.9, 1}[r.IntN(5)]
				ties = append(ties, map[string]any{"a": w.people[i], "b": w.people[j], "trust": t})
				w.ties = append(w.ties, [3]any{w.people[i], w.people[j], t})
			}
		}
		if r.IntN(4) == 0 { // a tie out of the organisation: not in its induced graph
			ties = append(ties, map[string]any{"a": w.people[i], "b": fmt.Sprintf("%sx%d", p, r.IntN(3)), "trust": 0.8})
		}
	}
	var answers []map[string]any
	for range 3 * n {
		a, b := r.IntN(n), r.IntN(n)
		q := []string{"trust", "advice"}[r.IntN(2)]
		if a == b {
			continue
		}
		answers = append(answers, map[string]any{"r": w.people[a], "a": w.people[b], "q": q, "score": 1 + r.IntN(5)})
		w.answers = append(w.answers, [3]any{w.people[a], w.people[b], q})
	}
	e.cypher(`MERGE (o:Organization {id: $org}) SET o.name = 'Org', o.kind = 'OURS'
		MERGE (x:Organization {id: $other}) SET x.name = 'Other', x.kind = 'CLIENT'
		WITH o
		UNWIND $teams AS tid
		MERGE (t:Team {id: tid}) SET t.name = tid
		MERGE (t)-[:PART_OF]->(o)`, map[string]any{"org": w.org, "other": w.other, "teams": []string{p + "team-a", p + "team-b"}})
	e.cypher(`UNWIND $rows AS row
		MATCH (o:Organization {id: row.org})
		CREATE (p:Person {id: row.id, name: row.id, nameKey: row.id, roles: []})-[:WORKS_AT]->(o)
		WITH p, row
		UNWIND row.teams AS tid
		MATCH (t:Team {id: tid})
		CREATE (p)-[:MEMBER_OF]->(t)`, map[string]any{"rows": rows})
	e.cypher(`UNWIND $ties AS row
		MATCH (a:Person {id: row.a}), (b:Person {id: row.b})
		CREATE (a)-[:TIE {trust: row.trust, source: 'test'}]->(b)`, map[string]any{"ties": ties})
	// Survey answers as the evidence model stores them: one ANSWERED per respondent, alter
	// and question.
	e.cypher(`UNWIND $answers AS row
		MATCH (r:Person {id: row.r}), (a:Person {id: row.a})
		MERGE (r)-[x:ANSWERED {question: row.q}]->(a)
		SET x.score = row.score, x.answeredAt = datetime()`, map[string]any{"answers": answers})
	// Dedupe answers the way MERGE stored them.
	seen := map[[3]any]bool{}
	w.answers = slices.DeleteFunc(w.answers, func(a [3]any) bool {
		if seen[a] {
			return true
		}
		seen[a] = true
		return false
	})
	return w
}

const connectorsQuery = `query($org: ID, $first: Int) { connectors(organization: $org, first: $first) {
	person { id organization { id } } betweenness exact errorBound } }`

const cohesionQuery = `query($team: ID!) { teamCohesion(team: $team) {
	density averageTrust reciprocity isolates { id } members ties answers } }`

type connectorsOut struct {
	Connectors []struct {
		Person struct {
			ID           string
			Organization struct{ ID string }
		}
		Betweenness float64
		Exact       bool
		ErrorBound  *float64
	}
}

type cohesionOut struct {
	TeamCohesion struct {
		Density, AverageTrust float64
		Reciprocity           *float64
		Isolates              []struct{ ID string }
		Members, Ties         int
		Answers               int
	}
}

// TestAnalyticsAgainstNetworkX seeds random organisations straight into Neo4j and compares
// connectors(organization) and teamCohesion, through the real HTTP handler, with NetworkX
// on the same data.
func TestAnalyticsAgainstNetworkX(t *testing.T) {
	e := newAnalyticsEnv(t)
	analyst := e.token(ecograph.CallerAnalyst, "")
	type nxCase struct {
		Kind    string   `json:"kind"`
		N       int      `json:"n,omitempty"`
		Edges   [][2]int `json:"edges,omitempty"`
		Members []string `json:"members,omitempty"`
		Ties    [][3]any `json:"ties,omitempty"`
		Answers [][3]any `json:"answers,omitempty"`
	}
	var worlds []*analyticsWorld
	var cases []nxCase
	for seed := range uint64(6) {
		w := e.seedAnalyticsWorld(seed)
		worlds = append(worlds, w)
		index := map[string]int{}
		for i, id := range w.people {
			index[id] = i
		}
		c := nxCase{Kind: "betweenness", N: len(w.people)}
		for _, tie := range w.ties {
			if tie[2].(float64) > 0 { // connectors: ties with trust > 0
				c.Edges = append(c.Edges, [2]int{index[tie[0].(string)], index[tie[1].(string)]})
			}
		}
		cases = append(cases, c)
		for _, tm := range sortedKeys(w.teams) {
			cases = append(cases, nxCase{Kind: "cohesion", Members: w.teams[tm], Ties: w.ties, Answers: w.answers})
		}
	}
	var answers []struct {
		Values       []float64
		Density      float64
		AverageTrust float64 `json:"averageTrust"`
		Isolates     []string
		Reciprocity  *float64
	}
	nxcheck.Run(t, cases, &answers)
	e.refresh()

	next := 0
	for _, w := range worlds {
		want := answers[next].Values
		next++
		var out connectorsOut
		e.mustData(analyst, connectorsQuery, map[string]any{"org": w.org, "first": 100}, &out)
		if len(out.Connectors) != len(w.people) {
			t.Fatalf("%s: %d scores, want %d", w.org, len(out.Connectors), len(w.people))
		}
		for i, c := range out.Connectors {
			j := slices.Index(w.people, c.Person.ID)
			if j < 0 || c.Person.Organization.ID != w.org || !c.Exact || c.ErrorBound != nil {
				t.Fatalf("%s: score %+v", w.org, c)
			}
			if math.Abs(c.Betweenness-want[j]) > 1e-9 {
				t.Fatalf("%s: %s: betweenness %v, NetworkX %v", w.org, c.Person.ID, c.Betweenness, want[j])
			}
			if i > 0 {
				prev := out.Connectors[i-1]
				if prev.Betweenness < c.Betweenness-1e-12 || (math.Abs(prev.Betweenness-c.Betweenness) < 1e-13 && prev.Person.ID > c.Person.ID) {
					t.Fatalf("%s: not ranked: %+v before %+v", w.org, prev, c)
				}
			}
		}
		var top connectorsOut
		e.mustData(analyst, connectorsQuery, map[string]any{"org": w.org}, &top)
		if len(top.Connectors) != min(10, len(w.people)) || top.Connectors[0].Person.ID != out.Connectors[0].Person.ID {
			t.Fatalf("%s: default first: %d scores", w.org, len(top.Connectors))
		}
		for _, tm := range sortedKeys(w.teams) {
			nx := answers[next]
			next++
			var got cohesionOut
			e.mustData(analyst, cohesionQuery, map[string]any{"team": tm}, &got)
			c := got.TeamCohesion
			var isolates []string
			for _, p := range c.Isolates {
				isolates = append(isolates, p.ID)
			}
			if nx.Isolates == nil {
				nx.Isolates = []string{}
			}
			if isolates == nil {
				isolates = []string{}
			}
			if math.Abs(c.Density-nx.Density) > 1e-12 || math.Abs(c.AverageTrust-nx.AverageTrust) > 1e-12 ||
				!slices.Equal(isolates, nx.Isolates) || !sameFloatPtr(c.Reciprocity, nx.Reciprocity) || c.Members != len(w.teams[tm]) {
				t.Fatalf("%s: got %+v isolates %v reciprocity %v\nNetworkX density %v avg %v isolates %v reciprocity %v",
					tm, c, isolates, ptrString(c.Reciprocity), nx.Density, nx.AverageTrust, nx.Isolates, ptrString(nx.Reciprocity))
			}
		}
	}
}

// TestAnalyticsAccess: who may ask for what.
func TestAnalyticsAccess(t *testing.T) {
	e := newAnalyticsEnv(t)
	w := e.seedAnalyticsWorld(42)
	partnerOrg := e.p + "partner"
	e.cypher(`MERGE (o:Organization {id: $id}) SET o.name = 'Partner', o.kind = 'PARTNER'
		MERGE (t:Team {id: $team}) SET t.name = 'Partner team'
		MERGE (t)-[:PART_OF]->(o)
		WITH o, t
		UNWIND range(0, 3) AS i
		CREATE (p:Person {id: $id + '-p' + i, name: 'P' + i, nameKey: 'p' + i, roles: []})-[:WORKS_AT]->(o)
		CREATE (p)-[:MEMBER_OF]->(t)
		WITH collect(p) AS ps
		UNWIND range(0, 2) AS i
		WITH ps[i] AS a, ps[i + 1] AS b
		CREATE (a)-[:TIE {trust: 0.6, source: 'test'}]->(b)`, map[string]any{"id": partnerOrg, "team": partnerOrg + "-team"})
	e.refresh()
	partner := e.token(ecograph.CallerPartner, partnerOrg)
	seller := e.token(ecograph.CallerSeller, "")
	analyst := e.token(ecograph.CallerAnalyst, "")

	// A partner: its own organisation, yes; everyone or anyone else, no.
	var out connectorsOut
	e.mustData(partner, connectorsQuery, map[string]any{"org": partnerOrg}, &out)
	if len(out.Connectors) != 4 || math.Abs(out.Connectors[0].Betweenness-2.0/3) > 1e-12 {
		t.Fatalf("partner's own connectors: %+v", out)
	}
	for name, tc := range map[string]struct {
		token string
		query string
		vars  map[string]any
		code  string
		field string
	}{
		"partner, everyone":          {partner, connectorsQuery, map[string]any{}, "FORBIDDEN", ""},
		"partner, our organisation":  {partner, connectorsQuery, map[string]any{"org": w.org}, "NOT_FOUND", ""},
		"partner, a client":          {partner, connectorsQuery, map[string]any{"org": w.other}, "NOT_FOUND", ""},
		"partner, our team":          {partner, cohesionQuery, map[string]any{"team": e.p + "w42-team-a"}, "NOT_FOUND", ""},
		"unknown organisation":       {analyst, connectorsQuery, map[string]any{"org": e.p + "nowhere"}, "NOT_FOUND", ""},
		"unknown team":               {analyst, cohesionQuery, map[string]any{"team": e.p + "nothing"}, "NOT_FOUND", ""},
		"negative first":             {analyst, connectorsQuery, map[string]any{"org": w.org, "first": -1}, "BAD_USER_INPUT", "first"},
		"no token":                   {"", connectorsQuery, map[string]any{}, "UNAUTHENTICATED", ""},
		"no token, cohesion":         {"", cohesionQuery, map[string]any{"team": e.p + "w42-team-a"}, "UNAUTHENTICATED", ""},
		"partner, ecosystem matches": {partner, ecoQuery, map[string]any{}, "FORBIDDEN", ""},
		"minTrust above 1":           {analyst, ecoQuery, map[string]any{"mt": 1.5}, "BAD_USER_INPUT", "minTrust"},
		"minTrust negative":          {seller, ecoQuery, map[string]any{"mt": -0.1}, "BAD_USER_INPUT", "minTrust"},
		"negative first, matches":    {analyst, ecoQuery, map[string]any{"first": -2}, "BAD_USER_INPUT", "first"},
		"no token, matches":          {"", ecoQuery, map[string]any{}, "UNAUTHENTICATED", ""},
	} {
		t.Run(name, func(t *testing.T) {
			r := e.do(tc.token, tc.query, tc.vars)
			if r.code() != tc.code {
				t.Fatalf("want %s, got %d %+v", tc.code, r.status, r.Errors)
			}
			if f, _ := r.Errors[0].Extensions["field"].(string); f != tc.field {
				t.Fatalf("field %q, want %q", f, tc.field)
			}
		})
	}
	var coh cohesionOut
	e.mustData(partner, cohesionQuery, map[string]any{"team": partnerOrg + "-team"}, &coh)
	if c := coh.TeamCohesion; c.Members != 4 || c.Ties != 3 || c.Density != 0.5 || c.AverageTrust != 0.6 || c.Reciprocity != nil || len(c.Isolates) != 0 {
		t.Fatalf("partner's own team: %+v", c)
	}
	// Our roles: any scope; first: 0 is an empty list, more than 100 is clamped.
	e.mustData(seller, connectorsQuery, map[string]any{"first": 3}, &out)
	if len(out.Connectors) != 3 || out.Connectors[0].Betweenness < out.Connectors[2].Betweenness {
		t.Fatalf("seller, everyone: %+v", out)
	}
	e.mustData(analyst, connectorsQuery, map[string]any{"org": w.org, "first": 0}, &out)
	if len(out.Connectors) != 0 {
		t.Fatalf("first 0: %+v", out)
	}
	e.mustData(analyst, connectorsQuery, map[string]any{"first": 1000}, &out)
	if len(out.Connectors) != 100 { // the test database holds at least this test's 50 people and more
		t.Logf("first 1000 gave %d scores", len(out.Connectors))
	}
	if len(out.Connectors) > 100 {
		t.Fatalf("first 1000 gave %d scores, want at most 100", len(out.Connectors))
	}
}

const ecoQuery = `query($mt: Float, $first: Int) { ecosystemMatches(minTrust: $mt, first: $first) { ours { id } external { id } gain } }`

func sortedKeys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func sameFloatPtr(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return math.Abs(*a-*b) <= 1e-12
}

func ptrString(p *float64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

// TestStructureAndMaturityOverHTTP seeds a small designed ecosystem straight into Neo4j and
// checks team boundaries, silos, bridges and the maturity stages, with the reasons, through
// the real handler.
//
//	team A (a0..a3): complete, trust 0.8, every survey answer returned; a0 trusted at the
//	    partner and the client (an external connector), a1 at the client; a2 - b0.
//	team B (b0..b3): b0-b1 and b2-b3 at trust 0.3, no survey: PISTOL.
//	team S (s0..s3): complete, trust 0.9, one tie out (s0 - a3): a knowledge silo.
func TestStructureAndMaturityOverHTTP(t *testing.T) {
	e := newAnalyticsEnv(t)
	p := e.p
	id := func(s string) string { return p + s }
	e.cypher(`UNWIND $orgs AS o MERGE (x:Organization {id: o[0]}) SET x.name = o[0], x.kind = o[1]`,
		map[string]any{"orgs": [][]any{{id("ours"), "OURS"}, {id("partner"), "PARTNER"}, {id("client"), "CLIENT"}}})
	var rows []map[string]any
	add := func(person, org, team string) {
		teams := []string{}
		if team != "" {
			teams = append(teams, id(team))
		}
		rows = append(rows, map[string]any{"id": id(person), "org": id(org), "teams": teams})
	}
	for i := range 4 {
		add(fmt.Sprintf("a%d", i), "ours", "A")
		add(fmt.Sprintf("b%d", i), "ours", "B")
		add(fmt.Sprintf("s%d", i), "ours", "S")
	}
	add("p0", "partner", "")
	add("c0", "client", "")
	add("c1", "client", "")
	e.cypher(`MATCH (o:Organization {id: $org})
		UNWIND $teams AS tid MERGE (t:Team {id: tid}) SET t.name = tid MERGE (t)-[:PART_OF]->(o)`,
		map[string]any{"org": id("ours"), "teams": []string{id("A"), id("B"), id("S")}})
	e.cypher(`UNWIND $rows AS row
		MATCH (o:Organization {id: row.org})
		CREATE (p:Person {id: row.id, name: row.id, nameKey: row.id, roles: []})-[:WORKS_AT]->(o)
		WITH p, row UNWIND row.teams AS tid MATCH (t:Team {id: tid}) CREATE (p)-[:MEMBER_OF]->(t)`, map[string]any{"rows": rows})
	var ties []map[string]any
	tie := func(a, b string, trust float64) {
		ties = append(ties, map[string]any{"a": id(a), "b": id(b), "trust": trust})
	}
	var answers []map[string]any
	for i := range 4 {
		for j := i + 1; j < 4; j++ {
			tie(fmt.Sprintf("a%d", i), fmt.Sprintf("a%d", j), 0.8)
			tie(fmt.Sprintf("s%d", i), fmt.Sprintf("s%d", j), 0.9)
			answers = append(answers, map[string]any{"r": id(fmt.Sprintf("a%d", i)), "a": id(fmt.Sprintf("a%d", j))},
				map[string]any{"r": id(fmt.Sprintf("a%d", j)), "a": id(fmt.Sprintf("a%d", i))})
		}
	}
	tie("b0", "b1", 0.3)
	tie("b2", "b3", 0.3)
	tie("a0", "p0", 0.9)
	tie("a0", "c0", 0.9)
	tie("a1", "c0", 0.6)
	tie("c0", "c1", 0.7)
	tie("a2", "b0", 0.7)
	tie("s0", "a3", 0.5)
	e.cypher(`UNWIND $ties AS row MATCH (a:Person {id: row.a}), (b:Person {id: row.b})
		CREATE (a)-[:TIE {trust: row.trust, source: 'test'}]->(b)`, map[string]any{"ties": ties})
	e.cypher(`UNWIND $answers AS row MATCH (r:Person {id: row.r}), (a:Person {id: row.a})
		MERGE (r)-[x:ANSWERED {question: 'trust'}]->(a) SET x.score = 4, x.answeredAt = datetime()`, map[string]any{"answers": answers})
	e.refresh()
	analyst := e.token(ecograph.CallerAnalyst, "")

	var tb struct {
		TeamBoundaries []struct {
			Team                                struct{ ID string }
			Members, InternalTies, ExternalTies int
			CrossTeamTies                       int
			EiIndex, ExternalShare              *float64
			Silo                                bool
		}
	}
	e.mustData(analyst, `query($org: ID!) { teamBoundaries(organization: $org) {
		team { id } members internalTies externalTies crossTeamTies eiIndex externalShare silo } }`, map[string]any{"org": id("ours")}, &tb)
	type bnd struct {
		team               string
		members, in, ex, x int
		ei                 float64
		silo               bool
	}
	want := []bnd{{"A", 4, 6, 5, 2, -1.0 / 11, false}, {"B", 4, 2, 1, 1, -1.0 / 3, false}, {"S", 4, 6, 1, 1, -5.0 / 7, true}}
	if len(tb.TeamBoundaries) != 3 {
		t.Fatalf("team boundaries: %+v", tb)
	}
	for i, w := range want {
		g := tb.TeamBoundaries[i]
		if g.Team.ID != id(w.team) || g.Members != w.members || g.InternalTies != w.in || g.ExternalTies != w.ex ||
			g.CrossTeamTies != w.x || g.EiIndex == nil || math.Abs(*g.EiIndex-w.ei) > 1e-12 || g.Silo != w.silo {
			t.Fatalf("team %s: %+v, want %+v", w.team, g, w)
		}
	}
	var silos struct {
		KnowledgeSilos []struct{ Team struct{ ID string } }
	}
	e.mustData(analyst, `query($org: ID) { knowledgeSilos(organization: $org) { team { id } } }`, map[string]any{"org": id("ours")}, &silos)
	if len(silos.KnowledgeSilos) != 1 || silos.KnowledgeSilos[0].Team.ID != id("S") {
		t.Fatalf("silos: %+v", silos)
	}

	var br struct {
		Bridges []struct {
			Between                 []struct{ ID string }
			SmallerSide, LargerSide int
		}
	}
	e.mustData(analyst, `query($org: ID) { bridges(organization: $org) { between { id } smallerSide largerSide } }`, map[string]any{"org": id("ours")}, &br)
	got := fmt.Sprint(br.Bridges)
	if wantB := fmt.Sprintf("[{[{%s} {%s}] 4 6} {[{%s} {%s}] 2 8}]", id("a3"), id("s0"), id("a2"), id("b0")); got != wantB {
		t.Fatalf("bridges: %s, want %s", got, wantB)
	}

	const maturityQuery = `query($team: ID!) { teamMaturity(team: $team) { stage checks { name stage value threshold atMost passed reason } nextSteps } }`
	type maturityOut struct {
		Stage  string
		Checks []struct {
			Name, Stage, Reason string
			Value               *float64
			Threshold           float64
			AtMost, Passed      bool
		}
		NextSteps []string
	}
	var tm struct{ TeamMaturity maturityOut }
	e.mustData(analyst, maturityQuery, map[string]any{"team": id("A")}, &tm)
	if tm.TeamMaturity.Stage != "ECOSYSTEM_READY" || len(tm.TeamMaturity.NextSteps) != 0 || len(tm.TeamMaturity.Checks) != 7 {
		t.Fatalf("team A: %+v", tm.TeamMaturity)
	}
	e.mustData(analyst, maturityQuery, map[string]any{"team": id("B")}, &tm)
	var failed []string
	for _, c := range tm.TeamMaturity.Checks {
		if !c.Passed {
			failed = append(failed, c.Name)
		}
	}
	if tm.TeamMaturity.Stage != "PISTOL" || fmt.Sprint(failed) != "[averageTrust reciprocity externalReach externalConnectors]" ||
		len(tm.TeamMaturity.NextSteps) != 2 {
		t.Fatalf("team B: failed %v, %+v", failed, tm.TeamMaturity)
	}
	e.mustData(analyst, maturityQuery, map[string]any{"team": id("S")}, &tm)
	if tm.TeamMaturity.Stage != "PISTOL" {
		t.Fatalf("team S (a silo, no survey): %+v", tm.TeamMaturity)
	}
	var om struct{ OrganizationMaturity maturityOut }
	e.mustData(analyst, `query($org: ID!) { organizationMaturity(organization: $org) { stage checks { name passed value reason } nextSteps } }`,
		map[string]any{"org": id("ours")}, &om)
	if om.OrganizationMaturity.Stage != "PISTOL" || om.OrganizationMaturity.Checks[0].Name != "collaborativeTeams" ||
		om.OrganizationMaturity.Checks[0].Passed || *om.OrganizationMaturity.Checks[0].Value != 1.0/3 {
		t.Fatalf("organisation: %+v", om.OrganizationMaturity)
	}

	var brokers struct {
		Brokers []struct {
			Person struct{ ID string }
			Pairs  int
		}
	}
	e.mustData(analyst, `{ brokers(between: OURS, and: CLIENT, first: 100) { person { id } pairs } }`, nil, &brokers)
	for _, b := range brokers.Brokers {
		if b.Pairs <= 0 {
			t.Fatalf("a broker of no pair: %+v", b)
		}
	}

	// A partner: its own organisation only; brokers are computed over everyone: no.
	partner := e.token(ecograph.CallerPartner, id("partner"))
	for name, q := range map[string]struct {
		query string
		vars  map[string]any
		code  string
	}{
		"boundaries of ours": {`query($org: ID!) { teamBoundaries(organization: $org) { silo } }`, map[string]any{"org": id("ours")}, "NOT_FOUND"},
		"silos everywhere":   {`{ knowledgeSilos { silo } }`, nil, "FORBIDDEN"},
		"brokers":            {`{ brokers(between: OURS, and: CLIENT) { pairs } }`, nil, "FORBIDDEN"},
		"bridges everywhere": {`{ bridges { smallerSide } }`, nil, "FORBIDDEN"},
		"our team":           {`query($t: ID!) { teamMaturity(team: $t) { stage } }`, map[string]any{"t": id("A")}, "NOT_FOUND"},
		"our organisation":   {`query($org: ID!) { organizationMaturity(organization: $org) { stage } }`, map[string]any{"org": id("ours")}, "NOT_FOUND"},
		"minSide 0":          {`{ bridges(minSide: 0) { smallerSide } }`, nil, "BAD_USER_INPUT"},
	} {
		tok := partner
		if name == "minSide 0" {
			tok = analyst
		}
		if r := e.do(tok, q.query, q.vars); r.code() != q.code {
			t.Fatalf("%s: want %s, got %+v", name, q.code, r.Errors)
		}
	}
	e.mustData(partner, `query($org: ID!) { organizationMaturity(organization: $org) { stage } }`, map[string]any{"org": id("partner")}, &om)
	if om.OrganizationMaturity.Stage != "PISTOL" {
		t.Fatalf("the partner's own organisation: %+v", om)
	}
}

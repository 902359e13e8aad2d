package server_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/demo"
	"github.com/ecograph/ecograph/internal/ona/nxcheck"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
)

// demoOnly streams the route graph of the demo's organisations only, as `make run`'s
// database holds it: other tests share the test database.
type demoOnly struct {
	source
	orgs map[string]bool
}

type demoSink struct {
	projection.Sink
	orgs map[string]bool
}

func (s demoSink) AddPerson(id, name, title, orgID string, roles, teamIDs []string) {
	if s.orgs[orgID] {
		s.Sink.AddPerson(id, name, title, orgID, roles, teamIDs)
	}
}

func (s demoSink) AddOrganization(o ecograph.Organization) {
	if s.orgs[o.ID] {
		s.Sink.AddOrganization(o)
	}
}

func (d demoOnly) StreamRouteGraph(ctx context.Context, sink projection.Sink) (string, error) {
	return d.source.StreamRouteGraph(ctx, demoSink{sink, d.orgs})
}

func (d demoOnly) StreamRouteDelta(ctx context.Context, ids []string, sink projection.Sink) (string, error) {
	return d.source.StreamRouteDelta(ctx, ids, demoSink{sink, d.orgs})
}

func demoCSV(t *testing.T, name string) [][]string {
	f, err := demo.FS().Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// TestDemoAnalytics computes the analytics of the demo ecosystem through the real handler
// (every team's cohesion and stage, the top connectors, brokers between our organisation and
// clients, the organisations' stages), checks the whole ecosystem's betweenness against
// NetworkX, and logs the tables docs/analytics.md shows (go test -v -run TestDemoAnalytics).
func TestDemoAnalytics(t *testing.T) {
	store := testdb.Demo(t)
	orgs := map[string]bool{}
	for _, r := range demoCSV(t, "organizations.csv") {
		orgs[r[0]] = true
	}
	v, err := auth.NewVerifier(authCfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	finder := projection.New(demoOnly{source{store}, orgs}, projection.Config{}, log)
	if _, err := finder.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	a := projection.NewAnalytics(finder, store, projection.AnalyticsConfig{}, log)
	srv := httptest.NewServer(server.New(server.DefaultConfig(), server.Deps{
		Resolver: &resolvers.Resolver{Store: store, Routes: finder, Analytics: a}, Verifier: v, DB: store, Log: log}))
	t.Cleanup(srv.Close)
	e := &env{t: t, srv: srv, store: store, finder: finder}
	analyst := e.token(ecograph.CallerAnalyst, "")
	var report strings.Builder

	stages := map[string]string{} // team name -> stage, for the README's table
	shown := map[string]string{}  // team name -> "density avgTrust isolates"
	fmt.Fprintf(&report, "\n| team | members | density | avg trust | reciprocity | isolates | E-I | stage |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range demoCSV(t, "teams.csv") {
		var out struct {
			TeamCohesion cohesionOut2
			TeamMaturity struct{ Stage string }
			Team         struct{ Name string }
		}
		e.mustData(analyst, `query($t: ID!) { team(id: $t) { name } teamCohesion(team: $t) { density averageTrust reciprocity isolates { id } members }
			teamMaturity(team: $t) { stage } }`, map[string]any{"t": r[0]}, &out)
		c := out.TeamCohesion
		var bs struct {
			TeamBoundaries []struct {
				Team    struct{ ID string }
				EiIndex *float64
			}
		}
		e.mustData(analyst, `query($o: ID!) { teamBoundaries(organization: $o) { team { id } eiIndex } }`, map[string]any{"o": r[2]}, &bs)
		ei := "-"
		for _, b := range bs.TeamBoundaries {
			if b.Team.ID == r[0] && b.EiIndex != nil {
				ei = fmt.Sprintf("%.2f", *b.EiIndex)
			}
		}
		rec := "-"
		if c.Reciprocity != nil {
			rec = fmt.Sprintf("%.2f", *c.Reciprocity)
		}
		fmt.Fprintf(&report, "| %s | %d | %.2f | %.2f | %s | %d | %s | %s |\n", out.Team.Name, c.Members, c.Density, c.AverageTrust, rec,
			len(c.Isolates), ei, out.TeamMaturity.Stage)
		stages[out.Team.Name] = out.TeamMaturity.Stage
		shown[out.Team.Name] = fmt.Sprintf("%.2f %.2f %d", c.Density, c.AverageTrust, len(c.Isolates))
		if out.TeamMaturity.Stage == "" || c.Members == 0 {
			t.Fatalf("team %s: %+v", r[0], out)
		}
	}

	fmt.Fprintf(&report, "\n| organisation | stage | next step |\n|---|---|---|\n")
	for _, r := range demoCSV(t, "organizations.csv") {
		var om struct {
			OrganizationMaturity struct {
				Stage     string
				NextSteps []string
			}
		}
		e.mustData(analyst, `query($o: ID!) { organizationMaturity(organization: $o) { stage nextSteps } }`, map[string]any{"o": r[0]}, &om)
		step := "-"
		if len(om.OrganizationMaturity.NextSteps) > 0 {
			step = om.OrganizationMaturity.NextSteps[0]
		}
		fmt.Fprintf(&report, "| %s | %s | %s |\n", r[1], om.OrganizationMaturity.Stage, step)
	}

	var top struct {
		Connectors []struct {
			Person struct {
				ID, Name     string
				Organization struct{ Name string }
			}
			Betweenness float64
		}
	}
	e.mustData(analyst, `{ connectors(first: 100) { person { id name organization { name } } betweenness } }`, nil, &top)
	fmt.Fprintf(&report, "\n| connector | organisation | betweenness |\n|---|---|---|\n")
	for _, c := range top.Connectors[:min(8, len(top.Connectors))] {
		fmt.Fprintf(&report, "| %s | %s | %.4f |\n", c.Person.Name, c.Person.Organization.Name, c.Betweenness)
	}
	var brokers struct {
		Brokers []struct {
			Person struct {
				Name         string
				Organization struct{ Name string }
			}
			Pairs int
		}
	}
	e.mustData(analyst, `{ brokers(between: OURS, and: CLIENT, first: 5) { person { name organization { name } } pairs } }`, nil, &brokers)
	fmt.Fprintf(&report, "\n| broker OURS-CLIENT | organisation | pairs |\n|---|---|---|\n")
	for _, b := range brokers.Brokers {
		fmt.Fprintf(&report, "| %s | %s | %d |\n", b.Person.Name, b.Person.Organization.Name, b.Pairs)
	}
	// Ecosystem matches at the default threshold (0.5) and at 0.7, each checked with the
	// route search: no route of trust >= minTrust on every hop reaches a gained decision maker from the
	// match's person of ours today, and the match's routeTrust is that of the most trusted
	// route from ours to external.
	matchRows := map[float64][]string{}
	for _, mt := range []float64{0.5, 0.7} {
		var eco struct {
			EcosystemMatches []struct {
				Ours, External struct {
					ID, Name     string
					Organization struct{ Name, Kind string }
				}
				Gain           int
				Reached        int
				RouteTrust     float64
				DecisionMakers []struct {
					ID, Name     string
					Roles        []string
					Organization struct{ Name, Kind string }
				}
			}
		}
		e.mustData(analyst, `query($mt: Float) { ecosystemMatches(minTrust: $mt, first: 5) { ours { id name organization { name kind } } external { id name organization { name kind } }
			gain reached routeTrust decisionMakers { id name roles organization { name kind } } } }`, map[string]any{"mt": mt}, &eco)
		if len(eco.EcosystemMatches) == 0 {
			t.Fatalf("the demo has no ecosystem matches at %v", mt)
		}
		fmt.Fprintf(&report, "\nminTrust %v:\n\n| ours | external | gain | decision makers added | people added | route today |\n|---|---|---|---|---|---|\n", mt)
		for i, m := range eco.EcosystemMatches {
			if m.Ours.Organization.Kind != "OURS" || m.External.Organization.Kind == "OURS" || m.Gain != len(m.DecisionMakers) || m.Gain == 0 || m.Reached < 1 {
				t.Fatalf("match %d: %+v", i, m)
			}
			if i > 0 && eco.EcosystemMatches[i-1].Gain < m.Gain {
				t.Fatalf("matches %d and %d out of order", i-1, i)
			}
			var names []string
			for _, d := range m.DecisionMakers {
				if d.Organization.Kind != "CLIENT" || !slices.Contains(d.Roles, "DECISION_MAKER") {
					t.Fatalf("match %d: %+v is no client decision maker", i, d)
				}
				var rt struct{ TrustedRoute *struct{ Trust float64 } }
				e.mustData(analyst, `query($f: ID!, $t: ID!, $mt: Float) { trustedRoute(from: $f, to: $t, options: {minTrust: $mt, maxHops: 10}) { trust } }`,
					map[string]any{"f": m.Ours.ID, "t": d.ID, "mt": mt}, &rt)
				if rt.TrustedRoute != nil {
					t.Fatalf("match %d at %v: %s already reaches %s: %+v", i, mt, m.Ours.ID, d.ID, rt.TrustedRoute)
				}
				names = append(names, fmt.Sprintf("%s (%s)", d.Name, d.Organization.Name))
			}
			var rt struct{ TrustedRoute *struct{ Trust float64 } }
			e.mustData(analyst, `query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t, options: {maxHops: 10}) { trust } }`,
				map[string]any{"f": m.Ours.ID, "t": m.External.ID}, &rt)
			if got := 0.0; rt.TrustedRoute != nil {
				got = rt.TrustedRoute.Trust
				if math.Abs(got-m.RouteTrust) > 1e-9 {
					t.Fatalf("match %d: routeTrust %v, the most trusted route %v", i, m.RouteTrust, got)
				}
			} else if m.RouteTrust != 0 {
				t.Fatalf("match %d: routeTrust %v without a route", i, m.RouteTrust)
			}
			var dmNames []string
			for _, d := range m.DecisionMakers {
				dmNames = append(dmNames, d.Name)
			}
			matchRows[mt] = append(matchRows[mt], fmt.Sprintf("%s-%s: %s, %d people, %.3f", m.Ours.Name, m.External.Name, strings.Join(dmNames, ", "), m.Reached, m.RouteTrust))
			fmt.Fprintf(&report, "| %s (%s) | %s (%s) | %d | %s | %d | %.3f |\n", m.Ours.Name, m.Ours.Organization.Name, m.External.Name,
				m.External.Organization.Name, m.Gain, strings.Join(names, ", "), m.Reached, m.RouteTrust)
		}
	}

	// What the README shows.
	for team, want := range map[string]string{
		"Hospital Sales North": "COLLABORATIVE 0.78 0.73 0", "Hospital Sales South": "PISTOL 0.17 0.53 1", "Key Accounts": "PISTOL 1.00 0.89 0",
		"Medical Affairs": "COLLABORATIVE 0.90 0.78 0", "Marketing": "PISTOL 0.50 0.68 0", "Market Access": "PISTOL 0.67 0.72 0",
	} {
		if got := stages[team] + " " + shown[team]; got != want {
			t.Errorf("README: %s is %q, the README says %q", team, got, want)
		}
	}
	var names []string
	for _, c := range top.Connectors[:5] {
		names = append(names, fmt.Sprintf("%s %.3f", c.Person.Name, c.Betweenness))
	}
	if got, want := strings.Join(names, ", "), "Sebastian Jäggi 0.087, Markus Weber 0.065, Mirjam Lüthi 0.062, Beatrice Favre 0.047, Hannah Wagner 0.045"; got != want {
		t.Errorf("README: top connectors %q, the README says %q", got, want)
	}
	if got, want := strings.Join(matchRows[0.5], "; "), "Sebastian Jäggi-Erik Feller: Luca Ferrari, 4 people, 0.457; Sara Lehmann-Chloé Gisler: Philipp Marti, 6 people, 0.360"; got != want {
		t.Errorf("README: matches at 0.5 %q, the README says %q", got, want)
	}
	if got, want := matchRows[0.7][0], "Beatrice Favre-Hannah Wagner: Hannah Wagner, 2 people, 0.600"; got != want {
		t.Errorf("README: best match at 0.7 %q, the README says %q", got, want)
	}

	// Served latency through the handler, the scores cached (logged, not asserted: a shared
	// machine's timings are no test).
	lat := func(query string, vars map[string]any) (p50, p99 time.Duration) {
		var d []time.Duration
		for range 200 {
			start := time.Now()
			e.mustData(analyst, query, vars, &struct{}{})
			d = append(d, time.Since(start))
		}
		slices.Sort(d)
		return d[len(d)/2], d[len(d)*99/100]
	}
	c50, c99 := lat(`{ connectors { person { id name } betweenness } }`, nil)
	h50, h99 := lat(`query($t: ID!) { teamCohesion(team: $t) { density averageTrust reciprocity isolates { id } } }`, map[string]any{"t": "team-hs-north"})
	fmt.Fprintf(&report, "\nserved over HTTP, 200 requests each: connectors (top 10, cached) p50 %s p99 %s; teamCohesion p50 %s p99 %s\n",
		c50.Round(10*time.Microsecond), c99.Round(10*time.Microsecond), h50.Round(10*time.Microsecond), h99.Round(10*time.Microsecond))
	t.Log(report.String())

	// The whole demo's betweenness against NetworkX, from the ties the projection holds.
	s := finder.Current()
	g := s.Graph
	ids := make([]string, g.NumPeople())
	for i := range ids {
		ids[i] = g.ID(int32(i))
	}
	var edges [][2]int32
	g.ForEachTie(func(x, y int32, _ float64, _ string) { edges = append(edges, [2]int32{x, y}) })
	var nx []struct{ Values []float64 }
	nxcheck.Run(t, []map[string]any{{"kind": "betweenness", "n": len(ids), "edges": edges}}, &nx)
	if len(top.Connectors) != 100 {
		t.Fatalf("the demo's top 100 connectors: %d", len(top.Connectors))
	}
	for i, c := range top.Connectors {
		want := nx[0].Values[slices.Index(ids, c.Person.ID)]
		if math.Abs(c.Betweenness-want) > 1e-9 {
			t.Fatalf("connector %d %s: %v, NetworkX %v", i, c.Person.ID, c.Betweenness, want)
		}
	}
}

type cohesionOut2 struct {
	Density, AverageTrust float64
	Reciprocity           *float64
	Isolates              []struct{ ID string }
	Members               int
}

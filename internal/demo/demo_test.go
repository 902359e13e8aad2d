package demo_test

import (
	"context"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/demo"
	"github.com/ecograph/ecograph/internal/importer"
)

// memSink keeps what the importer writes.
type memSink struct {
	orgs   map[string]ecograph.Organization
	teams  map[string]ecograph.Team
	people map[string]ecograph.Person
	ties   []ecograph.Tie

	answers      []ecograph.SurveyAnswer
	interactions []ecograph.Interaction
}

func (s *memSink) ExistingIDs(context.Context, importer.Kind, []string) (map[string]bool, error) {
	return map[string]bool{}, nil // the database is empty: everything must come from the demo
}
func (s *memSink) UpsertOrganizations(_ context.Context, v []ecograph.Organization) error {
	for _, o := range v {
		s.orgs[o.ID] = o
	}
	return nil
}
func (s *memSink) UpsertTeams(_ context.Context, v []ecograph.Team) error {
	for _, t := range v {
		s.teams[t.ID] = t
	}
	return nil
}
func (s *memSink) UpsertPeople(_ context.Context, v []ecograph.Person) error {
	for _, p := range v {
		s.people[p.ID] = p
	}
	return nil
}
func (s *memSink) UpsertTies(_ context.Context, v []ecograph.Tie) error {
	s.ties = append(s.ties, v...)
	return nil
}
func (s *memSink) UpsertSurveyAnswers(_ context.Context, v []ecograph.SurveyAnswer) error {
	s.answers = append(s.answers, v...)
	return nil
}
func (s *memSink) UpsertInteractions(_ context.Context, v []ecograph.Interaction) ([]ecograph.Pair, error) {
	s.interactions = append(s.interactions, v...)
	return nil, nil
}
func (s *memSink) RetrustPairs(context.Context, []ecograph.Pair, io.Writer) error { return nil }

// graph is the demo as an undirected weighted graph.
type graph struct {
	orgs   map[string]ecograph.Organization
	people map[string]ecograph.Person
	adj    map[string]map[string]float64
}

func loadDemo(t *testing.T) (*memSink, *graph) {
	t.Helper()
	sink := &memSink{orgs: map[string]ecograph.Organization{}, teams: map[string]ecograph.Team{},
		people: map[string]ecograph.Person{}}
	sum, err := importer.ImportFS(context.Background(), demo.FS(), sink, importer.Options{})
	if err != nil {
		var b strings.Builder
		sum.Write(&b)
		t.Fatalf("importing the demo: %v\n%s", err, b.String())
	}
	if n := sum.Rejected(); n != 0 {
		t.Fatalf("%d rows rejected", n)
	}
	g := &graph{orgs: sink.orgs, people: sink.people, adj: map[string]map[string]float64{}}
	for _, tie := range sink.ties {
		for _, e := range [][2]string{{tie.PersonA, tie.PersonB}, {tie.PersonB, tie.PersonA}} {
			if g.adj[e[0]] == nil {
				g.adj[e[0]] = map[string]float64{}
			}
			g.adj[e[0]][e[1]] = tie.Trust
		}
	}
	return sink, g
}

type route struct {
	people []string
	trust  float64
}

func (r route) String() string {
	return fmt.Sprintf("%s (%.4f)", strings.Join(r.people, " > "), r.trust)
}

// better reports whether a beats b under the objective, as the contract defines it.
func better(a, b route, objective ecograph.RouteObjective) bool {
	if b.people == nil {
		return true
	}
	la, lb := len(a.people), len(b.people)
	if objective == ecograph.FewestHops {
		return la < lb || la == lb && a.trust > b.trust
	}
	if math.Abs(a.trust-b.trust) <= 1e-9*math.Max(a.trust, b.trust) {
		return la < lb
	}
	return a.trust > b.trust
}

// bestRoute searches every simple path of up to maxHops ties from one person to another
// (ties with trust > 0; no BLOCKER in between when avoidBlockers) and returns the best.
func (g *graph) bestRoute(from, to string, objective ecograph.RouteObjective, avoidBlockers bool, maxHops int) route {
	var best route
	path := []string{from}
	on := map[string]bool{from: true}
	var walk func(at string, trust float64)
	walk = func(at string, trust float64) {
		for next, w := range g.adj[at] {
			if w <= 0 || on[next] {
				continue
			}
			if next == to {
				r := route{append(slices.Clone(path), to), trust * w}
				if better(r, best, objective) {
					best = r
				}
				continue
			}
			p := g.people[next]
			if len(path) == maxHops || avoidBlockers && p.HasRole(ecograph.RoleBlocker) {
				continue
			}
			path = append(path, next)
			on[next] = true
			walk(next, trust*w)
			on[next] = false
			path = path[:len(path)-1]
		}
	}
	walk(from, 1)
	return best
}

func TestDemoImportsCleanly(t *testing.T) {
	sink, _ := loadDemo(t)
	if n := len(sink.people); n < 150 || n > 300 {
		t.Errorf("%d people, want 150 to 300", n)
	}
	kinds := map[ecograph.OrgKind]int{}
	for _, o := range sink.orgs {
		kinds[o.Kind]++
	}
	if kinds[ecograph.OrgOurs] != 1 || kinds[ecograph.OrgPartner] < 2 || kinds[ecograph.OrgClient] < 4 {
		t.Errorf("organisations by kind = %v, want 1 OURS, 2+ PARTNER, 4+ CLIENT", kinds)
	}
	for _, o := range sink.orgs {
		if o.Kind != ecograph.OrgClient {
			continue
		}
		dm, blockers := 0, 0
		for _, p := range sink.people {
			if p.OrganizationID == o.ID && p.HasRole(ecograph.RoleDecisionMaker) {
				dm++
			}
			if p.OrganizationID == o.ID && p.HasRole(ecograph.RoleBlocker) {
				blockers++
			}
		}
		if dm < 1 || dm > 3 || blockers < 1 || blockers > 2 {
			t.Errorf("%s has %d decision makers and %d blockers, want 1-3 and 1-2", o.ID, dm, blockers)
		}
	}
	for _, p := range sink.people {
		for _, team := range p.TeamIDs {
			if sink.teams[team].OrganizationID != p.OrganizationID {
				t.Errorf("%s works at %s but is in team %s of %s", p.ID, p.OrganizationID, team, sink.teams[team].OrganizationID)
			}
		}
	}
}

// TestDemoStories checks the routes STORIES.md tells against a brute-force search.
func TestDemoStories(t *testing.T) {
	_, g := loadDemo(t)
	checkStories(t, g)
}

// TestDemoStoriesHoldWhateverTheEvidence gives every pair with demo evidence (survey answers,
// interactions) a very low and then a very high trust, a tie where there was none, and checks
// that every story still holds: the trust model moves those ties as the days pass, and the
// stories must not depend on the date.
func TestDemoStoriesHoldWhateverTheEvidence(t *testing.T) {
	sink, g := loadDemo(t)
	if len(sink.answers) < 50 || len(sink.interactions) < 50 {
		t.Fatalf("the demo has %d survey answers and %d interactions, want 50+ of each", len(sink.answers), len(sink.interactions))
	}
	var pairs [][2]string
	for _, a := range sink.answers {
		pairs = append(pairs, [2]string{a.Respondent, a.Alter})
	}
	for _, in := range sink.interactions {
		for i := range in.Participants {
			for j := i + 1; j < len(in.Participants); j++ {
				pairs = append(pairs, [2]string{in.Participants[i], in.Participants[j]})
			}
		}
	}
	for _, trust := range []float64{0.01, 0.99} {
		t.Run(fmt.Sprint("evidence trust ", trust), func(t *testing.T) {
			h := &graph{orgs: g.orgs, people: g.people, adj: map[string]map[string]float64{}}
			for p, m := range g.adj {
				h.adj[p] = maps.Clone(m)
			}
			for _, pr := range pairs {
				for _, e := range [][2]string{pr, {pr[1], pr[0]}} {
					if h.adj[e[0]] == nil {
						h.adj[e[0]] = map[string]float64{}
					}
					h.adj[e[0]][e[1]] = trust
				}
			}
			checkStories(t, h)
		})
	}
}

func checkStories(t *testing.T, g *graph) {
	tests := []struct {
		name          string
		from, to      string
		objective     ecograph.RouteObjective
		avoidBlockers bool
		want          []string
		trust         float64
	}{
		{"1: around the blocker to the Head of Cardiology", "p-anna-keller", "p-thomas-brenner", ecograph.MostTrusted, true,
			[]string{"p-anna-keller", "p-lukas-meier", "p-sofia-rossi", "p-thomas-brenner"}, 0.9 * 0.85 * 0.8},
		{"1: through the blocker when allowed", "p-anna-keller", "p-thomas-brenner", ecograph.MostTrusted, false,
			[]string{"p-anna-keller", "p-claudia-vogt", "p-thomas-brenner"}, 0.8 * 0.95},
		{"2: fewest hops to Alpine's CMO is weak", "p-jonas-frei", "p-elena-marchetti", ecograph.FewestHops, true,
			[]string{"p-jonas-frei", "p-marco-colombo", "p-elena-marchetti"}, 0.3 * 0.5},
		{"2: the most trusted route to Alpine's CMO is longer", "p-jonas-frei", "p-elena-marchetti", ecograph.MostTrusted, true,
			[]string{"p-jonas-frei", "p-patrick-roth", "p-daniel-brunner", "p-giulia-conti", "p-elena-marchetti"}, 0.9 * 0.85 * 0.8 * 0.9},
		{"3: the distributor's rep opens the payer's door", "p-sara-lehmann", "p-martin-huber", ecograph.MostTrusted, true,
			[]string{"p-sara-lehmann", "p-nina-baumann", "p-martin-huber"}, 0.85 * 0.9},
		{"3: the payer's other decision maker is far", "p-sara-lehmann", "p-philipp-marti", ecograph.MostTrusted, true,
			[]string{"p-sara-lehmann", "p-nina-baumann", "p-rafael-raeber", "p-julien-tschanz", "p-philipp-marti"}, 0.85 * 0.81 * 0.74 * 0.46},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := g.bestRoute(tt.from, tt.to, tt.objective, tt.avoidBlockers, ecograph.DefaultMaxHops)
			if !slices.Equal(got.people, tt.want) || math.Abs(got.trust-tt.trust) > 1e-9 {
				t.Errorf("best route = %v, want %s (%.4f)", got, strings.Join(tt.want, " > "), tt.trust)
			}
		})
	}

	t.Run("3: Nina is the most trusted introducer to Huber", func(t *testing.T) {
		best, bestTrust := "", 0.0
		for p, w := range g.adj["p-martin-huber"] {
			kind := g.orgs[g.people[p].OrganizationID].Kind
			if (kind == ecograph.OrgOurs || kind == ecograph.OrgPartner) && w > bestTrust {
				best, bestTrust = p, w
			}
		}
		if best != "p-nina-baumann" || bestTrust != 0.9 {
			t.Errorf("top introducer = %s (%.2f), want p-nina-baumann (0.90)", best, bestTrust)
		}
	})
	t.Run("4: Hospital Sales South has an isolate, Key Accounts is complete", func(t *testing.T) {
		south := members(g, "team-hs-south")
		for _, p := range south {
			if _, ok := g.adj["p-tim-schneider"][p]; ok {
				t.Errorf("p-tim-schneider is tied to teammate %s", p)
			}
		}
		if d, avg := cohesion(g, "team-key-accounts"); d != 1 || math.Abs(avg-0.886) > 1e-9 {
			t.Errorf("Key Accounts density %.3f, average trust %.4f; want 1 and 0.886", d, avg)
		}
		if d, avg := cohesion(g, "team-hs-south"); math.Abs(d-6.0/36) > 1e-9 || math.Abs(avg-0.53) > 1e-9 {
			t.Errorf("Hospital Sales South density %.3f, average trust %.4f; want 6/36 and 0.53", d, avg)
		}
	})
}

func members(g *graph, team string) []string {
	var ids []string
	for id, p := range g.people {
		if slices.Contains(p.TeamIDs, team) {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}

// cohesion returns a team's density and the average trust of its ties.
func cohesion(g *graph, team string) (density, avgTrust float64) {
	ids := members(g, team)
	n, ties, sum := len(ids), 0, 0.0
	for i := range ids {
		for j := i + 1; j < n; j++ {
			if w, ok := g.adj[ids[i]][ids[j]]; ok {
				ties++
				sum += w
			}
		}
	}
	if ties > 0 {
		avgTrust = sum / float64(ties)
	}
	return float64(ties) / float64(n*(n-1)/2), avgTrust
}

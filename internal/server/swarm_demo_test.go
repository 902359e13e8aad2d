package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

var updateSwarmDemo = flag.Bool("update-swarm-demo", false, "rewrite testdata/swarm_demo.golden")

// TestSwarmOnTheDemo runs the swarm's read queries on the demo ecosystem (St. Mary's, the
// hospital of the demo's stories) through the real handler, as a seller, and compares a
// readable report with testdata/swarm_demo.golden, which docs/swarm.md walks through.
// Run with -update-swarm-demo to rewrite it.
func TestSwarmOnTheDemo(t *testing.T) {
	store := testdb.Demo(t)
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{})
	if _, err := e.finder.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	seller := e.token(ecograph.CallerSeller, "")
	var b bytes.Buffer
	name := func(raw json.RawMessage) string {
		var p struct {
			Name, Title  string
			Organization struct{ Name string }
		}
		_ = json.Unmarshal(raw, &p)
		return fmt.Sprintf("%s (%s, %s)", p.Name, p.Title, p.Organization.Name)
	}
	person := `{ name title organization { name } }`

	var plan struct {
		SwarmPlan struct {
			PeopleByRole []struct {
				Role   string
				People []json.RawMessage
			}
			Coverage []struct {
				Person    json.RawMessage
				CoveredBy []struct {
					Person json.RawMessage
					Trust  *float64
				}
			}
			Gaps, Uncovered []json.RawMessage
			Blockers        []struct {
				Blocker     json.RawMessage
				Guards      []json.RawMessage
				TrustedOurs []struct {
					Person json.RawMessage
					Trust  *float64
				}
			}
			Connectors []struct {
				Connector      json.RawMessage
				DecisionMakers []json.RawMessage
				Ours           []struct {
					Person json.RawMessage
					Trust  *float64
				}
			}
			Team []struct {
				Person  json.RawMessage
				Targets []struct {
					Person json.RawMessage
					Trust  float64
				}
			}
			SinglePointsOfFailure []struct {
				Person         json.RawMessage
				DecisionMakers []json.RawMessage
			}
		}
	}
	e.mustData(seller, `{ swarmPlan(organization: "org-st-marys") {
		peopleByRole { role people `+person+` }
		coverage { person `+person+` coveredBy { person `+person+` trust } }
		gaps `+person+` uncovered `+person+`
		blockers { blocker `+person+` guards `+person+` trustedOurs { person `+person+` trust } }
		connectors { connector `+person+` decisionMakers `+person+` ours { person `+person+` trust } }
		team { person `+person+` targets { person `+person+` trust } }
		singlePointsOfFailure { person `+person+` decisionMakers `+person+` } } }`, nil, &plan)
	p := plan.SwarmPlan
	fmt.Fprintln(&b, "swarmPlan(organization: \"org-st-marys\"), minRouteTrust 0.3, default options")
	fmt.Fprintln(&b, "\nPeople by role:")
	for _, g := range p.PeopleByRole {
		var names []string
		for _, x := range g.People {
			names = append(names, name(x))
		}
		fmt.Fprintf(&b, "  %s: %s\n", g.Role, strings.Join(names, "; "))
	}
	covered := 0
	for _, c := range p.Coverage {
		if len(c.CoveredBy) > 0 {
			covered++
		}
	}
	fmt.Fprintf(&b, "\nCoverage: %d of %d people tied to ours or our partners'; the decision makers and blockers:\n", covered, len(p.Coverage))
	roles := map[string]bool{}
	for _, g := range p.PeopleByRole {
		if g.Role == "DECISION_MAKER" || g.Role == "BLOCKER" {
			for _, x := range g.People {
				roles[name(x)] = true
			}
		}
	}
	for _, c := range p.Coverage {
		if !roles[name(c.Person)] {
			continue
		}
		var ts []string
		for _, x := range c.CoveredBy {
			ts = append(ts, fmt.Sprintf("%s %.2f", name(x.Person), *x.Trust))
		}
		if len(ts) == 0 {
			ts = []string{"nobody"}
		}
		fmt.Fprintf(&b, "  %s <- %s\n", name(c.Person), strings.Join(ts, "; "))
	}
	list := func(xs []json.RawMessage) string {
		var names []string
		for _, x := range xs {
			names = append(names, name(x))
		}
		if len(names) == 0 {
			return "none"
		}
		return strings.Join(names, "; ")
	}
	fmt.Fprintf(&b, "\nGaps (decision makers without a route >= 0.3): %s\n", list(p.Gaps))
	fmt.Fprintf(&b, "Uncovered (decision makers and influencers): %s\n", list(p.Uncovered))
	fmt.Fprintln(&b, "\nBlockers:")
	for _, x := range p.Blockers {
		var ts []string
		for _, y := range x.TrustedOurs {
			ts = append(ts, fmt.Sprintf("%s %.2f", name(y.Person), *y.Trust))
		}
		if len(ts) == 0 {
			ts = []string{"nobody"}
		}
		fmt.Fprintf(&b, "  %s guards %s; trusts of ours: %s\n", name(x.Blocker), list(x.Guards), strings.Join(ts, "; "))
	}
	fmt.Fprintln(&b, "\nConnectors:")
	for _, x := range p.Connectors {
		var ts []string
		for _, y := range x.Ours {
			ts = append(ts, fmt.Sprintf("%s %.2f", name(y.Person), *y.Trust))
		}
		fmt.Fprintf(&b, "  %s reaches %s; known by %s\n", name(x.Connector), list(x.DecisionMakers), strings.Join(ts, "; "))
	}
	fmt.Fprintln(&b, "\nSuggested team (greedy set cover):")
	for _, a := range p.Team {
		var ts []string
		for _, y := range a.Targets {
			ts = append(ts, fmt.Sprintf("%s %.3f", name(y.Person), y.Trust))
		}
		fmt.Fprintf(&b, "  %s: %s\n", name(a.Person), strings.Join(ts, "; "))
	}
	fmt.Fprintln(&b, "\nSingle points of failure:")
	for _, c := range p.SinglePointsOfFailure {
		fmt.Fprintf(&b, "  %s: %s\n", name(c.Person), list(c.DecisionMakers))
	}
	if len(p.SinglePointsOfFailure) == 0 {
		fmt.Fprintln(&b, "  none")
	}

	var strict struct {
		SwarmPlan struct {
			Gaps, Uncovered []json.RawMessage
			Team            []struct {
				Person  json.RawMessage
				Targets []struct {
					Person json.RawMessage
					Trust  float64
				}
			}
			SinglePointsOfFailure []struct {
				Person         json.RawMessage
				DecisionMakers []json.RawMessage
			}
		}
	}
	e.mustData(seller, `{ swarmPlan(organization: "org-st-marys", minRouteTrust: 0.5, options: {minTrust: 0.5}) {
		gaps `+person+` uncovered `+person+` team { person `+person+` targets { person `+person+` trust } }
		singlePointsOfFailure { person `+person+` decisionMakers `+person+` } } }`, nil, &strict)
	fmt.Fprintln(&b, "\nswarmPlan(organization: \"org-st-marys\", minRouteTrust: 0.5, options: {minTrust: 0.5})")
	fmt.Fprintf(&b, "Gaps: %s\nUncovered: %s\nSuggested team:\n", list(strict.SwarmPlan.Gaps), list(strict.SwarmPlan.Uncovered))
	for _, a := range strict.SwarmPlan.Team {
		var ts []string
		for _, y := range a.Targets {
			ts = append(ts, fmt.Sprintf("%s %.3f", name(y.Person), y.Trust))
		}
		fmt.Fprintf(&b, "  %s: %s\n", name(a.Person), strings.Join(ts, "; "))
	}
	fmt.Fprintln(&b, "Single points of failure:")
	for _, c := range strict.SwarmPlan.SinglePointsOfFailure {
		fmt.Fprintf(&b, "  %s: %s\n", name(c.Person), list(c.DecisionMakers))
	}
	if len(strict.SwarmPlan.SinglePointsOfFailure) == 0 {
		fmt.Fprintln(&b, "  none")
	}

	var intro struct {
		Introducers []struct {
			Person    json.RawMessage
			Trust     float64
			ToTrust   float64
			FromTrust *float64
		}
	}
	for _, q := range []string{`{ introducers(to: "p-thomas-brenner") { person ` + person + ` trust toTrust fromTrust } }`,
		`{ introducers(to: "p-sofia-rossi") { person ` + person + ` trust toTrust fromTrust } }`,
		`{ introducers(to: "p-sofia-rossi", from: "p-anna-keller") { person ` + person + ` trust toTrust fromTrust } }`,
		`{ introducers(to: "p-katharina-sommer") { person ` + person + ` trust toTrust fromTrust } }`} {
		e.mustData(seller, q, nil, &intro)
		fmt.Fprintf(&b, "\n%s\n", q[2:strings.Index(q, ")")+1])
		if len(intro.Introducers) == 0 {
			fmt.Fprintln(&b, "  none")
		}
		for _, x := range intro.Introducers {
			if x.FromTrust != nil {
				fmt.Fprintf(&b, "  %s: %.4f = %.2f x %.2f\n", name(x.Person), x.Trust, *x.FromTrust, x.ToTrust)
			} else {
				fmt.Fprintf(&b, "  %s: %.2f\n", name(x.Person), x.Trust)
			}
		}
	}
	fmt.Fprintln(&b, "\nsinglePointsOfFailure, default options, every client:")
	for _, org := range []string{"org-st-marys", "org-alpine", "org-helvetia", "org-bern-cvi", "org-rhenus"} {
		var out struct {
			SinglePointsOfFailure []struct {
				Person         json.RawMessage
				DecisionMakers []json.RawMessage
			}
		}
		e.mustData(seller, `query($org: ID!) { singlePointsOfFailure(organization: $org) { person `+person+` decisionMakers `+person+` } }`,
			map[string]any{"org": org}, &out)
		fmt.Fprintf(&b, "  %s:", org)
		if len(out.SinglePointsOfFailure) == 0 {
			fmt.Fprint(&b, " none")
		}
		fmt.Fprintln(&b)
		for _, c := range out.SinglePointsOfFailure {
			fmt.Fprintf(&b, "    %s: %s\n", name(c.Person), list(c.DecisionMakers))
		}
	}

	golden := filepath.Join("testdata", "swarm_demo.golden")
	if *updateSwarmDemo {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update-swarm-demo to write it)", err)
	}
	if got := b.String(); got != string(want) {
		t.Fatalf("the swarm on the demo changed; got:\n%s\nwant:\n%s", got, want)
	}
}

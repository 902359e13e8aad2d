package server_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
)

// TestShareLevelTable runs every query the share-level table of docs/access.md names, as
// MediLog on the demo, against a subject at each reach, and checks the cell: an answer, null
// (a lookup of what the caller may not see), NOT_FOUND, NOT_ROUTABLE or FORBIDDEN. Our roles
// get an answer in every cell. (Issue 14: at NAMES, `person(id: "p-martin-huber")` returned him
// while `trustedRoute(to: "p-martin-huber")` said "not found" and routesToDecisionMakers `[]`.)
func TestShareLevelTable(t *testing.T) {
	e := newPortal(t)
	// MediLog's reach of the demo: a person and an organisation at each.
	type subject struct{ reach, person, org string }
	subjects := []subject{
		{"not shared", "p-felix-albrecht", "org-rhenus"},
		{"COUNTS", "p-elena-marchetti", "org-alpine"}, // the person is not visible at COUNTS
		{"NAMES", "p-martin-huber", "org-helvetia"},
		{"ROUTES", "p-thomas-brenner", "org-st-marys"},
		{"own", "p-urs-bachmann", "org-medilog"},
	}
	const ok, null = "answer", "null"
	const nf, nr, fb = "NOT_FOUND", "NOT_ROUTABLE", "FORBIDDEN"
	// One row per query: the GraphQL (with $s, the subject's id) and the outcome per reach,
	// in the order of subjects; person queries at COUNTS meet an invisible person.
	rows := []struct {
		name, query string
		org         bool
		want        [5]string
	}{
		{"person", `query($s: ID!) { x: person(id: $s) { id } }`, false, [5]string{null, null, ok, ok, ok}},
		{"organization", `query($s: ID!) { x: organization(id: $s) { id } }`, true, [5]string{null, ok, ok, ok, ok}},
		{"trustedRoute", `query($s: ID!) { x: trustedRoute(from: "p-andreas-moser", to: $s) { trust } }`, false, [5]string{nf, nf, nr, ok, ok}},
		{"trustedRoutes", `query($s: ID!) { x: trustedRoutes(from: "p-andreas-moser", to: $s, k: 2) { trust } }`, false, [5]string{nf, nf, nr, ok, ok}},
		{"introducers", `query($s: ID!) { x: introducers(to: $s) { trust } }`, false, [5]string{nf, nf, nr, ok, ok}},
		{"routesToDecisionMakers", `query($s: ID!) { x: routesToDecisionMakers(from: "p-andreas-moser", organization: $s) { trust } }`, true, [5]string{nf, nr, nr, ok, ok}},
		{"teamRoutesToDecisionMakers", `query($s: ID!) { x: teamRoutesToDecisionMakers(team: "team-medilog-sales", organization: $s) { trust } }`, true, [5]string{nf, nr, nr, ok, ok}},
		{"singlePointsOfFailure", `query($s: ID!) { x: singlePointsOfFailure(organization: $s) { person { id } } }`, true, [5]string{nf, nr, nr, ok, ok}},
		{"swarmPlan", `query($s: ID!) { x: swarmPlan(organization: $s) { minRouteTrust } }`, true, [5]string{nf, nr, nr, ok, ok}},
		{"connectors", `query($s: ID!) { x: connectors(organization: $s) { betweenness } }`, true, [5]string{nf, fb, fb, fb, ok}},
		{"teamBoundaries", `query($s: ID!) { x: teamBoundaries(organization: $s) { members } }`, true, [5]string{nf, fb, fb, fb, ok}},
		{"organizationMaturity", `query($s: ID!) { x: organizationMaturity(organization: $s) { stage } }`, true, [5]string{nf, fb, fb, fb, ok}},
	}
	seller := e.token(ecograph.CallerSeller, "")
	outcome := func(tok, query, id string) string {
		r := e.do(tok, e.prefixed(query), map[string]any{"s": e.p + id})
		if len(r.Errors) > 0 {
			return r.code()
		}
		if string(r.Data["x"]) == "null" {
			return null
		}
		return ok
	}
	for _, row := range rows {
		if _, listed := ecograph.Policy[row.name]; !listed && row.name != "person" && row.name != "organization" {
			t.Errorf("%s is not in ecograph.Policy", row.name)
		}
		for i, s := range subjects {
			id := s.person
			if row.org {
				id = s.org
			}
			t.Run(fmt.Sprintf("%s/%s", row.name, s.reach), func(t *testing.T) {
				if got := outcome(e.medilog, row.query, id); got != row.want[i] {
					t.Errorf("MediLog, %s about %s (%s): %s, want %s", row.name, id, s.reach, got, row.want[i])
				}
				if got := outcome(seller, row.query, id); got != ok {
					t.Errorf("a seller, %s about %s: %s", row.name, id, got)
				}
			})
		}
	}
	// Account.hangsOn follows the account's level: an answer at ROUTES, NOT_ROUTABLE below it,
	// and the account list around it still answers.
	r0 := e.do(e.medilog, `{ accounts { edges { node { id hangsOn { id } } } } }`, nil)
	var accts struct {
		Accounts struct {
			Edges []struct {
				Node struct {
					ID      string
					HangsOn *[]struct{ ID string }
				}
			}
		}
	}
	raw, _ := json.Marshal(r0.Data)
	_ = json.Unmarshal(raw, &accts)
	got := map[string]bool{}
	for _, ed := range accts.Accounts.Edges {
		got[strings.TrimPrefix(ed.Node.ID, e.p)] = ed.Node.HangsOn != nil
	}
	if len(got) != 3 || !got["acct-st-marys-cardiology"] || got["acct-helvetia-payer-access"] || got["acct-alpine-group"] || len(r0.Errors) != 2 {
		t.Errorf("hangsOn per level (answered?): %v, errors %+v", got, r0.Errors)
	}
	for _, er := range r0.Errors {
		if er.Extensions["code"] != "NOT_ROUTABLE" {
			t.Errorf("hangsOn below ROUTES: %+v", er)
		}
	}
	// The refusal says why, naming the argument.
	r := e.do(e.medilog, e.prefixed(`{ trustedRoute(from: "p-andreas-moser", to: "p-martin-huber") { trust } }`), nil)
	if r.code() != "NOT_ROUTABLE" || r.Errors[0].Extensions["field"] != "to" {
		t.Fatalf("NAMES person as a route's end: %+v", r.Errors)
	}
	t.Logf("NOT_ROUTABLE: %s", r.Errors[0].Message)
}

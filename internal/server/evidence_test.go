package server_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
)

// TestEvidenceChangesTrustAndRoutes is issue 7's "done when" through the API: logging
// interactions changes a tie's trust and evidence at once, and the best route with it; a
// partner sees none of the evidence and may not log any; bad input names its field.
func TestEvidenceChangesTrustAndRoutes(t *testing.T) {
	e := newEnv(t)
	admin := e.token(ecograph.CallerAdmin, "")
	sellerAs := func(who string) string { return e.tokenAs(ecograph.CallerSeller, "", e.p+who) }
	seller, sellerC := sellerAs("a"), sellerAs("c")
	for _, o := range [][2]string{{"us", "OURS"}, {"client", "CLIENT"}, {"partner", "PARTNER"}} {
		e.mustData(admin, upsertOrg, map[string]any{"in": map[string]any{"id": e.p + o[0], "name": "Org " + o[0], "kind": o[1]}}, &struct{}{})
	}
	for _, p := range [][3]string{{"a", "us", ""}, {"b", "us", ""}, {"c", "us", ""}, {"d", "client", "DECISION_MAKER"},
		{"e", "partner", ""}, {"f", "partner", ""}} {
		roles := []string{}
		if p[2] != "" {
			roles = []string{p[2]}
		}
		e.mustData(admin, upsertPerson, map[string]any{"in": map[string]any{"id": e.p + p[0], "name": "Person " + p[0],
			"organization": e.p + p[1], "roles": roles}}, &struct{}{})
	}
	for _, tie := range []struct {
		a, b  string
		trust float64
	}{{"a", "b", 0.5}, {"b", "d", 0.5}, {"a", "c", 0.5}, {"c", "d", 0.45}, {"e", "f", 0.5}} {
		e.mustData(admin, upsertTie, map[string]any{"in": map[string]any{"personA": e.p + tie.a, "personB": e.p + tie.b,
			"trust": tie.trust, "source": "crm"}}, &struct{}{})
	}
	const routeQ = `query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t) { trust people { id }
		hops { trust evidence { prior trust interactionCount confidence explanation } } } }`
	type route struct {
		TrustedRoute struct {
			Trust  float64
			People []struct{ ID string }
			Hops   []struct {
				Trust    float64
				Evidence *struct {
					Prior            *float64
					Trust            float64
					InteractionCount int
					Confidence       float64
					Explanation      string
				}
			}
		}
	}
	var before route
	e.mustData(seller, routeQ, map[string]any{"f": e.p + "a", "t": e.p + "d"}, &before)
	if got := before.TrustedRoute.People[1].ID; got != e.p+"b" {
		t.Fatalf("before any evidence the best route goes through b (0.25 > 0.225), got %s", got)
	}
	if ev := before.TrustedRoute.Hops[0].Evidence; ev == nil || ev.Prior == nil || *ev.Prior != 0.5 || ev.InteractionCount != 0 {
		t.Fatalf("a hop's evidence before any interaction: %+v", ev)
	}

	const logQ = `mutation($in: InteractionInput!) { logInteraction(input: $in) { id kind at participants { id } sentiment notes loggedBy } }`
	day := time.Now().UTC().Add(-48 * time.Hour)
	for i := 0; i < 4; i++ {
		var out struct {
			LogInteraction struct {
				ID, Kind, LoggedBy string
				Participants       []struct{ ID string }
			}
		}
		e.mustData(sellerC, logQ, map[string]any{"in": map[string]any{"id": fmt.Sprintf("%six%d", e.p, i), "kind": "meeting",
			"at": day.Add(time.Duration(i) * time.Hour).Format(time.RFC3339), "participants": []string{e.p + "d", e.p + "c"},
			"sentiment": 1.0, "notes": "went well"}}, &out)
		if out.LogInteraction.Kind != "MEETING" || out.LogInteraction.LoggedBy != e.p+"c" || len(out.LogInteraction.Participants) != 2 {
			t.Fatalf("logInteraction answered %+v", out.LogInteraction)
		}
	}
	var after route
	e.mustData(seller, routeQ, map[string]any{"f": e.p + "a", "t": e.p + "d"}, &after)
	if got := after.TrustedRoute.People[1].ID; got != e.p+"c" {
		t.Fatalf("four warm meetings between c and d must move the best route through c, got %s (%+v)", got, after)
	}
	ev := after.TrustedRoute.Hops[1].Evidence
	if ev == nil || ev.InteractionCount != 4 || !(ev.Trust > 0.45) || ev.Trust != after.TrustedRoute.Hops[1].Trust || ev.Explanation == "" {
		t.Fatalf("the c-d hop's evidence after four meetings: %+v", ev)
	}

	// Person.ties shows the recomputed trust and its evidence; interactions list newest first.
	var ties struct {
		Person struct {
			Ties struct {
				Edges []struct {
					Node struct {
						Person   struct{ ID string }
						Trust    float64
						Evidence struct{ InteractionCount int }
					}
				}
			}
			Interactions struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
				PageInfo   struct {
					HasNextPage bool
					EndCursor   string
				}
			}
			LastTouch struct {
				By []struct{ ID string }
			}
		}
	}
	e.mustData(seller, `query($id: ID!) { person(id: $id) { ties { edges { node { person { id } trust evidence { interactionCount } } } }
		interactions(first: 3) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } lastTouch { by { id } } } }`,
		map[string]any{"id": e.p + "d"}, &ties)
	if ix := ties.Person.Interactions; ix.TotalCount != 4 || len(ix.Edges) != 3 || !ix.PageInfo.HasNextPage || ix.Edges[0].Node.ID != e.p+"ix3" {
		t.Fatalf("d's interactions, newest first: %+v", ix)
	}
	if by := ties.Person.LastTouch.By; len(by) != 1 || by[0].ID != e.p+"c" {
		t.Fatalf("d's last touch by %+v, want c", by)
	}
	found := false
	for _, edge := range ties.Person.Ties.Edges {
		if edge.Node.Person.ID == e.p+"c" {
			found = edge.Node.Trust == ev.Trust && edge.Node.Evidence.InteractionCount == 4
		}
	}
	if !found {
		t.Fatalf("d's tie to c does not show the recomputed trust %v: %+v", ev.Trust, ties.Person.Ties.Edges)
	}

	// A second of ours contacts the decision maker: an orchestration warning.
	e.mustData(sellerAs("b"), logQ, map[string]any{"in": map[string]any{"kind": "call", "at": day.Format(time.RFC3339),
		"participants": []string{e.p + "b", e.p + "d"}}}, &struct{}{})
	var warn struct {
		ContactWarnings []struct {
			Person    struct{ ID string }
			OurPeople []struct{ ID string }
		}
	}
	e.mustData(seller, `query($o: ID) { contactWarnings(organization: $o) { person { id } ourPeople { id } } }`, map[string]any{"o": e.p + "client"}, &warn)
	if len(warn.ContactWarnings) != 1 || warn.ContactWarnings[0].Person.ID != e.p+"d" || len(warn.ContactWarnings[0].OurPeople) != 2 {
		t.Fatalf("contact warnings: %+v", warn)
	}

	// An override wins and clears; bad input names its field; a partner sees and writes nothing.
	var ov struct {
		SetTrustOverride struct {
			Trust    float64
			Override struct{ Reason, By string }
		}
	}
	e.mustData(seller, `mutation($in: TrustOverrideInput!) { setTrustOverride(input: $in) { trust override { reason by } } }`,
		map[string]any{"in": map[string]any{"personA": e.p + "a", "personB": e.p + "b", "trust": 0.99, "reason": "old friends"}}, &ov)
	if ov.SetTrustOverride.Trust != 0.99 || ov.SetTrustOverride.Override.Reason != "old friends" || ov.SetTrustOverride.Override.By != e.p+"a" {
		t.Fatalf("override: %+v", ov)
	}
	var overridden route
	e.mustData(seller, routeQ, map[string]any{"f": e.p + "a", "t": e.p + "d"}, &overridden)
	if overridden.TrustedRoute.People[1].ID != e.p+"b" || overridden.TrustedRoute.Hops[0].Trust != 0.99 {
		t.Fatalf("the override must put the route back through b: %+v", overridden)
	}
	for name, c := range map[string]struct {
		q     string
		vars  map[string]any
		field string
	}{
		"sentiment":   {logQ, map[string]any{"in": map[string]any{"kind": "call", "at": day.Format(time.RFC3339), "participants": []string{e.p + "a", e.p + "d"}, "sentiment": 2.0}}, "input.sentiment"},
		"one person":  {logQ, map[string]any{"in": map[string]any{"kind": "call", "at": day.Format(time.RFC3339), "participants": []string{e.p + "a", e.p + "a"}}}, "input.participants"},
		"nobody":      {logQ, map[string]any{"in": map[string]any{"kind": "call", "at": day.Format(time.RFC3339), "participants": []string{e.p + "a", e.p + "zz"}}}, "input.participants[1]"},
		"no reason":   {`mutation($in: TrustOverrideInput!) { setTrustOverride(input: $in) { trust } }`, map[string]any{"in": map[string]any{"personA": e.p + "a", "personB": e.p + "b", "trust": 0.5, "reason": " "}}, "input.reason"},
		"score":       {`mutation($in: [SurveyAnswerInput!]!) { recordSurveyAnswers(input: $in) { score } }`, map[string]any{"in": []any{map[string]any{"respondent": e.p + "a", "alter": e.p + "b", "question": "trust", "score": 6}}}, "input[0].score"},
		"future date": {logQ, map[string]any{"in": map[string]any{"kind": "call", "at": time.Now().Add(72 * time.Hour).Format(time.RFC3339), "participants": []string{e.p + "a", e.p + "d"}}}, "input.at"},
	} {
		t.Run(name, func(t *testing.T) {
			r := e.do(seller, c.q, c.vars)
			if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field {
				t.Fatalf("want BAD_USER_INPUT naming %s, got %+v", c.field, r.Errors)
			}
		})
	}
	// A seller logs only their own interactions and answers, and replaces nobody else's.
	for name, c := range map[string]struct {
		q    string
		vars map[string]any
	}{
		"someone else's meeting": {logQ, map[string]any{"in": map[string]any{"kind": "call", "at": day.Format(time.RFC3339), "participants": []string{e.p + "b", e.p + "d"}}}},
		"replacing c's meeting":  {logQ, map[string]any{"in": map[string]any{"id": e.p + "ix0", "kind": "call", "at": day.Format(time.RFC3339), "participants": []string{e.p + "a", e.p + "d"}}}},
		"someone else's answer":  {`mutation($in: [SurveyAnswerInput!]!) { recordSurveyAnswers(input: $in) { score } }`, map[string]any{"in": []any{map[string]any{"respondent": e.p + "b", "alter": e.p + "a", "question": "trust", "score": 5}}}},
	} {
		t.Run(name, func(t *testing.T) {
			if r := e.do(seller, c.q, c.vars); r.code() != "FORBIDDEN" {
				t.Fatalf("want FORBIDDEN, got %+v", r.Errors)
			}
		})
	}

	// A partner writes no evidence and sees none, not even on its own people's ties.
	e.mustData(admin, logQ, map[string]any{"in": map[string]any{"kind": "meeting", "at": day.Format(time.RFC3339),
		"participants": []string{e.p + "e", e.p + "f"}, "sentiment": 1.0, "notes": "private"}}, &struct{}{})
	partner := e.token(ecograph.CallerPartner, e.p+"partner")
	for name, c := range map[string]struct {
		q    string
		vars map[string]any
	}{
		"log":      {logQ, map[string]any{"in": map[string]any{"kind": "call", "at": day.Format(time.RFC3339), "participants": []string{e.p + "e", e.p + "f"}}}},
		"answer":   {`mutation($in: [SurveyAnswerInput!]!) { recordSurveyAnswers(input: $in) { score } }`, map[string]any{"in": []any{map[string]any{"respondent": e.p + "e", "alter": e.p + "f", "question": "trust", "score": 5}}}},
		"override": {`mutation($in: TrustOverrideInput!) { setTrustOverride(input: $in) { trust } }`, map[string]any{"in": map[string]any{"personA": e.p + "e", "personB": e.p + "f", "trust": 0.9, "reason": "x"}}},
		"clear":    {`mutation($a: ID!, $b: ID!) { clearTrustOverride(personA: $a, personB: $b) { trust } }`, map[string]any{"a": e.p + "e", "b": e.p + "f"}},
	} {
		t.Run("partner "+name, func(t *testing.T) {
			if r := e.do(partner, c.q, c.vars); r.code() != "FORBIDDEN" {
				t.Fatalf("want FORBIDDEN, got %+v", r.Errors)
			}
		})
	}
	var seen struct {
		Person struct {
			Ties struct {
				Edges []struct {
					Node struct {
						Trust    *float64
						Source   *string
						Evidence *struct{ InteractionCount int }
					}
				}
			}
			Interactions struct {
				TotalCount int
				Edges      []any
			}
			LastTouch *struct{ By []any }
		}
	}
	const partnerQ = `query($id: ID!) { person(id: $id) { ties { edges { node { trust source evidence { interactionCount } } } }
		interactions { totalCount edges { node { id notes } } } lastTouch { by { id } } } }`
	e.mustData(partner, partnerQ, map[string]any{"id": e.p + "e"}, &seen)
	if len(seen.Person.Ties.Edges) != 1 || seen.Person.Ties.Edges[0].Node.Trust == nil {
		t.Fatalf("the partner must see its own people's tie and its trust: %+v", seen)
	}
	if seen.Person.Ties.Edges[0].Node.Evidence != nil || seen.Person.Interactions.TotalCount != 0 || len(seen.Person.Interactions.Edges) != 0 || seen.Person.LastTouch != nil {
		t.Fatalf("a partner sees evidence: %+v", seen)
	}
	e.mustData(seller, partnerQ, map[string]any{"id": e.p + "e"}, &seen)
	if seen.Person.Ties.Edges[0].Node.Evidence == nil || seen.Person.Ties.Edges[0].Node.Evidence.InteractionCount != 1 || seen.Person.Interactions.TotalCount != 1 {
		t.Fatalf("our seller must see the same tie's evidence: %+v", seen)
	}
	var pv struct {
		ContactWarnings []any
	}
	e.mustData(partner, `{ contactWarnings { person { id } } }`, nil, &pv)
	if len(pv.ContactWarnings) != 0 {
		t.Fatalf("a partner sees contact warnings: %+v", pv)
	}
}

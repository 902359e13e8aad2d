package server_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
)

// tokenAs mints a token for role, organisation and subject.
func (e *env) tokenAs(role ecograph.CallerRole, org, sub string) string {
	e.t.Helper()
	tok, err := auth.Mint(authCfg, ecograph.Caller{Role: role, OrgID: org, Subject: sub}, time.Hour, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

const introFields = `id status requester { id } introducer { id } to { id name organization { id } } route { id } account { id }
	note reason requestedAt decidedAt doneAt interactionId history { by action reason }`

type introOut struct {
	ID, Status            string
	Requester, Introducer struct{ ID string }
	To                    struct {
		ID, Name     string
		Organization struct{ ID string }
	}
	Route             []struct{ ID string }
	Account           *struct{ ID string }
	Note, Reason      *string
	RequestedAt       time.Time
	DecidedAt, DoneAt *time.Time
	InteractionID     *string
	History           []struct{ By, Action string }
}

func (o introOut) history(p string) string {
	var parts []string
	for _, h := range o.History {
		parts = append(parts, h.Action+"/"+strings.TrimPrefix(h.By, p))
	}
	return strings.Join(parts, " ")
}

// TestIntroductionsWorkflow walks requests through the workflow over HTTP: a seller asks
// partner B's b1 to introduce them to c1, b1 sees it and accepts, the seller marks it done
// (an interaction, evidence), the account counts it; a request along a route is accepted by
// one of ours and cancelled; a third is declined with a reason. Every step checks who may take
// it, and partners see only what is addressed to their people.
func TestIntroductionsWorkflow(t *testing.T) {
	w := newAccessWorld(t)
	e := w.env
	sellerO2 := e.tokenAs(ecograph.CallerSeller, "", w.id("o2"))
	sellerO1 := e.tokenAs(ecograph.CallerSeller, "", w.id("o1"))
	b1 := e.tokenAs(ecograph.CallerPartner, w.id("pb"), w.id("b1"))
	b2 := e.tokenAs(ecograph.CallerPartner, w.id("pb"), w.id("b2"))
	a1 := e.tokenAs(ecograph.CallerPartner, w.id("pa"), w.id("a1"))

	request := func(tok string, in map[string]any) (introOut, *gqlResponse) {
		t.Helper()
		r := e.do(tok, `mutation($in: IntroductionInput!) { requestIntroduction(input: $in) { `+introFields+` } }`, map[string]any{"in": in})
		var out introOut
		if raw := r.Data["requestIntroduction"]; raw != nil && string(raw) != "null" {
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Fatal(err)
			}
		}
		return out, r
	}
	step := func(tok, mutation, id string, extra map[string]any) (introOut, *gqlResponse) {
		t.Helper()
		vars := map[string]any{"id": id}
		args := "id: $id"
		decl := "$id: ID!"
		for k, v := range extra {
			vars[k] = v
			switch k {
			case "reason":
				if mutation == "declineIntroduction" {
					decl += ", $reason: String!"
				} else {
					decl += ", $reason: String"
				}
			case "sentiment":
				decl += ", $sentiment: Float"
			}
			args += ", " + k + ": $" + k
		}
		r := e.do(tok, `mutation(`+decl+`) { `+mutation+`(`+args+`) { `+introFields+` } }`, vars)
		var out introOut
		if raw := r.Data[mutation]; raw != nil && string(raw) != "null" {
			if err := json.Unmarshal(raw, &out); err != nil {
				t.Fatal(err)
			}
		}
		return out, r
	}
	wantCode := func(r *gqlResponse, code, field string) {
		t.Helper()
		if r.code() != code || (field != "" && r.Errors[0].Extensions["field"] != field) {
			t.Fatalf("want %s naming %q, got %+v", code, field, r.Errors)
		}
	}

	// 1. Through b1 (partner B), whose tie to c1 is 0.99; the account is inferred (acc is the
	// only account targeting cl).
	in, r := request(sellerO2, map[string]any{"to": w.id("c1"), "through": w.id("b1"), "note": "Budget talk in March"})
	if len(r.Errors) > 0 {
		t.Fatalf("request: %+v", r.Errors)
	}
	if in.Status != "REQUESTED" || in.Requester.ID != w.id("o2") || in.Introducer.ID != w.id("b1") || in.To.ID != w.id("c1") ||
		in.Account == nil || in.Account.ID != w.id("acc") || in.Route != nil || in.history(w.p) != "REQUEST/o2" {
		t.Fatalf("requested: %+v", in)
	}
	// b1 sees it, with the requester and c1 named; partner A does not; b1's portal token
	// (no subject) sees it on the account, not as addressed to it.
	var mine struct{ IntroductionsAddressedToMe []introOut }
	e.mustData(b1, `{ introductionsAddressedToMe { `+introFields+` } }`, nil, &mine)
	if len(mine.IntroductionsAddressedToMe) != 1 || mine.IntroductionsAddressedToMe[0].To.Name == "" ||
		mine.IntroductionsAddressedToMe[0].To.Organization.ID != w.id("cl") || mine.IntroductionsAddressedToMe[0].Requester.ID != w.id("o2") {
		t.Fatalf("b1's requests: %+v", mine)
	}
	var one struct{ Introduction *introOut }
	e.mustData(a1, `query($id: ID!) { introduction(id: $id) { id } }`, map[string]any{"id": in.ID}, &one)
	if one.Introduction != nil {
		t.Fatalf("partner A sees B's request: %+v", one)
	}
	var acc struct {
		Account struct{ Introductions []introOut }
	}
	e.mustData(w.partnerB, `query($id: ID!) { account(id: $id) { introductions { id } } }`, map[string]any{"id": w.id("acc")}, &acc)
	if len(acc.Account.Introductions) != 1 {
		t.Fatalf("partner B's account view: %+v", acc)
	}
	// Who may not act: partner A (does not see it), b2 (not the introducer), a seller who is
	// not the introducer; a decline needs a reason; done needs ACCEPTED.
	_, r = step(a1, "acceptIntroduction", in.ID, nil)
	wantCode(r, "NOT_FOUND", "")
	_, r = step(b2, "acceptIntroduction", in.ID, nil)
	wantCode(r, "FORBIDDEN", "")
	_, r = step(sellerO1, "acceptIntroduction", in.ID, nil)
	wantCode(r, "FORBIDDEN", "")
	_, r = step(b1, "declineIntroduction", in.ID, map[string]any{"reason": " "})
	wantCode(r, "BAD_USER_INPUT", "reason")
	_, r = step(sellerO2, "completeIntroduction", in.ID, nil)
	wantCode(r, "CONFLICT", "")
	// b1 accepts; accepting again conflicts; o1 may not mark it done, o2 does.
	got, r := step(b1, "acceptIntroduction", in.ID, map[string]any{"reason": "Happy to"})
	if len(r.Errors) > 0 || got.Status != "ACCEPTED" || got.DecidedAt == nil {
		t.Fatalf("accept: %+v %+v", got, r.Errors)
	}
	_, r = step(b1, "acceptIntroduction", in.ID, nil)
	wantCode(r, "CONFLICT", "")
	_, r = step(sellerO1, "completeIntroduction", in.ID, nil)
	wantCode(r, "FORBIDDEN", "")
	_, r = step(sellerO2, "completeIntroduction", in.ID, map[string]any{"sentiment": 1.5})
	wantCode(r, "BAD_USER_INPUT", "sentiment")
	got, r = step(sellerO2, "completeIntroduction", in.ID, map[string]any{"sentiment": 0.6})
	if len(r.Errors) > 0 || got.Status != "DONE" || got.DoneAt == nil || got.InteractionID == nil || *got.InteractionID != "intro-"+in.ID ||
		got.history(w.p) != "REQUEST/o2 ACCEPT/b1 DONE/o2" {
		t.Fatalf("done: %+v %+v", got, r.Errors)
	}
	// Done is evidence: the interaction between o2 and c1.
	var ix struct {
		Person struct {
			Interactions struct {
				Edges []struct {
					Node struct {
						ID, Kind     string
						Participants []struct{ ID string }
					}
				}
			}
		}
	}
	e.mustData(w.seller, `query($id: ID!) { person(id: $id) { interactions { edges { node { id kind participants { id } } } } } }`,
		map[string]any{"id": w.id("o2")}, &ix)
	if len(ix.Person.Interactions.Edges) != 1 || ix.Person.Interactions.Edges[0].Node.Kind != "INTRODUCTION" ||
		ix.Person.Interactions.Edges[0].Node.ID != "intro-"+in.ID {
		t.Fatalf("o2's interactions after the introduction: %+v", ix)
	}

	// 2. Along a route o2 - o1 - c2 - c1: o1 (ours) is the introducer and accepts; o2 cancels.
	in2, r := request(sellerO2, map[string]any{"to": w.id("c1"), "route": []string{w.id("o2"), w.id("o1"), w.id("c2"), w.id("c1")}, "account": w.id("acc")})
	if len(r.Errors) > 0 || in2.Introducer.ID != w.id("o1") || len(in2.Route) != 4 {
		t.Fatalf("request along a route: %+v %+v", in2, r.Errors)
	}
	if _, r = step(sellerO1, "acceptIntroduction", in2.ID, nil); len(r.Errors) > 0 {
		t.Fatalf("o1 accepts: %+v", r.Errors)
	}
	got, r = step(sellerO2, "cancelIntroduction", in2.ID, map[string]any{"reason": "Met her at a congress"})
	if len(r.Errors) > 0 || got.Status != "CANCELLED" || got.Reason == nil || got.history(w.p) != "REQUEST/o2 ACCEPT/o1 CANCEL/o2" {
		t.Fatalf("cancel: %+v %+v", got, r.Errors)
	}
	_, r = step(sellerO2, "cancelIntroduction", in2.ID, nil)
	wantCode(r, "CONFLICT", "")

	// 3. Declined by b1, with a reason.
	in3, r := request(sellerO2, map[string]any{"to": w.id("c1"), "through": w.id("b1")})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	got, r = step(b1, "declineIntroduction", in3.ID, map[string]any{"reason": "Not this quarter"})
	if len(r.Errors) > 0 || got.Status != "DECLINED" || got.Reason == nil || *got.Reason != "Not this quarter" {
		t.Fatalf("decline: %+v %+v", got, r.Errors)
	}

	// The account's numbers.
	var stats struct {
		Account struct {
			IntroductionStats struct {
				Requested, Accepted, Declined, Done, Cancelled, Open int
				MeanHoursToDecision, MeanHoursToDone                 *float64
			}
		}
	}
	e.mustData(w.seller, `query($id: ID!) { account(id: $id) { introductionStats { requested accepted declined done cancelled open
		meanHoursToDecision meanHoursToDone } } }`, map[string]any{"id": w.id("acc")}, &stats)
	s := stats.Account.IntroductionStats
	if s.Done != 1 || s.Cancelled != 1 || s.Declined != 1 || s.Open != 0 || s.MeanHoursToDecision == nil || s.MeanHoursToDone == nil || *s.MeanHoursToDone < 0 {
		t.Fatalf("stats: %+v", s)
	}
	var byMe struct{ IntroductionsRequestedByMe []introOut }
	e.mustData(sellerO2, `{ introductionsRequestedByMe(status: DONE) { id } }`, nil, &byMe)
	if len(byMe.IntroductionsRequestedByMe) != 1 || byMe.IntroductionsRequestedByMe[0].ID != in.ID {
		t.Fatalf("requested by o2, done: %+v", byMe)
	}

	// Requests that are refused.
	for _, c := range []struct {
		name, tok   string
		in          map[string]any
		code, field string
	}{
		{"no subject", w.seller, map[string]any{"to": w.id("c1"), "through": w.id("b1")}, "FORBIDDEN", ""},
		{"a partner", b1, map[string]any{"to": w.id("c1"), "through": w.id("b1")}, "FORBIDDEN", ""},
		{"neither through nor route", sellerO2, map[string]any{"to": w.id("c1")}, "BAD_USER_INPUT", "input.through"},
		{"both", sellerO2, map[string]any{"to": w.id("c1"), "through": w.id("b1"), "route": []string{w.id("o2"), w.id("b1"), w.id("c1")}}, "BAD_USER_INPUT", "input.through"},
		{"introducer without a tie to to", sellerO2, map[string]any{"to": w.id("c1"), "through": w.id("a1")}, "BAD_USER_INPUT", "input.through"},
		{"unknown to", sellerO2, map[string]any{"to": w.id("nobody"), "through": w.id("b1")}, "BAD_USER_INPUT", "input.to"},
		{"route hop without a tie", sellerO2, map[string]any{"to": w.id("c1"), "route": []string{w.id("o2"), w.id("a1"), w.id("c1")}}, "BAD_USER_INPUT", "input.route"},
		{"route from someone else", sellerO2, map[string]any{"to": w.id("c1"), "route": []string{w.id("o1"), w.id("b1"), w.id("c1")}}, "BAD_USER_INPUT", "input.route"},
		{"unknown account", sellerO2, map[string]any{"to": w.id("c1"), "through": w.id("b1"), "account": w.id("nothing")}, "BAD_USER_INPUT", "input.account"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, r := request(c.tok, c.in)
			wantCode(r, c.code, c.field)
		})
	}
}

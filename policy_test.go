package ecograph

import (
	"fmt"
	"testing"
)

// TestOutcomeTable checks every cell of the share-level table (docs/access.md, "One rule per
// share level") against Outcome: for each need, what a partner gets at each reach, and that
// our own roles get every answer.
func TestOutcomeTable(t *testing.T) {
	const ok = ""
	// Columns: not shared, COUNTS, NAMES, ROUTES, own (Reaches' order).
	partner := map[Need][5]string{
		NeedSee:   {ENOTFOUND, ok, ok, ok, ok},
		NeedRoute: {ENOTFOUND, ENOTROUTABLE, ENOTROUTABLE, ok, ok},
		NeedOwn:   {ENOTFOUND, EFORBIDDEN, EFORBIDDEN, EFORBIDDEN, ok},
	}
	for need, row := range partner {
		for i, r := range Reaches {
			t.Run(fmt.Sprintf("PARTNER/need%d/%s", need, r), func(t *testing.T) {
				if got := Outcome(CallerPartner, need, r); got != row[i] {
					t.Errorf("got %q, want %q", got, row[i])
				}
			})
			for _, role := range []CallerRole{CallerAdmin, CallerAnalyst, CallerSeller} {
				if got := Outcome(role, need, r); got != ok {
					t.Errorf("%s need%d %s: %q, want an answer", role, need, r, got)
				}
			}
			if got := Outcome(CallerRole("NOBODY"), need, r); got != ENOTFOUND {
				t.Errorf("an unknown role, need%d %s: %q", need, r, got)
			}
		}
	}
}

func TestAuthorizeErrors(t *testing.T) {
	p := &Caller{Role: CallerPartner, OrgID: "org-p"}
	err := Authorize(p, "trustedRoute", Subject{Field: "to", Kind: "person", ID: "p-x", Reach: ReachNames})
	if ErrorCode(err) != ENOTROUTABLE || ErrorField(err) != "to" {
		t.Fatalf("NAMES person as a route's end: %v", err)
	}
	if ErrorCode(Authorize(p, "person", Subject{Kind: "person", ID: "p-x", Reach: ReachNone})) != ENOTFOUND {
		t.Error("an invisible person is not NOT_FOUND")
	}
	if ErrorCode(Authorize(p, "connectors", Subject{Field: "organization", Kind: "organization", ID: "o", Reach: ReachRoutes})) != EFORBIDDEN {
		t.Error("measures over a ROUTES target are not FORBIDDEN")
	}
	if ErrorCode(Authorize(p, "noSuchQuery", Subject{Reach: ReachOwn})) != EINTERNAL {
		t.Error("a query missing from the table is allowed")
	}
}

package demo_test

import (
	"testing"

	"github.com/ecograph/ecograph/internal/demo"
)

func TestAccountsNameDemoPeople(t *testing.T) {
	sink, _ := loadDemo(t)
	for _, a := range demo.Accounts() {
		if o, ok := sink.orgs[a.Target]; !ok || o.Kind != "CLIENT" {
			t.Errorf("%s targets %q, not a client of the demo", a.ID, a.Target)
		}
		for _, sh := range a.Shares {
			if o, ok := sink.orgs[sh.Partner]; !ok || o.Kind != "PARTNER" {
				t.Errorf("%s is shared with %q, not a partner of the demo", a.ID, sh.Partner)
			}
			if sh.Level != "COUNTS" && sh.Level != "NAMES" && sh.Level != "ROUTES" {
				t.Errorf("%s is shared with %s at %q", a.ID, sh.Partner, sh.Level)
			}
		}
		for _, p := range a.Swarm {
			if _, ok := sink.people[p]; !ok {
				t.Errorf("%s's swarm names %q, who is not in the demo", a.ID, p)
			}
		}
	}
}

// TestAccountsShareEveryLevel: a partner token sees something on day one, and MediLog's
// walk-through (docs/portal.md) meets each share level.
func TestAccountsShareEveryLevel(t *testing.T) {
	medilog := map[string]bool{}
	partners := map[string]bool{}
	for _, a := range demo.Accounts() {
		for _, sh := range a.Shares {
			partners[sh.Partner] = true
			if sh.Partner == "org-medilog" {
				medilog[sh.Level] = true
			}
		}
	}
	if !medilog["COUNTS"] || !medilog["NAMES"] || !medilog["ROUTES"] {
		t.Errorf("MediLog's shares cover the levels %v, not all three", medilog)
	}
	for _, p := range []string{"org-medilog", "org-curanet", "org-trialpath"} {
		if !partners[p] {
			t.Errorf("nothing of the demo is shared with %s", p)
		}
	}
}

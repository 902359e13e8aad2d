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
		if o, ok := sink.orgs[a.Partner]; !ok || o.Kind != "PARTNER" {
			t.Errorf("%s is shared with %q, not a partner of the demo", a.ID, a.Partner)
		}
		for _, p := range a.Swarm {
			if _, ok := sink.people[p]; !ok {
				t.Errorf("%s's swarm names %q, who is not in the demo", a.ID, p)
			}
		}
	}
}

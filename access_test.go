package ecograph_test

import (
	"testing"

	"github.com/ecograph/ecograph"
)

func TestTrustBands(t *testing.T) {
	for _, c := range []struct {
		trust float64
		band  string
		floor float64
	}{{1, "strong", 0.7}, {0.7, "strong", 0.7}, {0.6999, "moderate", 0.4}, {0.4, "moderate", 0.4},
		{0.3999, "weak", 0}, {0.01, "weak", 0}, {0, "weak", 0}} {
		if got := ecograph.TrustBand(c.trust); got != c.band {
			t.Errorf("TrustBand(%v) = %s, want %s", c.trust, got, c.band)
		}
		if got := ecograph.BandFloor(c.trust); got != c.floor {
			t.Errorf("BandFloor(%v) = %v, want %v", c.trust, got, c.floor)
		}
		// The floor is in its own band: showing it reveals nothing beyond the band.
		if got := ecograph.TrustBand(ecograph.BandFloor(c.trust)); got != c.band {
			t.Errorf("TrustBand(BandFloor(%v)) = %s, want %s", c.trust, got, c.band)
		}
	}
}

func TestScopeAndVisibility(t *testing.T) {
	for role, hides := range map[ecograph.CallerRole]bool{ecograph.CallerAdmin: false, ecograph.CallerAnalyst: false,
		ecograph.CallerSeller: false, ecograph.CallerPartner: true, "": true, "ROOT": true} {
		if got := (ecograph.Scope{Role: role}).HidesTrust(); got != hides {
			t.Errorf("%q HidesTrust = %v, want %v", role, got, hides)
		}
	}
	var all *ecograph.Visibility
	if !all.Sees("anyone", "anywhere") {
		t.Error("a nil visibility must see everyone")
	}
	v := &ecograph.Visibility{Orgs: map[string]bool{"pa": true}, People: map[string]bool{"o1": true}}
	for _, c := range []struct {
		id, org string
		want    bool
	}{{"a1", "pa", true}, {"o1", "ours", true}, {"o2", "ours", false}, {"b1", "pb", false}} {
		if got := v.Sees(c.id, c.org); got != c.want {
			t.Errorf("Sees(%s, %s) = %v, want %v", c.id, c.org, got, c.want)
		}
	}
	for _, l := range []ecograph.ShareLevel{ecograph.ShareCounts, ecograph.ShareNames, ecograph.ShareRoutes} {
		if !l.Valid() {
			t.Errorf("%s not valid", l)
		}
	}
	var l ecograph.ShareLevel
	if err := l.UnmarshalGQL("EVERYTHING"); ecograph.ErrorCode(err) != ecograph.EINVALID {
		t.Errorf("unknown share level: %v", err)
	}
}

package swarm

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ecograph/ecograph"
)

func ptr(f float64) *float64 { return &f }

func TestRankIntroducers(t *testing.T) {
	// Target "t" works at client "cl"; requester "f" at ours "us"; partner "pa" asks.
	cands := []ecograph.IntroducerCandidate{
		{PersonID: "b", OrganizationID: "us", ToTrust: 0.8, FromTrust: ptr(0.5)},
		{PersonID: "a", OrganizationID: "us", ToTrust: 0.5, FromTrust: ptr(0.8)},
		{PersonID: "c", OrganizationID: "pa", ToTrust: 0.45, FromTrust: ptr(0.9)},
		{PersonID: "d", OrganizationID: "us", ToTrust: 0.95, FromTrust: ptr(0.1)},
	}
	names := func(in []ecograph.Introducer) string {
		s := ""
		for _, x := range in {
			s += fmt.Sprintf("%s:%.4g ", x.PersonID, x.Trust)
		}
		return s
	}
	without := make([]ecograph.IntroducerCandidate, len(cands))
	for i, c := range cands {
		c.FromTrust = nil
		without[i] = c
	}
	for _, c := range []struct {
		name  string
		set   ecograph.IntroducerSet
		own   string
		first int
		want  string
	}{
		{"by tie to the target", ecograph.IntroducerSet{Candidates: without, ToOrg: "cl"}, "", -1, "d:0.95 b:0.8 a:0.5 c:0.45 "},
		{"by product, equal products by id", ecograph.IntroducerSet{Candidates: cands, ToOrg: "cl", FromOrg: "us"}, "", -1, "c:0.405 a:0.4 b:0.4 d:0.095 "},
		{"first", ecograph.IntroducerSet{Candidates: without, ToOrg: "cl"}, "", 2, "d:0.95 b:0.8 "},
		{"a partner sees bands except on its own ties", ecograph.IntroducerSet{Candidates: without, ToOrg: "cl"}, "pa", -1, "b:0.7 d:0.7 c:0.45 a:0.4 "},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := names(RankIntroducers(c.set, c.own, c.first))
			if got != c.want {
				t.Fatalf("got %s, want %s", got, c.want)
			}
		})
	}
}

// TestRankIntroducersAgainstReference checks the order, the values and the banding on random
// candidate lists against a selection sort written from the contract's words.
func TestRankIntroducersAgainstReference(t *testing.T) {
	for _, seed := range seeds(t, 3000, 300) {
		r := rand.New(rand.NewPCG(seed, 0x1A7))
		trusts := []float64{0, 0.1, 0.3, 0.39, 0.4, 0.5, 0.69, 0.7, 0.9, 1}
		orgs := []string{"us", "pa", "pb"}
		set := ecograph.IntroducerSet{ToOrg: []string{"cl", "pa"}[r.IntN(2)]}
		withFrom := r.IntN(2) == 0
		if withFrom {
			set.FromOrg = orgs[r.IntN(3)]
		}
		for i := range r.IntN(12) {
			c := ecograph.IntroducerCandidate{PersonID: fmt.Sprintf("p%02d", (i*7)%12), OrganizationID: orgs[r.IntN(3)],
				ToTrust: trusts[r.IntN(len(trusts))]}
			if withFrom {
				c.FromTrust = ptr(trusts[r.IntN(len(trusts))])
			}
			set.Candidates = append(set.Candidates, c)
		}
		own := []string{"", "pa"}[r.IntN(2)]
		first := r.IntN(15) - 1
		got := RankIntroducers(set, own, first)

		shown := func(v float64, a, b string) float64 {
			if own != "" && a != own && b != own {
				switch {
				case v >= 0.7:
					return 0.7
				case v >= 0.4:
					return 0.4
				}
				return 0
			}
			return v
		}
		type row struct {
			id    string
			trust float64
		}
		var rows []row
		for _, c := range set.Candidates {
			v := shown(c.ToTrust, c.OrganizationID, set.ToOrg)
			if withFrom {
				v = shown(*c.FromTrust, c.OrganizationID, set.FromOrg) * v
			}
			rows = append(rows, row{c.PersonID, v})
		}
		for i := range rows {
			for j := i + 1; j < len(rows); j++ {
				if rows[j].trust > rows[i].trust || (rows[j].trust == rows[i].trust && rows[j].id < rows[i].id) {
					rows[i], rows[j] = rows[j], rows[i]
				}
			}
		}
		if first >= 0 && first < len(rows) {
			rows = rows[:first]
		}
		if len(got) != len(rows) {
			t.Fatalf("seed=%d: %d introducers, want %d", seed, len(got), len(rows))
		}
		for i := range rows {
			if got[i].PersonID != rows[i].id || got[i].Trust != rows[i].trust {
				t.Fatalf("seed=%d: introducer %d is %s %v, want %s %v", seed, i, got[i].PersonID, got[i].Trust, rows[i].id, rows[i].trust)
			}
		}
	}
}

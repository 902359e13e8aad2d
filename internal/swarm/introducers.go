package swarm

import (
	"cmp"
	"slices"

	"github.com/ecograph/ecograph"
)

// RankIntroducers ranks the candidates of set as the contract's `introducers` says and
// returns the first `first` (all when first < 0).
//
// Without a requester (no candidate has FromTrust) an introducer's trust is their tie's trust
// to the target; with one, trust(requester, p) * trust(p, target). Highest trust first; equal
// trust by person id. When own is a partner's organisation (not ""), a tie that touches none
// of own's people counts at its band's floor (ecograph.BandFloor), in the value shown and in
// the ranking alike, so that neither reveals a trust value private to us.
func RankIntroducers(set ecograph.IntroducerSet, own string, first int) []ecograph.Introducer {
	show := func(trust float64, a, b, src string) ecograph.ShownTie {
		if own == "" || a == own || b == own {
			return ecograph.ShownTie{Trust: trust, Exact: true, Source: src}
		}
		return ecograph.ShownTie{Trust: ecograph.BandFloor(trust), Source: src}
	}
	out := make([]ecograph.Introducer, 0, len(set.Candidates))
	for _, c := range set.Candidates {
		in := ecograph.Introducer{PersonID: c.PersonID, OrganizationID: c.OrganizationID,
			To: show(c.ToTrust, c.OrganizationID, set.ToOrg, c.ToSource)}
		in.Trust, in.Exact = in.To.Trust, in.To.Exact
		if c.FromTrust != nil {
			from := show(*c.FromTrust, c.OrganizationID, set.FromOrg, c.FromSource)
			in.From = &from
			in.Trust = from.Trust * in.To.Trust
			in.Exact = in.Exact && from.Exact
		}
		out = append(out, in)
	}
	slices.SortFunc(out, func(a, b ecograph.Introducer) int {
		if c := cmp.Compare(b.Trust, a.Trust); c != 0 {
			return c
		}
		return cmp.Compare(a.PersonID, b.PersonID)
	})
	if first >= 0 && first < len(out) {
		out = out[:first]
	}
	return out
}

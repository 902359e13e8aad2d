package cypher

import (
	"context"
	"fmt"

	"github.com/ecograph/ecograph"
)

// FindIntroducers returns the people who could introduce someone to the person to (and, with
// from, whom from knows too), unranked: everyone other than to and from who works at an OURS
// or PARTNER organisation and has a tie to to (and to from), among the people sc may see and
// v lets the caller's route searches pass through (v nil: everyone sc sees), with both ties'
// trust and source as stored (the caller shows a partner bands).
// Errors: ENOTFOUND when to (or from) is unknown or not visible that way.
func (s *Store) FindIntroducers(ctx context.Context, sc ecograph.Scope, v *ecograph.Visibility, to string, from *string) (*ecograph.IntroducerSet, error) {
	params := scopeParams(sc, map[string]any{"to": to, "from": optString(from), "all": v == nil, "orgs": []string{}, "people": []string{}})
	if v != nil {
		params["orgs"], params["people"] = trueKeys(v.Orgs), trueKeys(v.People)
	}
	recs, err := s.read(ctx, "find_introducers", params)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		// Say which one is missing, without telling a hidden person from an unknown one.
		if from != nil {
			if _, err := s.FindIntroducers(ctx, sc, v, to, nil); err != nil {
				return nil, err
			}
			return nil, ecograph.NotFound("person", *from)
		}
		return nil, ecograph.NotFound("person", to)
	}
	rec := recs[0].AsMap()
	set := &ecograph.IntroducerSet{}
	set.ToOrg, _ = rec["toOrg"].(string)
	set.FromOrg, _ = rec["fromOrg"].(string)
	cands, _ := rec["candidates"].([]any)
	for _, c := range cands {
		m, ok := c.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("cypher find_introducers: candidate is %T", c)
		}
		cand := ecograph.IntroducerCandidate{PersonID: str(m, "id"), OrganizationID: str(m, "org"),
			ToSource: str(m, "toSource"), FromSource: str(m, "fromSource")}
		if cand.ToTrust, ok = m["toTrust"].(float64); !ok {
			return nil, fmt.Errorf("cypher find_introducers: %s: toTrust is %T", cand.PersonID, m["toTrust"])
		}
		if ft, ok := m["fromTrust"].(float64); ok {
			cand.FromTrust = &ft
		} else if from != nil {
			return nil, fmt.Errorf("cypher find_introducers: %s: fromTrust is %T", cand.PersonID, m["fromTrust"])
		}
		set.Candidates = append(set.Candidates, cand)
	}
	return set, nil
}

func trueKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k, ok := range m {
		if ok {
			out = append(out, k)
		}
	}
	return out
}

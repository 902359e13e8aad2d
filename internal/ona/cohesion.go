package ona

import (
	"cmp"
	"slices"

	"github.com/ecograph/ecograph"
)

// TeamCohesion returns the cohesion of a team, as the contract defines it, over its n
// members (duplicates in tg.Members count once):
//
//   - Density: the ties among members (both ends members, one per pair, any trust) over
//     n(n-1)/2; 0 when n < 2.
//   - AverageTrust: the mean trust of those ties; 0 when there are none.
//   - Isolates: the members with no tie to another member, by id.
//   - Reciprocity: the share of survey answers (respondent, alter, question) between two
//     members for which the reverse answer (alter, respondent, same question) exists; nil
//     when there are none. Each (respondent, alter, question) counts once.
//
// A tie given twice for one pair, in either order, is one tie with the trust given last.
func TeamCohesion(tg *ecograph.TeamGraph) ecograph.Cohesion {
	member := make(map[string]bool, len(tg.Members))
	for _, m := range tg.Members {
		member[m] = true
	}
	c := ecograph.Cohesion{TeamID: tg.TeamID, Members: len(member), Isolates: []string{}}

	trust := map[ecograph.Pair]float64{}
	for _, t := range tg.Ties {
		if t.PersonA != t.PersonB && member[t.PersonA] && member[t.PersonB] {
			trust[ecograph.MakePair(t.PersonA, t.PersonB)] = t.Trust
		}
	}
	tied := map[string]bool{}
	for p := range trust {
		tied[p.A], tied[p.B] = true, true
	}
	c.Ties = len(trust)
	if n := c.Members; n >= 2 {
		c.Density = float64(c.Ties) / (float64(n) * float64(n-1) / 2)
	}
	if c.Ties > 0 {
		// Summed in a fixed order, so that the same ties give the same bits.
		keys := make([]ecograph.Pair, 0, len(trust))
		for p := range trust {
			keys = append(keys, p)
		}
		slices.SortFunc(keys, func(x, y ecograph.Pair) int {
			if c := cmp.Compare(x.A, y.A); c != 0 {
				return c
			}
			return cmp.Compare(x.B, y.B)
		})
		var sum float64
		for _, p := range keys {
			sum += trust[p]
		}
		c.AverageTrust = sum / float64(c.Ties)
	}
	for m := range member {
		if !tied[m] {
			c.Isolates = append(c.Isolates, m)
		}
	}
	slices.Sort(c.Isolates)

	type answer struct{ from, to, question string }
	answers := map[answer]bool{}
	for _, a := range tg.Answers {
		if a.Respondent != a.Alter && member[a.Respondent] && member[a.Alter] {
			answers[answer{a.Respondent, a.Alter, a.Question}] = true
		}
	}
	c.Answers = len(answers)
	for a := range answers {
		if answers[answer{a.to, a.from, a.question}] {
			c.Reciprocated++
		}
	}
	if c.Answers > 0 {
		r := float64(c.Reciprocated) / float64(c.Answers)
		c.Reciprocity = &r
	}
	return c
}

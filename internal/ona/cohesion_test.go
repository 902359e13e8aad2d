package ona

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ecograph/ecograph"
)

func TestTeamCohesion(t *testing.T) {
	tie := func(a, b string, trust float64) ecograph.Tie {
		return ecograph.Tie{PersonA: a, PersonB: b, Trust: trust}
	}
	ans := func(a, b, q string) ecograph.SurveyAnswer {
		return ecograph.SurveyAnswer{Respondent: a, Alter: b, Question: q, Score: 3}
	}
	half, third := 0.5, 1.0/3
	for _, tc := range []struct {
		name        string
		tg          ecograph.TeamGraph
		density     float64
		avg         float64
		isolates    []string
		reciprocity *float64
	}{
		{name: "empty team", tg: ecograph.TeamGraph{}, isolates: []string{}},
		{name: "one member", tg: ecograph.TeamGraph{Members: []string{"a"}}, isolates: []string{"a"}},
		{name: "triangle and an isolate", tg: ecograph.TeamGraph{Members: []string{"d", "a", "b", "c"},
			Ties: []ecograph.Tie{tie("a", "b", 0.9), tie("c", "b", 0.3), tie("a", "c", 0), tie("a", "x", 1)}},
			density: 3.0 / 6, avg: 1.2 / 3, isolates: []string{"d"}},
		{name: "a tie given twice keeps the last trust", tg: ecograph.TeamGraph{Members: []string{"a", "b"},
			Ties: []ecograph.Tie{tie("a", "b", 0.9), tie("b", "a", 0.1)}}, density: 1, avg: 0.1, isolates: []string{}},
		{name: "reciprocity per question", tg: ecograph.TeamGraph{Members: []string{"a", "b", "c"},
			Answers: []ecograph.SurveyAnswer{ans("a", "b", "trust"), ans("b", "a", "trust"), ans("a", "c", "advice"),
				ans("c", "a", "trust"), ans("a", "x", "trust"), ans("x", "a", "trust"), ans("a", "a", "trust")}},
			isolates: []string{"a", "b", "c"}, reciprocity: &half},
		{name: "duplicate answers count once", tg: ecograph.TeamGraph{Members: []string{"a", "b"},
			Answers: []ecograph.SurveyAnswer{ans("a", "b", "trust"), ans("a", "b", "trust"), ans("b", "a", "advice")}},
			isolates: []string{"a", "b"}, reciprocity: new(float64)},
		{name: "one of three reciprocated", tg: ecograph.TeamGraph{Members: []string{"a", "b"},
			Answers: []ecograph.SurveyAnswer{ans("a", "b", "q1"), ans("b", "a", "q2"), ans("a", "b", "q3")}},
			isolates: []string{"a", "b"}, reciprocity: new(float64)},
		{name: "a third", tg: ecograph.TeamGraph{Members: []string{"a", "b", "c"},
			Answers: []ecograph.SurveyAnswer{ans("a", "b", "q"), ans("a", "c", "q"), ans("b", "c", "q"), ans("c", "b", "q"),
				ans("c", "a", "other"), ans("b", "a", "other")}},
			isolates: []string{"a", "b", "c"}, reciprocity: &third},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := TeamCohesion(&tc.tg)
			if !near(c.Density, tc.density, 1e-12) || !near(c.AverageTrust, tc.avg, 1e-12) || !slices.Equal(c.Isolates, tc.isolates) ||
				!sameReciprocity(c.Reciprocity, tc.reciprocity) {
				t.Fatalf("got density %v avg %v isolates %v reciprocity %v, want %v %v %v %v", c.Density, c.AverageTrust, c.Isolates,
					fmtPtr(c.Reciprocity), tc.density, tc.avg, tc.isolates, fmtPtr(tc.reciprocity))
			}
		})
	}
}

// TestTeamCohesionAgainstBruteForce compares TeamCohesion with a literal reading of the
// contract on random teams (members listed twice, ties given twice, trust 0, answers about
// people outside the team).
func TestTeamCohesionAgainstBruteForce(t *testing.T) {
	for _, seed := range seeds(t, 2000, 200) {
		r := rand.New(rand.NewPCG(seed, 0xC0E))
		tm := newTeam(r, r.IntN(10))
		d, avg, iso, rec := tm.bruteCohesion()
		c := TeamCohesion(&ecograph.TeamGraph{Members: tm.members, Ties: tm.ties, Answers: tm.answers})
		if !near(c.Density, d, 1e-12) || !near(c.AverageTrust, avg, 1e-12) || !slices.Equal(c.Isolates, iso) || !sameReciprocity(c.Reciprocity, rec) {
			t.Fatalf("seed=%d %+v\ngot density %v avg %v isolates %v reciprocity %v\nwant %v %v %v %v", seed, tm,
				c.Density, c.AverageTrust, c.Isolates, fmtPtr(c.Reciprocity), d, avg, iso, fmtPtr(rec))
		}
	}
}

func sameReciprocity(a, b *float64) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return near(*a, *b, 1e-12)
}

func fmtPtr(p *float64) any {
	if p == nil {
		return "null"
	}
	return *p
}

package ona

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/ona/nxcheck"
)

// The checks against NetworkX, the independent implementation (nxcheck): run by `make test`
// (ECOGRAPH_INTEGRATION=1), skipped elsewhere when the environment is missing.

type nxCase struct {
	Kind    string   `json:"kind"`
	N       int      `json:"n,omitempty"`
	Edges   [][2]int `json:"edges,omitempty"`
	Members []string `json:"members,omitempty"`
	Ties    [][3]any `json:"ties,omitempty"`
	Answers [][3]any `json:"answers,omitempty"`
}

type nxAnswer struct {
	Values       []float64 `json:"values"`
	Density      float64   `json:"density"`
	AverageTrust float64   `json:"averageTrust"`
	Isolates     []string  `json:"isolates"`
	Reciprocity  *float64  `json:"reciprocity"`
	Bridges      [][2]int  `json:"bridges"`
}

func edgesOf(w *world) [][2]int {
	out := make([][2]int, len(w.edges))
	for i, e := range w.edges {
		out[i] = [2]int{int(e.A), int(e.B)}
	}
	return out
}

// TestBetweennessAgainstNetworkX compares Betweenness with NetworkX's
// betweenness_centrality(normalized=True) on hundreds of random graphs up to 80 people:
// sparse (many components) to dense, with and without communities.
func TestBetweennessAgainstNetworkX(t *testing.T) {
	var worlds []*world
	var cases []nxCase
	for _, seed := range seeds(t, 400, 40) {
		r := rand.New(rand.NewPCG(seed, 0x4E58))
		n := r.IntN(81)
		p := []float64{0.02, 0.05, 0.1, 0.3, 0.7}[r.IntN(5)]
		w := newWorld(r, n, p, 1+r.IntN(5))
		worlds = append(worlds, w)
		cases = append(cases, nxCase{Kind: "betweenness", N: n, Edges: edgesOf(w)})
	}
	var answers []nxAnswer
	nxcheck.Run(t, cases, &answers)
	for i, w := range worlds {
		got := Betweenness(w.graph(), 2)
		want := answers[i].Values
		if len(got) != len(want) {
			t.Fatalf("case %d: %d values, NetworkX %d", i, len(got), len(want))
		}
		for v := range got {
			if !near(got[v], want[v], 1e-9) {
				t.Fatalf("case %d (%v): person %d: %v, NetworkX %v", i, w, v, got[v], want[v])
			}
		}
	}
	t.Logf("%d graphs agree with NetworkX %s", len(worlds), nxcheck.Version)
}

// TestTeamCohesionAgainstNetworkX compares TeamCohesion with density, isolates and
// reciprocity computed with NetworkX on random teams.
func TestTeamCohesionAgainstNetworkX(t *testing.T) {
	var teams []team
	var cases []nxCase
	for _, seed := range seeds(t, 300, 30) {
		r := rand.New(rand.NewPCG(seed, 0xC0E5))
		tm := newTeam(r, r.IntN(14))
		teams = append(teams, tm)
		c := nxCase{Kind: "cohesion", Members: append([]string{}, tm.members...), Ties: [][3]any{}, Answers: [][3]any{}}
		for _, x := range tm.ties {
			c.Ties = append(c.Ties, [3]any{x.PersonA, x.PersonB, x.Trust})
		}
		for _, a := range tm.answers {
			c.Answers = append(c.Answers, [3]any{a.Respondent, a.Alter, a.Question})
		}
		cases = append(cases, c)
	}
	var answers []nxAnswer
	nxcheck.Run(t, cases, &answers)
	for i, tm := range teams {
		got := TeamCohesion(&ecograph.TeamGraph{Members: tm.members, Ties: tm.ties, Answers: tm.answers})
		want := answers[i]
		if want.Isolates == nil {
			want.Isolates = []string{}
		}
		if !near(got.Density, want.Density, 1e-12) || !near(got.AverageTrust, want.AverageTrust, 1e-12) ||
			!slices.Equal(got.Isolates, want.Isolates) || !sameReciprocity(got.Reciprocity, want.Reciprocity) {
			t.Fatalf("case %d %+v:\ngot density %v avg %v isolates %v reciprocity %v\nNetworkX %v %v %v %v", i, tm,
				got.Density, got.AverageTrust, got.Isolates, fmtPtr(got.Reciprocity),
				want.Density, want.AverageTrust, want.Isolates, fmtPtr(want.Reciprocity))
		}
	}
	t.Logf("%d teams agree with NetworkX %s", len(teams), nxcheck.Version)
}

// TestBridgesAgainstNetworkX compares Bridges with NetworkX's bridges on random graphs.
func TestBridgesAgainstNetworkX(t *testing.T) {
	var worlds []*world
	var cases []nxCase
	for _, seed := range seeds(t, 300, 30) {
		r := rand.New(rand.NewPCG(seed, 0xB21D))
		w := newWorld(r, r.IntN(80), []float64{0.01, 0.03, 0.06, 0.2}[r.IntN(4)], 1+r.IntN(4))
		worlds = append(worlds, w)
		cases = append(cases, nxCase{Kind: "bridges", N: w.n, Edges: edgesOf(w)})
	}
	var answers []nxAnswer
	nxcheck.Run(t, cases, &answers)
	for i, w := range worlds {
		var got [][2]int
		for _, b := range Bridges(w.graph()) {
			got = append(got, [2]int{int(b.A), int(b.B)})
		}
		slices.SortFunc(got, func(x, y [2]int) int {
			if x[0] != y[0] {
				return x[0] - y[0]
			}
			return x[1] - y[1]
		})
		if len(got) != len(answers[i].Bridges) || (len(got) > 0 && !slices.Equal(got, answers[i].Bridges)) {
			t.Fatalf("case %d %v:\ngot      %v\nNetworkX %v", i, w, got, answers[i].Bridges)
		}
	}
}

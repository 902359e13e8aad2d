package ona

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
)

func cohesionOf(members, ties int, avg float64, isolates int, answers, back int) ecograph.Cohesion {
	c := ecograph.Cohesion{Members: members, Ties: ties, AverageTrust: avg, Answers: answers, Reciprocated: back, Isolates: []string{}}
	if members >= 2 {
		c.Density = float64(ties) / float64(members*(members-1)/2)
	}
	for i := range isolates {
		c.Isolates = append(c.Isolates, string(rune('a'+i)))
	}
	if answers > 0 {
		r := float64(back) / float64(answers)
		c.Reciprocity = &r
	}
	return c
}

func TestTeamMaturity(t *testing.T) {
	house := cohesionOf(10, 20, 0.7, 0, 30, 20) // density 20/45 = 0.44
	open := Boundary{Members: 10, Internal: 20, External: 10}
	silo := Boundary{Members: 10, Internal: 20, External: 2}
	reach := Reach{People: 4, Connectors: 1}
	for _, tc := range []struct {
		name   string
		s      TeamSignals
		stage  ecograph.MaturityStage
		failed []string
		steps  int
		skip   bool // the "cannot be skipped" step
	}{
		{"ecosystem ready", TeamSignals{house, open, reach}, ecograph.StageEcosystemReady, nil, 0, false},
		{"collaborative, no outside ties", TeamSignals{house, open, Reach{}}, ecograph.StageCollaborative,
			[]string{"externalReach", "externalConnectors"}, 2, false},
		{"a silo", TeamSignals{house, silo, reach}, ecograph.StagePistol, []string{"crossTeamTies"}, 2, true},
		{"no survey", TeamSignals{cohesionOf(10, 20, 0.7, 0, 0, 0), open, reach}, ecograph.StagePistol, []string{"reciprocity"}, 2, true},
		{"weak trust, one-sided, isolates", TeamSignals{cohesionOf(10, 20, 0.3, 2, 10, 2), open, Reach{}}, ecograph.StagePistol,
			[]string{"averageTrust", "isolates", "reciprocity", "externalReach", "externalConnectors"}, 3, false},
		{"sparse", TeamSignals{cohesionOf(10, 13, 0.7, 0, 30, 20), open, reach}, ecograph.StagePistol, []string{"density"}, 2, true},
		{"density at the threshold passes", TeamSignals{cohesionOf(10, 14, 0.5, 1, 2, 1), Boundary{Internal: 4, External: 1}, reach},
			ecograph.StageEcosystemReady, nil, 0, false},
		{"no ties at all", TeamSignals{cohesionOf(3, 0, 0, 3, 0, 0), Boundary{Members: 3}, Reach{}}, ecograph.StagePistol,
			[]string{"density", "averageTrust", "isolates", "reciprocity", "crossTeamTies", "externalReach", "externalConnectors"}, 5, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := TeamMaturity(tc.s)
			var failed []string
			for _, c := range m.Checks {
				if !c.Passed {
					failed = append(failed, c.Name)
				}
				if c.Reason == "" || c.NextStep == "" {
					t.Fatalf("check %s without reason or step", c.Name)
				}
			}
			if m.Stage != tc.stage || !slices.Equal(failed, tc.failed) || len(m.NextSteps) != tc.steps {
				t.Fatalf("stage %s failed %v steps %q; want %s %v %d", m.Stage, failed, m.NextSteps, tc.stage, tc.failed, tc.steps)
			}
			if skip := len(m.NextSteps) > 0 && strings.Contains(m.NextSteps[0], "cannot be skipped"); skip != tc.skip {
				t.Fatalf("steps %q: the stages-cannot-be-skipped step: %v, want %v", m.NextSteps, skip, tc.skip)
			}
		})
	}
	// 0.3 of 45 pairs is 13.5: 14 ties pass, exactly at 0.30 a tie count cannot land, so
	// check the boundary on the value itself.
	if c := check(ecograph.StageCollaborative, "x", ptr(MinDensity), MinDensity, false, "", ""); !c.Passed {
		t.Fatal("a value at the threshold passes")
	}
	if c := check(ecograph.StageCollaborative, "x", ptr(MaxIsolateShare), MaxIsolateShare, true, "", ""); !c.Passed {
		t.Fatal("an at-most value at the threshold passes")
	}
}

// TestMaturityStagesCannotBeSkipped: on random signals, the stage is the highest whose own
// and earlier checks all pass, recomputed here from the thresholds, and never ECOSYSTEM_READY
// without every COLLABORATIVE threshold met.
func TestMaturityStagesCannotBeSkipped(t *testing.T) {
	for _, seed := range seeds(t, 5000, 500) {
		r := rand.New(rand.NewPCG(seed, 0x57A6E))
		n := 1 + r.IntN(20)
		ties := r.IntN(n*(n-1)/2 + 1)
		answers := r.IntN(30)
		c := cohesionOf(n, ties, r.Float64(), r.IntN(n+1), answers, r.IntN(answers+1))
		b := Boundary{Members: n, Internal: ties, External: r.IntN(3 * (ties + 1))}
		rc := Reach{People: r.IntN(n + 1)}
		rc.Connectors = r.IntN(rc.People + 1)
		m := TeamMaturity(TeamSignals{c, b, rc})

		share, hasTies := b.ExternalShare()
		col := c.Density >= MinDensity && c.Ties > 0 && c.AverageTrust >= MinAverageTrust &&
			float64(len(c.Isolates))/float64(n) <= MaxIsolateShare && c.Reciprocity != nil && *c.Reciprocity >= MinReciprocity &&
			hasTies && share >= MinExternalShare
		eco := float64(rc.People)/float64(n) >= MinTeamExternalReach && rc.Connectors >= 1
		want := ecograph.StagePistol
		if col && eco {
			want = ecograph.StageEcosystemReady
		} else if col {
			want = ecograph.StageCollaborative
		}
		if m.Stage != want {
			t.Fatalf("seed=%d %+v %+v %+v: stage %s, want %s\n%+v", seed, c, b, rc, m.Stage, want, m.Checks)
		}
	}
}

func TestOrganizationMaturity(t *testing.T) {
	good := OrgSignals{People: 100, Teams: 10, CollaborativeTeams: 7, InternalTies: 400, CrossTeamTies: 120, TrustSum: 240,
		Answers: 100, Reciprocated: 60, Reach: Reach{People: 20, Connectors: 2, Kinds: 1<<1 | 1<<2}, OwnKind: 0}
	if m := OrganizationMaturity(good); m.Stage != ecograph.StageEcosystemReady || len(m.NextSteps) != 0 {
		t.Fatalf("%+v", m)
	}
	onlyClients := good
	onlyClients.Reach.Kinds = 1 << 2
	if m := OrganizationMaturity(onlyClients); m.Stage != ecograph.StageCollaborative || len(m.NextSteps) != 1 {
		t.Fatalf("clients only: %+v", m)
	}
	fewTeams := good
	fewTeams.CollaborativeTeams = 5
	m := OrganizationMaturity(fewTeams)
	if m.Stage != ecograph.StagePistol || !strings.Contains(m.NextSteps[0], "cannot be skipped") || len(m.NextSteps) != 2 {
		t.Fatalf("half the teams collaborative: %+v", m)
	}
	noTeams := OrgSignals{People: 3, InternalTies: 3, CrossTeamTies: 3, TrustSum: 2.7, Answers: 2, Reciprocated: 2}
	if m := OrganizationMaturity(noTeams); m.Stage != ecograph.StagePistol || m.Checks[0].Value != nil || m.Checks[0].Passed {
		t.Fatalf("no teams: %+v", m)
	}
}

func TestExternalReach(t *testing.T) {
	// 0 and 1 at org 0 (OURS); 2 at org 1 (PARTNER), 3 at org 2 (CLIENT), 4 at org 3 (kind unknown).
	g := NewGraph(5, []Edge{{0, 1, 0.9}, {0, 2, 0.5}, {0, 3, 0.8}, {1, 3, 0.49}, {1, 4, 0.9}})
	org := []int32{0, 0, 1, 2, 3}
	kind := []int8{0, 0, 1, 2, -1}
	r := ExternalReach(g, []int32{0, 1, 1}, org, kind)
	if r != (Reach{People: 2, Connectors: 1, Kinds: 1<<1 | 1<<2}) {
		t.Fatalf("%+v", r)
	}
}

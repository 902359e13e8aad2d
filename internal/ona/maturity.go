package ona

import (
	"fmt"

	"github.com/ecograph/ecograph"
)

// The maturity stage of a team or an organisation: PISTOL, COLLABORATIVE or ECOSYSTEM_READY.
// Each stage has documented checks (thresholds below, docs/analytics.md says why); a stage is
// reached when all of its checks and all of the earlier stages' checks pass, so a team with
// strong outside ties but a weak house stays PISTOL: the stages cannot be skipped.

// Thresholds of the COLLABORATIVE stage.
const (
	// MinDensity: at least this share of member pairs are tied.
	MinDensity = 0.30
	// MinAverageTrust: the ties among members are, on average, at least moderately trusted.
	MinAverageTrust = 0.50
	// MaxIsolateShare: at most this share of members have no tie to another member.
	MaxIsolateShare = 0.10
	// MinReciprocity: at least this share of survey answers between members are returned.
	MinReciprocity = 0.50
	// MinExternalShare: at least this share of a team's ties leave it (not a knowledge silo),
	// = SiloShare; for an organisation, this share of its internal ties join people who
	// share no team.
	MinExternalShare = SiloShare
	// MinCollaborativeTeams: an organisation needs this share of its teams (of two or more
	// members) at COLLABORATIVE or above.
	MinCollaborativeTeams = 0.60
)

// Thresholds of the ECOSYSTEM_READY stage.
const (
	// TrustedTie is the trust from which a tie to another organisation counts as a trusted
	// external tie.
	TrustedTie = 0.50
	// MinTeamExternalReach: at least this share of a team's members have a trusted tie to
	// another organisation; MinOrgExternalReach the same for an organisation's people.
	MinTeamExternalReach = 0.25
	MinOrgExternalReach  = 0.15
	// An external connector has trusted ties to people of at least ConnectorOrgs other
	// organisations. A team needs one; an organisation one per ConnectorsPer people
	// (at least one).
	ConnectorOrgs = 2
	ConnectorsPer = 50
	// MinKindsReached: an organisation's trusted external ties reach organisations of both
	// other kinds (for us: partners and clients).
	MinKindsReached = 2
)

// Reach is what a group's trusted external ties (trust >= TrustedTie, to people of another
// organisation) reach.
type Reach struct {
	People     int   // members with at least one trusted external tie
	Connectors int   // members with trusted ties to ConnectorOrgs or more other organisations
	Kinds      uint8 // bit k: an organisation of kind ecograph.OrgKinds[k] is reached
}

// ExternalReach measures the trusted external ties of people (duplicates ignored); org and
// kind give each person's organisation and kind index (-1: unknown).
func ExternalReach(g *Graph, people []int32, org []int32, kind []int8) Reach {
	var r Reach
	seen := map[int32]bool{}
	for _, v := range people {
		if seen[v] {
			continue
		}
		seen[v] = true
		orgs := map[int32]bool{}
		trust := g.Trusts(v)
		for i, x := range g.Neighbors(v) {
			if trust[i] >= TrustedTie && org[x] != org[v] && org[x] >= 0 {
				orgs[org[x]] = true
				if kind[x] >= 0 {
					r.Kinds |= 1 << kind[x]
				}
			}
		}
		if len(orgs) > 0 {
			r.People++
		}
		if len(orgs) >= ConnectorOrgs {
			r.Connectors++
		}
	}
	return r
}

// TeamSignals is what a team's stage is decided from.
type TeamSignals struct {
	Cohesion ecograph.Cohesion // TeamCohesion: every tie among members, survey answers
	Boundary Boundary          // GroupBoundary: ties with trust > 0
	Reach    Reach             // ExternalReach of the members
}

// TeamMaturity decides a team's stage from its signals.
func TeamMaturity(s TeamSignals) ecograph.Maturity {
	c := s.Cohesion
	n := float64(max(c.Members, 1))
	var checks []ecograph.MaturityCheck
	add := func(stage ecograph.MaturityStage, name string, v *float64, threshold float64, atMost bool, reason, step string) {
		checks = append(checks, check(stage, name, v, threshold, atMost, reason, step))
	}
	col, eco := ecograph.StageCollaborative, ecograph.StageEcosystemReady
	add(col, "density", ptr(c.Density), MinDensity, false,
		fmt.Sprintf("%d of %d member pairs are tied (%.0f%%)", c.Ties, c.Members*(c.Members-1)/2, 100*c.Density),
		"Connect the team: pair members who do not work together yet on shared accounts.")
	trustV := ptr(c.AverageTrust)
	if c.Ties == 0 {
		trustV = nil
	}
	add(col, "averageTrust", trustV, MinAverageTrust, false,
		fmt.Sprintf("the ties among members have average trust %.2f", c.AverageTrust),
		"Build trust inside the team: joint account work, shared wins, team-level incentives.")
	add(col, "isolates", ptr(float64(len(c.Isolates))/n), MaxIsolateShare, true,
		fmt.Sprintf("%d of %d members have no tie to another member", len(c.Isolates), c.Members),
		"Bring the isolated members in: give each a buddy and a shared account.")
	add(col, "reciprocity", c.Reciprocity, MinReciprocity, false,
		reciprocityReason(c.Answers, c.Reciprocated),
		"Run (or repeat) the ONA survey and work on one-sided relationships: they are where trust is not returned.")
	share, ok := s.Boundary.ExternalShare()
	shareV := &share
	if !ok {
		shareV = nil
	}
	add(col, "crossTeamTies", shareV, MinExternalShare, false,
		fmt.Sprintf("%d of %d of the members' ties leave the team", s.Boundary.External, s.Boundary.Internal+s.Boundary.External),
		"Open the silo: share leads and insight with other teams (joint account reviews, rotations).")
	add(eco, "externalReach", ptr(float64(s.Reach.People)/n), MinTeamExternalReach, false,
		fmt.Sprintf("%d of %d members have a trusted tie (trust >= %.2f) to another organisation", s.Reach.People, c.Members, TrustedTie),
		"Give more members trusted relationships at partners and clients: introductions through the team's connectors.")
	add(eco, "externalConnectors", ptr(float64(s.Reach.Connectors)), 1, false,
		fmt.Sprintf("%d members have trusted ties to %d or more other organisations", s.Reach.Connectors, ConnectorOrgs),
		"Grow an external connector: a member trusted at two or more other organisations, and back them with the team.")
	return decide(checks)
}

// OrgSignals is what an organisation's stage is decided from.
type OrgSignals struct {
	People int
	// Teams counts its teams of two or more members; CollaborativeTeams those at
	// COLLABORATIVE or above (TeamMaturity).
	Teams, CollaborativeTeams int
	// InternalTies are the ties (trust > 0) between two of its people, CrossTeamTies those
	// between people who share no team, TrustSum their trust summed.
	InternalTies, CrossTeamTies int
	TrustSum                    float64
	// Answers and Reciprocated: survey answers between members of its teams, pooled.
	Answers, Reciprocated int
	// Reach: ExternalReach of its people; OwnKind the index of its kind (-1: unknown).
	Reach   Reach
	OwnKind int8
}

// OrganizationMaturity decides an organisation's stage from its signals.
func OrganizationMaturity(s OrgSignals) ecograph.Maturity {
	n := float64(max(s.People, 1))
	var checks []ecograph.MaturityCheck
	add := func(stage ecograph.MaturityStage, name string, v *float64, threshold float64, atMost bool, reason, step string) {
		checks = append(checks, check(stage, name, v, threshold, atMost, reason, step))
	}
	col, eco := ecograph.StageCollaborative, ecograph.StageEcosystemReady
	var teamsV *float64
	if s.Teams > 0 {
		teamsV = ptr(float64(s.CollaborativeTeams) / float64(s.Teams))
	}
	add(col, "collaborativeTeams", teamsV, MinCollaborativeTeams, false,
		fmt.Sprintf("%d of %d teams (of two or more members) are collaborative or ecosystem-ready", s.CollaborativeTeams, s.Teams),
		"Get the teams' houses in order first: see each team's maturity for its next steps.")
	var avgV, crossV *float64
	if s.InternalTies > 0 {
		avgV = ptr(s.TrustSum / float64(s.InternalTies))
		crossV = ptr(float64(s.CrossTeamTies) / float64(s.InternalTies))
	}
	add(col, "averageTrust", avgV, MinAverageTrust, false,
		fmt.Sprintf("the %d ties among its people have average trust %.2f", s.InternalTies, deref(avgV)),
		"Build trust across the organisation: shared accounts, shared incentives, recognition of help given.")
	add(col, "crossTeamTies", crossV, MinExternalShare, false,
		fmt.Sprintf("%d of its %d internal ties join people who share no team", s.CrossTeamTies, s.InternalTies),
		"Connect the teams: cross-team account reviews, shared leads, rotations; break the silos.")
	var recV *float64
	if s.Answers > 0 {
		recV = ptr(float64(s.Reciprocated) / float64(s.Answers))
	}
	add(col, "reciprocity", recV, MinReciprocity, false,
		reciprocityReason(s.Answers, s.Reciprocated)+" (within its teams)",
		"Run the ONA survey across the teams and act on relationships that are not returned.")
	add(eco, "externalReach", ptr(float64(s.Reach.People)/n), MinOrgExternalReach, false,
		fmt.Sprintf("%d of %d people have a trusted tie (trust >= %.2f) to another organisation", s.Reach.People, s.People, TrustedTie),
		"Widen the trusted relationships with partners and clients beyond a few people.")
	need := max(1, s.People/ConnectorsPer)
	add(eco, "externalConnectors", ptr(float64(s.Reach.Connectors)/float64(need)), 1, false,
		fmt.Sprintf("%d people have trusted ties to %d or more other organisations; %d wanted (one per %d people)",
			s.Reach.Connectors, ConnectorOrgs, need, ConnectorsPer),
		"Grow external connectors and match them with the ecosystem's connectors (see connectors across organisations).")
	kinds := 0
	for k := range len(ecograph.OrgKinds) {
		if s.Reach.Kinds&(1<<k) != 0 && int8(k) != s.OwnKind {
			kinds++
		}
	}
	add(eco, "kindsReached", ptr(float64(kinds)), MinKindsReached, false,
		fmt.Sprintf("trusted external ties reach %d of the %d other kinds of organisation", kinds, len(ecograph.OrgKinds)-1),
		"Reach both other kinds of organisation (for us: partners and clients) through trusted ties.")
	return decide(checks)
}

func check(stage ecograph.MaturityStage, name string, v *float64, threshold float64, atMost bool, reason, step string) ecograph.MaturityCheck {
	passed := v != nil && ((atMost && *v <= threshold) || (!atMost && *v >= threshold))
	if v == nil {
		reason = "not measurable: " + reason
	}
	return ecograph.MaturityCheck{Name: name, Stage: stage, Value: v, Threshold: threshold, AtMost: atMost,
		Passed: passed, Reason: reason, NextStep: step}
}

// decide returns the highest stage whose checks, and every earlier stage's, all pass, and
// the next steps: the failed checks of the next stage (for PISTOL, the COLLABORATIVE ones
// only, even where ecosystem checks pass: the stages cannot be skipped).
func decide(checks []ecograph.MaturityCheck) ecograph.Maturity {
	ok := map[ecograph.MaturityStage]bool{ecograph.StageCollaborative: true, ecograph.StageEcosystemReady: true}
	for _, c := range checks {
		if !c.Passed {
			ok[c.Stage] = false
		}
	}
	m := ecograph.Maturity{Stage: ecograph.StagePistol, Checks: checks, NextSteps: []string{}}
	next := ecograph.StageCollaborative
	switch {
	case ok[ecograph.StageCollaborative] && ok[ecograph.StageEcosystemReady]:
		m.Stage = ecograph.StageEcosystemReady
		return m
	case ok[ecograph.StageCollaborative]:
		m.Stage, next = ecograph.StageCollaborative, ecograph.StageEcosystemReady
	case ok[ecograph.StageEcosystemReady]:
		m.NextSteps = append(m.NextSteps, "The outside ties are there, but the stages cannot be skipped: get the house in order first.")
	}
	for _, c := range checks {
		if c.Stage == next && !c.Passed {
			m.NextSteps = append(m.NextSteps, c.NextStep)
		}
	}
	return m
}

func reciprocityReason(answers, back int) string {
	if answers == 0 {
		return "no survey answers between members"
	}
	return fmt.Sprintf("%d of %d survey answers between members are returned", back, answers)
}

func ptr(v float64) *float64 { return &v }

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

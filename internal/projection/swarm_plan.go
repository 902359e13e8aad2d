package projection

import (
	"cmp"
	"context"
	"slices"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/swarm"
)

// planTies is how many ties a blocker's or a connector's entry lists.
const planTies = 5

// SwarmPlan returns the swarm plan for the client institution org (see ecograph.SwarmPlan):
//
//   - its people by role;
//   - coverage: for each of its people, their ties (trust > 0) to people of OURS and PARTNER
//     organisations, most trusted first, then by id;
//   - gaps: its decision makers that no route from our people (OURS) meeting o reaches with
//     trust >= minRouteTrust; uncovered: its decision makers and influencers in that case;
//   - each blocker, with the decision makers they are tied to and the people of ours they
//     trust most; each connector, with the decision makers they are tied to and their ties to
//     our and our partners' people (the first planTies ties of each);
//   - a suggested team: few of our people (by greedy set cover, swarm.SuggestTeam) whose best
//     routes reach every covered decision maker and influencer with trust >= minRouteTrust,
//     each target assigned to the member with the most trusted route to it;
//   - its single points of failure under o (as SinglePointsOfFailure).
//
// Only the people v lets the caller see (nil: everyone) take part. With a partner's v (OwnOrg
// set), a tie that touches none of its own people shows its band's floor, and so does every
// route trust; lists are ordered by what is shown. Callers round a partner's thresholds down
// to band floors, as for route searches.
// A minRouteTrust of 0 counts any route.
// Errors: EINVALID for bad options or a minRouteTrust outside [0, 1].
func (f *Finder) SwarmPlan(ctx context.Context, org string, minRouteTrust float64, o ecograph.RouteOptions, v *ecograph.Visibility) (*ecograph.SwarmPlan, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if !(minRouteTrust >= 0 && minRouteTrust <= 1) {
		return nil, ecograph.Invalid("minRouteTrust", "must be in [0, 1], got %v", minRouteTrust)
	}
	s, err := f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	G := s.Graph
	g, reach, sources := s.swarmInput(o, v)
	own := ""
	if v != nil {
		own = v.OwnOrg
	}
	present := func(i int32) bool { return reach.Absent == nil || !reach.Absent[i] }
	ours := func(i int32) bool { return G.OrgKind(i) == ecograph.OrgOurs }
	oursOrPartner := func(i int32) bool { return ours(i) || G.OrgKind(i) == ecograph.OrgPartner }
	show := func(a, b int32, t float64) ecograph.ShownTie {
		if own == "" || G.OrgID(a) == own || G.OrgID(b) == own {
			return ecograph.ShownTie{Trust: t, Exact: true}
		}
		return ecograph.ShownTie{Trust: ecograph.BandFloor(t)}
	}
	byID := func(a, b int32) int { return cmp.Compare(G.ID(a), G.ID(b)) }

	var members []int32
	for i := int32(0); int(i) < G.NumPeople(); i++ {
		if G.OrgID(i) == org && present(i) {
			members = append(members, i)
		}
	}
	slices.SortFunc(members, byID)

	plan := &ecograph.SwarmPlan{OrganizationID: org, MinRouteTrust: minRouteTrust, People: map[string]*ecograph.Person{},
		Organizations: map[string]*ecograph.Organization{}, ByRole: []ecograph.RoleGroup{}, Coverage: []ecograph.PersonCoverage{},
		Gaps: []string{}, Uncovered: []string{}, Blockers: []ecograph.BlockerPlan{}, Connectors: []ecograph.ConnectorPlan{},
		Team: []ecograph.SwarmAssignment{}, Critical: []ecograph.CriticalPerson{}}
	name := func(i int32) string {
		id := G.ID(i)
		if _, ok := plan.People[id]; !ok {
			if p := s.people[id]; p != nil {
				plan.People[id] = p
				if o := s.orgs[p.OrganizationID]; o != nil {
					plan.Organizations[o.ID] = o
				}
			}
		}
		return id
	}
	// ties returns i's ties (trust > 0) to present people that keep passes, as shown, most
	// trusted first, then by id; at most limit of them (all when limit < 0).
	ties := func(i int32, keep func(int32) bool, limit int) []ecograph.PlanTie {
		type arc struct {
			w int32
			t ecograph.ShownTie
		}
		var arcs []arc
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			if w := g.To[e]; g.Trust[e] > 0 && present(w) && keep(w) {
				arcs = append(arcs, arc{w, show(i, w, g.Trust[e])})
			}
		}
		slices.SortFunc(arcs, func(a, b arc) int {
			if c := cmp.Compare(b.t.Trust, a.t.Trust); c != 0 {
				return c
			}
			return byID(a.w, b.w)
		})
		if limit >= 0 && len(arcs) > limit {
			arcs = arcs[:limit]
		}
		out := make([]ecograph.PlanTie, len(arcs))
		for k, a := range arcs {
			out[k] = ecograph.PlanTie{PersonID: name(a.w), ShownTie: a.t}
		}
		return out
	}
	dm := func(i int32) bool { return G.HasRole(i, ecograph.RoleDecisionMaker) }
	neighbours := func(i int32, keep func(int32) bool) []string {
		var out []int32
		for e := g.Off[i]; e < g.Off[i+1]; e++ {
			if w := g.To[e]; g.Trust[e] > 0 && present(w) && keep(w) {
				out = append(out, w)
			}
		}
		slices.SortFunc(out, byID)
		ids := make([]string, len(out))
		for k, w := range out {
			ids[k] = name(w)
		}
		return ids
	}
	inOrgDM := func(w int32) bool { return dm(w) && G.OrgID(w) == org }

	for _, r := range ecograph.Roles {
		grp := ecograph.RoleGroup{Role: r}
		for _, m := range members {
			if G.HasRole(m, r) {
				grp.People = append(grp.People, name(m))
			}
		}
		if len(grp.People) > 0 {
			plan.ByRole = append(plan.ByRole, grp)
		}
	}
	var targets, dms []int32
	for _, m := range members {
		name(m)
		plan.Coverage = append(plan.Coverage, ecograph.PersonCoverage{PersonID: G.ID(m), Ties: ties(m, oursOrPartner, -1)})
		if dm(m) {
			dms = append(dms, m)
		}
		if dm(m) || G.HasRole(m, ecograph.RoleInfluencer) {
			targets = append(targets, m)
		}
		if G.HasRole(m, ecograph.RoleBlocker) {
			plan.Blockers = append(plan.Blockers, ecograph.BlockerPlan{PersonID: G.ID(m), Guards: neighbours(m, inOrgDM),
				TrustedOurs: ties(m, ours, planTies)})
		}
		if G.HasRole(m, ecograph.RoleConnector) {
			plan.Connectors = append(plan.Connectors, ecograph.ConnectorPlan{PersonID: G.ID(m), DecisionMakers: neighbours(m, inOrgDM),
				Ours: ties(m, oursOrPartner, planTies)})
		}
	}

	// Who of ours reaches which target, how strongly: one search per target, bounded by the
	// threshold (routes are symmetric, so from the target to our people).
	searcher := swarm.NewSearcher(g, reach)
	reaches := map[int32][]swarm.Reached{}
	for _, t := range targets {
		covered := false
		for _, x := range searcher.BestTrusts(t, minRouteTrust) {
			if ours(x.Person) {
				reaches[x.Person] = append(reaches[x.Person], swarm.Reached{Person: t, Trust: x.Trust})
				covered = true
			}
		}
		if !covered {
			plan.Uncovered = append(plan.Uncovered, G.ID(t))
			if dm(t) {
				plan.Gaps = append(plan.Gaps, G.ID(t))
			}
		}
	}
	cands := make([]swarm.Candidate, 0, len(reaches))
	for p, rs := range reaches {
		cands = append(cands, swarm.Candidate{Person: p, Reaches: rs})
	}
	slices.SortFunc(cands, func(a, b swarm.Candidate) int { return byID(a.Person, b.Person) })
	for _, a := range swarm.SuggestTeam(cands) {
		sa := ecograph.SwarmAssignment{PersonID: name(a.Person)}
		for _, t := range a.Targets {
			tt := ecograph.PlanTarget{PersonID: name(t.Person), Trust: t.Trust, Exact: own == ""}
			if !tt.Exact {
				tt.Trust = ecograph.BandFloor(t.Trust)
			}
			sa.Targets = append(sa.Targets, tt)
		}
		// By what is shown, so that bands do not leak the hidden order.
		slices.SortFunc(sa.Targets, func(x, y ecograph.PlanTarget) int {
			if c := cmp.Compare(y.Trust, x.Trust); c != 0 {
				return c
			}
			return cmp.Compare(x.PersonID, y.PersonID)
		})
		plan.Team = append(plan.Team, sa)
	}

	by := map[int32][]string{}
	for _, res := range swarm.SinglePointsOfFailure(g, sources, dms, reach) {
		for _, c := range res.Critical {
			by[c] = append(by[c], name(res.Target))
		}
	}
	for c, ids := range by {
		slices.Sort(ids)
		plan.Critical = append(plan.Critical, ecograph.CriticalPerson{PersonID: name(c), DecisionMakers: ids})
	}
	slices.SortFunc(plan.Critical, func(a, b ecograph.CriticalPerson) int {
		if c := cmp.Compare(len(b.DecisionMakers), len(a.DecisionMakers)); c != 0 {
			return c
		}
		return cmp.Compare(a.PersonID, b.PersonID)
	})
	return plan, nil
}

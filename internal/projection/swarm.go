package projection

import (
	"cmp"
	"context"
	"slices"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/swarm"
)

// SinglePointsOfFailure returns the people that org's decision makers hang on, as the
// contract's `singlePointsOfFailure` says: sources are the people of OURS organisations,
// targets org's decision makers, and a person is critical for a reached target when without
// them no route from a source meets o (minTrust, maxHops, avoidBlockers, avoid and
// throughKinds; the objective plays no part). Only the people v lets the caller see (nil:
// everyone) exist for the search: they alone are sources, intermediates, targets and critical.
// The set also says which of org's visible decision makers are reached, and carries the people
// it names as the same snapshot knew them. An unknown org has no decision makers: an empty set.
// Errors: EINVALID for bad options.
func (f *Finder) SinglePointsOfFailure(ctx context.Context, org string, o ecograph.RouteOptions, v *ecograph.Visibility) (*ecograph.CriticalSet, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	s, err := f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	g, reach, sources := s.swarmInput(o, v)
	targets := visibleOnly(s.decisionMakers[org], reach.Absent)
	results := swarm.SinglePointsOfFailure(g, sources, targets, reach)

	set := &ecograph.CriticalSet{People: map[string]*ecograph.Person{}, Organizations: map[string]*ecograph.Organization{},
		Critical: []ecograph.CriticalPerson{}, Reached: []string{}, Unreached: []string{}}
	by := map[int32][]string{}
	for _, res := range results {
		id := s.Graph.ID(res.Target)
		s.name(set, id)
		if !res.Reached {
			set.Unreached = append(set.Unreached, id)
			continue
		}
		set.Reached = append(set.Reached, id)
		for _, c := range res.Critical {
			by[c] = append(by[c], id)
		}
	}
	for c, dms := range by {
		slices.Sort(dms)
		id := s.Graph.ID(c)
		s.name(set, id)
		set.Critical = append(set.Critical, ecograph.CriticalPerson{PersonID: id, DecisionMakers: dms})
	}
	slices.SortFunc(set.Critical, func(a, b ecograph.CriticalPerson) int {
		if c := cmp.Compare(len(b.DecisionMakers), len(a.DecisionMakers)); c != 0 {
			return c
		}
		return cmp.Compare(a.PersonID, b.PersonID)
	})
	slices.Sort(set.Reached)
	slices.Sort(set.Unreached)
	return set, nil
}

// AccountRisks returns, of the given accounts (account id -> target organisation id), those
// whose reached decision makers all hang on one person: each person in HangsOn, if absent,
// would leave none of the target's decision makers reached (sources, options and visibility
// as in SinglePointsOfFailure). Accounts whose target has no reached decision maker, or
// that no single person holds, are left out; the rest are ordered by account id. One search
// serves every account.
// Errors: EINVALID for bad options.
func (f *Finder) AccountRisks(ctx context.Context, accounts map[string]string, o ecograph.RouteOptions, v *ecograph.Visibility) ([]ecograph.AccountRisk, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	s, err := f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	g, reach, sources := s.swarmInput(o, v)
	orgs := map[string][]int32{} // target organisation -> its visible decision makers
	var targets []int32
	for _, org := range accounts {
		if _, ok := orgs[org]; !ok {
			dms := visibleOnly(s.decisionMakers[org], reach.Absent)
			orgs[org] = dms
			targets = append(targets, dms...)
		}
	}
	results := swarm.SinglePointsOfFailure(g, sources, targets, reach)
	byTarget := make(map[int32]swarm.TargetResult, len(results))
	for _, res := range results {
		byTarget[res.Target] = res
	}
	out := []ecograph.AccountRisk{}
	for acc, org := range accounts {
		var rs []swarm.TargetResult
		for _, t := range orgs[org] {
			rs = append(rs, byTarget[t])
		}
		hang := swarm.HangsOn(rs)
		if len(hang) == 0 {
			continue
		}
		risk := ecograph.AccountRisk{AccountID: acc}
		for _, p := range hang {
			risk.HangsOn = append(risk.HangsOn, s.Graph.ID(p))
		}
		for _, r := range rs {
			if r.Reached {
				risk.DecisionMakers = append(risk.DecisionMakers, s.Graph.ID(r.Target))
			}
		}
		slices.Sort(risk.HangsOn)
		slices.Sort(risk.DecisionMakers)
		out = append(out, risk)
	}
	slices.SortFunc(out, func(a, b ecograph.AccountRisk) int { return cmp.Compare(a.AccountID, b.AccountID) })
	return out, nil
}

// swarmInput adapts the snapshot's graph to package swarm for options o and visibility v:
// the arcs in place, who may not be an intermediate, who is absent, and the sources (the
// people of OURS organisations).
func (s *Snapshot) swarmInput(o ecograph.RouteOptions, v *ecograph.Visibility) (*swarm.Graph, swarm.Reach, []int32) {
	g := s.Graph
	n := g.NumPeople()
	off, to, trust := g.Arcs()
	reach := swarm.Reach{MinTrust: o.MinTrust, MaxHops: o.MaxHops, NoIntermediate: make([]bool, n)}
	if v != nil {
		reach.Absent = make([]bool, n)
	}
	own := ""
	if v != nil && v.OwnOrg != "" { // a partner: minTrust split by hop, as in route searches
		own = v.OwnOrg
		reach.Own = make([]bool, n)
		reach.HiddenMinTrust = ecograph.HiddenMinTrust(o.MinTrust)
	}
	kinds := map[ecograph.OrgKind]bool{}
	for _, k := range o.AllowedOrgKinds {
		kinds[k] = true
	}
	var sources []int32
	for i := int32(0); int(i) < n; i++ {
		kind := g.OrgKind(i)
		if kind == ecograph.OrgOurs {
			sources = append(sources, i)
		}
		reach.NoIntermediate[i] = (o.AvoidBlockers && g.HasRole(i, ecograph.RoleBlocker)) ||
			(len(kinds) > 0 && !kinds[kind])
		if v != nil {
			reach.Absent[i] = !v.Sees(g.ID(i), g.OrgID(i))
		}
		if own != "" {
			reach.Own[i] = g.OrgID(i) == own
		}
	}
	for _, id := range o.Avoid {
		if i, ok := g.Index(id); ok {
			reach.NoIntermediate[i] = true
		}
	}
	return &swarm.Graph{Off: off, To: to, Trust: trust, Sorted: true}, reach, sources
}

// visibleOnly returns the people of ids that are not absent.
func visibleOnly(ids []int32, absent []bool) []int32 {
	if absent == nil {
		return ids
	}
	out := make([]int32, 0, len(ids))
	for _, i := range ids {
		if !absent[i] {
			out = append(out, i)
		}
	}
	return out
}

// name puts the person id and their organisation, as s knows them, into set.
func (s *Snapshot) name(set *ecograph.CriticalSet, id string) {
	if p := s.people[id]; p != nil {
		set.People[id] = p
		if o := s.orgs[p.OrganizationID]; o != nil {
			set.Organizations[o.ID] = o
		}
	}
}

package resolvers

import (
	"context"
	"errors"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph/model"
	"github.com/vikstrous/dataloadgen"
)

// Analytics computes the network measures (implemented by projection.Analytics). It sees the
// whole graph: the resolvers decide what the caller may ask for.
type Analytics interface {
	// Connectors returns the betweenness of every person of the organisation (everyone for
	// ""), highest first.
	Connectors(ctx context.Context, org string) (*ecograph.Connectors, error)
	// TeamCohesion returns the cohesion of a team that sc may see; ENOTFOUND otherwise.
	TeamCohesion(ctx context.Context, sc ecograph.Scope, team string) (*ecograph.Cohesion, error)
	// TeamBoundaries returns the E-I index of every team with a member at org ("" for all).
	TeamBoundaries(ctx context.Context, org string) ([]ecograph.TeamBoundary, error)
	// Brokers returns the people who broker between the two kinds, most pairs first.
	Brokers(ctx context.Context, x, y ecograph.OrgKind) ([]ecograph.BrokerScore, error)
	// Bridges returns the bridges among org's people ("" for everyone) splitting off at
	// least minSide people, most consequential first.
	Bridges(ctx context.Context, org string, minSide int) ([]ecograph.BridgeTie, error)
	// TeamMaturity returns the stage of a team that sc may see; ENOTFOUND otherwise.
	TeamMaturity(ctx context.Context, sc ecograph.Scope, team string) (*ecograph.Maturity, error)
	// OrganizationMaturity returns the stage of an organisation, its teams read with sc.
	OrganizationMaturity(ctx context.Context, sc ecograph.Scope, org string) (*ecograph.Maturity, error)
	// EcosystemMatches returns the new ties that would add client decision makers to our
	// reach over ties of trust >= minTrust, the largest gain first.
	EcosystemMatches(ctx context.Context, minTrust float64, avoidBlockers bool) ([]ecograph.EcosystemMatch, error)
}

// analytics returns the configured Analytics; ENOTIMPLEMENTED when there is none.
func (r *Resolver) analytics() (Analytics, error) {
	if r.Analytics == nil {
		return nil, ecograph.Errorf(ecograph.ENOTIMPLEMENTED, "analytics are not configured on this server")
	}
	return r.Analytics, nil
}

// orgScope checks that the caller may ask for a measure over org's people ("" for
// everyone): connectors, team boundaries and silos, bridges, an organisation's maturity.
// Our roles may ask for any scope. A partner only for its own organisation (the share-level
// policy's NeedOwn, ecograph.Policy): a measure over anyone else is computed from ties it may
// not see (who knows whom among our people and our clients', and which ties have trust > 0).
// Errors: ENOTFOUND for an organisation that is unknown or that the caller may not see;
// EFORBIDDEN for a partner asking for everyone or for another organisation.
func (r *Resolver) orgScope(ctx context.Context, c *ecograph.Caller, org *string) (string, error) {
	if org != nil {
		if _, err := notFoundAs(r.loaders(ctx).Organization.Load(ctx, *org))("organization", *org); err != nil {
			return "", err
		}
	}
	if !c.Scope().HidesTrust() {
		return deref(org), nil
	}
	if org == nil {
		return "", ecograph.Errorf(ecograph.EFORBIDDEN, "a partner may ask for measures over its own organisation only: set organization to %q", c.OrgID)
	}
	// The policy table is keyed by the query's field name (connectors, bridges, ...).
	if err := r.authorize(ctx, c, queryName(ctx, "connectors"), orgArg("organization", *org)); err != nil {
		return "", err
	}
	return *org, nil
}

// connectorScores maps the first n scores to GraphQL, with the people as the caller's loaders
// see them (one batched read). A person deleted since the scores were computed is left out
// and the next one moves up: a few more than n are read for that.
func (r *Resolver) connectorScores(ctx context.Context, res *ecograph.Connectors, n int) ([]*model.ConnectorScore, error) {
	if n == 0 {
		return []*model.ConnectorScore{}, nil
	}
	top := res.Scores[:min(n+n/4+8, len(res.Scores))]
	ids := make([]string, len(top))
	for i, s := range top {
		ids[i] = s.PersonID
	}
	people, err := r.loaders(ctx).Person.LoadAll(ctx, ids)
	var errs dataloadgen.ErrorSlice
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	out := make([]*model.ConnectorScore, 0, n)
	for i, s := range top {
		if len(out) == n {
			break
		}
		if i < len(errs) && errs[i] != nil {
			if errors.Is(errs[i], dataloadgen.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		m := &model.ConnectorScore{Person: people[i], Betweenness: s.Betweenness, Exact: res.Exact}
		if !res.Exact {
			eps := res.Epsilon
			m.ErrorBound = &eps
		}
		out = append(out, m)
	}
	return out, nil
}

// cohesion maps a team's cohesion to GraphQL, with its isolates as the caller's loaders see
// them. Errors: ECONFLICT when an isolate was deleted while the team was read.
func (r *Resolver) cohesion(ctx context.Context, c *ecograph.Cohesion) (*model.Cohesion, error) {
	m := &model.Cohesion{Density: c.Density, AverageTrust: c.AverageTrust, Reciprocity: c.Reciprocity,
		Members: c.Members, Ties: c.Ties, Answers: c.Answers, Isolates: []*ecograph.Person{}}
	if len(c.Isolates) > 0 {
		people, err := r.loaders(ctx).Person.LoadAll(ctx, c.Isolates)
		if err != nil {
			return nil, notFoundAsInternal(err, "person", "")
		}
		m.Isolates = people
	}
	return m, nil
}

// teamBoundaries maps team boundaries to GraphQL with the teams as the caller's loaders see
// them; a team deleted meanwhile is left out.
func (r *Resolver) teamBoundaries(ctx context.Context, bs []ecograph.TeamBoundary) ([]*model.TeamBoundary, error) {
	ids := make([]string, len(bs))
	for i, b := range bs {
		ids[i] = b.TeamID
	}
	teams, err := r.loaders(ctx).Team.LoadAll(ctx, ids)
	var errs dataloadgen.ErrorSlice
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	out := make([]*model.TeamBoundary, 0, len(bs))
	for i, b := range bs {
		if i < len(errs) && errs[i] != nil {
			if errors.Is(errs[i], dataloadgen.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		out = append(out, &model.TeamBoundary{Team: teams[i], Members: b.Members, InternalTies: b.Internal,
			ExternalTies: b.External, CrossTeamTies: b.CrossTeam, EiIndex: b.EI, ExternalShare: b.ExternalShare, Silo: b.Silo})
	}
	return out, nil
}

// loadPeople returns the people with the given ids as the caller's loaders see them, and
// whether each was found (a person deleted meanwhile is not).
func (r *Resolver) loadPeople(ctx context.Context, ids []string) ([]*ecograph.Person, []bool, error) {
	people, err := r.loaders(ctx).Person.LoadAll(ctx, ids)
	var errs dataloadgen.ErrorSlice
	if err != nil && !errors.As(err, &errs) {
		return nil, nil, err
	}
	found := make([]bool, len(ids))
	for i := range ids {
		if i < len(errs) && errs[i] != nil {
			if !errors.Is(errs[i], dataloadgen.ErrNotFound) {
				return nil, nil, errs[i]
			}
			continue
		}
		found[i] = true
	}
	return people, found, nil
}

// maturity maps a stage with its checks to GraphQL.
func maturity(m *ecograph.Maturity) *model.Maturity {
	out := &model.Maturity{Stage: model.MaturityStage(m.Stage), NextSteps: m.NextSteps, Checks: make([]*model.MaturityCheck, len(m.Checks))}
	for i, c := range m.Checks {
		out.Checks[i] = &model.MaturityCheck{Name: c.Name, Stage: model.MaturityStage(c.Stage), Value: c.Value,
			Threshold: c.Threshold, AtMost: c.AtMost, Passed: c.Passed, Reason: c.Reason}
	}
	return out
}

// ecosystemMatches maps the first n matches to GraphQL, with the people as the caller's
// loaders see them (one batched read). A match one of whose people was deleted since the
// snapshot is left out (its decision makers deleted meanwhile are left out of it).
func (r *Resolver) ecosystemMatches(ctx context.Context, ms []ecograph.EcosystemMatch, n int) ([]*model.EcosystemMatch, error) {
	out := []*model.EcosystemMatch{}
	if n == 0 {
		return out, nil
	}
	ms = ms[:min(len(ms), n+n/4+8)]
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.OursID, m.ExternalID)
		ids = append(ids, m.DecisionMakerIDs...)
	}
	people, found, err := r.loadPeople(ctx, ids)
	if err != nil {
		return nil, err
	}
	i := 0
	for _, m := range ms {
		at := i
		i += 2 + len(m.DecisionMakerIDs)
		if !found[at] || !found[at+1] || len(out) == n {
			continue
		}
		dms := []*ecograph.Person{}
		for j := range m.DecisionMakerIDs {
			if found[at+2+j] {
				dms = append(dms, people[at+2+j])
			}
		}
		out = append(out, &model.EcosystemMatch{Ours: people[at], External: people[at+1], Gain: len(dms),
			DecisionMakers: dms, Reached: m.Reached, RouteTrust: m.RouteTrust})
	}
	return out, nil
}

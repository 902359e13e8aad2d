package resolvers

import (
	"context"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph/model"
	"github.com/ecograph/ecograph/internal/swarm"
)

// SwarmStore is what the swarm resolvers read from the database (implemented by cypher.Store).
type SwarmStore interface {
	// FindIntroducers returns the unranked candidates for introducers to `to` (and `from`)
	// among the people sc sees and v lets route searches pass through (nil: all sc sees).
	// Errors: ENOTFOUND when to or from is unknown or not visible that way.
	FindIntroducers(ctx context.Context, sc ecograph.Scope, v *ecograph.Visibility, to string, from *string) (*ecograph.IntroducerSet, error)
}

// SwarmFinder answers the swarm's questions about the whole graph over the route projection
// (implemented by projection.Finder). Options are validated by the caller.
type SwarmFinder interface {
	// SinglePointsOfFailure returns the people org's decision makers hang on, over the people
	// v lets the caller see (nil: everyone).
	SinglePointsOfFailure(ctx context.Context, org string, o ecograph.RouteOptions, v *ecograph.Visibility) (*ecograph.CriticalSet, error)
	// AccountRisks returns, of the accounts (id -> target organisation), those whose reached
	// decision makers all hang on one person.
	AccountRisks(ctx context.Context, accounts map[string]string, o ecograph.RouteOptions, v *ecograph.Visibility) ([]ecograph.AccountRisk, error)
	// SwarmPlan returns the swarm plan for the institution org over the people v lets the
	// caller see (nil: everyone).
	SwarmPlan(ctx context.Context, org string, minRouteTrust float64, o ecograph.RouteOptions, v *ecograph.Visibility) (*ecograph.SwarmPlan, error)
}

// DefaultMinRouteTrust is the route trust at which the swarm plan counts a target as covered
// when the query leaves `minRouteTrust` out.
const DefaultMinRouteTrust = 0.3

// DefaultIntroducers is how many introducers `introducers` returns when `first` is left out.
const DefaultIntroducers = 5

// The swarm's dependencies come from the Resolver's own: the Store when it is a SwarmStore
// (cypher.Store is), the route finder when it is a SwarmFinder (projection.Finder is), so
// that wiring a server needs nothing new.

func (r *Resolver) swarmStore() (SwarmStore, error) {
	if s, ok := r.Store.(SwarmStore); ok {
		return s, nil
	}
	return nil, ecograph.Errorf(ecograph.EINTERNAL, "no swarm store configured")
}

func (r *Resolver) swarmFinder() (SwarmFinder, error) {
	if f, ok := r.Routes.(SwarmFinder); ok {
		return f, nil
	}
	return nil, ecograph.Errorf(ecograph.EINTERNAL, "no swarm finder configured")
}

// introducers answers `introducers`: it checks the arguments, reads the candidates the
// caller may see, ranks them (with a partner's bands) and maps them.
// Errors: EINVALID naming "first" or "from"; ENOTFOUND for an unknown or invisible to/from.
func (r *Resolver) introducers(ctx context.Context, to string, from *string, first *int) ([]*model.Introducer, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	n := DefaultIntroducers
	if first != nil {
		if n, err = ecograph.PageSize(first); err != nil {
			return nil, err
		}
	}
	if from != nil && *from == to {
		return nil, ecograph.Invalid("from", "must differ from `to` (both are %q)", to)
	}
	subjects := []subjectRef{personArg("to", to)}
	if from != nil {
		subjects = append(subjects, personArg("from", *from))
	}
	if err := r.authorize(ctx, c, "introducers", subjects...); err != nil {
		return nil, err
	}
	store, err := r.swarmStore()
	if err != nil {
		return nil, err
	}
	v, _, err := r.routeScope(ctx, c, ecograph.DefaultRouteOptions())
	if err != nil {
		return nil, err
	}
	set, err := store.FindIntroducers(ctx, c.Scope(), v, to, from)
	if err != nil {
		return nil, err
	}
	own := ""
	if v != nil {
		own = v.OwnOrg
	}
	ranked := swarm.RankIntroducers(*set, own, n)
	if len(ranked) == 0 {
		return []*model.Introducer{}, nil
	}

	ids := []string{to}
	if from != nil {
		ids = append(ids, *from)
	}
	orgIDs := make([]string, 0, len(ranked))
	for _, in := range ranked {
		ids = append(ids, in.PersonID)
		orgIDs = append(orgIDs, in.OrganizationID)
	}
	l := r.loaders(ctx)
	people, err := l.Person.LoadAll(ctx, ids)
	if err != nil {
		return nil, missingAsConflict(err)
	}
	orgs, err := l.Organization.LoadAll(ctx, orgIDs)
	if err != nil {
		return nil, missingAsConflict(err)
	}
	toPerson, fromPerson := people[0], (*ecograph.Person)(nil)
	if from != nil {
		fromPerson = people[1]
	}
	people = people[len(ids)-len(ranked):]
	out := make([]*model.Introducer, len(ranked))
	for i, in := range ranked {
		m := &model.Introducer{Person: people[i], Organization: orgs[i], Trust: in.Trust, TrustBand: ecograph.TrustBand(in.Trust),
			Exact: in.Exact, ToTrust: in.To.Trust, ToTie: tieView(in.PersonID, toPerson, in.To)}
		if in.From != nil && fromPerson != nil {
			ft := in.From.Trust
			m.FromTrust = &ft
			m.FromTie = tieView(in.PersonID, fromPerson, *in.From)
		}
		out[i] = m
	}
	return out, nil
}

// tieView is the tie between self and other as Person.ties would show it to the caller: the
// value where it is exact, null where it is a band's floor.
func tieView(self string, other *ecograph.Person, t ecograph.ShownTie) *ecograph.TieView {
	tv := &ecograph.TieView{Self: self, Person: other, Rank: t.Trust, Source: t.Source}
	if t.Exact {
		trust := t.Trust
		tv.Trust = &trust
	}
	return tv
}

// singlePointsOfFailure answers `singlePointsOfFailure`.
// Errors: EINVALID for bad options; ENOTFOUND for an unknown or invisible organisation.
func (r *Resolver) singlePointsOfFailure(ctx context.Context, organization string, options *model.RouteOptions) ([]*model.CriticalPerson, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	o, err := routeOptions(options)
	if err != nil {
		return nil, err
	}
	if err := r.authorize(ctx, c, "singlePointsOfFailure", orgArg("organization", organization)); err != nil {
		return nil, err
	}
	if _, err := notFoundAs(r.loaders(ctx).Organization.Load(ctx, organization))("organization", organization); err != nil {
		return nil, err
	}
	finder, err := r.swarmFinder()
	if err != nil {
		return nil, err
	}
	v, o, err := r.routeScope(ctx, c, o)
	if err != nil {
		return nil, err
	}
	set, err := finder.SinglePointsOfFailure(ctx, organization, o, v)
	if err != nil {
		return nil, err
	}
	var ids []string
	for _, cp := range set.Critical {
		ids = append(ids, cp.PersonID)
		ids = append(ids, cp.DecisionMakers...)
	}
	byID, err := r.snapshotPeople(ctx, ids, set.People, set.Organizations)
	if err != nil {
		return nil, err
	}
	out := make([]*model.CriticalPerson, len(set.Critical))
	for i, cp := range set.Critical {
		m := &model.CriticalPerson{Person: byID[cp.PersonID], DecisionMakers: make([]*ecograph.Person, len(cp.DecisionMakers))}
		for j, id := range cp.DecisionMakers {
			m.DecisionMakers[j] = byID[id]
		}
		out[i] = m
	}
	return out, nil
}

// snapshotPeople returns the people of ids as the projection's snapshot knew them (people,
// orgs), priming the loaders with them so that nested fields need no round trip; a person the
// snapshot lacks is read from the store.
// Errors: ECONFLICT when one was deleted concurrently.
func (r *Resolver) snapshotPeople(ctx context.Context, ids []string, people map[string]*ecograph.Person, orgs map[string]*ecograph.Organization) (map[string]*ecograph.Person, error) {
	l := r.loaders(ctx)
	byID := make(map[string]*ecograph.Person, len(ids))
	var missing []string
	for _, id := range ids {
		if _, ok := byID[id]; ok {
			continue
		}
		if p := people[id]; p != nil && p.OrganizationID != "" {
			byID[id] = p
			l.Person.Prime(id, p)
		} else {
			byID[id] = nil
			missing = append(missing, id)
		}
	}
	for id, o := range orgs {
		l.Organization.Prime(id, o)
	}
	if len(missing) > 0 {
		loaded, err := l.Person.LoadAll(ctx, missing)
		if err != nil {
			return nil, missingAsConflict(err)
		}
		for _, p := range loaded {
			byID[p.ID] = p
		}
	}
	return byID, nil
}

// allAccounts returns every account sc may see, by id.
func (r *Resolver) allAccounts(ctx context.Context, sc ecograph.Scope) ([]*ecograph.Account, error) {
	const batch = 1000
	var out []*ecograph.Account
	after := ""
	for {
		page, err := r.Store.FindAccounts(ctx, sc, after, batch)
		if err != nil {
			return nil, err
		}
		out = append(out, page...)
		if len(page) < batch {
			return out, nil
		}
		after = page[len(page)-1].ID
	}
}

// accountsHangingOnOnePerson answers `accountsHangingOnOnePerson` (our roles only).
// Errors: EFORBIDDEN for partners; EINVALID for bad options.
func (r *Resolver) accountsHangingOnOnePerson(ctx context.Context, options *model.RouteOptions) ([]*model.AccountRisk, error) {
	c, err := ecograph.RequireRole(ctx, "list the accounts that hang on one person", ecograph.CallerAdmin, ecograph.CallerAnalyst, ecograph.CallerSeller)
	if err != nil {
		return nil, err
	}
	o, err := routeOptions(options)
	if err != nil {
		return nil, err
	}
	finder, err := r.swarmFinder()
	if err != nil {
		return nil, err
	}
	accounts, err := r.allAccounts(ctx, c.Scope())
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*ecograph.Account, len(accounts))
	targets := make(map[string]string, len(accounts))
	for _, a := range accounts {
		byID[a.ID] = a
		targets[a.ID] = a.TargetID
	}
	risks, err := finder.AccountRisks(ctx, targets, o, nil)
	if err != nil {
		return nil, err
	}
	out := make([]*model.AccountRisk, 0, len(risks))
	for _, risk := range risks {
		hangsOn, err := r.visiblePeople(ctx, risk.HangsOn)
		if err != nil {
			return nil, err
		}
		dms, err := r.visiblePeople(ctx, risk.DecisionMakers)
		if err != nil {
			return nil, err
		}
		out = append(out, &model.AccountRisk{Account: byID[risk.AccountID], HangsOn: hangsOn, DecisionMakers: dms})
	}
	return out, nil
}

// accountHangsOn answers `Account.hangsOn` for one account the caller sees.
// Errors: EINVALID for bad options; ENOTROUTABLE for a partner's account shared below ROUTES.
func (r *Resolver) accountHangsOn(ctx context.Context, a *ecograph.Account, options *model.RouteOptions) ([]*ecograph.Person, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	o, err := routeOptions(options)
	if err != nil {
		return nil, err
	}
	// The account's share level is the caller's reach of its target here (our roles: any).
	if err := ecograph.Authorize(c, "hangsOn", ecograph.Subject{Field: "hangsOn", Kind: "account", ID: a.ID,
		Reach: ecograph.ReachOf(a.Level)}); err != nil {
		return nil, err
	}
	finder, err := r.swarmFinder()
	if err != nil {
		return nil, err
	}
	v, o, err := r.routeScope(ctx, c, o)
	if err != nil {
		return nil, err
	}
	risks, err := finder.AccountRisks(ctx, map[string]string{a.ID: a.TargetID}, o, v)
	if err != nil || len(risks) == 0 {
		return []*ecograph.Person{}, err
	}
	return r.visiblePeople(ctx, risks[0].HangsOn)
}

// swarmPlan answers `swarmPlan` for an organisation or an account's target.
// Errors: EINVALID naming "organization" (neither or both of organization and account),
// "minRouteTrust" or an option; ENOTFOUND for an unknown or invisible organisation or account.
func (r *Resolver) swarmPlan(ctx context.Context, organization, account *string, minRouteTrust *float64, options *model.RouteOptions) (*model.SwarmPlan, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	if (organization == nil) == (account == nil) {
		return nil, ecograph.Invalid("organization", "give exactly one of organization and account")
	}
	theta := DefaultMinRouteTrust
	if minRouteTrust != nil {
		theta = *minRouteTrust
	}
	if !(theta >= 0 && theta <= 1) {
		return nil, ecograph.Invalid("minRouteTrust", "must be in [0, 1], got %v", theta)
	}
	o, err := routeOptions(options)
	if err != nil {
		return nil, err
	}
	l := r.loaders(ctx)
	var org string
	if account != nil {
		a, err := notFoundAs(l.Account.Load(ctx, *account))("account", *account)
		if err != nil {
			return nil, err
		}
		org = a.TargetID
	} else {
		org = *organization
	}
	field := "organization"
	if account != nil {
		field = "account"
	}
	if err := r.authorize(ctx, c, "swarmPlan", subjectRef{field, "organization", org}); err != nil {
		return nil, err
	}
	target, err := notFoundAs(l.Organization.Load(ctx, org))("organization", org)
	if err != nil {
		return nil, err
	}
	finder, err := r.swarmFinder()
	if err != nil {
		return nil, err
	}
	v, o, err := r.routeScope(ctx, c, o)
	if err != nil {
		return nil, err
	}
	if v != nil {
		theta = ecograph.BandFloor(theta) // as minTrust: no probing hidden values
	}
	plan, err := finder.SwarmPlan(ctx, org, theta, o, v)
	if err != nil {
		return nil, err
	}
	var ids []string
	for id := range plan.People {
		ids = append(ids, id)
	}
	byID, err := r.snapshotPeople(ctx, ids, plan.People, plan.Organizations)
	if err != nil {
		return nil, err
	}
	people := func(ids []string) []*ecograph.Person {
		out := make([]*ecograph.Person, len(ids))
		for i, id := range ids {
			out[i] = byID[id]
		}
		return out
	}
	ties := func(self string, ts []ecograph.PlanTie) []*ecograph.TieView {
		out := make([]*ecograph.TieView, len(ts))
		for i, t := range ts {
			out[i] = tieView(self, byID[t.PersonID], t.ShownTie)
		}
		return out
	}
	m := &model.SwarmPlan{Organization: target, MinRouteTrust: plan.MinRouteTrust, PeopleByRole: []*model.RoleGroup{},
		Coverage: []*model.PersonCoverage{}, Gaps: people(plan.Gaps), Uncovered: people(plan.Uncovered),
		Blockers: []*model.BlockerPlan{}, Connectors: []*model.ConnectorPlan{}, Team: []*model.SwarmAssignment{},
		SinglePointsOfFailure: []*model.CriticalPerson{}}
	for _, g := range plan.ByRole {
		m.PeopleByRole = append(m.PeopleByRole, &model.RoleGroup{Role: g.Role, People: people(g.People)})
	}
	for _, cv := range plan.Coverage {
		m.Coverage = append(m.Coverage, &model.PersonCoverage{Person: byID[cv.PersonID], CoveredBy: ties(cv.PersonID, cv.Ties)})
	}
	for _, b := range plan.Blockers {
		m.Blockers = append(m.Blockers, &model.BlockerPlan{Blocker: byID[b.PersonID], Guards: people(b.Guards), TrustedOurs: ties(b.PersonID, b.TrustedOurs)})
	}
	for _, cn := range plan.Connectors {
		m.Connectors = append(m.Connectors, &model.ConnectorPlan{Connector: byID[cn.PersonID], DecisionMakers: people(cn.DecisionMakers),
			Ours: ties(cn.PersonID, cn.Ours)})
	}
	for _, a := range plan.Team {
		sa := &model.SwarmAssignment{Person: byID[a.PersonID]}
		for _, t := range a.Targets {
			sa.Targets = append(sa.Targets, &model.SwarmTarget{Person: byID[t.PersonID], Trust: t.Trust, Exact: t.Exact})
		}
		m.Team = append(m.Team, sa)
	}
	for _, cp := range plan.Critical {
		m.SinglePointsOfFailure = append(m.SinglePointsOfFailure, &model.CriticalPerson{Person: byID[cp.PersonID], DecisionMakers: people(cp.DecisionMakers)})
	}
	if m.Expertise, err = r.expertise(ctx, c, org, v != nil && len(plan.People) == 0); err != nil {
		return nil, err
	}
	return m, nil
}

// ExpertiseStore finds our people whose expertise matches an institution's topics
// (implemented by cypher.Store); without it a swarm plan's expertise is empty.
type ExpertiseStore interface {
	FindExpertise(ctx context.Context, sc ecograph.Scope, org string) ([]ecograph.TopicExpertise, error)
}

// expertise is a swarm plan's expertise section for org; none when empty is set (a partner
// whose plan is empty).
func (r *Resolver) expertise(ctx context.Context, c *ecograph.Caller, org string, empty bool) ([]*model.TopicExpertise, error) {
	out := []*model.TopicExpertise{}
	es, ok := r.Store.(ExpertiseStore)
	if !ok || empty {
		return out, nil
	}
	found, err := es.FindExpertise(ctx, c.Scope(), org)
	if err != nil {
		return nil, err
	}
	for _, e := range found {
		out = append(out, &model.TopicExpertise{Topic: e.Topic, People: e.People})
	}
	return out, nil
}

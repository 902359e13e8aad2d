package resolvers

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/ecograph/ecograph"
	"github.com/vikstrous/dataloadgen"
)

// subjectRef names what a query is about: the argument, the kind (person or organization) and
// the id.
type subjectRef struct{ field, kind, id string }

func personArg(field, id string) subjectRef { return subjectRef{field, "person", id} }
func orgArg(field, id string) subjectRef    { return subjectRef{field, "organization", id} }

// authorize asks the share-level policy (ecograph.Authorize, the one table) whether the
// caller may ask query about each subject, in order; the first refusal is returned. Our own
// roles reach everything, so nothing is read for them (unknown ids are the query's own
// NOT_FOUND). For a partner, the reach of each subject is computed from what its scope shows
// (the loaders), its route scope and its shared accounts' levels.
// Errors: ENOTFOUND, ENOTROUTABLE, EFORBIDDEN (see ecograph.Authorize).
func (r *Resolver) authorize(ctx context.Context, c *ecograph.Caller, query string, subjects ...subjectRef) error {
	if !c.Scope().HidesTrust() {
		for _, s := range subjects {
			if err := ecograph.Authorize(c, query, ecograph.Subject{Field: s.field, Kind: s.kind, ID: s.id, Reach: ecograph.ReachOwn}); err != nil {
				return err
			}
		}
		return nil
	}
	var pr *partnerReach
	for _, s := range subjects {
		if pr == nil {
			pr = &partnerReach{r: r, c: c}
		}
		reach, err := pr.of(ctx, s)
		if err != nil {
			return err
		}
		if err := ecograph.Authorize(c, query, ecograph.Subject{Field: s.field, Kind: s.kind, ID: s.id, Reach: reach}); err != nil {
			return err
		}
	}
	return nil
}

// partnerReach computes a partner's reach of people and organisations, reading its route
// scope and its accounts once.
type partnerReach struct {
	r        *Resolver
	c        *ecograph.Caller
	v        *ecograph.Visibility
	accounts []*ecograph.Account
	read     bool
}

func (p *partnerReach) load(ctx context.Context) error {
	if p.read {
		return nil
	}
	v, err := p.r.loaders(ctx).routeScopeOf(ctx, p.r.Store, p.c.Scope())
	if err != nil {
		return err
	}
	accounts, err := p.r.allAccounts(ctx, p.c.Scope())
	if err != nil {
		return err
	}
	p.v, p.accounts, p.read = v, accounts, true
	return nil
}

// of returns the partner's reach of s: ReachNone when its scope does not show s; ReachOwn for
// its own organisation and people; ReachRoutes where its route scope lets searches pass;
// otherwise, for an organisation, the highest level it is shared at (NAMES for one of ours
// that is visible only through swarm members), and for a person ReachNames.
func (p *partnerReach) of(ctx context.Context, s subjectRef) (ecograph.Reach, error) {
	l := p.r.loaders(ctx)
	switch s.kind {
	case "person":
		person, err := l.Person.Load(ctx, s.id)
		if errors.Is(err, dataloadgen.ErrNotFound) {
			return ecograph.ReachNone, nil
		} else if err != nil {
			return 0, err
		}
		if person.OrganizationID == p.c.OrgID {
			return ecograph.ReachOwn, nil
		}
		if err := p.load(ctx); err != nil {
			return 0, err
		}
		if p.v.Sees(person.ID, person.OrganizationID) {
			return ecograph.ReachRoutes, nil
		}
		return ecograph.ReachNames, nil
	default:
		_, err := l.Organization.Load(ctx, s.id)
		if errors.Is(err, dataloadgen.ErrNotFound) {
			return ecograph.ReachNone, nil
		} else if err != nil {
			return 0, err
		}
		if s.id == p.c.OrgID {
			return ecograph.ReachOwn, nil
		}
		if err := p.load(ctx); err != nil {
			return 0, err
		}
		if p.v.Orgs[s.id] {
			return ecograph.ReachRoutes, nil
		}
		best := ecograph.ReachNone
		for _, a := range p.accounts {
			if a.TargetID == s.id {
				best = max(best, ecograph.ReachOf(a.Level))
			}
		}
		if best == ecograph.ReachNone {
			best = ecograph.ReachNames // visible through swarm members only
		}
		return best, nil
	}
}

// queryName returns the name of the field being resolved (the policy table's key), or def
// outside a GraphQL request.
func queryName(ctx context.Context, def string) string {
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Field.Field != nil {
		return fc.Field.Name
	}
	return def
}

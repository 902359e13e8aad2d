package resolvers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph/model"
	"github.com/vikstrous/dataloadgen"
)

// routeOptions turns the GraphQL input into validated domain options, the contract's
// defaults filling what is missing. Errors: EINVALID naming the option.
func routeOptions(in *model.RouteOptions) (ecograph.RouteOptions, error) {
	o := ecograph.DefaultRouteOptions()
	if in != nil {
		if in.Objective != nil {
			o.Objective = *in.Objective
		}
		if in.MinTrust != nil {
			o.MinTrust = *in.MinTrust
		}
		if in.MaxHops != nil {
			o.MaxHops = *in.MaxHops
		}
		if in.AvoidBlockers != nil {
			o.AvoidBlockers = *in.AvoidBlockers
		}
		o.Avoid = in.Avoid
		o.AllowedOrgKinds = in.ThroughKinds
	}
	return o, o.Validate()
}

func validateK(k int) error {
	if k < 1 || k > ecograph.MaxRoutesK {
		return ecograph.Invalid("k", "must be in 1..%d, got %d", ecograph.MaxRoutesK, k)
	}
	return nil
}

// explainRoutes maps domain routes to GraphQL routes, loading every person on them in one
// batch, and writes each hop's explanation.
func (r *Resolver) explainRoutes(ctx context.Context, routes []ecograph.Route) ([]*model.Route, error) {
	l := r.loaders(ctx)
	seen := map[string]bool{}
	var ids []string
	for _, rt := range routes {
		for _, id := range rt.People {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	// The route finder's snapshot knows the people it routed over; prime the loaders with
	// them so nested fields (organization, teams) need no round trip either.
	byID, orgOf := r.Routes.Lookup(ids)
	var missing []string
	for _, id := range ids {
		if p := byID[id]; p != nil {
			l.Person.Prime(id, p)
		} else {
			missing = append(missing, id)
		}
	}
	for id, o := range orgOf {
		l.Organization.Prime(id, o)
	}
	if len(missing) > 0 {
		people, err := l.Person.LoadAll(ctx, missing)
		if err != nil {
			return nil, missingAsConflict(err)
		}
		for _, p := range people {
			byID[p.ID] = p
		}
	}
	var orgIDs []string
	for _, id := range ids {
		if o := byID[id].OrganizationID; orgOf[o] == nil {
			orgIDs = append(orgIDs, o)
		}
	}
	if len(orgIDs) > 0 {
		orgs, err := l.Organization.LoadAll(ctx, orgIDs)
		if err != nil {
			return nil, missingAsConflict(err)
		}
		for _, o := range orgs {
			orgOf[o.ID] = o
		}
	}
	out := make([]*model.Route, len(routes))
	for i, rt := range routes {
		m := &model.Route{Trust: rt.Trust, Length: rt.Length, WeakestTrust: 1}
		var sum strings.Builder
		for j, id := range rt.People {
			p := byID[id]
			m.People = append(m.People, p)
			if j == 0 {
				fmt.Fprintf(&sum, "%s (%s)", p.Name, orgOf[p.OrganizationID].Name)
			}
		}
		for _, h := range rt.Hops {
			from, to := byID[h.From], byID[h.To]
			src := h.Source
			m.Hops = append(m.Hops, &model.Hop{From: from, To: to, Trust: h.Trust, Source: &src,
				Explanation: explainHop(from, to, orgOf, h)})
			if h.Trust < m.WeakestTrust {
				m.WeakestTrust = h.Trust
			}
			fmt.Fprintf(&sum, " -%.2f-> %s (%s)", h.Trust, to.Name, orgOf[to.OrganizationID].Name)
		}
		fmt.Fprintf(&sum, "; trust %.3f over %d hops", rt.Trust, rt.Length)
		m.Summary = sum.String()
		out[i] = m
	}
	return out, nil
}

func explainHop(from, to *ecograph.Person, orgOf map[string]*ecograph.Organization, h ecograph.Hop) string {
	describe := func(p *ecograph.Person) string {
		o := orgOf[p.OrganizationID]
		s := p.Name
		if p.Title != "" {
			s += ", " + p.Title
		}
		s += " at " + o.Name + " (" + strings.ToLower(string(o.Kind)) + ")"
		if len(p.Roles) > 0 {
			rs := make([]string, len(p.Roles))
			for i, r := range p.Roles {
				rs[i] = strings.ToLower(strings.ReplaceAll(string(r), "_", " "))
			}
			s += " [" + strings.Join(rs, ", ") + "]"
		}
		return s
	}
	src := h.Source
	if src == "" {
		src = "unknown source"
	}
	return fmt.Sprintf("%s knows %s: %s trust %.2f (%s)", describe(from), describe(to), band(h.Trust), h.Trust, src)
}

// band names a trust value's strength, as partners see it where the value is private.
func band(t float64) string {
	switch {
	case t >= 0.7:
		return "strong"
	case t >= 0.4:
		return "moderate"
	}
	return "weak"
}

func missingAsConflict(err error) error {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return ecograph.Errorf(ecograph.ECONFLICT, "a person on the route was deleted concurrently; try again")
	}
	return err
}

func (r *Resolver) trustedRoutes(ctx context.Context, from, to string, k int, options *model.RouteOptions) ([]*model.Route, error) {
	if _, err := ecograph.RequireCaller(ctx); err != nil {
		return nil, err
	}
	if from == to {
		return nil, ecograph.Invalid("to", "must differ from `from` (both are %q)", from)
	}
	if err := validateK(k); err != nil {
		return nil, err
	}
	o, err := routeOptions(options)
	if err != nil {
		return nil, err
	}
	routes, err := r.Routes.Routes(ctx, from, to, k, o)
	if err != nil {
		return nil, err
	}
	return r.explainRoutes(ctx, routes)
}

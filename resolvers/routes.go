package resolvers

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph/model"
	"github.com/ecograph/ecograph/internal/analyst"
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

// routeScope returns whom the caller's route searches may pass through (nil: everyone; a
// partner's scope carries its own organisation). minTrust is left as asked: every search
// over the projection (routes, swarm) splits a partner's minTrust by hop (projection's
// routeOptions and swarmInput, ecograph.HiddenMinTrust), so that no hop the partner sees
// exactly falls below it and a hidden value cannot be probed.
func (r *Resolver) routeScope(ctx context.Context, c *ecograph.Caller, o ecograph.RouteOptions) (*ecograph.Visibility, ecograph.RouteOptions, error) {
	if !c.Scope().HidesTrust() {
		// Our own roles search the whole graph: no round trip to compute a scope.
		return nil, o, nil
	}
	v, err := r.loaders(ctx).routeScopeOf(ctx, r.Store, c.Scope())
	if err != nil {
		return nil, o, err
	}
	return v, o, nil
}

// explainRoutes maps domain routes to GraphQL routes and writes each hop's explanation. The
// people and organisations come from the snapshot the routes were found in (set), so a route
// and its explanation agree while writes land; the loaders are primed with them so nested
// fields (organization, teams) need no round trip. Only a person the snapshot saw without an
// employer (a read that met a change of employer half-way) is read afresh from the store.
// With a partner's visibility (v.OwnOrg set), a hop that does not touch the partner's own
// people shows its band's floor instead of its trust, and the route's trust, weakest trust and
// summary are computed from what is shown.
// Errors: ECONFLICT when a person or organisation on a route was deleted concurrently.
// A partner's routes are then ordered best first by what it sees (showBest), and a banded
// hop's words say its band's range (and, under a minTrust above 0.7, why it passed).
func (r *Resolver) explainRoutes(ctx context.Context, set *ecograph.RouteSet, v *ecograph.Visibility, o ecograph.RouteOptions) ([]*model.Route, error) {
	routes := set.Routes
	l := r.loaders(ctx)
	seen := map[string]bool{}
	byID := make(map[string]*ecograph.Person, len(set.People))
	orgOf := make(map[string]*ecograph.Organization, len(set.Organizations))
	var missing []string
	for _, rt := range routes {
		for _, id := range rt.People {
			if seen[id] {
				continue
			}
			seen[id] = true
			if p := set.People[id]; p != nil && p.OrganizationID != "" {
				byID[id] = p
				l.Person.Prime(id, p)
			} else {
				missing = append(missing, id)
			}
		}
	}
	for id, o := range set.Organizations {
		orgOf[id] = o
		l.Organization.Prime(id, o)
	}
	if len(missing) > 0 {
		people, err := l.Person.LoadAll(ctx, missing)
		if err != nil {
			forget(l.Person, missing)
			r.Routes.Touch(missing...) // the next snapshot re-reads them: a retry sees the delete
			return nil, missingAsConflict(err)
		}
		for _, p := range people {
			byID[p.ID] = p
		}
	}
	var orgIDs []string
	for id := range seen {
		if o := byID[id].OrganizationID; orgOf[o] == nil {
			orgIDs = append(orgIDs, o)
		}
	}
	if len(orgIDs) > 0 {
		orgs, err := l.Organization.LoadAll(ctx, orgIDs)
		if err != nil {
			forget(l.Organization, orgIDs)
			var people []string
			for id := range seen {
				people = append(people, id)
			}
			r.Routes.Touch(people...)
			return nil, missingAsConflict(err)
		}
		for _, o := range orgs {
			orgOf[o.ID] = o
		}
	}
	own := ""
	if v != nil {
		own = v.OwnOrg
	}
	wants := wantedRouteFields(ctx)
	out := make([]*model.Route, len(routes))
	for i, rt := range routes {
		m := &model.Route{Trust: rt.Trust, Length: rt.Length, WeakestTrust: 1, Exact: true}
		var sum strings.Builder
		for j, id := range rt.People {
			p := byID[id]
			m.People = append(m.People, p)
			if j == 0 {
				fmt.Fprintf(&sum, "%s (%s)", p.Name, orgOf[p.OrganizationID].Name)
			}
		}
		shownTrust := 1.0
		banded := map[string]int{}
		for _, h := range rt.Hops {
			from, to := byID[h.From], byID[h.To]
			exact := own == "" || from.OrganizationID == own || to.OrganizationID == own
			if !exact {
				h.Trust = ecograph.BandFloor(h.Trust)
				m.Exact = false
				banded[ecograph.TrustBand(h.Trust)]++
				if ecograph.PrivateSource(h.Source) {
					h.Source = "" // would say that we hold private evidence or an override
				}
			}
			src := h.Source
			shownTrust *= h.Trust
			expl := ""
			if wants.explanation {
				expl = explainHop(from, to, orgOf, h, exact)
				if !exact && o.MinTrust > ecograph.HiddenMinTrust(o.MinTrust) {
					expl += fmt.Sprintf("; its value is private, and it meets minTrust %.2f as a strong hop, the highest band", o.MinTrust)
				}
			}
			m.Hops = append(m.Hops, &model.Hop{From: from, To: to, Trust: h.Trust, TrustBand: ecograph.TrustBand(h.Trust),
				Exact: exact, Source: &src, Explanation: expl})
			if h.Trust < m.WeakestTrust {
				m.WeakestTrust = h.Trust
			}
			if exact {
				fmt.Fprintf(&sum, " -%.2f-> %s (%s)", h.Trust, to.Name, orgOf[to.OrganizationID].Name)
			} else {
				fmt.Fprintf(&sum, " -%s-> %s (%s)", ecograph.TrustBand(h.Trust), to.Name, orgOf[to.OrganizationID].Name)
			}
		}
		if !m.Exact {
			m.Trust = shownTrust
		}
		if m.Exact {
			fmt.Fprintf(&sum, "; trust %.3f over %d hops", m.Trust, rt.Length)
		} else {
			fmt.Fprintf(&sum, "; %s over %d hops", bandedTrustText(m.Trust, banded), rt.Length)
		}
		m.Summary = sum.String()
		if v == nil && wants.browser { // our roles only: Browser sees the whole graph
			m.Browser = r.browserLink(rt.People)
		}
		out[i] = m
	}
	if own != "" {
		showBest(out, o.Objective)
	}
	return out, nil
}

// routeWants says which of a route's costlier computed fields the query selects.
type routeWants struct{ explanation, browser bool }

// wantedRouteFields reads, from the GraphQL field being resolved, whether its routes' hops
// select explanation and whether the routes select browser (fragments, aliases, @skip and
// @include applied), so that neither is built for nothing: the Browser link alone was 40% of
// explaining a route (docs/benchmarks.md, "GraphQL overhead and the load generator"). Outside
// a field returning routes (a direct call) it wants everything.
func wantedRouteFields(ctx context.Context) routeWants {
	all := routeWants{explanation: true, browser: true}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil || fc.Field.Definition.Type.Name() != "Route" || !graphql.HasOperationContext(ctx) {
		return all
	}
	op := graphql.GetOperationContext(ctx)
	var w routeWants
	for _, f := range graphql.CollectFields(op, fc.Field.Selections, []string{"Route"}) {
		switch f.Name {
		case "browser":
			w.browser = true
		case "hops":
			for _, h := range graphql.CollectFields(op, f.Selections, []string{"Hop"}) {
				w.explanation = w.explanation || h.Name == "explanation"
			}
		}
	}
	return w
}

// bandedTrustText says what a partner knows of a route with banded hops: how many hops of each
// band (in words, with their ranges), and the trust the bands' floors give when that says
// anything (never "at least 0.000").
func bandedTrustText(floor float64, banded map[string]int) string {
	var parts []string
	for _, b := range []string{ecograph.BandStrong, ecograph.BandModerate, ecograph.BandWeak} {
		if n := banded[b]; n > 0 {
			hops := "hops"
			if n == 1 {
				hops = "hop"
			}
			parts = append(parts, fmt.Sprintf("%d %s %s", n, ecograph.BandText(b), hops))
		}
	}
	s := "trust private on " + strings.Join(parts, ", ")
	if floor > 0 {
		s += fmt.Sprintf(", so at least %.3f", floor)
	}
	return s
}

// showBest orders a partner's routes best first by what it sees: MOST_TRUSTED by the shown
// trust (band floors on banded hops), then fewer hops; FEWEST_HOPS by hops, then shown trust;
// then by the people's ids, so that among equal shown values the order says nothing of the
// hidden ones. (Which k routes are returned is the engine's, by the true values.)
func showBest(routes []*model.Route, objective ecograph.RouteObjective) {
	key := func(r *model.Route) string {
		ids := make([]string, len(r.People))
		for i, p := range r.People {
			ids[i] = p.ID
		}
		return strings.Join(ids, "\x00")
	}
	slices.SortStableFunc(routes, func(a, b *model.Route) int {
		byTrust := cmp.Compare(b.Trust, a.Trust)
		byHops := cmp.Compare(a.Length, b.Length)
		if objective == ecograph.FewestHops {
			byTrust, byHops = byHops, byTrust
		}
		if byTrust != 0 {
			return byTrust
		}
		if byHops != 0 {
			return byHops
		}
		return strings.Compare(key(a), key(b))
	})
}

func explainHop(from, to *ecograph.Person, orgOf map[string]*ecograph.Organization, h ecograph.Hop, exact bool) string {
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
	if !exact {
		return fmt.Sprintf("%s knows %s: %s trust, the value private to us (%s)", describe(from), describe(to), ecograph.BandText(ecograph.TrustBand(h.Trust)), src)
	}
	return fmt.Sprintf("%s knows %s: %s trust %.2f (%s)", describe(from), describe(to), ecograph.TrustBand(h.Trust), h.Trust, src)
}

// forget clears ids from a loader, so that a retry reads them again instead of the cached
// not-found.
func forget[V any](l *dataloadgen.Loader[string, V], ids []string) {
	for _, id := range ids {
		l.Clear(id)
	}
}

func missingAsConflict(err error) error {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return ecograph.Errorf(ecograph.ECONFLICT, "a person or organisation on the route was deleted concurrently; try again")
	}
	return err
}

func (r *Resolver) trustedRoutes(ctx context.Context, from, to string, k int, options *model.RouteOptions) ([]*model.Route, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
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
	if err := r.authorize(ctx, c, queryName(ctx, "trustedRoutes"), personArg("from", from), personArg("to", to)); err != nil {
		return nil, err
	}
	v, o, err := r.routeScope(ctx, c, o)
	if err != nil {
		return nil, err
	}
	return retryConflict(func() ([]*model.Route, error) {
		set, err := r.Routes.VisibleRoutes(ctx, from, to, k, o, v)
		if err != nil {
			return nil, err
		}
		return r.explainRoutes(ctx, set, v, o)
	})
}

// retryConflict runs fn and, when it fails with ECONFLICT (someone on a route was deleted
// while it was explained), runs it once more: explainRoutes has cleared the loaders' cached
// not-found and told the route finder, so the retry searches a snapshot without them.
func retryConflict(fn func() ([]*model.Route, error)) ([]*model.Route, error) {
	out, err := fn()
	if ecograph.ErrorCode(err) == ecograph.ECONFLICT {
		out, err = fn()
	}
	return out, err
}

// decisionMakerRoutes answers both decision-maker route queries: it checks the caller, k, the
// options and the organisation (NOT_FOUND when unknown or invisible), then asks sources for
// the people the routes may start at, and returns up to k routes, each ending at a different
// decision maker of the organisation.
// subjects are the sources' arguments the share-level policy checks before the organisation
// (the person form's `from`; the organisation form's `fromOrganization`).
func (r *Resolver) decisionMakerRoutes(ctx context.Context, organization string, k int, options *model.RouteOptions,
	subjects []subjectRef, sources func(c *ecograph.Caller) ([]string, error)) ([]*model.Route, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateK(k); err != nil {
		return nil, err
	}
	o, err := routeOptions(options)
	if err != nil {
		return nil, err
	}
	if err := r.authorize(ctx, c, queryName(ctx, "routesToDecisionMakers"), append(subjects, orgArg("organization", organization))...); err != nil {
		return nil, err
	}
	// The organisation must exist and be visible (NOT_FOUND first, before any other answer).
	// A partner's visibility is the store's to say, so a partner asks it before anything else.
	// Our roles see every organisation: a route found to one of its decision makers proves it
	// exists in the snapshot the route came from, so the store is asked only when there is no
	// such route or something else failed (a hot path with no Neo4j round trip; an organisation
	// written a moment ago and not yet in the snapshot is still found).
	checkOrg := func() error {
		_, err := notFoundAs(r.loaders(ctx).Organization.Load(ctx, organization))("organization", organization)
		return err
	}
	ours := !c.Scope().HidesTrust()
	if !ours {
		if err := checkOrg(); err != nil {
			return nil, err
		}
	}
	// orgFirst returns the organisation's NOT_FOUND in place of a later answer, as when it was
	// checked first.
	orgFirst := func(routes []*model.Route, err error) ([]*model.Route, error) {
		if ours && (err != nil || !endsAt(routes, organization)) {
			if oerr := checkOrg(); oerr != nil {
				return nil, oerr
			}
		}
		return routes, err
	}
	from, err := sources(c)
	if err != nil || len(from) == 0 {
		return orgFirst([]*model.Route{}, err)
	}
	v, o, err := r.routeScope(ctx, c, o)
	if err != nil {
		return orgFirst(nil, err)
	}
	return orgFirst(retryConflict(func() ([]*model.Route, error) {
		set, err := r.Routes.VisibleRoutesToDecisionMakers(ctx, from, organization, k, o, v)
		if err != nil {
			return nil, err
		}
		return r.explainRoutes(ctx, set, v, o)
	}))
}

// endsAt reports whether a route ends at a person of the organisation (one of its decision
// makers, as the routes were found in one snapshot).
func endsAt(routes []*model.Route, organization string) bool {
	for _, rt := range routes {
		if n := len(rt.People); n > 0 && rt.People[n-1] != nil && rt.People[n-1].OrganizationID == organization {
			return true
		}
	}
	return false
}

// notFoundAs turns a loader's not-found into the domain's NOT_FOUND for the kind and id.
func notFoundAs[T any](v T, err error) func(kind, id string) (T, error) {
	return func(kind, id string) (T, error) {
		if errors.Is(err, dataloadgen.ErrNotFound) {
			return v, ecograph.NotFound(kind, id)
		}
		return v, err
	}
}

// browserLink returns the Cypher that draws the route through the people ids and the URL
// that opens it in Neo4j Browser; nil when the configured Browser URL is not valid (checked
// when the server starts).
func (r *Resolver) browserLink(ids []string) *model.BrowserLink {
	base := r.BrowserURL
	if base == "" {
		base = analyst.DefaultBrowserURL
	}
	q := analyst.RouteCypher(ids)
	u, err := analyst.BrowserURL(base, q)
	if err != nil {
		return nil
	}
	return &model.BrowserLink{Cypher: q, URL: u}
}

// maxSources is the most people a team or organisation form of the decision-maker routes
// starts from.
const maxSources = 10000

// sourceIDs returns the ids of the people f selects that the caller may see (at most
// maxSources): the starting points of a team's or an organisation's routes.
func (r *Resolver) sourceIDs(ctx context.Context, c *ecograph.Caller, f ecograph.PersonFilter) ([]string, error) {
	f.Limit = maxSources
	people, err := r.Store.FindPeople(ctx, c.Scope(), f)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(people))
	for i, p := range people {
		ids[i] = p.ID
	}
	return ids, nil
}

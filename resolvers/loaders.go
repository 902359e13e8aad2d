package resolvers

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/vikstrous/dataloadgen"
)

// Loaders batch the look-ups of one request: a page of people with their organisations and
// teams costs one query per kind, not one per person. They are bound to the caller's scope
// when made, so everything they return (and cache) is what that caller may see.
type Loaders struct {
	Person        *dataloadgen.Loader[string, *ecograph.Person]
	Organization  *dataloadgen.Loader[string, *ecograph.Organization]
	Team          *dataloadgen.Loader[string, *ecograph.Team]
	OrgTeams      *dataloadgen.Loader[string, []*ecograph.Team]
	Account       *dataloadgen.Loader[string, *ecograph.Account]
	SwarmMembers  *dataloadgen.Loader[string, []*ecograph.Person]
	Reachable     *dataloadgen.Loader[string, int]
	AccountShares *dataloadgen.Loader[string, []*ecograph.Share]
	Coverage      *dataloadgen.Loader[string, []*ecograph.Coverage]
	// PersonTopics and OrganizationTopics read the topics of people and organisations that
	// came from the route graph's snapshot (which does not hold topics), by id; apart from
	// Person and Organization, which such snapshot values are primed into.
	PersonTopics       *dataloadgen.Loader[string, []string]
	OrganizationTopics *dataloadgen.Loader[string, []string]
	// evidence is nil when the store keeps no evidence.
	evidence *evidenceLoaders

	// scope is the caller's route scope, read once per request (routeScopeOf).
	scopeMu sync.Mutex
	scope   *ecograph.Visibility
	scoped  bool
}

// routeScopeOf returns the caller's route scope (Store.RouteScope), reading it from the store
// once per set of loaders, that is once per request: a partner's route query needs it both to
// authorise its arguments and to search, and nothing a partner's request runs can change it.
// Errors are not kept: the next caller asks the store again.
func (l *Loaders) routeScopeOf(ctx context.Context, s Store, sc ecograph.Scope) (*ecograph.Visibility, error) {
	l.scopeMu.Lock()
	defer l.scopeMu.Unlock()
	if l.scoped {
		return l.scope, nil
	}
	v, err := s.RouteScope(ctx, sc)
	if err != nil {
		return nil, err
	}
	l.scope, l.scoped = v, true
	return v, nil
}

type loadersKey struct{}

// NewLoaders returns fresh loaders over s for one scope; they cache for their lifetime, so
// make one set per request.
func NewLoaders(s Store, sc ecograph.Scope) *Loaders {
	wait := dataloadgen.WithWait(500 * time.Microsecond)
	var ev *evidenceLoaders
	if es, ok := s.(EvidenceStore); ok {
		ev = newEvidenceLoaders(es, sc)
	}
	return &Loaders{
		evidence: ev,
		Person: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]*ecograph.Person, error) {
			return s.FindPeopleByIDs(ctx, sc, ids)
		}, wait),
		Organization: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]*ecograph.Organization, error) {
			return s.FindOrganizationsByIDs(ctx, sc, ids)
		}, wait),
		PersonTopics: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]string, error) {
			m, err := s.FindPeopleByIDs(ctx, sc, ids)
			out := make(map[string][]string, len(ids))
			for _, id := range ids {
				out[id] = []string{}
				if p := m[id]; p != nil && p.Topics != nil {
					out[id] = p.Topics
				}
			}
			return out, err
		}, wait),
		OrganizationTopics: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]string, error) {
			m, err := s.FindOrganizationsByIDs(ctx, sc, ids)
			out := make(map[string][]string, len(ids))
			for _, id := range ids {
				out[id] = []string{}
				if o := m[id]; o != nil && o.Topics != nil {
					out[id] = o.Topics
				}
			}
			return out, err
		}, wait),
		Team: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]*ecograph.Team, error) {
			return s.FindTeamsByIDs(ctx, sc, ids)
		}, wait),
		OrgTeams: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]*ecograph.Team, error) {
			return emptyForMissing[*ecograph.Team](ids)(s.FindTeamsByOrganizationIDs(ctx, sc, ids))
		}, wait),
		Account: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]*ecograph.Account, error) {
			return s.FindAccountsByIDs(ctx, sc, ids)
		}, wait),
		SwarmMembers: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]*ecograph.Person, error) {
			return emptyForMissing[*ecograph.Person](ids)(s.FindSwarmMembers(ctx, sc, ids))
		}, wait),
		Reachable: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]int, error) {
			m, err := s.CountReachablePeople(ctx, sc, ids)
			if err != nil {
				return nil, err
			}
			for _, id := range ids {
				if _, ok := m[id]; !ok {
					m[id] = 0
				}
			}
			return m, nil
		}, wait),
		AccountShares: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]*ecograph.Share, error) {
			return emptyForMissing[*ecograph.Share](ids)(s.FindShares(ctx, sc, ids))
		}, wait),
		Coverage: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]*ecograph.Coverage, error) {
			return emptyForMissing[*ecograph.Coverage](ids)(s.FindCoverage(ctx, sc, ids))
		}, wait),
	}
}

// emptyForMissing gives every id without rows an empty list rather than a not-found error.
func emptyForMissing[T any](ids []string) func(map[string][]T, error) (map[string][]T, error) {
	return func(m map[string][]T, err error) (map[string][]T, error) {
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if m[id] == nil {
				m[id] = []T{}
			}
		}
		return m, nil
	}
}

// LoaderMiddleware gives every request its own loaders, bound to the caller that the
// authentication middleware (which runs first) put in the request's context. A request
// without a caller gets none: the resolvers refuse it before loading anything.
func LoaderMiddleware(s Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if c := ecograph.CallerFromContext(ctx); c != nil {
			ctx = context.WithValue(ctx, loadersKey{}, NewLoaders(s, c.Scope()))
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// loaders returns the request's loaders, or fresh ones bound to the caller in ctx when none
// were installed (a test, a direct call). Without a caller the scope is empty: it sees
// nothing (no role matches), so a missed check fails closed.
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return NewLoaders(r.Store, scopeOf(ctx))
}

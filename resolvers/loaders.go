package resolvers

import (
	"context"
	"net/http"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/vikstrous/dataloadgen"
)

// Loaders batch the look-ups of one request: a page of people with their organisations and
// teams costs one query per kind, not one per person.
type Loaders struct {
	Person       *dataloadgen.Loader[string, *ecograph.Person]
	Organization *dataloadgen.Loader[string, *ecograph.Organization]
	Team         *dataloadgen.Loader[string, *ecograph.Team]
	OrgTeams     *dataloadgen.Loader[string, []*ecograph.Team]
}

type loadersKey struct{}

// NewLoaders returns fresh loaders over s; they cache for their lifetime, so make one set per
// request.
func NewLoaders(s Store) *Loaders {
	wait := dataloadgen.WithWait(500 * time.Microsecond)
	return &Loaders{
		Person:       dataloadgen.NewMappedLoader(s.FindPeopleByIDs, wait),
		Organization: dataloadgen.NewMappedLoader(s.FindOrganizationsByIDs, wait),
		Team:         dataloadgen.NewMappedLoader(s.FindTeamsByIDs, wait),
		OrgTeams: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]*ecograph.Team, error) {
			m, err := s.FindTeamsByOrganizationIDs(ctx, ids)
			if err != nil {
				return nil, err
			}
			for _, id := range ids { // an organisation without teams has an empty list, not an error
				if m[id] == nil {
					m[id] = []*ecograph.Team{}
				}
			}
			return m, nil
		}, wait),
	}
}

// LoaderMiddleware gives every request its own loaders.
func LoaderMiddleware(s Store, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := context.WithValue(r.Context(), loadersKey{}, NewLoaders(s))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// loaders returns the request's loaders, or fresh ones when a caller (a test, a direct call)
// did not install any.
func (r *Resolver) loaders(ctx context.Context) *Loaders {
	if l, ok := ctx.Value(loadersKey{}).(*Loaders); ok {
		return l
	}
	return NewLoaders(r.Store)
}

package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph/model"
)

// Counter counts the rows of the lists behind connections, for totalCount (implemented by
// cypher.Store). Each count applies the same scope and filters as the list's Find method.
type Counter interface {
	CountPeopleMatching(ctx context.Context, sc ecograph.Scope, f ecograph.PersonFilter) (int, error)
	CountOrganizationsMatching(ctx context.Context, sc ecograph.Scope, f ecograph.OrganizationFilter) (int, error)
	CountTiesMatching(ctx context.Context, sc ecograph.Scope, f ecograph.TieFilter) (int, error)
	CountAccounts(ctx context.Context, sc ecograph.Scope) (int, error)
}

// page is a connection's page as the store is asked for it: Limit rows, one more than the
// page holds, so that the extra row says whether another page follows.
type page struct{ size int }

// newPage returns the page for a requested `first` (see ecograph.PageSize).
// Errors: EINVALID naming "first" when it is negative.
func newPage(first *int) (page, error) {
	n, err := ecograph.PageSize(first)
	return page{size: n}, err
}

// Limit is how many rows to ask the store for.
func (p page) Limit() int { return p.size + 1 }

// trim cuts rows down to the page and reports whether another page follows.
func trim[T any](p page, rows []T) ([]T, bool) {
	if len(rows) > p.size {
		return rows[:p.size], true
	}
	return rows, false
}

// pageInfo returns the page information for a page whose last cursor is last ("" for an
// empty page, which has no endCursor).
func pageInfo(next bool, last string) *model.PageInfo {
	pi := &model.PageInfo{HasNextPage: next}
	if last != "" {
		pi.EndCursor = &last
	}
	return pi
}

// wantsTotal reports whether the connection being resolved selects totalCount, so that the
// count query runs only when a client asks for it.
func wantsTotal(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil {
		return false
	}
	for _, f := range graphql.CollectFieldsCtx(ctx, []string{fc.Field.Definition.Type.Name()}) {
		if f.Name == "totalCount" {
			return true
		}
	}
	return false
}

// total runs count when the client asked for totalCount; 0 otherwise (the field is not
// returned then).
func total(ctx context.Context, count func() (int, error)) (int, error) {
	if !wantsTotal(ctx) {
		return 0, nil
	}
	return count()
}

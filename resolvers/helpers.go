package resolvers

import (
	"context"
	"errors"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph/model"
	"github.com/ecograph/ecograph/internal/cursor"
	"github.com/vikstrous/dataloadgen"
)

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// wrote tells the route finder about a committed write so the next route reflects it.
func (r *Resolver) wrote(err error, people ...string) {
	if err == nil && r.Routes != nil {
		r.Routes.Touch(people...)
	}
}

// nullIfNotFound turns a loader's not-found into a null result, as the schema promises for
// unknown or invisible ids.
func nullIfNotFound[T any](v *T, err error) (*T, error) {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	return v, err
}

// notFoundAsInternal reports a dangling reference inside the graph (a person whose
// organisation vanished mid-request) as a conflict rather than leaking loader errors.
func notFoundAsInternal(err error, kind, id string) error {
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return ecograph.Errorf(ecograph.ECONFLICT, "%s %q was deleted concurrently", kind, id)
	}
	return err
}

// findPeople resolves every connection of people: a page of f in the given order (by id
// when nil), with totalCount when asked for.
// Errors: EINVALID naming "first" or "after".
func (r *Resolver) findPeople(ctx context.Context, f ecograph.PersonFilter, first *int, after *string, order *ecograph.PersonOrder) (*model.PersonConnection, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	pg, err := newPage(first)
	if err != nil {
		return nil, err
	}
	f.Limit, f.OrderBy = pg.Limit(), ecograph.PersonOrderID
	if order != nil && *order == ecograph.PersonOrderName {
		f.OrderBy = ecograph.PersonOrderName
		f.AfterKey, f.After, err = cursor.DecodeKey("after", "person-name", after)
	} else {
		f.After, err = cursor.DecodeID("after", "person", after)
	}
	if err != nil {
		return nil, err
	}
	people, err := r.Store.FindPeople(ctx, c.Scope(), f)
	if err != nil {
		return nil, err
	}
	people, next := trim(pg, people)
	conn := &model.PersonConnection{Edges: make([]*model.PersonEdge, len(people))}
	last := ""
	for i, p := range people {
		if f.OrderBy == ecograph.PersonOrderName {
			last = cursor.EncodeKey("person-name", p.NameKey, p.ID)
		} else {
			last = cursor.EncodeID("person", p.ID)
		}
		conn.Edges[i] = &model.PersonEdge{Cursor: last, Node: p}
	}
	conn.PageInfo = pageInfo(next, last)
	if conn.TotalCount, err = total(ctx, func() (int, error) { return r.Store.CountPeopleMatching(ctx, c.Scope(), f) }); err != nil {
		return nil, err
	}
	return conn, nil
}

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

func (r *Resolver) findPeople(ctx context.Context, f ecograph.PersonFilter, first *int, after *string) (*model.PersonConnection, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	f.Limit = ecograph.ClampFirst(first) + 1
	if f.After, err = cursor.DecodeID("after", "person", after); err != nil {
		return nil, err
	}
	people, err := r.Store.FindPeople(ctx, c.Scope(), f)
	if err != nil {
		return nil, err
	}
	conn := &model.PersonConnection{PageInfo: &model.PageInfo{}}
	if len(people) == f.Limit {
		people, conn.PageInfo.HasNextPage = people[:f.Limit-1], true
	}
	conn.Edges = make([]*model.PersonEdge, len(people))
	for i, p := range people {
		cur := cursor.EncodeID("person", p.ID)
		conn.Edges[i] = &model.PersonEdge{Cursor: cur, Node: p}
		conn.PageInfo.EndCursor = &cur
	}
	return conn, nil
}

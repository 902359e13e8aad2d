package server_test

import (
	"context"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// panickyStore is the real store whose organisations list panics, as a bug would.
type panickyStore struct{ *cypher.Store }

func (panickyStore) FindOrganizations(context.Context, ecograph.Scope, ecograph.OrganizationFilter) ([]*ecograph.Organization, error) {
	panic("a bug in a resolver")
}

// TestResolverPanicKeepsTheServerUp: a panicking resolver becomes an internal error with a
// request id, its text never reaches the caller, and the next request is served.
func TestResolverPanicKeepsTheServerUp(t *testing.T) {
	store := testdb.Store(t)
	e := serve(t, server.DefaultConfig(), panickyStore{store}, store, projection.Config{})
	tok := e.token(ecograph.CallerAnalyst, "")
	r := e.do(tok, `{ organizations { edges { cursor } } }`, nil)
	if r.code() != "INTERNAL" || r.Errors[0].Message != "internal error" || r.Errors[0].Extensions["requestId"] == "" {
		t.Fatalf("a panic: want an internal error with a request id, got %+v", r.Errors)
	}
	var out struct{ Person *struct{ ID string } }
	e.mustData(tok, `{ person(id: "nobody-at-all") { id } }`, nil, &out)
	if out.Person != nil {
		t.Fatal("unknown person not null")
	}
}

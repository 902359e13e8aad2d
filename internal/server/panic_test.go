package server_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
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
	v, err := auth.NewVerifier(authCfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := httptest.NewServer(server.New(server.DefaultConfig(), server.Deps{
		Resolver: &resolvers.Resolver{Store: panickyStore{store}, Routes: projection.New(source{store}, projection.Config{}, log)},
		Verifier: v, DB: store, Log: log}))
	defer srv.Close()
	e := &env{t: t, srv: srv, store: store}
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

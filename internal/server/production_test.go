package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
)

// TestProductionModeHidesTheSchema: in production mode, without the switches, there is no
// playground, no introspection and no field suggestions.
func TestProductionModeHidesTheSchema(t *testing.T) {
	store := testdb.Store(t)
	v, err := auth.NewVerifier(authCfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	cfg := server.DefaultConfig()
	cfg.Production, cfg.Introspection, cfg.Playground = true, false, false
	srv := httptest.NewServer(server.New(cfg, server.Deps{Resolver: &resolvers.Resolver{Store: store,
		Routes: projection.New(source{store}, projection.Config{}, log)}, Verifier: v, DB: store, Log: log}))
	defer srv.Close()
	e := &env{t: t, srv: srv, store: store}
	tok := e.token(ecograph.CallerAnalyst, "")
	if r := e.do(tok, `{ __schema { types { name } } }`, nil); len(r.Errors) == 0 {
		t.Fatal("introspection answered in production mode")
	}
	r := e.do(tok, `{ organizationz { edges { cursor } } }`, nil)
	if len(r.Errors) == 0 {
		t.Fatal("a misspelt field was served")
	}
	for _, er := range r.Errors {
		if strings.Contains(er.Message, "Did you mean") {
			t.Fatalf("field suggestion in production: %q", er.Message)
		}
	}
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		t.Fatal("the playground is served in production mode")
	}
}

package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// TestProductionModeHidesTheSchema: in production mode, without the switches, there is no
// playground, no introspection and no field suggestions.
func TestProductionModeHidesTheSchema(t *testing.T) {
	store := testdb.Store(t)
	cfg := server.DefaultConfig()
	cfg.Production, cfg.Introspection, cfg.Playground = true, false, false
	e := serve(t, cfg, store, store, projection.Config{})
	srv := e.srv
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

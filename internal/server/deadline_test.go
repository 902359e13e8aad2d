package server_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// A request whose deadline passes while it runs is answered 503 TIMEOUT (docs/http.md), with
// no data computed past it; within its deadline the same request answers 200.
func TestRequestDeadline(t *testing.T) {
	store := testdb.Store(t)
	for _, tc := range []struct {
		timeout time.Duration
		status  int
		code    string
	}{{time.Nanosecond, http.StatusServiceUnavailable, "TIMEOUT"}, {time.Minute, http.StatusOK, ""}} {
		cfg := server.DefaultConfig()
		cfg.RequestTimeout = tc.timeout
		e := serve(t, cfg, store, store, projection.Config{})
		body, _ := json.Marshal(map[string]any{"query": `{ viewer { role } }`})
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+e.token(ecograph.CallerSeller, ""))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out gqlResponse
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.status || out.code() != tc.code {
			t.Fatalf("timeout %s: status %d, code %q, errors %+v; want %d %q", tc.timeout, resp.StatusCode, out.code(), out.Errors, tc.status, tc.code)
		}
		if tc.code != "" && out.Data != nil {
			t.Fatalf("timeout %s: data computed past the deadline was sent: %s", tc.timeout, out.Data)
		}
	}
}

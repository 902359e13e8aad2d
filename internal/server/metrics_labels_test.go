package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// TestOperationLabelsStayBounded sends 150 operations with distinct names: the operation
// metric keeps a label for the first 100 names and counts the rest as "other", so a client
// cannot grow the server's time series without bound.
func TestOperationLabelsStayBounded(t *testing.T) {
	store := testdb.Store(t)
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{})
	tok := e.token(ecograph.CallerAnalyst, "")
	for i := range 150 {
		name := fmt.Sprintf("Op%03d", i)
		body, _ := json.Marshal(map[string]any{"query": "query " + name + " { __typename }", "operationName": name})
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("operation %s: status %d", name, resp.StatusCode)
		}
	}
	resp, err := http.Get(e.srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	labels := map[string]bool{}
	for _, m := range regexp.MustCompile(`ecograph_graphql_operation_duration_seconds_count\{operation="([^"]*)"\} (\d+)`).FindAllSubmatch(raw, -1) {
		labels[string(m[1])] = true
		if string(m[1]) == "other" && string(m[2]) != "50" {
			t.Errorf("label other counts %s operations, want 50", m[2])
		}
	}
	if len(labels) != 101 || !labels["other"] || !labels["Op000"] || !labels["Op099"] || labels["Op100"] {
		t.Fatalf("%d operation labels (want 100 names and other): %v", len(labels), labels)
	}
}

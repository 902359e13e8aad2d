package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
)

// rawResponse is an HTTP answer from /graphql, kept as the client sees it.
type rawResponse struct {
	status      int
	contentType string
	body        []byte
	members     map[string]json.RawMessage
	errors      []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	}
}

func (r *rawResponse) code() string {
	if len(r.errors) == 0 {
		return ""
	}
	c, _ := r.errors[0].Extensions["code"].(string)
	return c
}

// post sends body to /graphql as it is, with the given headers.
func post(t *testing.T, url, body string, headers map[string]string) *rawResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+"/graphql", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := &rawResponse{status: resp.StatusCode, contentType: resp.Header.Get("Content-Type")}
	out.body, _ = io.ReadAll(resp.Body)
	if err := json.Unmarshal(out.body, &out.members); err != nil {
		t.Fatalf("response is not a JSON object (%d): %s", resp.StatusCode, out.body)
	}
	if raw, ok := out.members["errors"]; ok {
		if err := json.Unmarshal(raw, &out.errors); err != nil {
			t.Fatalf("errors: %v in %s", err, out.body)
		}
	}
	return out
}

// TestMalformedRequestsGetClientErrors: a request that is not a well-formed GraphQL-over-HTTP
// request gets a 4xx, an extensions.code and no data; a GraphQL request error (parse,
// validation, coercion, unknown operation) gets 200 under application/json and 400 under
// application/graphql-response+json, without a data entry either way. Never INTERNAL.
func TestMalformedRequestsGetClientErrors(t *testing.T) {
	store := testdb.Store(t)
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{})
	tok := e.token(ecograph.CallerAnalyst, "")
	const secret = "s3cr3t-in-the-body"
	cases := []struct {
		name, contentType, body string
		status                  int // under application/json
		statusGraphQLResponse   int // under application/graphql-response+json
		code                    string
	}{
		{"bad JSON", "application/json", `{"query": "{ __typename }", "variables": {"x": "` + secret, 400, 400, "BAD_REQUEST"},
		{"a batch", "application/json", `[{"query": "{ __typename }", "variables": {"x": "` + secret + `"}}]`, 400, 400, "BAD_REQUEST"},
		{"not an object", "application/json", `"{ __typename }"`, 400, 400, "BAD_REQUEST"},
		{"empty body", "application/json", ``, 400, 400, "BAD_REQUEST"},
		{"missing query", "application/json", `{"variables": {}}`, 400, 400, "BAD_REQUEST"},
		{"null query", "application/json", `{"query": null}`, 400, 400, "BAD_REQUEST"},
		{"blank query", "application/json", `{"query": "  "}`, 400, 400, "BAD_REQUEST"},
		{"query not a string", "application/json", `{"query": {"text": "{ __typename }"}}`, 400, 400, "BAD_REQUEST"},
		{"variables not an object", "application/json", `{"query": "{ __typename }", "variables": "` + secret + `"}`, 400, 400, "BAD_REQUEST"},
		{"operationName not a string", "application/json", `{"query": "{ __typename }", "operationName": 7}`, 400, 400, "BAD_REQUEST"},
		{"extensions not an object", "application/json", `{"query": "{ __typename }", "extensions": []}`, 400, 400, "BAD_REQUEST"},
		{"two JSON values", "application/json", `{"query": "{ __typename }"} {}`, 400, 400, "BAD_REQUEST"},
		{"wrong content type", "text/plain", `{"query": "{ __typename }"}`, 415, 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"a form", "application/x-www-form-urlencoded", `query=%7B__typename%7D`, 415, 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"no content type", "", `{"query": "{ __typename }"}`, 415, 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"not UTF-8", "application/json; charset=latin1", `{"query": "{ __typename }"}`, 415, 415, "UNSUPPORTED_MEDIA_TYPE"},
		{"unknown operation name", "application/json", `{"query": "query A { __typename }", "operationName": "B"}`, 200, 400, "OPERATION_RESOLUTION_FAILURE"},
		{"two operations, no name", "application/json", `{"query": "query A { __typename } query B { __typename }"}`, 200, 400, "OPERATION_RESOLUTION_FAILURE"},
		{"document does not parse", "application/json", `{"query": "{"}`, 200, 400, "GRAPHQL_PARSE_FAILED"},
		{"document does not validate", "application/json", `{"query": "{ noSuchField }"}`, 200, 400, "GRAPHQL_VALIDATION_FAILED"},
		{"variables do not coerce", "application/json", `{"query": "query($id: ID!) { person(id: $id) { id } }", "variables": {"id": null}}`, 200, 400, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, c := range cases {
		for _, accept := range []string{"application/json", "application/graphql-response+json"} {
			t.Run(c.name+"/"+accept, func(t *testing.T) {
				h := map[string]string{"Authorization": "Bearer " + tok, "Accept": accept}
				if c.contentType != "" {
					h["Content-Type"] = c.contentType
				}
				r := post(t, e.srv.URL, c.body, h)
				want := c.status
				if accept == "application/graphql-response+json" {
					want = c.statusGraphQLResponse
				}
				if r.status != want || r.code() != c.code {
					t.Fatalf("want %d %s, got %d %s", want, c.code, r.status, r.body)
				}
				if _, ok := r.members["data"]; ok {
					t.Fatalf("a request error carries a data entry: %s", r.body)
				}
				if !strings.HasPrefix(r.contentType, accept) {
					t.Fatalf("Content-Type %q, want %s", r.contentType, accept)
				}
				if r.errors[0].Message == "" || strings.Contains(r.errors[0].Message, secret) {
					t.Fatalf("message empty or echoing the body: %q", r.errors[0].Message)
				}
			})
		}
	}
}

// TestResponseMediaTypes: application/json unless the client asks for
// application/graphql-response+json first; a good request is 200 either way.
func TestResponseMediaTypes(t *testing.T) {
	store := testdb.Store(t)
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{})
	tok := e.token(ecograph.CallerAnalyst, "")
	for accept, want := range map[string]string{
		"":                                  "application/json",
		"*/*":                               "application/json",
		"application/json":                  "application/json",
		"application/graphql-response+json": "application/graphql-response+json",
		"application/graphql-response+json, application/json;q=0.9": "application/graphql-response+json",
		"application/json, application/graphql-response+json;q=0.5": "application/json",
		"text/html": "application/json",
	} {
		h := map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json; charset=utf-8"}
		if accept != "" {
			h["Accept"] = accept
		}
		r := post(t, e.srv.URL, `{"query": "query Q { __typename }", "operationName": "Q", "variables": null, "extensions": {"some": "value"}}`, h)
		if r.status != http.StatusOK || !strings.HasPrefix(r.contentType, want) || len(r.errors) > 0 || r.members["data"] == nil {
			t.Fatalf("Accept %q: want 200 %s with data, got %d %q %s", accept, want, r.status, r.contentType, r.body)
		}
	}
}

// leakyStore fails like a driver that quotes its parameters back.
type leakyStore struct{ *cypher.Store }

func (leakyStore) FindPeopleByIDs(_ context.Context, _ ecograph.Scope, ids []string) (map[string]*ecograph.Person, error) {
	return nil, fmt.Errorf("Neo.ClientError.Statement.ArgumentError: bad parameter ids=%q", ids)
}

// panickyPeople panics with its argument in the message.
type panickyPeople struct{ *cypher.Store }

func (panickyPeople) FindPeopleByIDs(_ context.Context, _ ecograph.Scope, ids []string) (map[string]*ecograph.Person, error) {
	panic(fmt.Sprintf("a bug looking up %v", ids))
}

// syncBuffer is a log sink that the server's goroutines may write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestLogsHoldNoSecrets: whatever goes wrong (a body that is not JSON, a batch, variables that
// do not coerce, an internal error or a panic whose text quotes an argument, a bad token), the
// logs never hold the request body, a variable or the token, at any level.
func TestLogsHoldNoSecrets(t *testing.T) {
	store := testdb.Store(t)
	const secret = "sk_live_51HqLyjWDarjtT1zdp7dc"
	for name, rs := range map[string]resolvers.Store{"driver error": leakyStore{store}, "panic": panickyPeople{store}} {
		t.Run(name, func(t *testing.T) {
			logs := &syncBuffer{}
			v, err := auth.NewVerifier(authCfg)
			if err != nil {
				t.Fatal(err)
			}
			log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			srv := httptest.NewServer(server.New(server.DefaultConfig(), server.Deps{
				Resolver: &resolvers.Resolver{Store: rs, Routes: projection.New(source{store}, projection.Config{}, log)},
				Verifier: v, DB: store, Log: log,
			}))
			defer srv.Close()
			e := &env{t: t, srv: srv}
			tok := e.token(ecograph.CallerAnalyst, "")
			h := map[string]string{"Authorization": "Bearer " + tok, "Content-Type": "application/json"}
			vars := `{"id": "` + secret + `", "password": "` + secret + `"}`
			requests := []struct {
				body     string
				internal bool
			}{
				{`[{"query": "query($id: ID!) { person(id: $id) { id } }", "variables": ` + vars + `}]`, false},
				{`{"query": "query($id: ID!) { person(id: $id) { id } }", "variables": ` + vars[:len(vars)-3], false},
				{`{"query": "query($id: ID!) { person(id: $id) { id } }", "variables": {"id": {"nested": "` + secret + `"}}}`, false},
				{`{"query": "query($id: ID!) { person(id: $id) { id } }", "variables": ` + vars + `}`, true},
				{`{"query": "{ person(id: \"` + secret + `\") { id } }"}`, true},
			}
			for _, req := range requests {
				r := post(t, srv.URL, req.body, h)
				if req.internal != (r.code() == "INTERNAL") {
					t.Errorf("%s: unexpected answer %d %s", req.body, r.status, r.body)
				}
			}
			bad := map[string]string{"Authorization": "Bearer " + secret + ".eyJyb2xlIjoiQURNSU4ifQ.sig", "Content-Type": "application/json"}
			post(t, srv.URL, `{"query": "{ __typename }"}`, bad)

			out := logs.String()
			if !strings.Contains(out, `"msg":"internal error"`) {
				t.Fatalf("the internal errors were not logged:\n%s", out)
			}
			for _, leak := range []string{secret, tok, tok[strings.LastIndex(tok, ".")+1:], "password", "variables"} {
				if strings.Contains(out, leak) {
					t.Fatalf("the logs hold %q:\n%s", leak, out)
				}
			}
		})
	}
}

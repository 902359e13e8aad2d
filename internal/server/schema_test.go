package server_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

func getSchema(t *testing.T, url string, headers map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url+server.SchemaPath, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// GET /schema.graphql serves the whole schema as SDL: every type and field the server runs,
// as text with a strong ETag that revalidates to 304.
func TestSchemaAtAStableURL(t *testing.T) {
	store := testdb.Store(t)
	cfg := server.DefaultConfig()
	cfg.CORSOrigins = []string{portalOrigin}
	e := serve(t, cfg, store, store, projection.Config{})

	resp, body := getSchema(t, e.srv.URL, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(resp.Header.Get("Cache-Control"), "no-cache") {
		t.Errorf("headers %v", resp.Header)
	}
	etag := resp.Header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("ETag %q is not a strong validator", etag)
	}
	// The SDL is the running schema: it loads on its own, with every type and field.
	served, err := gqlparser.LoadSchema(&ast.Source{Name: "schema.graphql", Input: body})
	if err != nil {
		t.Fatalf("the served SDL does not load: %v", err)
	}
	running := graph.NewExecutableSchema(graph.Config{}).Schema()
	for name, def := range running.Types {
		if def.BuiltIn {
			continue
		}
		got := served.Types[name]
		if got == nil || got.Kind != def.Kind || len(got.Fields) != len(def.Fields) || len(got.EnumValues) != len(def.EnumValues) {
			t.Errorf("type %s differs in the served SDL", name)
			continue
		}
		for i, f := range def.Fields {
			if got.Fields[i].Name != f.Name || got.Fields[i].Type.String() != f.Type.String() || len(got.Fields[i].Arguments) != len(f.Arguments) {
				t.Errorf("%s.%s: served %s %s", name, f.Name, got.Fields[i].Name, got.Fields[i].Type)
			}
		}
	}
	if !strings.Contains(body, "viewer: Viewer!") || !strings.Contains(body, `"""`) {
		t.Error("the SDL lacks Query.viewer or the descriptions")
	}
	if body != string(server.SchemaSDL()) {
		t.Error("served bytes differ from SchemaSDL (what `ecograph schema` prints)")
	}

	resp, body = getSchema(t, e.srv.URL, map[string]string{"If-None-Match": etag})
	if resp.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("revalidation: status %d, %d bytes", resp.StatusCode, len(body))
	}
	resp, _ = getSchema(t, e.srv.URL, map[string]string{"If-None-Match": `"something-else"`})
	if resp.StatusCode != 200 {
		t.Errorf("stale validator: status %d", resp.StatusCode)
	}
	// A portal's browser may fetch it from an allowed origin, and read the ETag.
	resp, _ = getSchema(t, e.srv.URL, map[string]string{"Origin": portalOrigin})
	if resp.Header.Get("Access-Control-Allow-Origin") != portalOrigin || !strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "Etag") &&
		!strings.Contains(resp.Header.Get("Access-Control-Expose-Headers"), "ETag") {
		t.Errorf("CORS on the schema: %v", resp.Header)
	}
	if r := preflight(t, e.srv.URL+server.SchemaPath, portalOrigin, "GET", "authorization"); r.StatusCode != 204 || r.Header.Get("Access-Control-Allow-Origin") != portalOrigin {
		t.Errorf("schema preflight: %d %v", r.StatusCode, r.Header)
	}
}

// With introspection off (production's default) the schema needs a valid token, like
// introspection itself would; any role's token will do.
func TestSchemaNeedsATokenWithoutIntrospection(t *testing.T) {
	store := testdb.Store(t)
	cfg := server.DefaultConfig()
	cfg.Production, cfg.Introspection, cfg.Playground = true, false, false
	e := serve(t, cfg, store, store, projection.Config{})
	resp, body := getSchema(t, e.srv.URL, nil)
	if resp.StatusCode != 401 || !strings.Contains(body, "UNAUTHENTICATED") {
		t.Fatalf("without a token: %d %s", resp.StatusCode, body)
	}
	resp, body = getSchema(t, e.srv.URL, map[string]string{"Authorization": "Bearer " + e.token(ecograph.CallerPartner, "org-x")})
	if resp.StatusCode != 200 || body != string(server.SchemaSDL()) || !strings.Contains(resp.Header.Get("Cache-Control"), "private") {
		t.Fatalf("with a partner token: %d, Cache-Control %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
}

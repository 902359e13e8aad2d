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

const portalOrigin = "https://portal.partner.example"

func corsEnv(t *testing.T, origins ...string) *env {
	t.Helper()
	store := testdb.Store(t)
	cfg := server.DefaultConfig()
	cfg.CORSOrigins = origins
	return serve(t, cfg, store, store, projection.Config{})
}

func send(t *testing.T, method, url string, headers map[string]string, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
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
	resp.Body.Close()
	return resp
}

func preflight(t *testing.T, url, origin, method, headers string) *http.Response {
	t.Helper()
	h := map[string]string{"Origin": origin, "Access-Control-Request-Method": method}
	if headers != "" {
		h["Access-Control-Request-Headers"] = headers
	}
	return send(t, http.MethodOptions, url, h, "")
}

// A portal on an allowed origin gets its preflight answered (before any token is asked for)
// and may read the answers; any other origin gets no CORS header at all; credentials are never
// allowed and the allowed origin is named, never "*".
func TestCORSAllowlist(t *testing.T) {
	e := corsEnv(t, portalOrigin, "http://localhost:3000")
	url := e.srv.URL + "/graphql"

	t.Run("preflight from an allowed origin with Authorization and Content-Type", func(t *testing.T) {
		r := preflight(t, url, portalOrigin, "POST", "authorization,content-type")
		if r.StatusCode != http.StatusNoContent {
			t.Fatalf("status %d, want 204 (the preflight must not need a token)", r.StatusCode)
		}
		h := r.Header
		if got := h.Get("Access-Control-Allow-Origin"); got != portalOrigin {
			t.Errorf("Allow-Origin %q, want %q", got, portalOrigin)
		}
		if got := h.Get("Access-Control-Allow-Methods"); got != "POST" {
			t.Errorf("Allow-Methods %q", got)
		}
		if got := strings.ToLower(h.Get("Access-Control-Allow-Headers")); !strings.Contains(got, "authorization") || !strings.Contains(got, "content-type") {
			t.Errorf("Allow-Headers %q lacks authorization or content-type", got)
		}
		if h.Get("Access-Control-Max-Age") != "600" {
			t.Errorf("Max-Age %q", h.Get("Access-Control-Max-Age"))
		}
		if h.Get("Access-Control-Allow-Credentials") != "" {
			t.Errorf("credentials allowed: %q", h.Get("Access-Control-Allow-Credentials"))
		}
		if !strings.Contains(strings.Join(h.Values("Vary"), ","), "Origin") {
			t.Errorf("Vary %q lacks Origin", h.Values("Vary"))
		}
	})
	t.Run("origins match by scheme, host and port", func(t *testing.T) {
		if got := preflight(t, url, "http://localhost:3000", "POST", "content-type").Header.Get("Access-Control-Allow-Origin"); got != "http://localhost:3000" {
			t.Errorf("second origin: %q", got)
		}
		for _, o := range []string{"http://portal.partner.example", "https://portal.partner.example:8443",
			"https://evil.portal.partner.example", "https://portal.partner.example.evil.example", "http://localhost:3001", "null"} {
			if got := preflight(t, url, o, "POST", "authorization").Header.Get("Access-Control-Allow-Origin"); got != "" {
				t.Errorf("%s allowed: %q", o, got)
			}
		}
	})
	t.Run("preflight from a disallowed origin", func(t *testing.T) {
		r := preflight(t, url, "https://evil.example", "POST", "authorization,content-type")
		for k := range r.Header {
			if strings.HasPrefix(k, "Access-Control-Allow") {
				t.Errorf("disallowed origin got %s: %q", k, r.Header.Get(k))
			}
		}
	})
	t.Run("preflight for a header or method not allowed", func(t *testing.T) {
		if got := preflight(t, url, portalOrigin, "POST", "authorization,x-forwarded-for").Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("unknown request header allowed: %q", got)
		}
		if got := preflight(t, url, portalOrigin, "DELETE", "").Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("DELETE allowed: %q", got)
		}
	})
	t.Run("the actual request from an allowed origin", func(t *testing.T) {
		tok := e.token(ecograph.CallerAnalyst, "")
		r := send(t, http.MethodPost, url, map[string]string{"Origin": portalOrigin, "Content-Type": "application/json",
			"Authorization": "Bearer " + tok}, `{"query":"{ viewer { role } }"}`)
		if r.StatusCode != 200 {
			t.Fatalf("status %d", r.StatusCode)
		}
		if got := r.Header.Get("Access-Control-Allow-Origin"); got != portalOrigin {
			t.Errorf("Allow-Origin %q", got)
		}
		if r.Header.Get("Access-Control-Allow-Credentials") != "" {
			t.Error("credentials allowed")
		}
		if ex := strings.ToLower(r.Header.Get("Access-Control-Expose-Headers")); !strings.Contains(ex, "retry-after") || !strings.Contains(ex, "x-request-id") {
			t.Errorf("Expose-Headers %q", ex)
		}
		// A refused token is readable too: the portal can tell its user to sign in again.
		r = send(t, http.MethodPost, url, map[string]string{"Origin": portalOrigin, "Content-Type": "application/json"}, `{"query":"{ viewer { role } }"}`)
		if r.StatusCode != 401 || r.Header.Get("Access-Control-Allow-Origin") != portalOrigin {
			t.Errorf("401 without token: status %d, Allow-Origin %q", r.StatusCode, r.Header.Get("Access-Control-Allow-Origin"))
		}
	})
	t.Run("the actual request from a disallowed origin", func(t *testing.T) {
		tok := e.token(ecograph.CallerAnalyst, "")
		r := send(t, http.MethodPost, url, map[string]string{"Origin": "https://evil.example", "Content-Type": "application/json",
			"Authorization": "Bearer " + tok}, `{"query":"{ viewer { role } }"}`)
		if got := r.Header.Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("Allow-Origin %q for a disallowed origin", got)
		}
	})
}

// Without ECOGRAPH_CORS_ORIGINS nothing is allowed cross-origin (rs/cors would allow every
// origin for an empty list; the server must not hand it one).
func TestCORSOffByDefault(t *testing.T) {
	e := corsEnv(t)
	r := preflight(t, e.srv.URL+"/graphql", portalOrigin, "POST", "authorization,content-type")
	if got := r.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Fatalf("no origins configured, yet Allow-Origin %q", got)
	}
	tok := e.token(ecograph.CallerAnalyst, "")
	r = send(t, http.MethodPost, e.srv.URL+"/graphql", map[string]string{"Origin": portalOrigin, "Content-Type": "application/json",
		"Authorization": "Bearer " + tok}, `{"query":"{ viewer { role } }"}`)
	if r.StatusCode != 200 || r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("status %d, Allow-Origin %q", r.StatusCode, r.Header.Get("Access-Control-Allow-Origin"))
	}
}

func TestParseCORSOrigins(t *testing.T) {
	got, err := server.ParseCORSOrigins(" https://Portal.Partner.example , http://localhost:3000/,https://portal.partner.example,")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != "https://portal.partner.example http://localhost:3000" {
		t.Fatalf("got %q", got)
	}
	if got, err := server.ParseCORSOrigins(""); err != nil || len(got) != 0 {
		t.Fatalf("empty: %q, %v", got, err)
	}
	for _, bad := range []string{"*", "https://*.partner.example", "portal.partner.example", "ftp://x.example",
		"https://x.example/app", "https://user@x.example", "https://x.example?q=1", "https://", "null"} {
		_, err := server.ParseCORSOrigins("https://ok.example," + bad)
		if err == nil || !strings.Contains(err.Error(), "ECOGRAPH_CORS_ORIGINS") {
			t.Errorf("%q: want an error naming ECOGRAPH_CORS_ORIGINS, got %v", bad, err)
		}
	}
}

package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// TestCORSInABrowser: a page on an allowed origin calls /graphql with a bearer token and JSON
// (a preflighted request) and reads the answer and the schema; the same call from a page on
// another origin is blocked by the browser. Chromium, not our reading of the specification,
// judges the preflight answers.
func TestCORSInABrowser(t *testing.T) {
	browser := chromium(t)
	page := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(`<!doctype html><title>portal</title><p>portal</p>`))
	})
	portalSrv := httptest.NewServer(page)
	defer portalSrv.Close()
	otherSrv := httptest.NewServer(page)
	defer otherSrv.Close()

	store := testdb.Store(t)
	cfg := server.DefaultConfig()
	origins, err := server.ParseCORSOrigins(portalSrv.URL)
	if err != nil {
		t.Fatal(err)
	}
	cfg.CORSOrigins = origins
	e := serve(t, cfg, store, store, projection.Config{})
	tok := e.token(ecograph.CallerAnalyst, "")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	call := `fetch(` + jsString(e.srv.URL+"/graphql") + `, {method: 'POST',
		headers: {'Authorization': 'Bearer ` + tok + `', 'Content-Type': 'application/json', 'Accept': 'application/graphql-response+json'},
		body: JSON.stringify({query: '{ viewer { role } }'})})
	.then(r => r.json()).then(b => 'role ' + b.data.viewer.role)
	.catch(e => 'blocked: ' + e.name)`
	schema := `fetch(` + jsString(e.srv.URL+"/schema.graphql") + `).then(r => r.text()).then(s => s.includes('type Query') ? 'schema' : 'no schema').catch(e => 'blocked: ' + e.name)`
	run := func(origin, js string) string {
		t.Helper()
		steps, cancel := context.WithTimeout(ctx, 60*time.Second)
		defer cancel()
		if err := chromedp.Do(steps, chromedp.Navigate(origin+"/")); err != nil {
			t.Fatal(err)
		}
		v, err := chromedp.Run(steps, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := run(portalSrv.URL, call); got != "role ANALYST" {
		t.Errorf("from the allowed origin: %q", got)
	}
	if got := run(portalSrv.URL, schema); got != "schema" {
		t.Errorf("the schema from the allowed origin: %q", got)
	}
	if got := run(otherSrv.URL, call); got != "blocked: TypeError" {
		t.Errorf("from another origin: %q", got)
	}
	if got := run(otherSrv.URL, schema); got != "blocked: TypeError" {
		t.Errorf("the schema from another origin: %q", got)
	}
}

package server_test

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// TestRateLimitPerSubject spends a small bucket of complexity points: one caller is refused
// with 429 and Retry-After, while another caller is still served.
func TestRateLimitPerSubject(t *testing.T) {
	store := testdb.Store(t)
	cfg := server.DefaultConfig()
	cfg.ComplexityLimit = 500
	cfg.RatePoints, cfg.RateBurst = 1, 500 // one point a second: the burst is all there is
	srv := serve(t, cfg, store, store, projection.Config{}).srv
	mint := func(sub string) string {
		tok, err := auth.Mint(authCfg, ecograph.Caller{Role: ecograph.CallerAnalyst, Subject: sub}, time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	post := func(tok string) *http.Response {
		// 20 organisations with their ids: about 20*(1+1)+... points a query.
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql",
			strings.NewReader(`{"query":"{ organizations(first: 20) { edges { node { id name } } } }"}`))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	greedy, other := mint("greedy"), mint("other")
	refused := 0
	for i := 0; i < 30 && refused == 0; i++ {
		resp := post(greedy)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusTooManyRequests {
			refused++
			if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 {
				t.Fatalf("Retry-After %q", resp.Header.Get("Retry-After"))
			}
			if !strings.Contains(string(body), "RATE_LIMITED") || strings.Contains(string(body), `"organizations"`) {
				t.Fatalf("refusal body: %s", body)
			}
		} else if resp.StatusCode != http.StatusOK {
			t.Fatalf("unexpected status %d: %s", resp.StatusCode, body)
		}
	}
	if refused == 0 {
		t.Fatal("30 queries of ~60 points each never exhausted a 500-point bucket")
	}
	resp := post(other)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("another caller was refused too: %d", resp.StatusCode)
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// The load generator shared by `ecograph bench` (its concurrency levels, a fixed number of
// queries) and `ecograph loadtest` (any running API, a fixed duration per level): clients post
// GraphQL requests back to back, and every answer's latency and error code is recorded.

// gqlClient posts GraphQL requests to one API.
type gqlClient struct {
	url  string // the API's base URL, without /graphql
	http *http.Client
}

func newGQLClient(base string, clients int) *gqlClient {
	return &gqlClient{url: strings.TrimRight(base, "/"),
		http: &http.Client{Transport: &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients}}}
}

// gqlError is an answer that was not a clean 200 with data: its extensions.code (the first
// error's), or HTTP_<status> / TRANSPORT when there is none.
type gqlError struct {
	code string
	msg  string
}

func (e *gqlError) Error() string { return e.code + ": " + e.msg }

// errorCode returns the code that load reports count err under ("" for nil).
func errorCode(err error) string {
	if err == nil {
		return ""
	}
	if ge, ok := err.(*gqlError); ok {
		return ge.code
	}
	return "TRANSPORT"
}

// do posts one request as tok. The answer is read whole; only an answer with errors is decoded.
func (c *gqlClient) do(ctx context.Context, tok, query string, vars map[string]any) error {
	_, err := c.post(ctx, tok, query, vars)
	return err
}

// query posts one request and decodes its answer into out; any error in the answer fails it.
func (c *gqlClient) query(ctx context.Context, tok, query string, vars map[string]any, out any) error {
	raw, err := c.post(ctx, tok, query, vars)
	if err != nil {
		return err
	}
	return json.Unmarshal(raw, out)
}

func (c *gqlClient) post(ctx context.Context, tok, query string, vars map[string]any) ([]byte, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode == http.StatusOK && !bytes.Contains(raw, []byte(`"errors"`)) {
		return raw, nil
	}
	var out struct {
		Errors []struct {
			Extensions struct {
				Code string `json:"code"`
			} `json:"extensions"`
		} `json:"errors"`
	}
	code := fmt.Sprint("HTTP_", resp.StatusCode)
	if json.Unmarshal(raw, &out) == nil && len(out.Errors) > 0 && out.Errors[0].Extensions.Code != "" {
		code = out.Errors[0].Extensions.Code
	}
	return nil, &gqlError{code: code, msg: fmt.Sprintf("%d %.300s", resp.StatusCode, raw)}
}

// loadResult is what one load level measured.
type loadResult struct {
	Clients  int
	Requests int            // answers received, errors included
	OK       int            // answers without error
	Errors   map[string]int // by code
	FirstErr string         // one example of each run's first error
	Wall     time.Duration
	lat      []time.Duration // every answer's latency, errors included
}

// Rate is the answers without error per second.
func (r loadResult) Rate() float64 { return float64(r.OK) / r.Wall.Seconds() }

// Pct returns the p-th percentile latency (p in 0..100).
func (r loadResult) Pct(p int) time.Duration { return pct(r.lat, p) }

// ErrorText lists the error counts by code, "0" when there were none.
func (r loadResult) ErrorText() string {
	if len(r.Errors) == 0 {
		return "0"
	}
	var parts []string
	for _, code := range slices.Sorted(maps.Keys(r.Errors)) {
		parts = append(parts, fmt.Sprintf("%s %d", code, r.Errors[code]))
	}
	return strings.Join(parts, ", ")
}

// runLoad runs clients workers that call op back to back: each worker w makes its calls
// i = w, w+clients, w+2*clients, ... until total calls were made (total > 0), or until dur has
// passed (total 0; calls in flight then finish and count). ctx ends it early.
func runLoad(ctx context.Context, clients, total int, dur time.Duration, op func(ctx context.Context, w, i int) error) loadResult {
	res := loadResult{Clients: clients, Errors: map[string]int{}}
	var mu sync.Mutex
	t0 := time.Now()
	end := t0.Add(dur)
	var wg sync.WaitGroup
	for w := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat := make([]time.Duration, 0, 1024)
			codes := map[string]int{}
			first := ""
			for i := w; ; i += clients {
				if ctx.Err() != nil || (total > 0 && i >= total) || (total <= 0 && !time.Now().Before(end)) {
					break
				}
				s := time.Now()
				err := op(ctx, w, i)
				lat = append(lat, time.Since(s))
				if err != nil {
					codes[errorCode(err)]++
					if first == "" {
						first = err.Error()
					}
				}
			}
			mu.Lock()
			res.lat = append(res.lat, lat...)
			for c, n := range codes {
				res.Errors[c] += n
			}
			if res.FirstErr == "" {
				res.FirstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	res.Wall = time.Since(t0)
	res.Requests = len(res.lat)
	res.OK = res.Requests
	for _, n := range res.Errors {
		res.OK -= n
	}
	return res
}

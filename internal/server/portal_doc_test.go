package server_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
)

// TestPortalWalkThrough runs docs/portal.md: every ```graphql block, in order, as MediLog
// with a PARTNER token on a copy of the demo (no ADMIN step), and checks the answer against
// the ```json block that follows it (docSubset: the fields the doc shows). Issue 14: "the
// partner-portal walk-through in the docs runs as an integration test against the demo with a
// PARTNER token and no ADMIN step".
func TestPortalWalkThrough(t *testing.T) {
	e := newPortal(t)
	steps := docSteps(t, "../../docs/portal.md")
	if len(steps) < 8 {
		t.Fatalf("docs/portal.md has %d queries, want 8 or more", len(steps))
	}
	for i, s := range steps {
		t.Run(fmt.Sprintf("step %d", i+1), func(t *testing.T) {
			if strings.HasPrefix(strings.TrimSpace(s.query), "mutation") {
				t.Fatalf("the walk-through may not write: %s", s.query)
			}
			body, _ := json.Marshal(map[string]any{"query": e.prefixed(s.query)})
			var raw json.RawMessage
			e.postJSON(e.medilog, body, &raw)
			// The copy's ids carry the test's prefix; the doc shows the demo's.
			var got any
			if err := json.Unmarshal([]byte(strings.ReplaceAll(string(raw), e.p, "")), &got); err != nil {
				t.Fatal(err)
			}
			if s.want == "" {
				t.Fatalf("no ```json answer follows the query:\n%s", s.query)
			}
			var want any
			if err := json.Unmarshal([]byte(s.want), &want); err != nil {
				t.Fatalf("the doc's answer is not JSON: %v\n%s", err, s.want)
			}
			if msg := docSubset("", want, got); msg != "" {
				g, _ := json.MarshalIndent(got, "", " ")
				t.Errorf("%s\nquery: %s\nanswer: %s", msg, s.query, g)
			}
		})
	}
}

type docStep struct{ query, want string }

// docSteps returns the ```graphql blocks of a Markdown file, each with the ```json block that
// follows it (before the next query), if any.
func docSteps(t *testing.T, path string) []docStep {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []docStep
	var cur *strings.Builder
	kind := ""
	for _, line := range strings.Split(string(raw), "\n") {
		switch trimmed := strings.TrimSpace(line); {
		case cur == nil && (trimmed == "```graphql" || trimmed == "```json"):
			cur, kind = &strings.Builder{}, trimmed
		case cur != nil && trimmed == "```":
			if kind == "```graphql" {
				out = append(out, docStep{query: cur.String()})
			} else if len(out) > 0 && out[len(out)-1].want == "" {
				out[len(out)-1].want = cur.String()
			}
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	return out
}

// docSubset reports where got does not hold want: objects compare the keys want has; lists
// compare element by element and must have want's length, except the top-level "errors",
// which compare as a set (fields resolve concurrently, so errors come in any order); numbers
// compare to 1e-6.
func docSubset(path string, want, got any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: want an object, got %v", path, got)
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				return fmt.Sprintf("%s.%s: missing", path, k)
			}
			if path == "" && k == "errors" {
				if msg := docSet(".errors", wv, gv); msg != "" {
					return msg
				}
				continue
			}
			if msg := docSubset(path+"."+k, wv, gv); msg != "" {
				return msg
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return fmt.Sprintf("%s: want %d items, got %v", path, len(w), got)
		}
		for i := range w {
			if msg := docSubset(fmt.Sprintf("%s[%d]", path, i), w[i], g[i]); msg != "" {
				return msg
			}
		}
		return ""
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(g-w) > 1e-6 {
			return fmt.Sprintf("%s: want %v, got %v", path, w, got)
		}
		return ""
	}
	if fmt.Sprint(want) != fmt.Sprint(got) || (want == nil) != (got == nil) {
		return fmt.Sprintf("%s: want %v, got %v", path, want, got)
	}
	return ""
}

// docSet reports where the list got does not match the list want as a set of subsets.
func docSet(path string, want, got any) string {
	w, _ := want.([]any)
	g, ok := got.([]any)
	if !ok || len(g) != len(w) {
		return fmt.Sprintf("%s: want %d items, got %v", path, len(w), got)
	}
	used := make([]bool, len(g))
next:
	for i, wv := range w {
		for j, gv := range g {
			if !used[j] && docSubset("", wv, gv) == "" {
				used[j] = true
				continue next
			}
		}
		return fmt.Sprintf("%s[%d]: nothing in %v matches %v", path, i, got, wv)
	}
	return ""
}

func TestDocSubset(t *testing.T) {
	var got any
	_ = json.Unmarshal([]byte(`{"data": {"a": [{"x": 1, "y": 2}], "b": null}, "errors": [{"path": ["p"], "m": "q"}, {"path": ["r"]}]}`), &got)
	for want, ok := range map[string]bool{
		`{"data": {"a": [{"x": 1}]}}`:                    true,
		`{"data": {"a": [{"x": 1.0000001}], "b": null}}`: true,
		`{"errors": [{"path": ["r"]}, {"path": ["p"]}]}`: true,
		`{"data": {"a": [{"x": 2}]}}`:                    false,
		`{"data": {"a": []}}`:                            false,
		`{"data": {"b": 1}}`:                             false,
		`{"data": {"c": 1}}`:                             false,
		`{"errors": [{"path": ["p"]}]}`:                  false,
		`{"errors": [{"path": ["p"]}, {"path": ["p"]}]}`: false,
		`{"data": {"a": [{"x": 1, "y": 2, "z": 3}]}}`:    false,
	} {
		var w any
		if err := json.Unmarshal([]byte(want), &w); err != nil {
			t.Fatal(err)
		}
		if msg := docSubset("", w, got); (msg == "") != ok {
			t.Errorf("%s: %q", want, msg)
		}
	}
}

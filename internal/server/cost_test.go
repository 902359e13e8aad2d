package server_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/server"
)

// issueAccountList is the account list of issue 14, refused before with "complexity 20200
// exceeds the limit of 20000".
const issueAccountList = `{ accounts { edges { node { id name shareLevel reachablePeople target { id name }
	members { id name } coverage { person { id name } coveredBy { id name } } } } } }`

type costed struct {
	Data       map[string]json.RawMessage
	Errors     []map[string]any
	Extensions struct {
		Cost struct {
			Requested, Limit, Budget, Remaining int
			RestoreRate                         float64
			ResetAt                             string
		}
	}
}

func (e *env) costOf(tok, query string, vars map[string]any) (costed, map[string]string) {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	var r costed
	h := e.postJSON(tok, body, &r)
	headers := map[string]string{}
	for _, k := range []string{"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Cost", "Retry-After"} {
		headers[k] = h.Get(k)
	}
	return r, headers
}

// TestCostsAClientCanPlanWith: issue 14, item 2. The issue's account list fits; every answer
// carries its cost and the caller's remaining budget in extensions and headers, so a client
// sees the budget shrink before a 429; a refusal for complexity names the costliest fields.
func TestCostsAClientCanPlanWith(t *testing.T) {
	cfg := server.DefaultConfig()
	cfg.RatePoints = 1 // a budget that barely refills, so that the test can count it down
	cfg.RateBurst = 30000
	e := newPortalWith(t, cfg)
	for _, tok := range []string{e.medilog, e.token(ecograph.CallerAdmin, "")} {
		r, h := e.costOf(tok, issueAccountList, nil)
		if len(r.Errors) > 0 || r.Extensions.Cost.Requested <= 0 || r.Extensions.Cost.Requested > 20000 {
			t.Fatalf("the issue's account list: %+v, cost %+v", r.Errors, r.Extensions.Cost)
		}
		t.Logf("the issue's account list costs %d of %d", r.Extensions.Cost.Requested, r.Extensions.Cost.Limit)
		if h["RateLimit-Cost"] != strconv.Itoa(r.Extensions.Cost.Requested) || h["RateLimit-Limit"] != "30000" {
			t.Errorf("headers %v, extensions %+v", h, r.Extensions.Cost)
		}
	}
	// A fresh caller counts down: each answer says what is left, and the one that does not fit
	// is 429 with the same accounting.
	tok := e.tokenAs(ecograph.CallerAnalyst, "", "p-cost-counter")
	const page = `{ people(first: 100) { edges { node { id name organization { id name } } } } }`
	// The budget refills one point a second, so each answer may have regained up to a point
	// for every second since the one before (plus one for rounding); slow machines get no
	// false failures, and a remaining that does not go down by the cost still fails.
	left := 30000
	prev := time.Now() // when the request before started
	for i := 0; ; i++ {
		start := time.Now()
		r, h := e.costOf(tok, page, nil)
		slack := int(time.Since(prev).Seconds()) + 2
		prev = start
		c := r.Extensions.Cost
		if c.Requested <= 0 || c.Limit != 20000 || c.Budget != 30000 || c.RestoreRate != 1 || c.ResetAt == "" {
			t.Fatalf("request %d: cost %+v", i, c)
		}
		if c.Requested > left+slack { // the budget did not hold it
			if len(r.Errors) != 1 || r.Errors[0]["extensions"].(map[string]any)["code"] != "RATE_LIMITED" || h["Retry-After"] == "" {
				t.Fatalf("request %d over the budget: %+v %v", i, r.Errors, h)
			}
			if !strings.Contains(r.Errors[0]["message"].(string), fmt.Sprintf("costs %d points", c.Requested)) {
				t.Errorf("the refusal does not say the cost: %s", r.Errors[0]["message"])
			}
			break
		}
		if len(r.Errors) > 0 {
			t.Fatalf("request %d: %+v", i, r.Errors)
		}
		left -= c.Requested
		if c.Remaining < left || c.Remaining > left+slack || h["RateLimit-Remaining"] != strconv.Itoa(c.Remaining) {
			t.Fatalf("request %d: remaining %d (header %s), want %d to %d", i, c.Remaining, h["RateLimit-Remaining"], left, left+slack)
		}
		left = c.Remaining
		if i > 300 {
			t.Fatal("the budget never ran out")
		}
	}
	// Over the per-operation limit: refused before it runs, naming the costliest fields.
	r, _ := e.costOf(e.medilog, strings.Replace(issueAccountList, "accounts {", "accounts(first: 100) {", 1), nil)
	if len(r.Errors) != 1 {
		t.Fatalf("a page of 100 accounts with coverage: %+v", r)
	}
	ext := r.Errors[0]["extensions"].(map[string]any)
	fields, _ := ext["costliestFields"].([]any)
	msg := r.Errors[0]["message"].(string)
	if ext["code"] != "COMPLEXITY_LIMIT_EXCEEDED" || len(fields) == 0 ||
		fields[0].(map[string]any)["path"] != "accounts.edges.node.coverage" || !strings.Contains(msg, "accounts.edges.node.coverage ") {
		t.Fatalf("refusal: %s %+v", msg, ext)
	}
	t.Logf("refusal: %s", msg)
}

// jsConst matches a template-literal constant of the Explorer's modules.
var jsConst = regexp.MustCompile("(?s)const ([A-Z_]+) = (?:`([^`]*)`|'([^']*)'|([0-9]+));")

// TestWhatQueriesCost measures what real queries cost (docs/api.md, "What lists cost"): the
// README's examples, the Explorer's queries and the portal walk-through's, and checks that
// each fits the per-operation limit. Run with -v for the table.
func TestWhatQueriesCost(t *testing.T) {
	e := newPortal(t)
	analyst := e.token(ecograph.CallerAnalyst, "")
	type row struct {
		where string
		cost  int
	}
	var rows []row
	measure := func(where, query string, vars map[string]any, tok string) {
		r, _ := e.costOf(tok, e.prefixed(query), vars)
		c := r.Extensions.Cost.Requested
		if c <= 0 || c > 20000 {
			t.Errorf("%s costs %d (errors %v)", where, c, r.Errors)
		}
		rows = append(rows, row{where, c})
	}
	for _, doc := range []string{"../../README.md", "../../docs/portal.md"} {
		for i, q := range graphqlBlocks(t, doc) {
			if strings.HasPrefix(strings.TrimSpace(q), "mutation") {
				continue
			}
			tok := analyst
			if strings.Contains(doc, "portal") {
				tok = e.medilog
			}
			measure(fmt.Sprintf("%s #%d: %s", filepath.Base(doc), i+1, firstLine(q)), q, nil, tok)
		}
	}
	files, _ := filepath.Glob("../explorer/web/js/*.js")
	// Each module's constants, and route.js's shared ones (ROUTE_FIELDS), by module.
	consts := map[string]map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, c := range jsConst.FindAllStringSubmatch(string(b), -1) {
			m[c[1]] = c[2] + c[3] + c[4]
		}
		consts[filepath.Base(f)] = m
	}
	if len(consts) == 0 {
		t.Fatal("no Explorer sources found")
	}
	vars := map[string]any{"from": "p-anna-keller", "to": "p-thomas-brenner", "org": "org-st-marys", "team": "team-key-accounts",
		"k": 3, "q": "an", "id": "org-st-marys"}
	for file, m := range consts {
		for name, q := range m {
			if !strings.Contains(q, "query ") {
				continue
			}
			for _, scope := range []map[string]string{m, consts["route.js"]} {
				for k, v := range scope {
					q = strings.ReplaceAll(q, "${"+k+"}", v)
				}
			}
			if strings.Contains(q, "${") {
				t.Fatalf("%s %s: a substitution is left: %s", file, name, q)
			}
			measure("Explorer "+file+" "+name+": "+firstLine(q), q, vars, analyst)
		}
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].where < rows[j].where })
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "| %s | %d |\n", r.where, r.cost)
	}
	t.Logf("what real queries cost (limit 20000):\n%s", b.String())
}

func firstLine(q string) string {
	q = strings.Join(strings.Fields(q), " ")
	if len(q) > 70 {
		q = q[:70] + "…"
	}
	return strings.ReplaceAll(q, "|", "\\|")
}

// graphqlBlocks returns the fenced ```graphql blocks of a Markdown file, in order.
func graphqlBlocks(t *testing.T, path string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var cur *strings.Builder
	for _, line := range strings.Split(string(raw), "\n") {
		switch {
		case cur == nil && strings.TrimSpace(line) == "```graphql":
			cur = &strings.Builder{}
		case cur != nil && strings.TrimSpace(line) == "```":
			out = append(out, cur.String())
			cur = nil
		case cur != nil:
			cur.WriteString(line + "\n")
		}
	}
	return out
}

package explorer_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/explorer"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The browser tests run the real handler over the real Neo4j with the demo loaded, and drive
// Debian's chromium (internal/devdb/chromium.sh installs it; `make test` calls that) with
// chromedp. They assert on page state (text, elements), never on pixels. Set
// ECOGRAPH_SCREENSHOTS=DIR to keep a PNG of each view.

var authCfg = auth.Config{Secret: []byte("explorer-test-secret-explorer-test-secret")}

type source struct{ *cypher.Store }

func (s source) StreamRouteGraph(ctx context.Context, sink projection.Sink) (string, error) {
	return s.Store.StreamRouteGraph(ctx, sink)
}

func (s source) StreamRouteDelta(ctx context.Context, ids []string, sk projection.Sink) (string, error) {
	return s.Store.StreamRouteDelta(ctx, ids, sk)
}

// site is the API and the Explorer over the demo.
type site struct {
	url string
}

func startSite(t *testing.T) *site {
	t.Helper()
	return startSiteWith(t, server.DefaultConfig())
}

// startSiteWith is startSite with the server's configuration.
func startSiteWith(t *testing.T, cfg server.Config) *site {
	t.Helper()
	store := testdb.Demo(t)
	v, err := auth.NewVerifier(authCfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// One snapshot of the route graph, taken once the demo is in: other packages' tests write
	// to the same database meanwhile, and a strict finder would reload on each of their writes.
	finder := projection.New(source{store}, projection.Config{}, log)
	if _, err := finder.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	analytics := projection.NewAnalytics(finder, store, projection.AnalyticsConfig{}, log)
	srv := httptest.NewServer(server.New(cfg, server.Deps{
		Resolver: &resolvers.Resolver{Store: store, Routes: finder, Analytics: analytics},
		Verifier: v, DB: store, Log: log,
	}))
	t.Cleanup(srv.Close)
	return &site{url: srv.URL}
}

func token(t *testing.T, role ecograph.CallerRole, org string, now time.Time) string {
	t.Helper()
	tok, err := auth.Mint(authCfg, ecograph.Caller{Role: role, OrgID: org}, time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// graphql runs a query over HTTP and fails the test on any error.
func (s *site) graphql(t *testing.T, tok, query string, vars map[string]any) {
	t.Helper()
	s.data(t, tok, query, vars, nil)
}

// data runs a query over HTTP, fails the test on any error, and decodes the data into into
// (when not nil).
func (s *site) data(t *testing.T, tok, query string, vars map[string]any, into any) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Data   json.RawMessage
		Errors []any
	}
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Errors) > 0 {
		t.Fatalf("%s: %s", query, raw)
	}
	if into != nil {
		if err := json.Unmarshal(out.Data, into); err != nil {
			t.Fatal(err)
		}
	}
}

// names returns the names of the people that Cypher finds, as a set.
func names(t *testing.T, cypher string, params map[string]any) map[string]bool {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), testdb.Driver(t), cypher, params, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, r := range res.Records {
		n, _, err := neo4j.GetRecordValue[string](r, "name")
		if err != nil {
			t.Fatal(err)
		}
		out[n] = true
	}
	return out
}

// startBrowser starts one headless chromium for the test; each tab gets its own browser
// context (its own session storage).
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("ECOGRAPH_INTEGRATION") == "1" {
			t.Fatal("chromium is required (ECOGRAPH_INTEGRATION=1): run bash internal/devdb/chromium.sh")
		}
		t.Skip("browser test: no chromium; run bash internal/devdb/chromium.sh")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1280, 900), chromedp.Flag("disable-gpu", true), chromedp.Flag("lang", "en-US"))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, with no timeout
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// tab is one browser tab on the site, recording what the page writes to the console.
type tab struct {
	t    *testing.T
	ctx  context.Context
	site *site
	mu   sync.Mutex
	errs []string
}

func (s *site) open(t *testing.T, browser context.Context) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatal(err)
	}
	tb := &tab{t: t, ctx: ctx, site: s}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				tb.mu.Lock()
				tb.errs = append(tb.errs, fmt.Sprintf("%s:%d %s", m.URL, m.Line+1, m))
				tb.mu.Unlock()
			}
		}
	}()
	return tb
}

func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatalf("%v\n%s", err, tb.text("body"))
	}
}

func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		tb.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it holds.
func (tb *tab) waitFor(cond string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		tb.t.Fatalf("waiting for %s: %v\npage: %s", cond, err, tb.text("body"))
	}
}

// text is the visible text of the first element sel matches ("" when none does).
func (tb *tab) text(sel string) string {
	ctx, cancel := context.WithTimeout(tb.ctx, 10*time.Second)
	defer cancel()
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {}).innerText || ''`, sel)))
	return s
}

func (tb *tab) texts(sel string) []string {
	tb.t.Helper()
	return eval[[]string](tb, fmt.Sprintf(`[...document.querySelectorAll(%q)].map(e => e.textContent.trim())`, sel))
}

// goTo opens a deep link of the Explorer (such as "#/route?from=a&to=b").
func (tb *tab) goTo(hash string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(tb.site.url + "/app/" + hash))
}

// signIn types the token into the box labelled Token and presses Enter.
func (tb *tab) signIn(tok string) {
	tb.t.Helper()
	label := eval[string](tb, `document.querySelector('label[for=token]').textContent`)
	if !strings.Contains(label, "Token") {
		tb.t.Fatalf("the token box is labelled %q", label)
	}
	tb.do(chromedp.WaitVisible(chromedp.CSS("#token")), chromedp.SendKeys(chromedp.CSS("#token"), tok+"\n"))
}

// noConsoleErrors fails when the page wrote an error to the console or threw.
func (tb *tab) noConsoleErrors() {
	tb.t.Helper()
	time.Sleep(100 * time.Millisecond) // let the console iterator catch up
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.errs {
		tb.t.Errorf("console: %s", e)
	}
}

func (tb *tab) screenshot(name string) {
	dir := os.Getenv("ECOGRAPH_SCREENSHOTS")
	if dir == "" {
		return
	}
	ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()) // the viewport, as a PNG
	if err != nil {
		tb.t.Logf("screenshot %s: %v", name, err)
		return
	}
	_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
}

// drawn reports whether the view's picture holds a canvas with a size.
const drawn = `(() => { const c = document.querySelector('.graph canvas'); return !!c && c.width > 0 && c.height > 0; })()`

// visibleNames is every person's name the page shows as text.
const visibleNames = `.person-name, .hop-who`

// explorerManifest is the Apollo persisted query manifest of the page's documents, by name.
func explorerManifest(t *testing.T, docs []string) []byte {
	t.Helper()
	type op struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Type string `json:"type"`
		Body string `json:"body"`
	}
	var ops []op
	name := regexp.MustCompile(`^query (Explorer\w+)`)
	for _, d := range docs {
		m := name.FindStringSubmatch(d)
		if m == nil {
			t.Fatalf("a document not named query Explorer...: %.60s", d)
		}
		sum := sha256.Sum256([]byte(d))
		ops = append(ops, op{ID: hex.EncodeToString(sum[:]), Name: m[1], Type: "query", Body: d})
	}
	slices.SortFunc(ops, func(a, b op) int { return strings.Compare(a.Name, b.Name) })
	b, err := json.MarshalIndent(map[string]any{"format": "apollo-persisted-query-manifest", "version": 1, "operations": ops}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

// With trusted documents for partners, a partner uses the Explorer when the Explorer's
// documents are among them (ECOGRAPH_PARTNER_TRUSTED_EXPLORER), and is told why not when they
// are not; our own roles are not limited either way.
func TestExplorerUnderTrustedDocuments(t *testing.T) {
	browser := startBrowser(t)
	const portal = "query PortalViewer { viewer { role } }"
	sum := sha256.Sum256([]byte(portal))
	only, err := server.ParseTrustedDocuments([]byte(`{"` + hex.EncodeToString(sum[:]) + `": "` + portal + `"}`))
	if err != nil {
		t.Fatal(err)
	}
	withExplorer, err := server.ParseTrustedDocuments(explorer.Documents())
	if err != nil {
		t.Fatalf("the Explorer's documents do not load as trusted documents: %v", err)
	}
	medilog := names(t, `MATCH (p:Person)-[:WORKS_AT]->(:Organization {id: 'org-medilog'}) RETURN p.name AS name`, nil)
	partner := token(t, ecograph.CallerPartner, "org-medilog", time.Now())

	cfg := server.DefaultConfig()
	cfg.TrustedDocuments = only
	s := startSiteWith(t, cfg)
	tb := s.open(t, browser)
	tb.goTo("#/org?id=org-medilog")
	tb.signIn(partner)
	tb.waitFor(`document.querySelector('.msg-error') !== null`)
	if m := tb.text(".msg-error"); !strings.Contains(m, "trusted documents") {
		t.Errorf("a partner whose trusted documents leave the Explorer out: %q", m)
	}
	seller := s.open(t, browser)
	seller.goTo("#/org?id=org-medilog")
	seller.signIn(token(t, ecograph.CallerSeller, "", time.Now()))
	seller.waitFor(drawn)

	cfg.TrustedDocuments = only.With(withExplorer)
	s = startSiteWith(t, cfg)
	tb = s.open(t, browser)
	tb.goTo("#/org?id=org-medilog")
	tb.signIn(partner)
	tb.waitFor(drawn)
	shown := tb.texts(`.person-name`)
	if len(shown) == 0 {
		t.Error("no one listed")
	}
	for _, n := range shown {
		if !medilog[n] {
			t.Errorf("the partner sees %q", n)
		}
	}
	tb.goTo("#/search?q=an")
	tb.waitFor(`document.querySelectorAll('.people-results li, .msg-empty').length > 0`)
	tb.noConsoleErrors()
}

func TestExplorerInABrowser(t *testing.T) {
	browser := startBrowser(t)
	s := startSite(t)
	seller := token(t, ecograph.CallerSeller, "", time.Now())

	t.Run("a seller signs in on a deep link and sees Anna's route to Thomas Brenner", func(t *testing.T) {
		tb := s.open(t, browser)
		tb.goTo("#/route?from=p-anna-keller&to=p-thomas-brenner")
		tb.signIn(seller)
		tb.waitFor(`document.querySelectorAll('.route').length > 0`)
		tb.waitFor(drawn)
		best := tb.texts(`.route:first-child .people .person-name`)
		if want := []string{"Anna Keller", "Lukas Meier", "Sofia Rossi", "Thomas Brenner"}; !slices.Equal(best, want) {
			t.Fatalf("best route %v, want %v", best, want)
		}
		if n := len(tb.texts(`.route`)); n != 3 {
			t.Errorf("%d routes, want the best and 2 alternatives", n)
		}
		card := tb.text(`.route:first-child`)
		for _, want := range []string{"trust 0.612", "3 hops", "evidence: survey", "Anna Keller, Senior Account Manager at Helix Medical"} {
			if !strings.Contains(card, want) {
				t.Errorf("the best route's card lacks %q:\n%s", want, card)
			}
		}
		if h := tb.text("h2"); h != "Trusted routes from Anna Keller to Thomas Brenner" {
			t.Errorf("heading %q", h)
		}
		// The token stays in this tab's session storage and nowhere else.
		if !eval[bool](tb, `sessionStorage.getItem('ecograph.token') !== null && localStorage.length === 0 && document.cookie === ''`) {
			t.Error("the token is not kept in session storage only")
		}
		// Cost of the page: what the first visit transferred and how long it took, then a
		// signed-in reader opening the deep link (a reload: the token is in the tab's storage).
		type perf struct {
			Load     float64 `json:"load"`
			Transfer float64 `json:"transfer"`
			Files    int     `json:"files"`
			SignIn   float64 `json:"signIn"`
		}
		const measure = `(() => { const n = performance.getEntriesByType('navigation')[0];
			const r = performance.getEntriesByType('resource').filter(e => !e.name.endsWith('/graphql'));
			const drawn = performance.getEntriesByName('ecograph:route-drawn')[0];
			const signedIn = performance.getEntriesByName('ecograph:signed-in')[0];
			return {load: drawn.startTime, transfer: r.reduce((a, e) => a + e.transferSize, n.transferSize), files: r.length + 1,
				signIn: signedIn ? drawn.startTime - signedIn.startTime : 0}; })()`
		first := eval[perf](tb, measure)
		tb.do(chromedp.Reload())
		tb.waitFor(`performance.getEntriesByName('ecograph:route-drawn').length > 0`)
		again := eval[perf](tb, measure)
		t.Logf("first visit: %d files, %.0f KB transferred; sign-in to the route drawn in %.0f ms", first.Files, first.Transfer/1024, first.SignIn)
		t.Logf("signed in, the deep link's route is drawn %.0f ms after navigation starts (%.0f KB transferred: files revalidated)", again.Load, again.Transfer/1024)
		tb.screenshot("route")

		// Alternatives: picking one brings it forward.
		tb.do(chromedp.Click(chromedp.CSS(`.route:nth-child(2) .route-pick`)))
		if !eval[bool](tb, `document.querySelector('.route:nth-child(2) .route-pick').getAttribute('aria-pressed') === 'true'`) {
			t.Error("picking an alternative does not press it")
		}
		tb.noConsoleErrors()
	})

	t.Run("the route view's controls make a deep link", func(t *testing.T) {
		tb := s.open(t, browser)
		tb.goTo("#/route?from=p-anna-keller&to=p-thomas-brenner")
		tb.signIn(seller)
		tb.waitFor(`document.querySelectorAll('.route').length > 0`)
		tb.do(chromedp.Click(chromedp.CSS(`.options-box summary`)), chromedp.Click(chromedp.CSS(`input[name=avoidBlockers]`)),
			chromedp.Click(chromedp.CSS(`button.primary`)))
		tb.waitFor(`location.hash.includes('avoidBlockers=false')`)
		tb.waitFor(`[...document.querySelectorAll('.route:first-child .people .person-name')].map(e => e.textContent).join() === 'Anna Keller,Claudia Vogt,Thomas Brenner'`)
		if card := tb.text(`.route:first-child`); !strings.Contains(card, "trust 0.76") || !strings.Contains(card, "blocker") {
			t.Errorf("through the blocker: %s", card)
		}
		// Keyboard only: type part of a name in Avoid people, arrow down to the match, Enter.
		tb.do(chromedp.SendKeys(chromedp.CSS(`input[name=avoidPerson]`), "lukas me"))
		tb.waitFor(`[...document.querySelectorAll('.avoid .suggestions button')].some(b => b.textContent.startsWith('Lukas Meier'))`)
		tb.do(chromedp.SendKeys(chromedp.CSS(`input[name=avoidPerson]`), kb.ArrowDown))
		if !eval[bool](tb, `document.activeElement.textContent.startsWith('Lukas Meier')`) {
			t.Fatal("arrow down does not reach the match")
		}
		tb.do(chromedp.KeyEvent("\r"))
		tb.waitFor(`document.querySelector('.chips').textContent.includes('Lukas Meier')`)
		tb.do(chromedp.Click(chromedp.CSS(`button.primary`)))
		tb.waitFor(`location.hash.includes('avoid=p-lukas-meier')`)
		// The routes of the previous query stay on the page until the new answer arrives:
		// wait (bounded) for an answer without him; it fails when every answer has him.
		tb.waitFor(`!!document.querySelector('.route, .result .msg-empty') &&
			![...document.querySelectorAll('.route .people .person-name')].some(e => e.textContent === 'Lukas Meier')`)
		if slices.Contains(tb.texts(`.route .people .person-name`), "Lukas Meier") {
			t.Error("a route goes through Lukas Meier, who is avoided")
		}

		tb.goTo("#/route?from=p-jonas-frei&to=p-elena-marchetti&objective=FEWEST_HOPS&k=1")
		tb.waitFor(`document.querySelectorAll('.route').length === 1`)
		if got := tb.texts(`.route .people .person-name`); !slices.Equal(got, []string{"Jonas Frei", "Marco Colombo", "Elena Marchetti"}) {
			t.Errorf("fewest hops: %v", got)
		}
		tb.noConsoleErrors()
	})

	t.Run("search as you type, organisations, decision makers", func(t *testing.T) {
		tb := s.open(t, browser)
		tb.goTo("#/search")
		tb.signIn(seller)
		tb.do(chromedp.WaitVisible(chromedp.CSS("#search-q")), chromedp.SendKeys(chromedp.CSS("#search-q"), "baum"))
		tb.waitFor(`[...document.querySelectorAll('.people-results .person-name')].some(e => e.textContent === 'Nina Baumann')`)
		tb.waitFor(`location.hash === '#/search?q=baum'`)
		tb.screenshot("search")

		tb.goTo("#/person?id=p-nina-baumann")
		tb.waitFor(drawn)
		if h := tb.text("h2"); h != "Nina Baumann" {
			t.Errorf("person heading %q", h)
		}
		if ties := tb.text(".people-table"); !strings.Contains(ties, "Martin Huber") || !strings.Contains(ties, "0.90") {
			t.Errorf("Nina's ties lack Martin Huber at 0.90:\n%s", ties)
		}

		tb.goTo("#/org?id=org-st-marys")
		tb.waitFor(drawn)
		if h := tb.text("h2"); h != "St. Mary's University Hospital" {
			t.Errorf("organisation heading %q", h)
		}
		stMarys := names(t, `MATCH (p:Person)-[:WORKS_AT]->(:Organization {id: 'org-st-marys'}) RETURN p.name AS name`, nil)
		if got := tb.texts(`.people-table tbody .person-name`); len(got) != len(stMarys) {
			t.Errorf("St. Mary's has %d people in the table, want %d", len(got), len(stMarys))
		}
		tb.screenshot("organisation")

		tb.goTo("#/decision-makers?from=p-sara-lehmann&org=org-helvetia")
		tb.waitFor(`document.querySelectorAll('.route').length > 0`)
		tb.waitFor(drawn)
		ends := eval[[]string](tb, `[...document.querySelectorAll('.route')].map(r => [...r.querySelectorAll('.people .person-name')].pop().textContent)`)
		if len(ends) != 2 || ends[0] != "Martin Huber" || ends[1] != "Philipp Marti" {
			t.Errorf("decision makers reached: %v", ends)
		}
		if card := tb.text(`.route:first-child`); !strings.Contains(card, "Nina Baumann") || !strings.Contains(card, "trust 0.765") {
			t.Errorf("Sara's route to Martin Huber: %s", card)
		}
		tb.screenshot("decision-makers")

		tb.goTo("#/decision-makers?team=team-key-accounts&org=org-st-marys")
		tb.waitFor(`document.querySelectorAll('.route').length > 0 || !!document.querySelector('.msg-empty')`)
		if h := tb.text("h2"); !strings.Contains(h, "Key Accounts") {
			t.Errorf("team heading %q", h)
		}
		tb.noConsoleErrors()
	})

	t.Run("clear messages: expired token, unknown person, no route", func(t *testing.T) {
		tb := s.open(t, browser)
		tb.goTo("#/route?from=p-nobody&to=p-thomas-brenner")
		tb.signIn(token(t, ecograph.CallerSeller, "", time.Now().Add(-3*time.Hour)))
		tb.waitFor(`document.querySelector('#notice').innerText.includes('expired')`)
		if !eval[bool](tb, `sessionStorage.getItem('ecograph.token') === null`) {
			t.Error("an expired token was kept")
		}
		tb.signIn(seller)
		tb.waitFor(`!!document.querySelector('.result .msg-error')`)
		if m := tb.text(".result .msg-error"); !strings.Contains(m, "“p-nobody”") || !strings.Contains(m, "not") {
			t.Errorf("unknown person: %q", m)
		}
		tb.goTo("#/route?from=p-anna-keller&to=p-thomas-brenner&minTrust=0.95")
		tb.waitFor(`!!document.querySelector('.result .msg-empty')`)
		if m := tb.text(".result .msg-empty"); !strings.Contains(m, "No route from Anna Keller to Thomas Brenner") {
			t.Errorf("no route: %q", m)
		}
		tb.goTo("#/nowhere")
		tb.waitFor(`document.querySelector('main').innerText.includes('There is no view')`)
		tb.noConsoleErrors()
	})

	t.Run("a partner sees exactly what the API lets it see", func(t *testing.T) {
		partner := token(t, ecograph.CallerPartner, "org-medilog", time.Now())
		medilog := names(t, `MATCH (p:Person)-[:WORKS_AT]->(:Organization {id: 'org-medilog'}) RETURN p.name AS name`, nil)
		// Everyone else in the demo (other tests' people in the shared database are left out:
		// their names are not the demo's full names and could be any text).
		outside := names(t, `MATCH (p:Person)-[:WORKS_AT]->(o:Organization) WHERE o.id STARTS WITH 'org-' AND o.id <> 'org-medilog'
			AND p.id STARTS WITH 'p-' RETURN p.name AS name`, nil)
		tb := s.open(t, browser)
		// onlyMedilog fails when the page shows anyone outside MediLog.
		onlyMedilog := func(where string) {
			t.Helper()
			for _, n := range tb.texts(visibleNames) {
				for _, part := range strings.Split(n, " → ") {
					if !medilog[part] {
						t.Errorf("%s: the partner sees %q", where, part)
					}
				}
			}
			body := tb.text("main")
			for n := range outside {
				if strings.Contains(body, n) {
					t.Errorf("%s: the page names %q, who works outside MediLog", where, n)
				}
			}
		}

		tb.goTo("#/route?from=p-anna-keller&to=p-thomas-brenner")
		tb.signIn(partner)
		tb.waitFor(`!!document.querySelector('.result .msg-error')`)
		if m := tb.text(".result .msg-error"); !strings.Contains(m, "not shared with your organisation") {
			t.Errorf("Anna's route as a partner: %q", m)
		}
		if !strings.Contains(tb.text(".msg-partner"), "Partner view") {
			t.Error("no partner banner")
		}
		onlyMedilog("the route to Thomas Brenner")

		tb.goTo("#/route?from=p-nina-baumann&to=p-julien-tschanz")
		tb.waitFor(`document.querySelectorAll('.route').length > 0`)
		tb.waitFor(drawn)
		onlyMedilog("a route inside MediLog")
		if n := len(tb.texts(".route .trust.banded")); n > 0 {
			t.Error("hops between MediLog's own people should show exact trust")
		}

		tb.goTo("#/search")
		tb.do(chromedp.WaitVisible(chromedp.CSS("#search-q")), chromedp.SendKeys(chromedp.CSS("#search-q"), "an"))
		tb.waitFor(`document.querySelectorAll('.people-results .person-name').length > 0`)
		onlyMedilog("searching for 'an'")
		if orgs := tb.texts(`.result a[href^="#/org"]`); slices.ContainsFunc(orgs, func(o string) bool { return o != "MediLog Distribution AG" }) {
			t.Errorf("organisations found: %v", orgs)
		}

		tb.goTo("#/person?id=p-nina-baumann")
		tb.waitFor(drawn)
		onlyMedilog("Nina Baumann's ties")
		tb.goTo("#/person?id=p-anna-keller")
		tb.waitFor(`!!document.querySelector('main .msg-error')`)
		onlyMedilog("Anna Keller's view")

		tb.goTo("#/org?id=org-medilog&ext=1")
		tb.waitFor(drawn)
		onlyMedilog("MediLog's people and ties")
		tb.goTo("#/org?id=org-helix")
		tb.waitFor(`!!document.querySelector('main .msg-error')`)
		tb.goTo("#/org")
		tb.waitFor(`document.querySelectorAll('.org-kind a').length > 0`)
		if orgs := tb.texts(`.org-kind a`); !slices.Equal(orgs, []string{"MediLog Distribution AG"}) {
			t.Errorf("organisations listed for MediLog: %v", orgs)
		}
		tb.noConsoleErrors()
	})

	t.Run("a partner with an account shared at ROUTES sees the route, in bands", func(t *testing.T) {
		p := testdb.Prefix(t) // the account and its swarm go when the test ends
		admin := token(t, ecograph.CallerAdmin, "", time.Now())
		account := p + "st-marys"
		s.graphql(t, admin, `mutation($id: ID!) { upsertAccount(input: {id: $id, name: "St. Mary's cardiology", target: "org-st-marys"}) { id } }`, map[string]any{"id": account})
		for _, who := range []string{"p-anna-keller", "p-lukas-meier", "p-nina-baumann"} {
			s.graphql(t, admin, `mutation($a: ID!, $p: ID!) { addSwarmMember(account: $a, person: $p) { id } }`, map[string]any{"a": account, "p": who})
		}
		s.graphql(t, admin, `mutation($a: ID!) { shareAccount(account: $a, partner: "org-medilog", level: ROUTES) { id } }`, map[string]any{"a": account})
		visible := names(t, `MATCH (p:Person)-[:WORKS_AT]->(o:Organization) WHERE o.id IN ['org-medilog', 'org-st-marys'] OR p.id IN ['p-anna-keller', 'p-lukas-meier']
			RETURN p.name AS name`, nil)

		tb := s.open(t, browser)
		tb.goTo("#/route?from=p-anna-keller&to=p-thomas-brenner")
		tb.signIn(token(t, ecograph.CallerPartner, "org-medilog", time.Now()))
		tb.waitFor(`document.querySelectorAll('.route').length > 0`)
		tb.waitFor(drawn)
		for _, n := range tb.texts(`.person-name`) {
			if !visible[n] {
				t.Errorf("the partner sees %q", n)
			}
		}
		best := tb.texts(`.route:first-child .people .person-name`)
		if len(best) < 2 || best[0] != "Anna Keller" || best[len(best)-1] != "Thomas Brenner" {
			t.Errorf("best route as a partner: %v", best)
		}
		card := tb.text(`.route:first-child`)
		if !strings.Contains(card, "strong (≥ 0.7)") || strings.Contains(card, "0.90") || strings.Contains(card, "0.85") {
			t.Errorf("hops outside MediLog must show bands, not values:\n%s", card)
		}
		if !strings.Contains(tb.text(".result"), "private") {
			t.Error("no note that some trust values are banded")
		}
		tb.screenshot("partner-route")
		tb.noConsoleErrors()
	})

	t.Run("usable on a phone's width", func(t *testing.T) {
		tb := s.open(t, browser)
		tb.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		tb.goTo("#/route?from=p-anna-keller&to=p-thomas-brenner")
		tb.signIn(seller)
		tb.waitFor(`document.querySelectorAll('.route').length > 0`)
		tb.waitFor(drawn)
		if w := eval[int](tb, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("the page is %d px wide on a 390 px screen", w)
		}
		tb.screenshot("phone")
		for _, view := range []struct{ hash, ready string }{
			{"#/swarm?org=org-st-marys", `document.querySelectorAll('.swarm-team .member').length > 0`},
			{"#/connectors?org=org-helix", `document.querySelectorAll('.connectors tbody tr').length > 0`},
			{"#/cohesion?team=team-key-accounts", `document.querySelector('.cohesion .density') !== null`},
		} {
			tb.goTo(view.hash)
			tb.waitFor(view.ready)
			if w := eval[int](tb, `document.documentElement.scrollWidth`); w > 390 {
				t.Errorf("%s is %d px wide on a 390 px screen", view.hash, w)
			}
		}
		tb.noConsoleErrors()
	})

	t.Run("swarm plan, connectors and cohesion", func(t *testing.T) {
		tb := s.open(t, browser)
		tb.goTo("#/swarm?org=org-st-marys")
		tb.signIn(seller)
		tb.waitFor(`document.querySelectorAll('.swarm-team .member').length > 0`)
		if h := tb.text("h2"); h != "Swarm plan for St. Mary's University Hospital" {
			t.Errorf("heading %q", h)
		}
		// The demo's plan (internal/server/testdata/swarm_demo.golden): the greedy team, the two
		// blockers, no gaps at 0.3.
		if team := tb.texts(`.swarm-team .member > .person-name`); !slices.Equal(team, []string{"Arjun Zürcher", "Lukas Meier"}) {
			t.Errorf("suggested team %v", team)
		}
		if b := tb.texts(`.swarm-blockers li > .person-name`); !slices.Equal(b, []string{"Claudia Vogt", "Reto Kaufmann"}) {
			t.Errorf("blockers %v", b)
		}
		if !strings.Contains(tb.text(".swarm-gaps"), "None.") {
			t.Errorf("gaps at 0.3: %s", tb.text(".swarm-gaps"))
		}
		if !strings.Contains(tb.text(`.swarm-team .member:last-child .targets`), "Thomas Brenner 0.68") {
			t.Errorf("Lukas Meier's targets: %s", tb.text(`.swarm-team .member:last-child .targets`))
		}
		// The keyboard changes the coverage trust and writes the deep link.
		tb.do(chromedp.Focus(chromedp.CSS("#swarm-min")), chromedp.KeyEvent(kb.End),
			chromedp.KeyEvent(strings.Repeat(kb.Backspace, 5)), chromedp.KeyEvent("0.5"), chromedp.KeyEvent("\r"))
		tb.waitFor(`location.hash === '#/swarm?org=org-st-marys&minTrust=0.5'`)
		tb.waitFor(`document.querySelectorAll('.swarm-gaps li').length === 2`)
		if g := tb.texts(`.swarm-gaps li > .person-name`); !slices.Equal(g, []string{"Katharina Sommer", "Peter Hofmann"}) {
			t.Errorf("gaps at 0.5: %v", g)
		}
		tb.screenshot("swarm")

		var conn struct {
			Connectors []struct{ Person struct{ Name string } }
		}
		s.data(t, seller, `{ connectors(organization: "org-helix", first: 10) { person { name } } }`, nil, &conn)
		var want []string
		for _, c := range conn.Connectors {
			want = append(want, c.Person.Name)
		}
		tb.goTo("#/connectors?org=org-helix")
		tb.waitFor(`document.querySelectorAll('.connectors tbody tr').length > 0`)
		if got := tb.texts(`.connectors tbody .person-name`); len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("connectors %v, the API's %v", got, want)
		}
		if h := tb.text("h2"); h != "Connectors of Helix Medical" {
			t.Errorf("heading %q", h)
		}
		tb.screenshot("connectors")

		var co struct{ TeamCohesion struct{ Density float64 } }
		s.data(t, seller, `{ teamCohesion(team: "team-key-accounts") { density } }`, nil, &co)
		tb.goTo("#/cohesion?team=team-key-accounts")
		tb.waitFor(`document.querySelector('.cohesion .density') !== null`)
		if d := tb.text(".cohesion .density"); !strings.HasPrefix(d, fmt.Sprintf("%.3f", co.TeamCohesion.Density)) {
			t.Errorf("density %q, the API's %.3f", d, co.TeamCohesion.Density)
		}
		if h := tb.text("h2"); h != "Cohesion of Key Accounts" {
			t.Errorf("heading %q", h)
		}
		tb.screenshot("cohesion")
		// The organisation view links to all three.
		tb.goTo("#/org?id=org-st-marys")
		tb.waitFor(`document.querySelector('a[href="#/swarm?org=org-st-marys"]') !== null && document.querySelector('a[href="#/connectors?org=org-st-marys"]') !== null`)
		tb.noConsoleErrors()
	})

	t.Run("a partner's swarm, connectors and cohesion views show only what the API allows", func(t *testing.T) {
		medilog := names(t, `MATCH (p:Person)-[:WORKS_AT]->(:Organization {id: 'org-medilog'}) RETURN p.name AS name`, nil)
		tb := s.open(t, browser)
		tb.goTo("#/connectors")
		tb.signIn(token(t, ecograph.CallerPartner, "org-medilog", time.Now()))
		tb.waitFor(`document.querySelector('.result .msg-error') !== null`)
		if m := tb.text(".result .msg-error"); !strings.Contains(m, "only among your own organisation") {
			t.Errorf("connectors for everyone, as a partner: %q", m)
		}
		if eval[bool](tb, `[...document.querySelectorAll('#connectors-org option')].some(o => o.value === '')`) {
			t.Error("a partner is offered connectors across everyone")
		}
		tb.do(chromedp.Click(chromedp.CSS(`.result a[href="#/connectors?org=org-medilog"]`)))
		tb.waitFor(`document.querySelectorAll('.connectors tbody tr').length > 0`)
		for _, n := range tb.texts(`.person-name`) {
			if !medilog[n] {
				t.Errorf("a partner's connectors show %q", n)
			}
		}

		tb.goTo("#/cohesion?team=team-key-accounts")
		tb.waitFor(`document.querySelector('.msg-error') !== null`)
		if m := tb.text(".msg-error"); !strings.Contains(m, "your own organisation’s teams only") {
			t.Errorf("another organisation's team, as a partner: %q", m)
		}
		tb.goTo("#/cohesion?team=team-medilog-sales")
		tb.waitFor(`document.querySelector('.cohesion .density') !== null`)
		for _, n := range tb.texts(`.person-name`) {
			if !medilog[n] {
				t.Errorf("a partner's cohesion view shows %q", n)
			}
		}

		tb.goTo("#/swarm?org=org-st-marys")
		tb.waitFor(`document.querySelector('.msg-error, .msg-empty') !== null`)
		if m := tb.text(".msg-error, .msg-empty"); !strings.Contains(m, "not shared with your organisation") && !strings.Contains(m, "Nothing to plan with") {
			t.Errorf("a swarm plan not shared with the partner: %q", m)
		}
		if n := tb.texts(`.person-name`); len(n) != 0 {
			t.Errorf("names on a swarm plan not shared: %v", n)
		}
		tb.goTo("#/swarm")
		tb.waitFor(`document.querySelector('.swarm-orgs, .msg-empty') !== null`)
		tb.noConsoleErrors()
	})

	t.Run("documents.json lists every document the page sends", func(t *testing.T) {
		tb := s.open(t, browser)
		tb.goTo("")
		tb.waitFor(`document.querySelector('#token') !== null`)
		var modules []string
		if err := fs.WalkDir(explorer.Web(), "js", func(name string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				modules = append(modules, name)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		list, _ := json.Marshal(modules)
		ctx, cancel := context.WithTimeout(tb.ctx, 30*time.Second)
		defer cancel()
		docs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(
			`(async () => { for (const m of %s) await import('./' + m); return (await import('./js/graphql.js')).documents(); })()`, list),
			chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		want := explorerManifest(t, docs)
		got, err := os.ReadFile("documents.json")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			if os.Getenv("ECOGRAPH_UPDATE_EXPLORER_DOCUMENTS") == "1" {
				if err := os.WriteFile("documents.json", want, 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("documents.json updated: %d documents", len(docs))
			} else {
				t.Errorf("documents.json is stale: the page sends %d documents; run ECOGRAPH_UPDATE_EXPLORER_DOCUMENTS=1 go test ./internal/explorer -run 'TestExplorerInABrowser/documents'", len(docs))
			}
		}
		tb.noConsoleErrors()
	})

	t.Run("axe-core finds no serious accessibility issue", func(t *testing.T) {
		axe, err := os.ReadFile("testdata/axe.min.js")
		if err != nil {
			t.Fatal(err)
		}
		tb := s.open(t, browser)
		tb.goTo("")
		for _, view := range []struct{ hash, ready string }{
			{"#/route?from=p-anna-keller&to=p-thomas-brenner", drawn},
			{"#/search?q=an", `document.querySelectorAll('.people-results li').length > 0`},
			{"#/org?id=org-st-marys", drawn},
			{"#/decision-makers?from=p-sara-lehmann&org=org-helvetia", drawn},
			{"#/person?id=p-nina-baumann", drawn},
			{"#/swarm?org=org-st-marys", `document.querySelectorAll('.swarm-team .member').length > 0`},
			{"#/connectors?org=org-helix", `document.querySelectorAll('.connectors tbody tr').length > 0`},
			{"#/cohesion?team=team-key-accounts", `document.querySelector('.cohesion .density') !== null`},
		} {
			tb.goTo(view.hash)
			if view.hash == "#/route?from=p-anna-keller&to=p-thomas-brenner" {
				tb.signIn(seller)
			}
			tb.waitFor(view.ready)
			_ = eval[chromedp.Void](tb, string(axe))
			ctx, cancel := context.WithTimeout(tb.ctx, 60*time.Second)
			type violation struct {
				ID, Impact, Help string
				Nodes            []struct{ Target []string }
			}
			found, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](
				`axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical'))`,
				chromedp.EvalAwaitPromise))
			cancel()
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range found {
				t.Errorf("%s: %s (%s) at %v", view.hash, v.ID, v.Help, v.Nodes)
			}
		}
		tb.noConsoleErrors()
	})
}

package analyst_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ecograph/ecograph/internal/analyst"
	"github.com/ecograph/ecograph/internal/testdb"
)

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// TestGuideAndStyleLoadInNeo4jBrowser opens the real Neo4j Browser that the test database
// serves (the local Neo4j of `make test`), signs in, plays the guide from an Ecograph
// handler and loads the style, in headless Chromium, and checks Browser's state: the slides
// it shows and the style it keeps. Browser fetches both from its own page, so this also
// proves the CORS answers and the allowlist (Neo4j's default allows localhost).
func TestGuideAndStyleLoadInNeo4jBrowser(t *testing.T) {
	testdb.Driver(t) // skips or fails the way every integration test does without Neo4j
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("ECOGRAPH_INTEGRATION") == "1" {
			t.Fatal("chromium is required (ECOGRAPH_INTEGRATION=1): run bash internal/devdb/chromium.sh")
		}
		t.Skip("browser test: no chromium; run bash internal/devdb/chromium.sh")
	}
	bolt, err := url.Parse(env("NEO4J_URI", "bolt://127.0.0.1:7687"))
	if err != nil {
		t.Fatal(err)
	}
	if h := bolt.Hostname(); h != "127.0.0.1" && h != "localhost" {
		t.Skipf("Neo4j at %s is not on this machine: its Browser may not reach a test server here", h)
	}
	browserURL := fmt.Sprintf("http://localhost:%s/browser/?dbms=%s", env("NEO4J_HTTP_PORT", "7474"),
		url.QueryEscape("bolt://neo4j@localhost:"+bolt.Port()))

	// The guide and the style from a server of their own, on a loopback port, named by
	// localhost (in Browser's default allowlist).
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: analyst.Handler(), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	base := fmt.Sprintf("http://localhost:%d", ln.Addr().(*net.TCPAddr).Port)
	guide, err := analyst.Guide(base)
	if err != nil {
		t.Fatal(err)
	}
	slides := strings.Count(string(guide), "<slide")

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.WindowSize(1400, 1000), chromedp.Flag("disable-gpu", true))
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, 90*time.Second)
		defer cancel()
		if err := chromedp.Do(sctx, steps...); err != nil {
			page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText.slice(0, 2000)`))
			t.Fatalf("%s: %v\npage:\n%s", what, err, page)
		}
	}
	until := func(cond string) chromedp.Action[chromedp.Void] {
		return chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(80*time.Second))
	}
	command := func(cmd string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(
			chromedp.Click(chromedp.CSS(`#monaco-main-editor`)),
			chromedp.SendKeys(chromedp.CSS(`#monaco-main-editor textarea`), cmd),
			chromedp.Click(chromedp.CSS(`[data-testid=editor-Run]`)),
		)
	}

	step("open Browser and sign in",
		chromedp.Navigate(browserURL),
		chromedp.WaitVisible(chromedp.CSS(`input[data-testid=password]`)),
		chromedp.SendKeys(chromedp.CSS(`input[data-testid=password]`), env("NEO4J_PASSWORD", "ecograph-local")+"\n"),
		until(`document.body.innerText.includes('You are connected as user')`))

	step("play the guide",
		command(":play "+base+"/analyst/guide.html"),
		until(`!!document.querySelector('[data-testid=carousel]') && document.body.innerText.includes('Ecograph for analysts')`))
	step("count the slides", until(fmt.Sprintf(`document.body.innerText.includes('1 / %d')`, slides)))
	// Browser may show other frames (its start page, a post-connect command): work in ours.
	const ours = `[...document.querySelectorAll('[data-testid=carousel]')].find(c => c.innerText.includes('Ecograph'))`
	runnable, err := chromedp.Run(ctx, chromedp.Evaluate[int](ours+`.querySelectorAll('pre.runnable, pre[class*=runnable]').length`))
	if err != nil || runnable == 0 {
		t.Errorf("the first slide shows %d runnable queries (%v)", runnable, err)
	}
	step("turn to the second slide",
		chromedp.Evaluate[chromedp.Void](ours+`.closest('[data-testid=frame]').querySelector('[data-testid=nextSlide]').click()`),
		until(ours+`.innerText.includes('Colours and marks')`))

	step("load the style",
		command(":style "+base+"/analyst/style.grass"),
		until(`((JSON.parse(localStorage.getItem('neo4j.grass') || 'null') || {})['node.Ours'] || {}).color !== undefined`))
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`localStorage.getItem('neo4j.grass')`))
	if err != nil {
		t.Fatal(err)
	}
	var grass map[string]map[string]string
	if err := json.Unmarshal([]byte(raw), &grass); err != nil {
		t.Fatalf("Browser's style: %v\n%s", err, raw)
	}
	for sel, want := range map[string]string{"node.Ours": "#2563EB", "node.Partner": "#C2410C", "node.Client": "#15803D"} {
		if got := grass[sel]["color"]; !strings.EqualFold(got, want) {
			t.Errorf("Browser colours %s %q, want %s", sel, got, want)
		}
	}
	if grass["node.Blocker"]["border-color"] == "" || grass["node.DecisionMaker"]["diameter"] == "" {
		t.Errorf("blockers or decision makers are not marked: %v %v", grass["node.Blocker"], grass["node.DecisionMaker"])
	}
	if page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`)); strings.Contains(page, "InvalidGrassError") {
		t.Error("Browser refused the style")
	}
}

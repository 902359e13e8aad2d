package server_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/ecograph/ecograph"
)

// chromium returns the browser for the browser tests, or skips or fails t the way testdb does:
// with ECOGRAPH_INTEGRATION=1 (make test, which runs internal/devdb/chromium.sh first) a
// missing browser fails.
func chromium(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test: skipped under -short")
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("ECOGRAPH_INTEGRATION") == "1" {
		t.Fatal("no Chromium for the browser test: run bash internal/devdb/chromium.sh")
	}
	t.Skip("browser test: no Chromium (bash internal/devdb/chromium.sh installs it)")
	return ""
}

// pageWatch records what a page does that a test may want to refuse: requests to other
// origins, the Authorization headers sent to /graphql, uncaught exceptions and console errors.
type pageWatch struct {
	origin string

	mu                                      sync.Mutex
	elsewhere, problems, graphqlAuthHeaders []string
}

func (w *pageWatch) listen(ev any) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		u := ev.Request.URL
		if !strings.HasPrefix(u, w.origin+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
			w.elsewhere = append(w.elsewhere, u)
		}
		if strings.HasSuffix(u, "/graphql") {
			for k, v := range ev.Request.Headers {
				if a, ok := v.(string); ok && strings.EqualFold(k, "Authorization") {
					w.graphqlAuthHeaders = append(w.graphqlAuthHeaders, a)
				}
			}
		}
	case *runtime.EventExceptionThrown:
		w.problems = append(w.problems, (&chromedp.ExceptionError{ExceptionDetails: ev.ExceptionDetails}).Error())
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			for _, a := range ev.Args {
				w.problems = append(w.problems, string(a.Value)+a.Description)
			}
		}
	}
}

// TestPlaygroundInABrowser opens the playground at / in headless Chromium, puts a token in
// GraphiQL's Headers editor, runs a query with variables and reads the answer. GraphiQL, React
// and their styles all come from the binary (every request the page makes goes to this server,
// as on a machine without internet access), and the token from the editor reaches /graphql.
func TestPlaygroundInABrowser(t *testing.T) {
	browser := chromium(t)
	e := newEnv(t)
	admin := e.token(ecograph.CallerAdmin, "")
	name := "Playground Clinic " + e.p
	e.mustData(admin, upsertOrg, map[string]any{"in": map[string]any{"id": e.p + "org", "name": name, "kind": "CLIENT"}}, &struct{}{})
	tok := e.token(ecograph.CallerAnalyst, "")

	watch := &pageWatch{origin: e.srv.URL}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx, chromedp.WithListener(watch.listen))
	defer cancel()
	// Start the browser on the context without a deadline (a deadline on the first run would
	// bound the browser's life), then bound the steps.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	steps, cancelSteps := context.WithTimeout(ctx, 90*time.Second)
	defer cancelSteps()

	query := `query Clinic($id: ID!) { organization(id: $id) { name kind } }`
	variables := `{"id": "` + e.p + `org"}`
	headers := `{"Authorization": "Bearer ` + tok + `"}`
	// GraphiQL's editors are CodeMirror instances: set them through CodeMirror, as typing does.
	setEditor := func(selector, value string) chromedp.Action[chromedp.Void] {
		return void(chromedp.Evaluate[bool](`(() => {
			const cm = document.querySelector(` + jsString(selector) + `).CodeMirror;
			cm.setValue(` + jsString(value) + `);
			return true;
		})()`))
	}
	const openTool = `.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror`
	err := chromedp.Do(steps,
		chromedp.Navigate(e.srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`.graphiql-execute-button`)),
		// The Headers tab is open from the start (defaultEditorToolsVisibility: 'headers').
		chromedp.WaitVisible(chromedp.CSS(openTool)),
		chromedp.Poll[chromedp.Void](`document.querySelector(`+jsString(openTool)+`).CodeMirror.getValue().includes('Authorization')`),
		setEditor(openTool, headers),
		setEditor(`.graphiql-query-editor .CodeMirror`, query),
		// GraphiQL parses the query a moment after an edit (debounced) and sends the operation
		// name it found; wait for it, as a person would before pressing run.
		chromedp.Poll[chromedp.Void](`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.operationName === 'Clinic'`),
		void(chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))`, chromedp.EvalAwaitPromise)),
		chromedp.Click(chromedp.JSPath(`[...document.querySelectorAll('.graphiql-editor-tools button')].filter(b => b.textContent.trim() === 'Variables')`)),
		chromedp.Poll[chromedp.Void](`document.querySelector(`+jsString(openTool)+`)?.CodeMirror.getValue() === ''`),
		setEditor(openTool, variables),
		chromedp.Click(chromedp.CSS(`.graphiql-execute-button`)),
	)
	var result string
	if err == nil {
		result, err = chromedp.Run(steps, chromedp.Poll[string](`(() => {
			const cm = document.querySelector('.result-window .CodeMirror');
			const v = cm ? cm.CodeMirror.getValue() : '';
			return v.includes('"data"') || v.includes('"errors"') ? v : false;
		})()`, chromedp.WithPollingTimeout(30*time.Second)))
	}
	watch.mu.Lock()
	defer watch.mu.Unlock()
	if err != nil {
		t.Fatalf("browser: %v (page errors: %v)", err, watch.problems)
	}
	if !strings.Contains(result, name) || strings.Contains(result, `"errors"`) {
		t.Fatalf("the query's answer lacks %q: %s", name, result)
	}
	if len(watch.elsewhere) > 0 {
		t.Errorf("the page loaded from elsewhere: %v", watch.elsewhere)
	}
	sent := false
	for _, a := range watch.graphqlAuthHeaders {
		sent = sent || a == "Bearer "+tok
	}
	if !sent {
		t.Errorf("the token from the Headers editor never reached /graphql (%d requests with a token)", len(watch.graphqlAuthHeaders))
	}
}

// void drops an action's value.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

// jsString quotes s as a JavaScript template literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "`", "\\`", "$", `\$`)
	return "`" + r.Replace(s) + "`"
}

package explorer_test

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/ecograph/ecograph/internal/explorer"
	"github.com/ecograph/ecograph/internal/server"
)

func get(t *testing.T, h http.Handler, target string, header map[string]string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestHandlerServesThePage(t *testing.T) {
	h := explorer.Handler("/app/")
	t.Run("index at the prefix, with the token box and a strict CSP", func(t *testing.T) {
		res := get(t, h, "/app/", nil)
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET /app/: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
		}
		if !regexp.MustCompile(`<label for="token">[^<]*Token`).Match(body) || !bytes.Contains(body, []byte(`id="token"`)) {
			t.Fatal("no input labelled Token")
		}
		if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Fatalf("CSP %q", csp)
		}
	})
	t.Run("modules as JavaScript, gzipped when accepted, 304 when unchanged", func(t *testing.T) {
		res := get(t, h, "/app/lib/cytoscape.esm.min.mjs", map[string]string{"Accept-Encoding": "gzip, br"})
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/javascript") {
			t.Fatalf("content type %q", ct)
		}
		if res.Header.Get("Content-Encoding") != "gzip" {
			t.Fatal("not gzipped")
		}
		zr, err := gzip.NewReader(res.Body)
		if err != nil {
			t.Fatal(err)
		}
		plain, _ := io.ReadAll(zr)
		if !bytes.Contains(plain, []byte(`export{`)) {
			t.Fatal("the gzipped body is not the module")
		}
		again := get(t, h, "/app/lib/cytoscape.esm.min.mjs", map[string]string{"If-None-Match": res.Header.Get("ETag"), "Accept-Encoding": "gzip"})
		if again.StatusCode != http.StatusNotModified {
			t.Fatalf("revalidation: %d", again.StatusCode)
		}
		res = get(t, h, "/app/js/main.js", nil)
		if res.Header.Get("Content-Encoding") != "" || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
			t.Fatalf("main.js without gzip: %v", res.Header)
		}
	})
	t.Run("unknown files are 404", func(t *testing.T) {
		for _, p := range []string{"/app/nope.js", "/app/../explorer.go", "/app/js/"} {
			if res := get(t, h, p, nil); res.StatusCode != 404 {
				t.Errorf("%s: %d", p, res.StatusCode)
			}
		}
	})
}

// TestModulesImportOnlyWhatIsEmbedded catches a typo in an import path, which the browser
// would report only at run time.
func TestModulesImportOnlyWhatIsEmbedded(t *testing.T) {
	web := explorer.Web()
	imp := regexp.MustCompile(`(?m)^import\s+(?:[^'"]+\s+from\s+)?['"]([^'"]+)['"]`)
	err := fs.WalkDir(web, "js", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		src, _ := fs.ReadFile(web, name)
		for _, m := range imp.FindAllSubmatch(src, -1) {
			target := path.Join(path.Dir(name), string(m[1]))
			if _, err := fs.Stat(web, target); err != nil {
				t.Errorf("%s imports %s, which is not embedded", name, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

type vendored struct {
	Package   string `json:"package"`
	Version   string `json:"version"`
	Integrity string `json:"integrity"`
	File      string `json:"file"`
	To        string `json:"to"`
	SHA256    string `json:"sha256"`
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// TestVendoredFilesMatchTheLock fails when a committed third-party file is not the one that
// npm/package-lock.json pins: its version and integrity must be the lock's, and its bytes
// the ones vendor.sh recorded. With ECOGRAPH_INTEGRATION=1 and npm on PATH it also fetches
// the locked packages again (vendor.sh --check) and compares byte for byte.
func TestVendoredFilesMatchTheLock(t *testing.T) {
	var pkg struct {
		Dependencies, DevDependencies map[string]string
	}
	readJSON(t, "npm/package.json", &pkg)
	var lock struct {
		Packages map[string]struct{ Version, Integrity string }
	}
	readJSON(t, "npm/package-lock.json", &lock)
	var files []vendored
	readJSON(t, "npm/vendored.json", &files)

	listed := map[string]bool{}
	for _, f := range files {
		listed[f.To] = true
		want := pkg.Dependencies[f.Package]
		if want == "" {
			want = pkg.DevDependencies[f.Package]
		}
		if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(want) {
			t.Errorf("package.json pins %s at %q: want an exact version", f.Package, want)
		}
		l := lock.Packages["node_modules/"+f.Package]
		if f.Version != want || l.Version != want || f.Integrity != l.Integrity || l.Integrity == "" {
			t.Errorf("%s: vendored %s@%s (%s), package.json %s, lock %s (%s): run bash internal/explorer/npm/vendor.sh",
				f.To, f.Package, f.Version, f.Integrity, want, l.Version, l.Integrity)
		}
		b, err := os.ReadFile(f.To)
		if err != nil {
			t.Errorf("%s: %v", f.To, err)
			continue
		}
		if sum := sha256.Sum256(b); hex.EncodeToString(sum[:]) != f.SHA256 {
			t.Errorf("%s was changed by hand: its SHA-256 is not the one vendor.sh recorded from %s@%s", f.To, f.Package, f.Version)
		}
	}
	// Every third-party file the page ships is accounted for.
	entries, err := os.ReadDir("web/lib")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !listed["web/lib/"+e.Name()] {
			t.Errorf("web/lib/%s is not vendored by npm/vendor.sh", e.Name())
		}
	}

	if testing.Short() || os.Getenv("ECOGRAPH_INTEGRATION") != "1" {
		return
	}
	if _, err := exec.LookPath("npm"); err != nil {
		t.Log("npm not on PATH: the byte-for-byte check against the registry is skipped")
		return
	}
	out, err := exec.Command("bash", "npm/vendor.sh", "--check").CombinedOutput()
	if err != nil && regexp.MustCompile(`E(NOTFOUND|AI_AGAIN|TIMEDOUT|CONNREFUSED|CONNRESET|NETUNREACH)`).Match(out) {
		t.Logf("the npm registry did not answer; the byte-for-byte check is skipped:\n%s", out)
		return
	}
	if err != nil {
		t.Fatalf("vendor.sh --check: %v\n%s", err, out)
	}
}

// TestAssetSize keeps the page light: what a first visit downloads, gzipped.
func TestAssetSize(t *testing.T) {
	h := explorer.Handler("/app/")
	var raw, wire int
	err := fs.WalkDir(explorer.Web(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(name, ".txt") {
			return err
		}
		res := get(t, h, "/app/"+name, map[string]string{"Accept-Encoding": "gzip"})
		b, _ := io.ReadAll(res.Body)
		wire += len(b)
		plain, _ := fs.ReadFile(explorer.Web(), name)
		raw += len(plain)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("the page's files: %d KB, %d KB gzipped", raw/1024, wire/1024)
	if wire > 250*1024 {
		t.Errorf("the page downloads %d KB gzipped; keep it under 250 KB", wire/1024)
	}
}

// The page's documents (documents.json, kept complete by the browser test) validate against
// the schema as trusted documents: a schema change that breaks the Explorer fails here, with
// no browser.
func TestDocumentsValidateAgainstTheSchema(t *testing.T) {
	docs, err := server.ParseTrustedDocuments(explorer.Documents())
	if err != nil {
		t.Fatal(err)
	}
	if docs.Len() < 16 {
		t.Fatalf("%d documents", docs.Len())
	}
}

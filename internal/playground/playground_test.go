package playground_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ecograph/ecograph/internal/playground"
)

type vendored struct {
	Package, Version, Integrity, File, To, SHA256 string
}

type lockfile struct {
	Packages map[string]struct {
		Version, Integrity string
		Dependencies       map[string]string
	}
}

func readJSON(t *testing.T, path string, into any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// TestVendoredFilesMatchTheLock checks, without the network, that every file under web/lib is
// the one npm/vendored.json records (by SHA-256) from the package version and tarball
// integrity that npm/package-lock.json pins, and that the lock is package.json's. A version
// bumped without re-vendoring, or a vendored file edited by hand, fails here; run
// `bash internal/playground/npm/vendor.sh`.
func TestVendoredFilesMatchTheLock(t *testing.T) {
	var manifest []vendored
	readJSON(t, "npm/vendored.json", &manifest)
	var lock lockfile
	readJSON(t, "npm/package-lock.json", &lock)
	var pkg struct{ Dependencies map[string]string }
	readJSON(t, "npm/package.json", &pkg)
	for name, version := range pkg.Dependencies {
		if got := lock.Packages[""].Dependencies[name]; got != version {
			t.Errorf("package-lock.json is not package.json's: %s %q, locked %q (run npm install --package-lock-only --ignore-scripts in npm/)", name, version, got)
		}
		if got := lock.Packages["node_modules/"+name].Version; got != version {
			t.Errorf("%s: package.json pins %s, the lock has %s", name, version, got)
		}
	}
	listed := map[string]bool{}
	for _, v := range manifest {
		listed[v.To] = true
		locked := lock.Packages["node_modules/"+v.Package]
		if locked.Version != v.Version || locked.Integrity != v.Integrity {
			t.Errorf("%s: vendored from %s %s, the lock pins %s: run bash internal/playground/npm/vendor.sh", v.To, v.Package, v.Version, locked.Version)
		}
		b, err := os.ReadFile(v.To)
		if err != nil {
			t.Errorf("%s: %v", v.To, err)
			continue
		}
		sum := sha256.Sum256(b)
		if hex.EncodeToString(sum[:]) != v.SHA256 {
			t.Errorf("%s is not %s's %s at %s (SHA-256 differs): run bash internal/playground/npm/vendor.sh", v.To, v.Package, v.File, v.Version)
		}
	}
	entries, err := os.ReadDir("web/lib")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if p := filepath.ToSlash(filepath.Join("web/lib", e.Name())); !listed[p] {
			t.Errorf("%s is embedded but not vendored by npm/vendor.sh", p)
		}
	}
}

// TestVendoredFilesAreReproducible installs the locked packages from npm and compares them with
// the committed files (vendor.sh --check). It needs npm and the registry, so it runs under
// ECOGRAPH_INTEGRATION=1 (make test, CI) and is skipped otherwise.
func TestVendoredFilesAreReproducible(t *testing.T) {
	if testing.Short() || os.Getenv("ECOGRAPH_INTEGRATION") != "1" {
		t.Skip("needs npm and its registry: runs with ECOGRAPH_INTEGRATION=1 (make test)")
	}
	out, err := exec.Command("bash", "npm/vendor.sh", "--check").CombinedOutput()
	if err != nil {
		t.Fatalf("the vendored files are stale: %v\n%s", err, out)
	}
}

// TestPageIsSelfContained: the page and every file it names are served from the binary, with a
// policy that forbids loading anything from elsewhere.
func TestPageIsSelfContained(t *testing.T) {
	srv := httptest.NewServer(playground.Handler())
	defer srv.Close()
	page := get(t, srv.URL+"/", http.StatusOK)
	csp := page.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	body, _ := io.ReadAll(page.Body)
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(string(body), -1)
	if len(refs) < 5 {
		t.Fatalf("the page names only %d files:\n%s", len(refs), body)
	}
	types := map[string]string{".js": "text/javascript", ".css": "text/css"}
	for _, m := range refs {
		ref := m[1]
		if strings.Contains(ref, "//") || !strings.HasPrefix(ref, strings.TrimPrefix(playground.AssetPrefix, "/")) {
			t.Errorf("the page names %q, not one of its own assets", ref)
			continue
		}
		resp := get(t, srv.URL+"/"+ref, http.StatusOK)
		if want := types[filepath.Ext(ref)]; !strings.HasPrefix(resp.Header.Get("Content-Type"), want) {
			t.Errorf("%s: Content-Type %q, want %s", ref, resp.Header.Get("Content-Type"), want)
		}
	}
	get(t, srv.URL+playground.AssetPrefix+"lib/", http.StatusNotFound)
	get(t, srv.URL+"/elsewhere", http.StatusNotFound)
}

func get(t *testing.T, url string, status int) *http.Response {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	if resp.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d", url, resp.StatusCode, status)
	}
	return resp
}

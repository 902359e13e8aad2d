// Package nxcheck runs Ecograph's independent check of its network measures: check.py, with
// NetworkX from the virtual environment that internal/devdb/networkx.sh makes (.venv/ at the
// repository root). Tests hand it cases and compare its answers with their own.
//
// Without ECOGRAPH_INTEGRATION=1, and under -short, a missing environment skips the test; with
// it (as `make test` sets), a missing environment fails it. ECOGRAPH_NETWORKX_PYTHON names
// another interpreter that has networkx.
package nxcheck

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Version is the NetworkX version networkx.sh pins.
const Version = "3.6.1"

//go:embed check.py
var script []byte

// Python returns the interpreter with NetworkX, or skips or fails tb as the package doc says.
func Python(tb testing.TB) string {
	tb.Helper()
	if testing.Short() {
		tb.Skip("NetworkX check: skipped under -short")
	}
	py := os.Getenv("ECOGRAPH_NETWORKX_PYTHON")
	if py == "" {
		root, err := repoRoot()
		if err != nil {
			tb.Fatal(err)
		}
		py = filepath.Join(root, ".venv", "bin", "python")
	}
	out, err := exec.Command(py, "-c", "import networkx; print(networkx.__version__)").CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != Version {
		msg := "NetworkX " + Version + " is not installed at " + py + " (" + strings.TrimSpace(string(out)) + "): run bash internal/devdb/networkx.sh"
		if os.Getenv("ECOGRAPH_INTEGRATION") == "1" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return py
}

// Run sends cases (a JSON list) to check.py and decodes its answers into out.
func Run(tb testing.TB, cases any, out any) {
	tb.Helper()
	py := Python(tb)
	in, err := json.Marshal(cases)
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.CreateTemp("", "ecograph-nxcheck-*.py")
	if err != nil {
		tb.Fatal(err)
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(script); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	cmd := exec.Command(py, f.Name())
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		tb.Fatalf("check.py: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		tb.Fatalf("check.py answered %q: %v", stdout.String(), err)
	}
}

// repoRoot is the directory of go.mod above the working directory (a test's package).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}

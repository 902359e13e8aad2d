package schemacheck

import (
	"bufio"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// The baseline loads as a whole schema, and every acknowledgement is a well-formed line.
func TestBaselineAndAcknowledgementsAreWellFormed(t *testing.T) {
	b, err := os.ReadFile("baseline.graphql")
	if err != nil {
		t.Fatal(err)
	}
	s, err := gqlparser.LoadSchema(&ast.Source{Name: "baseline.graphql", Input: string(b)})
	if err != nil {
		t.Fatalf("baseline.graphql does not load: %v", err)
	}
	if s.Query == nil || s.Query.Fields.ForName("viewer") == nil {
		t.Fatal("baseline.graphql has no Query.viewer")
	}
	f, err := os.Open("breaking.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line := regexp.MustCompile(`^[A-Z_]+\s+\S+\s+\S.*$`)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if l != "" && !strings.HasPrefix(l, "#") && !line.MatchString(l) {
			t.Errorf("breaking.txt:%d: want TYPE PATH reason, got %q", n, l)
		}
	}
}

type report struct {
	Breaking, Acknowledged, Dangerous, Safe []struct{ Key, Message string }
	Stale                                   []struct{ Key string }
}

func keys(cs []struct{ Key, Message string }) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Key)
	}
	return out
}

// The checker (check.sh with graphql-inspector) on schemas derived from the baseline: it fails
// on breaking changes (a removed field, an output field widened to nullable, a new required
// argument), passes safe ones, passes acknowledged ones, and fails on an acknowledgement that
// matches nothing or gives no reason.
func TestCheckerFindsBreakingChanges(t *testing.T) {
	for _, tool := range []string{"bash", "node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("ECOGRAPH_INTEGRATION") == "1" {
				t.Fatalf("the schema check needs %s (Node.js 18+ with npm)", tool)
			}
			t.Skipf("no %s: the schema check needs Node.js 18+ with npm", tool)
		}
	}
	b, err := os.ReadFile("baseline.graphql")
	if err != nil {
		t.Fatal(err)
	}
	base := string(b)
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	edit := func(old, new string) string {
		if !strings.Contains(base, old) {
			t.Fatalf("baseline.graphql lacks %q", old)
		}
		return strings.Replace(base, old, new, 1)
	}
	run := func(current, ack string) (int, report, string) {
		cmd := exec.Command("bash", "check.sh", write("baseline.graphql", base), write("current.graphql", current), write("breaking.txt", ack), "--json")
		out, err := cmd.Output()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		var r report
		if code != 2 {
			if err := json.Unmarshal(out, &r); err != nil {
				t.Fatalf("check output: %v\n%s", err, out)
			}
		}
		return code, r, string(out)
	}
	wantBreaking := func(name, current, key string) {
		t.Helper()
		code, r, out := run(current, "")
		if code != 1 || len(r.Breaking) != 1 || r.Breaking[0].Key != key {
			t.Errorf("%s: exit %d, breaking %v, want exactly %s\n%s", name, code, keys(r.Breaking), key, out)
		}
		code, r, out = run(current, "# header\n"+key+"  intended, partners told\n")
		if code != 0 || len(r.Acknowledged) != 1 || len(r.Breaking) != 0 {
			t.Errorf("%s acknowledged: exit %d, %s", name, code, out)
		}
	}

	if code, r, out := run(base, ""); code != 0 || len(r.Breaking)+len(r.Safe)+len(r.Dangerous) != 0 {
		t.Errorf("the baseline against itself: exit %d\n%s", code, out)
	}
	wantBreaking("an output field widened to nullable", edit("  viewer: Viewer!\n", "  viewer: Viewer\n"), "FIELD_TYPE_CHANGED Query.viewer")
	wantBreaking("a field removed", edit("  \"\"\"\n  Who is asking: the caller's role, organisation, person and, for a partner, its shares. Answers for every valid token.\n  \"\"\"\n  viewer: Viewer!\n", ""), "FIELD_REMOVED Query.viewer")
	wantBreaking("a required argument added", edit("  viewer: Viewer!\n", "  viewer(as: ID!): Viewer!\n"), "FIELD_ARGUMENT_ADDED Query.viewer.as")

	added := edit("  viewer: Viewer!\n", "  viewer: Viewer!\n  brandNew: Int\n")
	if code, r, out := run(added, ""); code != 0 || len(r.Safe) != 1 || r.Safe[0].Key != "FIELD_ADDED Query.brandNew" {
		t.Errorf("a field added: exit %d, safe %v\n%s", code, keys(r.Safe), out)
	}
	if code, r, out := run(base, "FIELD_REMOVED Query.viewer  once intended\n"); code != 1 || len(r.Stale) != 1 {
		t.Errorf("a stale acknowledgement: exit %d, %s", code, out)
	}
	if code, _, out := run(base, "FIELD_REMOVED Query.viewer\n"); code != 2 {
		t.Errorf("an acknowledgement without a reason: exit %d, %s", code, out)
	}
}

package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/ecograph/ecograph/internal/testdb"
)

// TestProjectionLoad imports a small graph and runs projection-load, with and without --drain:
// each prints one line per load, with the people and ties it read (at least the imported ones:
// the test database is shared) and the process's memory. A bad --repeat is refused by name.
func TestProjectionLoad(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"projection-load", "--repeat", "0"}, getenv(nil), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "--repeat") {
		t.Fatalf("--repeat 0: error %v, want one naming --repeat", err)
	}
	p := testdb.Prefix(t)
	dir := t.TempDir()
	writeCSV(t, dir, "organizations.csv", "id,name,kind,sector\n"+p+"o1,Org One,CLIENT,hospital\n")
	writeCSV(t, dir, "people.csv", "id,name,title,organization_id,roles,teams\n"+
		p+"a,Ann,Head,"+p+"o1,,\n"+p+"b,Bob,Seller,"+p+"o1,,\n"+p+"c,Cy,Seller,"+p+"o1,,\n")
	writeCSV(t, dir, "ties.csv", "person_a,person_b,trust,source\n"+p+"a,"+p+"b,0.3,crm\n"+p+"b,"+p+"c,0.9,survey\n")
	if err := run(context.Background(), []string{"import", "--dir", dir}, getenv(nil), &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, errOut.String())
	}
	for _, c := range []struct {
		args []string
		line *regexp.Regexp
	}{
		{[]string{"projection-load", "--repeat", "2"}, regexp.MustCompile(`(?m)^load 2: people=(\d+) ties=(\d+) duration=\S+ heap_inuse=\d+MB gc=\d+`)},
		{[]string{"projection-load", "--drain"}, regexp.MustCompile(`(?m)^drain 1: people=(\d+) ties=(\d+) orgs=\d+ malformed=0 `)},
	} {
		out.Reset()
		if err := run(context.Background(), c.args, getenv(nil), &out, &errOut); err != nil {
			t.Fatalf("%v: %v\n%s", c.args, err, errOut.String())
		}
		m := c.line.FindStringSubmatch(out.String())
		if m == nil {
			t.Fatalf("%v printed %q, want a line matching %s", c.args, out.String(), c.line)
		}
		if len(m[1]) == 0 || m[1] == "0" || m[1] == "1" || m[2] == "0" {
			t.Fatalf("%v read %s people and %s ties, want at least the 3 and 2 imported", c.args, m[1], m[2])
		}
	}
}

package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph/internal/testdb"
)

// serveForTest runs `ecograph serve` in this process on a free port until the test ends.
func serveForTest(t *testing.T) string {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	env := getenv(map[string]string{"ECOGRAPH_RATE_POINTS_PER_SEC": "10000000", "ECOGRAPH_RATE_BURST": "10000000"})
	go func() { done <- run(ctx, []string{"serve", "--addr", addr}, env, io.Discard, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	})
	base := "http://" + addr
	deadline := time.Now().Add(60 * time.Second)
	for !healthy(base) {
		if time.Now().After(deadline) {
			t.Fatal("serve did not come up")
		}
		time.Sleep(100 * time.Millisecond)
	}
	return base
}

// soakSet writes a small ecosystem under prefix p: two organisations, 30 people in a ring of
// ties with chords.
func soakSet(t *testing.T, p string) string {
	t.Helper()
	dir := t.TempDir()
	writeCSV(t, dir, "organizations.csv", "id,name,kind,sector\n"+p+"us,Us,OURS,x\n"+p+"c1,Client,CLIENT,x\n")
	var people, ties strings.Builder
	people.WriteString("id,name,title,organization_id,roles,teams\n")
	ties.WriteString("person_a,person_b,trust,source\n")
	org := func(i int) string { return []string{p + "us", p + "c1"}[i%2] }
	const n = 30
	for i := 0; i < n; i++ {
		roles := ""
		if i%5 == 1 {
			roles = "DECISION_MAKER"
		}
		fmt.Fprintf(&people, "%sp%02d,Person%02d Soak,Title,%s,%s,\n", p, i, i, org(i), roles)
		fmt.Fprintf(&ties, "%sp%02d,%sp%02d,0.8,test\n", p, i, p, (i+1)%n)
		fmt.Fprintf(&ties, "%sp%02d,%sp%02d,0.5,test\n", p, i, p, (i+7)%n)
	}
	writeCSV(t, dir, "people.csv", people.String())
	writeCSV(t, dir, "ties.csv", ties.String())
	return dir
}

func TestSoakMixedReportsEveryIntervalWithoutErrors(t *testing.T) {
	p := testdb.Prefix(t)
	dir := soakSet(t, p)
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"import", "--dir", dir}, getenv(nil), &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	base := serveForTest(t)

	out.Reset()
	err := run(context.Background(), []string{"soak", "--mixed", "--url", base, "--dir", dir, "--duration", "3s",
		"--report-every", "1s", "--rate", "30", "--writes", "0.3", "--id-prefix", p + "i-"}, getenv(nil), &out, &errOut)
	if err != nil {
		t.Fatalf("soak --mixed: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	var rows [][]string
	for _, l := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(l, "| ") && !strings.HasPrefix(l, "| interval") {
			cells := strings.Split(strings.Trim(l, "| "), " | ")
			if len(cells) != 11 {
				t.Fatalf("a report row with %d cells: %q", len(cells), l)
			}
			rows = append(rows, cells)
		}
	}
	// One row per second, and one more for the operations that finished after the last.
	if len(rows) < 3 || len(rows) > 4 {
		t.Fatalf("want 3 or 4 report rows for 3s at 1s, got %d:\n%s", len(rows), out.String())
	}
	for i, want := range []string{"1s", "2s", "3s"} {
		if rows[i][0] != want {
			t.Errorf("row %d is interval %q, want %q", i, rows[i][0], want)
		}
	}
	var writes int
	for _, r := range rows {
		if r[3] != "0" {
			t.Errorf("interval %s had %s errors:\n%s", r[0], r[3], out.String())
		}
		if r[9] == "0" {
			t.Errorf("interval %s reports no API RSS", r[0])
		}
		var w int
		fmt.Sscan(r[5], &w)
		writes += w
	}
	if writes == 0 {
		t.Errorf("no writes in the mix:\n%s", out.String())
	}
	if !strings.Contains(out.String(), "0 errors") {
		t.Errorf("no summary line:\n%s", out.String())
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the API is not healthy after the soak: %v", err)
	}
	resp.Body.Close()
}

func TestSoakMixedFailsOnErrors(t *testing.T) {
	p := testdb.Prefix(t)
	dir := soakSet(t, p) // never imported: every lookup and route names unknown people
	base := serveForTest(t)
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"soak", "--mixed", "--url", base, "--dir", dir, "--duration", "1s",
		"--report-every", "1s", "--rate", "20", "--writes", "0.5", "--id-prefix", p + "i-"}, getenv(nil), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "soak --mixed failed") {
		t.Fatalf("a soak whose operations fail passed: %v\n%s", err, out.String())
	}
}

func TestSoakMixedRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--duration", "0s"},
		{"--duration", "1s", "--report-every", "2s"},
		{"--rate", "0"},
		{"--writes", "1.5"},
	} {
		err := run(context.Background(), append([]string{"soak", "--mixed", "--url", "http://127.0.0.1:1"}, args...), getenv(nil), io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "--") {
			t.Errorf("%v: want an error naming the flag, got %v", args, err)
		}
	}
}

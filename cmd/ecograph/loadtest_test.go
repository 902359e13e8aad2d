package main

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph/internal/demo"
	"github.com/ecograph/ecograph/internal/testdb"
)

// runLoad's counts add up: every call is one request, each error is counted once under its
// code, and the rest are OK; with a total it makes exactly that many calls.
func TestRunLoadCounts(t *testing.T) {
	res := runLoad(context.Background(), 3, 100, 0, func(_ context.Context, w, i int) error {
		switch i % 5 {
		case 1:
			return &gqlError{code: "NOT_FOUND", msg: "x"}
		case 2:
			return errors.New("connection refused")
		}
		return nil
	})
	if res.Requests != 100 || res.Errors["NOT_FOUND"] != 20 || res.Errors["TRANSPORT"] != 20 || res.OK != 60 || len(res.lat) != 100 {
		t.Fatalf("counts: %+v", res)
	}
	if got := res.ErrorText(); got != "NOT_FOUND 20, TRANSPORT 20" {
		t.Fatalf("error text %q", got)
	}
	timed := runLoad(context.Background(), 2, 0, 50*time.Millisecond, func(context.Context, int, int) error { return nil })
	if timed.Requests == 0 || timed.OK != timed.Requests || timed.Wall < 50*time.Millisecond {
		t.Fatalf("timed run: %+v", timed)
	}
}

func TestParseMix(t *testing.T) {
	mix, err := parseMix("best=2,fewest=0,k5=1,dm3=1")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, k := range mix {
		names = append(names, k.name)
	}
	if got := strings.Join(names, ","); got != "best,best,k5,dm3" || mix[2].k != 5 || !mix[3].dm || mix[3].k != 3 {
		t.Fatalf("mix %s: %+v", got, mix)
	}
	for _, bad := range []string{"best=x", "k0", "k99", "dm", "shortest", "best=0"} {
		if _, err := parseMix(bad); err == nil || !strings.Contains(err.Error(), "--mix") {
			t.Fatalf("%q: %v, want an error naming --mix", bad, err)
		}
	}
}

// loadtest against `ecograph serve` over the demo: each level's report row adds up and no
// request failed.
func TestLoadtestAgainstTheDemo(t *testing.T) {
	testdb.Demo(t)
	dir := t.TempDir()
	for _, f := range []string{"people.csv", "organizations.csv"} {
		raw, err := fs.ReadFile(demo.FS(), f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := serveForTest(t)
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"loadtest", "--url", base, "--dir", dir, "--clients", "2,4", "--duration", "1s",
		"--warmup", "200ms", "--mix", "best=1,fewest=1,k3=1,dm2=1"}, getenv(nil), &out, &errOut)
	if err != nil {
		t.Fatalf("loadtest: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	rows := 0
	for _, line := range strings.Split(out.String(), "\n") {
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) != 9 {
			continue
		}
		clients, err1 := strconv.Atoi(cells[0])
		requests, err2 := strconv.Atoi(cells[1])
		rate, err3 := strconv.ParseFloat(cells[2], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			continue // the header
		}
		rows++
		if clients != []int{2, 4}[rows-1] || requests < clients || cells[7] != "0" || rate <= 0 || !strings.HasSuffix(cells[8], "MB") {
			t.Fatalf("row %q: want %d clients, at least one request each, 0 errors, a rate and the API's RSS\n%s", line, []int{2, 4}[rows-1], out.String())
		}
	}
	if rows != 2 {
		t.Fatalf("%d level rows, want 2:\n%s", rows, out.String())
	}

	// Without --dir the people and organisations are sampled through the API.
	out.Reset()
	err = run(context.Background(), []string{"loadtest", "--url", base, "--sample", "50", "--clients", "1", "--duration", "300ms",
		"--warmup", "0s", "--mix", "best,k1,dm1"}, getenv(nil), &out, &errOut)
	if err != nil {
		t.Fatalf("loadtest, sampled: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	if !strings.Contains(out.String(), "; 50 people, ") || !strings.Contains(out.String(), "\n| 1 | ") || strings.Contains(out.String(), "first error") {
		t.Fatalf("sampled run:\n%s", out.String())
	}
}

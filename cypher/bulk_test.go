package cypher

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
)

// TestBulkSinkTieRows checks the tie rows BulkSink writes from its reused buffer against rows
// built field by field with quote (the mapping every other file uses): lower id first, the
// trust twice (prior and trust), awkward sources quoted, and --multiline-fields set by a line
// break.
func TestBulkSinkTieRows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	s, err := NewBulkSink(dir)
	if err != nil {
		t.Fatal(err)
	}
	ties := []ecograph.Tie{
		{PersonA: "p-2", PersonB: "p-1", Trust: 0.5, Source: "crm"},
		{PersonA: "p-1", PersonB: "p-3", Trust: 0.123456789, Source: `say "hi", then go`},
		{PersonA: "p\"4", PersonB: "p-5", Trust: 1, Source: ""},
		{PersonA: "p-6", PersonB: "p-7", Trust: 1e-7, Source: "two\nlines"},
	}
	if err := s.UpsertTies(context.Background(), ties); err != nil {
		t.Fatal(err)
	}
	ref := &BulkSink{}
	want := []string{bulkFiles[len(bulkFiles)-1].header}
	for _, tie := range ties {
		a, b := ecograph.TieKey(tie.PersonA, tie.PersonB)
		tr := strconv.FormatFloat(tie.Trust, 'g', -1, 64)
		want = append(want, strings.Join([]string{ref.quote(a), ref.quote(b), "TIE", tr, tr, ref.quote(tie.Source)}, ","))
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "ties.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if g, w := string(got), strings.Join(want, "\n")+"\n"; g != w {
		t.Fatalf("ties.csv:\n%s\nwant:\n%s", g, w)
	}
	if n := s.Counts()["ties"]; n != int64(len(ties)) {
		t.Fatalf("counted %d tie rows, want %d", n, len(ties))
	}
	args, err := os.ReadFile(filepath.Join(dir, "import.args"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(args), "--multiline-fields=true") {
		t.Fatalf("a source with a line break must set --multiline-fields=true; import.args:\n%s", args)
	}
}

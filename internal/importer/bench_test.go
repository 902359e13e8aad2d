package importer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/ecograph/ecograph"
)

// countSink accepts everything and keeps nothing but counts.
type countSink struct{ people, ties, answers, interactions, retrusted int }

func (s *countSink) ExistingIDs(ctx context.Context, kind Kind, ids []string) (map[string]bool, error) {
	found := make(map[string]bool, len(ids))
	for _, id := range ids {
		found[id] = true
	}
	return found, nil
}
func (s *countSink) UpsertOrganizations(context.Context, []ecograph.Organization) error { return nil }
func (s *countSink) UpsertTeams(context.Context, []ecograph.Team) error                 { return nil }
func (s *countSink) UpsertPeople(_ context.Context, p []ecograph.Person) error {
	s.people += len(p)
	return nil
}
func (s *countSink) UpsertTies(_ context.Context, t []ecograph.Tie) error {
	s.ties += len(t)
	return nil
}
func (s *countSink) UpsertSurveyAnswers(_ context.Context, a []ecograph.SurveyAnswer) error {
	s.answers += len(a)
	return nil
}
func (s *countSink) UpsertInteractions(_ context.Context, v []ecograph.Interaction) ([]ecograph.Pair, error) {
	s.interactions += len(v)
	var pairs []ecograph.Pair
	for _, it := range v {
		for i, a := range it.Participants {
			for _, b := range it.Participants[i+1:] {
				pairs = append(pairs, ecograph.Pair{A: a, B: b})
			}
		}
	}
	return pairs, nil
}
func (s *countSink) RetrustPairs(_ context.Context, pairs []ecograph.Pair, _ io.Writer) error {
	s.retrusted += len(pairs)
	return nil
}

// writeTies writes a ties.csv of n distinct ties among 20,000 people into dir.
func writeTies(tb testing.TB, dir string, n int) {
	tb.Helper()
	f, err := os.Create(filepath.Join(dir, "ties.csv"))
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "person_a,person_b,trust,source")
	for i := range n {
		fmt.Fprintf(w, "p-%05d,p-%05d,0.%02d,crm\n", i%20000, (i/20000+1+i)%20000, i%100)
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkImportTies imports 200,000 ties (people resolved by the sink) and reports the
// peak heap seen after each batch.
func BenchmarkImportTies(b *testing.B) {
	dir := b.TempDir()
	writeTies(b, dir, 200_000)
	b.ReportAllocs()
	for b.Loop() {
		sink := &countSink{}
		sum, err := Import(context.Background(), dir, sink, Options{})
		if err != nil {
			b.Fatalf("Import: %v (%v)", err, sum.Files)
		}
		if sink.ties != 200_000 {
			b.Fatalf("%d ties written, want 200000", sink.ties)
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	b.ReportMetric(float64(m.HeapSys)/(1<<20), "MiB-heap-sys")
}

// BenchmarkImportInteractions imports 100,000 interactions of two to four participants
// among 10,000 people (resolved by the sink) and collects their pairs for retrust.
func BenchmarkImportInteractions(b *testing.B) {
	dir := b.TempDir()
	f, err := os.Create(filepath.Join(dir, "interactions.csv"))
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,kind,at,participants,organization_id,sentiment")
	for i := range 100_000 {
		fmt.Fprintf(w, "i-%06d,MEETING,2025-%02d-%02dT10:00:00Z,p-%05d;p-%05d", i, i%12+1, i%28+1, i%10000, (i*7+1)%10000)
		for k := range i % 3 {
			fmt.Fprintf(w, ";p-%05d", (i*13+k*101+5)%10000)
		}
		fmt.Fprintf(w, ",org-%d,0.%d\n", i%50, i%10)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sink := &countSink{}
		sum, err := Import(context.Background(), dir, sink, Options{})
		if err != nil {
			b.Fatalf("Import: %v (%v)", err, sum.Files)
		}
		if sink.interactions != 100_000 || sink.retrusted == 0 {
			b.Fatalf("%d interactions written, %d pairs retrusted", sink.interactions, sink.retrusted)
		}
	}
}

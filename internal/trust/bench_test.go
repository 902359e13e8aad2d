package trust

import (
	"math/rand/v2"
	"testing"
	"time"
)

// benchEvidence is a typical tie as the importer sees it: a CRM prior, three answers (two
// reciprocated) and an aggregate of 25 interactions over two years.
func benchEvidence(tb testing.TB) (*Model, Evidence) {
	m := mustNew(tb, DefaultParams())
	r := rand.New(rand.NewPCG(1, 2))
	list := make([]Interaction, 25)
	for i := range list {
		list[i] = Interaction{At: refNow.Add(-time.Duration(r.Int64N(int64(2 * 365 * day)))), Sentiment: 2*r.Float64() - 1, HasSentiment: i%3 > 0}
	}
	return m, Evidence{
		Prior: 0.6, HasPrior: true,
		FromA:        []Answer{{QuestionTrust, 5, refNow.Add(-60 * day)}, {QuestionAdvice, 4, refNow.Add(-60 * day)}},
		FromB:        []Answer{{QuestionTrust, 4, refNow.Add(-55 * day)}},
		Interactions: Summarize(list, m.Params().HalfLife),
	}
}

// TestComputeDoesNotAllocate: the importer calls Compute millions of times per run.
func TestComputeDoesNotAllocate(t *testing.T) {
	m, ev := benchEvidence(t)
	var sink Result
	if n := testing.AllocsPerRun(100, func() { sink = m.Compute(ev, refNow) }); n != 0 {
		t.Errorf("Compute allocates %v times per call", n)
	}
	list := make([]Interaction, 10)
	for i := range list {
		list[i].At = refNow.Add(-time.Duration(i) * day)
	}
	var agg Interactions
	if n := testing.AllocsPerRun(100, func() { agg = Summarize(list, day); agg.Add(list[3], day) }); n != 0 {
		t.Errorf("Summarize and Add allocate %v times per call", n)
	}
	_, _ = sink, agg
}

func BenchmarkCompute(b *testing.B) {
	m, ev := benchEvidence(b)
	b.ReportAllocs()
	var sink float64
	for b.Loop() {
		sink += m.Compute(ev, refNow).Trust
	}
	_ = sink
}

func BenchmarkSummarize(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	list := make([]Interaction, 25)
	for i := range list {
		list[i] = Interaction{At: refNow.Add(-time.Duration(r.Int64N(int64(2 * 365 * day)))), Sentiment: 2*r.Float64() - 1, HasSentiment: true}
	}
	h := DefaultParams().HalfLife
	b.ReportAllocs()
	for b.Loop() {
		_ = Summarize(list, h)
	}
}

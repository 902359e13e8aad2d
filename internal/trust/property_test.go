package trust

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

// eps is the rounding the monotonicity properties allow: sums of a few dozen terms.
const eps = 1e-12

// property runs check on the random worlds of worldSeeds, each with its own generator; even
// seeds use the default params, odd ones random valid params. A failure names the seed (see
// worldSeeds to replay it).
func property(t *testing.T, full int, check func(t *testing.T, r *rand.Rand, m *Model, w world) string) {
	t.Helper()
	def := mustNew(t, DefaultParams())
	for _, seed := range worldSeeds(t, full, full/10) {
		r := rand.New(rand.NewPCG(seed, 0x7805))
		m := def
		if seed%2 == 1 {
			m = mustNew(t, randomParams(r))
		}
		w := randomWorld(r, refNow)
		if msg := check(t, r, m, w); msg != "" {
			t.Fatalf("seed=%d\nparams: %+v\nworld: %v\n%s", seed, m.p, w, msg)
		}
	}
}

// TestAgainstReference checks Compute, over the aggregate built three ways (Summarize, Add in
// a random order, Merge of a random split), against the term-by-term reference, and that
// every result is in range, deterministic and the same with A and B swapped.
func TestAgainstReference(t *testing.T) {
	property(t, 5000, func(t *testing.T, r *rand.Rand, m *Model, w world) string {
		h := m.p.HalfLife
		whole := Summarize(w.list, h)

		var added Interactions
		for _, i := range r.Perm(len(w.list)) {
			added.Add(w.list[i], h)
		}
		cut := r.IntN(len(w.list) + 1)
		merged := Summarize(w.list[:cut], h)
		merged.Merge(Summarize(w.list[cut:], h), h)

		for name, agg := range map[string]Interactions{"Add": added, "Merge": merged} {
			if msg := sameAggregate(whole, agg); msg != "" {
				return fmt.Sprintf("%s: %s\nSummarize %+v\n%s %+v", name, msg, whole, name, agg)
			}
		}
		if err := whole.Validate(); err != nil {
			return fmt.Sprintf("Summarize built an invalid aggregate %+v: %v", whole, err)
		}

		// Evaluate at now, and at times around it, so that evidence is both past and future
		// (but less than maxDoublings half-lives ahead, where decay stops growing).
		for _, now := range []time.Time{refNow, refNow.Add(-min(400*24*time.Hour, 30*h)), refNow.Add(time.Duration(r.Int64N(int64(5 * h))))} {
			wantT, wantC := reference(m.p, w, now)
			ev := w.evidence(h)
			got := m.Compute(ev, now)
			if !near(got.Trust, wantT, 1e-9) || !near(got.Confidence, wantC, 1e-9) {
				return fmt.Sprintf("now %v: Compute = trust %v confidence %v, reference %v %v\n%s",
					now, got.Trust, got.Confidence, wantT, wantC, got.Explain())
			}
			if msg := inRange(got); msg != "" {
				return msg
			}
			for name, agg := range map[string]Interactions{"Add": added, "Merge": merged} {
				ev.Interactions = agg
				if g := m.Compute(ev, now); !near(g.Trust, got.Trust, 1e-9) || !near(g.Confidence, got.Confidence, 1e-9) {
					return fmt.Sprintf("now %v: Compute over %s's aggregate = %v %v, over Summarize's %v %v", now, name, g.Trust, g.Confidence, got.Trust, got.Confidence)
				}
			}
			ev.Interactions = whole
			if again := m.Compute(ev, now); again != got {
				return fmt.Sprintf("Compute is not deterministic: %+v then %+v", got, again)
			}
			ev.FromA, ev.FromB = ev.FromB, ev.FromA
			if g := m.Compute(ev, now); !near(g.Trust, got.Trust, eps) || !near(g.Confidence, got.Confidence, eps) || g.Survey.Reciprocated != got.Survey.Reciprocated {
				return fmt.Sprintf("swapping A and B changes the result: %+v, then %+v", got, g)
			}
		}
		return ""
	})
}

// sameAggregate compares two aggregates of the same interactions built in different ways.
func sameAggregate(a, b Interactions) string {
	if a.Count != b.Count || !a.Last.Equal(b.Last) {
		return fmt.Sprintf("count/last %d %v != %d %v", a.Count, a.Last, b.Count, b.Last)
	}
	for _, f := range []struct {
		name string
		x, y float64
	}{{"Weight", a.Weight, b.Weight}, {"Contacts", a.Contacts, b.Contacts}, {"Rated", a.Rated, b.Rated},
		{"Goodwill", a.Goodwill, b.Goodwill}, {"Harm", a.Harm, b.Harm}} {
		if !near(f.x, f.y, 1e-9) {
			return fmt.Sprintf("%s %v != %v", f.name, f.x, f.y)
		}
	}
	return ""
}

// inRange checks the invariants of every result.
func inRange(res Result) string {
	for _, v := range []float64{res.Trust, res.Confidence, res.EvidenceTrust, res.EvidenceConfidence,
		res.Base.Score, res.Survey.Score, res.Interactions.Score} {
		if !(v >= 0 && v <= 1) {
			return fmt.Sprintf("a value outside [0, 1] or NaN: %+v", res)
		}
	}
	for _, v := range []float64{res.Mass, res.Base.Mass, res.Survey.Mass, res.Interactions.Mass, res.Interactions.Recent} {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Sprintf("a mass that is negative, infinite or NaN: %+v", res)
		}
	}
	if res.Interactions.Rated && !(res.Interactions.Sentiment >= -1 && res.Interactions.Sentiment <= 1) {
		return fmt.Sprintf("mean sentiment outside [-1, 1]: %+v", res)
	}
	return ""
}

// trustOf is the evidence's trust for w as of now (overrides removed: the monotonicity
// properties are about evidence).
func trustOf(m *Model, w world, now time.Time) float64 {
	w.override = nil
	return m.Compute(w.evidence(m.p.HalfLife), now).Trust
}

// TestPositiveInteractionsNeverLowerTrust: adding an interaction whose sentiment is >= 0 (or
// missing), whether later than every other or at any time, never lowers trust; neither does
// moving such an interaction later in time, nor raising any interaction's sentiment.
func TestPositiveInteractionsNeverLowerTrust(t *testing.T) {
	property(t, 4000, func(t *testing.T, r *rand.Rand, m *Model, w world) string {
		before := trustOf(m, w, refNow)
		it := Interaction{At: randomTime(r, refNow)}
		if r.IntN(3) > 0 {
			it.HasSentiment, it.Sentiment = true, pick(r, []float64{0, 1}, r.Float64())
		}
		latest := it
		for _, x := range w.list {
			if x.At.After(latest.At) {
				latest.At = x.At
			}
		}
		latest.At = latest.At.Add(time.Duration(r.Int64N(int64(30 * 24 * time.Hour))))
		for _, add := range []Interaction{it, latest} {
			v := w.clone()
			v.list = append(v.list, add)
			if after := trustOf(m, v, refNow); after < before-eps {
				return fmt.Sprintf("adding %+v lowers trust %v -> %v", add, before, after)
			}
		}
		if len(w.list) == 0 {
			return ""
		}
		i := r.IntN(len(w.list))
		if x := w.list[i]; !x.HasSentiment || x.Sentiment >= 0 {
			v := w.clone()
			v.list[i].At = x.At.Add(time.Duration(r.Int64N(int64(400 * 24 * time.Hour))))
			if after := trustOf(m, v, refNow); after < before-eps {
				return fmt.Sprintf("moving %+v to %v lowers trust %v -> %v", x, v.list[i].At, before, after)
			}
		}
		v := w.clone()
		x := &v.list[i]
		old := 0.0
		if x.HasSentiment {
			old = x.Sentiment
		}
		x.HasSentiment, x.Sentiment = true, old+(1-old)*r.Float64()
		if after := trustOf(m, v, refNow); after < before-eps {
			return fmt.Sprintf("raising the sentiment of %+v to %v lowers trust %v -> %v", w.list[i], x.Sentiment, before, after)
		}
		return ""
	})
}

// TestNegativeSentimentNeverRaisesTrust: adding an interaction of negative sentiment never
// raises trust, nor does lowering any interaction's sentiment (a missing one counts as 0), nor
// moving a negative interaction later in time.
func TestNegativeSentimentNeverRaisesTrust(t *testing.T) {
	property(t, 4000, func(t *testing.T, r *rand.Rand, m *Model, w world) string {
		before := trustOf(m, w, refNow)
		neg := Interaction{At: randomTime(r, refNow), HasSentiment: true, Sentiment: -pick(r, []float64{1, 1e-9}, r.Float64())}
		if neg.Sentiment == 0 {
			neg.Sentiment = -0.5
		}
		v := w.clone()
		v.list = append(v.list, neg)
		if after := trustOf(m, v, refNow); after > before+eps {
			return fmt.Sprintf("adding %+v raises trust %v -> %v", neg, before, after)
		}
		if len(w.list) == 0 {
			return ""
		}
		i := r.IntN(len(w.list))
		v = w.clone()
		x := &v.list[i]
		old := 0.0
		if x.HasSentiment {
			old = x.Sentiment
		}
		x.HasSentiment, x.Sentiment = true, old-(1+old)*pick(r, []float64{1, 1e-9}, r.Float64())
		if after := trustOf(m, v, refNow); after > before+eps {
			return fmt.Sprintf("lowering the sentiment of %+v to %v raises trust %v -> %v", w.list[i], x.Sentiment, before, after)
		}
		if x := w.list[i]; x.HasSentiment && x.Sentiment < 0 {
			v := w.clone()
			v.list[i].At = x.At.Add(time.Duration(r.Int64N(int64(400 * 24 * time.Hour))))
			if after := trustOf(m, v, refNow); after > before+eps {
				return fmt.Sprintf("moving %+v to %v raises trust %v -> %v", x, v.list[i].At, before, after)
			}
		}
		return ""
	})
}

// TestHigherScoreNeverLowersTrust: raising a survey score never lowers trust; adding an
// answer moves trust towards that answer's value.
func TestHigherScoreNeverLowersTrust(t *testing.T) {
	property(t, 3000, func(t *testing.T, r *rand.Rand, m *Model, w world) string {
		before := trustOf(m, w, refNow)
		v := w.clone()
		answers := &v.fromA
		if r.IntN(2) == 0 {
			answers = &v.fromB
		}
		if len(*answers) == 0 {
			return ""
		}
		a := &(*answers)[r.IntN(len(*answers))]
		old := a.Score
		a.Score += r.IntN(MaxScore - a.Score + 1)
		if after := trustOf(m, v, refNow); after < before-eps {
			return fmt.Sprintf("raising a %q score %d -> %d lowers trust %v -> %v", a.Question, old, a.Score, before, after)
		}
		return ""
	})
}

// TestOldEvidenceFadesTowardsPrior: as now moves into the future, trust moves monotonically
// towards the prior (the neutral base when there is none), confidence falls monotonically,
// and after 200 half-lives nothing but the prior is left.
func TestOldEvidenceFadesTowardsPrior(t *testing.T) {
	property(t, 3000, func(t *testing.T, r *rand.Rand, m *Model, w world) string {
		w.override = nil
		ev := w.evidence(m.p.HalfLife)
		target := m.p.BaseTrust
		if w.hasPrior {
			target = w.prior
		}
		// Start after every piece of evidence, so that all of it is in the past.
		now := refNow.Add(20 * 24 * time.Hour)
		step := time.Duration(1 + r.Int64N(int64(m.p.HalfLife)))
		prev := m.Compute(ev, now)
		for k := 1; k <= 40; k++ {
			next := m.Compute(ev, now.Add(time.Duration(k)*step))
			if math.Abs(next.Trust-target) > math.Abs(prev.Trust-target)+eps {
				return fmt.Sprintf("step %d (%v): trust %v moves away from %v (was %v)", k, step, next.Trust, target, prev.Trust)
			}
			if (next.Trust-target)*(prev.Trust-target) < -eps {
				return fmt.Sprintf("step %d: trust crosses the prior %v: %v -> %v", k, target, prev.Trust, next.Trust)
			}
			if next.Confidence > prev.Confidence+eps {
				return fmt.Sprintf("step %d: confidence rises %v -> %v", k, prev.Confidence, next.Confidence)
			}
			prev = next
		}
		later := now
		for range 200 {
			later = later.Add(m.p.HalfLife) // 200*HalfLife may overflow a Duration
		}
		far := m.Compute(ev, later)
		if !near(far.Trust, target, 1e-9) {
			return fmt.Sprintf("after 200 half-lives trust is %v, want the prior %v", far.Trust, target)
		}
		wantC := 0.0
		if w.hasPrior {
			wantC = m.p.PriorWeight / (m.p.PriorWeight + m.p.ConfidenceMass)
		}
		if !near(far.Confidence, wantC, 1e-9) {
			return fmt.Sprintf("after 200 half-lives confidence is %v, want %v", far.Confidence, wantC)
		}
		return ""
	})
}

// TestReciprocatedAnswerWeighsMore: two answers of the same score move trust further towards
// that score (so further from the prior) when they answer the same question both ways than
// when they answer two different questions of equal weight.
func TestReciprocatedAnswerWeighsMore(t *testing.T) {
	property(t, 3000, func(t *testing.T, r *rand.Rand, m *Model, w world) string {
		p := m.Params()
		// Strictly more than 1, two questions of equal weight, and answers that count.
		p.Reciprocity += 0.01
		q := p.Questions[QuestionTrust] + 0.1
		p.Questions[QuestionTrust], p.Questions[QuestionAdvice] = q, q
		p.SurveyWeight += 0.1
		m = mustNew(t, p)

		// The rest of the survey must not touch the two questions.
		keep := func(answers []Answer) []Answer {
			var out []Answer
			for _, a := range answers {
				if a.Question != QuestionTrust && a.Question != QuestionAdvice {
					out = append(out, a)
				}
			}
			return out
		}
		w.fromA, w.fromB = keep(w.fromA), keep(w.fromB)
		base := trustOf(m, w, refNow)

		score := 1 + r.IntN(5)
		x := scoreValue(score)
		at := refNow.Add(-time.Duration(r.Int64N(int64(p.HalfLife))))
		recip, one := w.clone(), w.clone()
		recip.fromA = append(recip.fromA, Answer{QuestionTrust, score, at})
		recip.fromB = append(recip.fromB, Answer{QuestionTrust, score, at})
		one.fromA = append(one.fromA, Answer{QuestionTrust, score, at})
		one.fromB = append(one.fromB, Answer{QuestionAdvice, score, at})
		tr, to := trustOf(m, recip, refNow), trustOf(m, one, refNow)

		if math.Abs(tr-x) > math.Abs(to-x)+eps || math.Abs(to-x) > math.Abs(base-x)+eps {
			return fmt.Sprintf("score %d (%v): reciprocated %v, one-sided %v, before %v: reciprocated is not the closest to the score", score, x, tr, to, base)
		}
		if math.Abs(base-x) > 1e-3 && !(math.Abs(tr-base) > math.Abs(to-base)) {
			return fmt.Sprintf("score %d (%v): reciprocated moves trust %v -> %v, one-sided to %v: not further", score, x, base, tr, to)
		}
		res := m.Compute(recip.evidence(p.HalfLife), refNow)
		if res.Survey.Reciprocated < 2 {
			return fmt.Sprintf("reciprocated answers not counted: %+v", res.Survey)
		}
		return ""
	})
}

// TestOverrideWins: an override sets trust exactly, with confidence 1, whatever the evidence.
func TestOverrideWins(t *testing.T) {
	property(t, 2000, func(t *testing.T, r *rand.Rand, m *Model, w world) string {
		v := pick(r, []float64{0, 1}, r.Float64())
		w.override = &Override{Trust: v, Reason: "met at the board; trusted advisor"}
		res := m.Compute(w.evidence(m.p.HalfLife), refNow)
		if res.Trust != v || res.Confidence != 1 || !res.Overridden || res.Reason != w.override.Reason || !res.Tie {
			return fmt.Sprintf("override %v: %+v", v, res)
		}
		w.override = nil
		plain := m.Compute(w.evidence(m.p.HalfLife), refNow)
		if res.EvidenceTrust != plain.Trust || res.EvidenceConfidence != plain.Confidence {
			return fmt.Sprintf("evidence under the override %v %v, without %v %v", res.EvidenceTrust, res.EvidenceConfidence, plain.Trust, plain.Confidence)
		}
		return ""
	})
}

// TestGarbageStaysInRange: Compute stays in range on evidence that Validate would reject:
// NaN and infinite values, scores off the scale, times far in the past and future, and
// aggregates no Add could build.
func TestGarbageStaysInRange(t *testing.T) {
	bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1), -3, 7, 1e308, -0.0}
	times := []time.Time{{}, time.Unix(1<<40, 0), time.Unix(-1<<40, 0), refNow.Add(100 * 365 * 24 * time.Hour)}
	property(t, 3000, func(t *testing.T, r *rand.Rand, m *Model, w world) string {
		f := func() float64 { return bad[r.IntN(len(bad))] }
		ev := w.evidence(m.p.HalfLife)
		switch r.IntN(6) {
		case 0:
			ev.HasPrior, ev.Prior = true, f()
		case 1:
			ev.Override = &Override{Trust: f(), Reason: "x"}
		case 2:
			ev.FromA = append(ev.FromA, Answer{QuestionTrust, r.IntN(20) - 10, times[r.IntN(len(times))]})
		case 3:
			agg := &ev.Interactions
			agg.Count = max(agg.Count, 1)
			switch r.IntN(5) {
			case 0:
				agg.Weight = f()
			case 1:
				agg.Contacts = f()
			case 2:
				agg.Goodwill = f()
			case 3:
				agg.Harm = f()
			case 4:
				agg.Rated = f()
			}
		case 4:
			ev.Interactions.Add(Interaction{At: times[r.IntN(len(times))], HasSentiment: true, Sentiment: f()}, m.p.HalfLife)
		case 5:
			ev.Interactions = Summarize(append(w.list, Interaction{At: times[r.IntN(len(times))]}), m.p.HalfLife)
		}
		for _, now := range []time.Time{refNow, {}, times[1], times[2]} {
			if msg := inRange(m.Compute(ev, now)); msg != "" {
				return fmt.Sprintf("now %v, evidence %+v: %s", now, ev, msg)
			}
		}
		return ""
	})
}

// TestNegativeEvidenceNeverMakesATie: between people with no prior and no override, evidence
// that only counts against trust (negative interactions, survey scores of 1) never makes a
// tie that routes could use, however much of it there is.
func TestNegativeEvidenceNeverMakesATie(t *testing.T) {
	m, err := New(DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 8))
	now := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3000; i++ {
		var list []Interaction
		for j := rng.IntN(30); j > 0; j-- {
			list = append(list, Interaction{At: now.Add(-time.Duration(rng.IntN(400*24)) * time.Hour),
				Sentiment: -rng.Float64() - 1e-9, HasSentiment: true})
		}
		ev := Evidence{Interactions: Summarize(list, m.Params().HalfLife)}
		for j := rng.IntN(3); j > 0; j-- {
			ev.FromA = []Answer{{Question: QuestionTrust, Score: 1, At: now}}
		}
		if r := m.Compute(ev, now); r.Tie {
			t.Fatalf("world %d: negative-only evidence made a tie: %s", i, r.Explain())
		}
	}
}

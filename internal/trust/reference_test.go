package trust

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"
)

// This file holds what the property tests stand on: random worlds (a pair's evidence with
// the full list of interactions) and a reference that computes trust from a world the
// straightforward way, from the formula in docs/trust-model.md, with no aggregate.

// world is one pair's evidence as the importer holds it before summarising: every
// interaction, not an aggregate.
type world struct {
	prior        float64
	hasPrior     bool
	fromA, fromB []Answer
	list         []Interaction
	override     *Override
}

func (w world) String() string {
	return fmt.Sprintf("prior=%v(%v) fromA=%v fromB=%v interactions=%v override=%v",
		w.prior, w.hasPrior, w.fromA, w.fromB, w.list, w.override)
}

// evidence is the world as Compute takes it, its interactions summarised for half-life h.
func (w world) evidence(h time.Duration) Evidence {
	return Evidence{
		Prior: w.prior, HasPrior: w.hasPrior,
		FromA: w.fromA, FromB: w.fromB,
		Interactions: Summarize(w.list, h),
		Override:     w.override,
	}
}

// clone returns a deep copy of w, so that a property test can change one thing.
func (w world) clone() world {
	c := w
	c.fromA = append([]Answer(nil), w.fromA...)
	c.fromB = append([]Answer(nil), w.fromB...)
	c.list = append([]Interaction(nil), w.list...)
	return c
}

// reference computes trust and confidence of w as of now with params p, term by term.
func reference(p Params, w world, now time.Time) (trust, confidence float64) {
	weight := func(t time.Time) float64 {
		return math.Pow(2, -now.Sub(t).Hours()/p.HalfLife.Hours())
	}
	base, baseMass := p.BaseTrust, p.BaseWeight
	if w.hasPrior {
		base, baseMass = w.prior, p.PriorWeight
	}
	var pos, neg float64
	asked := func(answers []Answer) map[string]bool {
		m := map[string]bool{}
		for _, a := range answers {
			m[a.Question] = true
		}
		return m
	}
	byA, byB := asked(w.fromA), asked(w.fromB)
	for _, dir := range []struct {
		answers []Answer
		reverse map[string]bool
	}{{w.fromA, byB}, {w.fromB, byA}} {
		for _, a := range dir.answers {
			mass := p.SurveyWeight * p.Questions[a.Question] * weight(a.At)
			if dir.reverse[a.Question] {
				mass *= p.Reciprocity
			}
			x := float64(a.Score-1) / 4
			pos += mass * x
			neg += mass * (1 - x)
		}
	}
	for _, it := range w.list {
		s := 0.0
		if it.HasSentiment {
			s = it.Sentiment
		}
		if s >= 0 {
			pos += p.ContactWeight * (1 + s) * weight(it.At)
		} else {
			neg += p.ContactWeight * p.NegativityBias * -s * weight(it.At)
		}
	}
	mass := pos + neg
	if w.hasPrior {
		mass += baseMass
	}
	trust = (baseMass*base + pos) / (baseMass + pos + neg)
	confidence = mass / (mass + p.ConfidenceMass)
	if w.override != nil {
		return w.override.Trust, 1
	}
	return trust, confidence
}

var (
	// refNow is the clock of every random world.
	refNow = time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	// questions are the questions random answers use: the default three and one the
	// default params do not know.
	questions = []string{QuestionTrust, QuestionAdvice, QuestionCollaboration, "energy"}
)

// randomWorld returns a pair's random evidence, dated mostly within three years before now
// and some up to 20 days after it (a skewed clock), with repeated times, exact 0 and ±1
// sentiments, missing sentiments, and the edges of every range.
func randomWorld(r *rand.Rand, now time.Time) world {
	var w world
	if r.IntN(10) < 7 {
		w.hasPrior = true
		w.prior = pick(r, []float64{0, 1, 0.5}, r.Float64())
	}
	w.fromA = randomAnswers(r, now)
	w.fromB = randomAnswers(r, now)
	n := 0
	if r.IntN(5) > 0 {
		n = 1 + r.IntN(1+r.IntN(40))
	}
	for i := range n {
		it := Interaction{At: randomTime(r, now)}
		if i > 0 && r.IntN(10) == 0 {
			it.At = w.list[r.IntN(i)].At
		}
		if r.IntN(10) >= 3 {
			it.HasSentiment = true
			it.Sentiment = pick(r, []float64{0, 1, -1}, 2*r.Float64()-1)
		}
		w.list = append(w.list, it)
	}
	if r.IntN(10) == 0 {
		w.override = &Override{Trust: pick(r, []float64{0, 1}, r.Float64()), Reason: "account owner knows"}
	}
	return w
}

// randomAnswers returns one direction's answers: each question at most once.
func randomAnswers(r *rand.Rand, now time.Time) []Answer {
	var answers []Answer
	for _, q := range questions {
		if r.IntN(5) < 2 {
			answers = append(answers, Answer{Question: q, Score: 1 + r.IntN(5), At: randomTime(r, now)})
		}
	}
	r.Shuffle(len(answers), func(i, j int) { answers[i], answers[j] = answers[j], answers[i] })
	return answers
}

// randomTime is a time within three years before now, or (one in 20) up to 20 days after.
func randomTime(r *rand.Rand, now time.Time) time.Time {
	if r.IntN(20) == 0 {
		return now.Add(time.Duration(r.Int64N(int64(20 * 24 * time.Hour))))
	}
	return now.Add(-time.Duration(r.Int64N(int64(3 * 365 * 24 * time.Hour))))
}

// randomParams returns valid params away from the defaults, some at the edges of their
// ranges (reciprocity 1, no negativity bias, half-lives from a day to five years).
func randomParams(r *rand.Rand) Params {
	return Params{
		HalfLife:       time.Duration(24+r.Int64N(5*365*24)) * time.Hour,
		PriorWeight:    0.01 + 5*r.Float64(),
		BaseTrust:      r.Float64(),
		BaseWeight:     0.01 + 2*r.Float64(),
		SurveyWeight:   pick(r, []float64{0}, 3*r.Float64()),
		Reciprocity:    pick(r, []float64{1}, 1+2*r.Float64()),
		Questions:      map[string]float64{QuestionTrust: r.Float64(), QuestionAdvice: r.Float64(), QuestionCollaboration: pick(r, []float64{0}, r.Float64())},
		ContactWeight:  pick(r, []float64{0}, r.Float64()),
		NegativityBias: pick(r, []float64{0}, 6*r.Float64()),
		ConfidenceMass: 0.1 + 10*r.Float64(),
		MinEvidence:    2 * r.Float64(),
	}
}

// pick returns one of edges (one time in four) or else v.
func pick(r *rand.Rand, edges []float64, v float64) float64 {
	if r.IntN(4) == 0 {
		return edges[r.IntN(len(edges))]
	}
	return v
}

// worldSeeds returns the seeds of the random worlds a property test runs: full of them (short
// under -short), times ECOGRAPH_PROPERTY_SCALE, or only ECOGRAPH_PROPERTY_SEED to replay one
// that failed (as internal/route does).
func worldSeeds(t testing.TB, full, short int) []uint64 {
	n := full
	if testing.Short() {
		n = short
	}
	if s := os.Getenv("ECOGRAPH_PROPERTY_SCALE"); s != "" {
		k, err := strconv.Atoi(s)
		if err != nil || k < 1 {
			t.Fatalf("ECOGRAPH_PROPERTY_SCALE=%q: want a positive integer", s)
		}
		n = k * full
	}
	if s := os.Getenv("ECOGRAPH_PROPERTY_SEED"); s != "" {
		seed, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("ECOGRAPH_PROPERTY_SEED=%q: want a seed", s)
		}
		return []uint64{seed}
	}
	seeds := make([]uint64, n)
	for i := range seeds {
		seeds[i] = uint64(i)
	}
	return seeds
}

// mustNew returns the model for p, failing the test if p is invalid.
func mustNew(tb testing.TB, p Params) *Model {
	tb.Helper()
	m, err := New(p)
	if err != nil {
		tb.Fatalf("New(%+v): %v", p, err)
	}
	return m
}

// near reports whether a and b agree within tol, absolutely or relatively.
func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

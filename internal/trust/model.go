package trust

import (
	"maps"
	"math"
	"time"

	"github.com/ecograph/ecograph"
)

// The survey questions the default Params weigh (survey.csv's question column).
const (
	QuestionTrust         = "trust"         // "how much do you trust X?"
	QuestionAdvice        = "advice"        // "who do you go to for advice?"
	QuestionCollaboration = "collaboration" // "who do you work with?"
)

// Params are the model's constants. DefaultParams returns the documented defaults;
// docs/trust-model.md gives the reason for each. Masses are in units of one fresh, one-sided
// answer to the trust question.
type Params struct {
	// HalfLife is how long dated evidence (survey answers and interactions alike) takes to
	// lose half its mass. One clock for all dated evidence is what makes old evidence fade
	// steadily towards the prior.
	HalfLife time.Duration

	// PriorWeight is the mass of an imported trust value (ties.csv, CRM). It does not decay:
	// the prior is what the tie falls back to as evidence ages.
	PriorWeight float64
	// BaseTrust and BaseWeight stand in for the prior of a tie that has none: a neutral guess
	// with little mass, which a few answers or contacts outweigh. The base is not evidence: it
	// adds nothing to the confidence.
	BaseTrust  float64
	BaseWeight float64

	// SurveyWeight is the mass of one fresh, one-sided answer to a question of weight 1.
	SurveyWeight float64
	// Reciprocity multiplies the mass of a reciprocated answer: one whose reverse (the other
	// person's answer to the same question about the first) exists. At least 1.
	Reciprocity float64
	// Questions weighs each survey question by how directly it measures trust. Answers to a
	// question not listed (or weighted 0) are ignored: an ONA survey may ask questions such as
	// "who drains your energy?" whose scale runs the other way.
	Questions map[string]float64

	// ContactWeight is the mass in favour of trust of one fresh interaction with no sentiment
	// or a neutral one; a sentiment s > 0 makes it ContactWeight*(1+s).
	ContactWeight float64
	// NegativityBias is the mass against trust of one fresh interaction of sentiment -1, in
	// contacts: sentiment s < 0 counts ContactWeight*NegativityBias*|s| against.
	NegativityBias float64

	// ConfidenceMass is the evidence mass at which confidence reaches 1/2.
	ConfidenceMass float64
	// MinEvidence is the mass of votes for trust from which evidence alone (no prior, no
	// override) makes a tie (Result.Tie); votes against never make one.
	MinEvidence float64
}

// DefaultParams returns the documented defaults (docs/trust-model.md).
func DefaultParams() Params {
	return Params{
		HalfLife:    180 * 24 * time.Hour,
		PriorWeight: 2,
		BaseTrust:   0.5,
		BaseWeight:  0.5,

		SurveyWeight: 1,
		Reciprocity:  1.5,
		Questions: map[string]float64{
			QuestionTrust:         1,
			QuestionAdvice:        0.7,
			QuestionCollaboration: 0.5,
		},

		ContactWeight:  0.25,
		NegativityBias: 3,

		ConfidenceMass: 4,
		MinEvidence:    0.5,
	}
}

// Validate returns an EINVALID *ecograph.Error naming the first parameter that is out of
// range or not a finite number.
func (p Params) Validate() error {
	if p.HalfLife <= 0 {
		return ecograph.Invalid("halfLife", "must be positive, got %v", p.HalfLife)
	}
	inf := math.Inf(1)
	for _, c := range []struct {
		field  string
		v      float64
		lo, hi float64
		loOpen bool // v must be greater than lo, not equal
	}{
		{"priorWeight", p.PriorWeight, 0, inf, true},
		{"baseTrust", p.BaseTrust, 0, 1, false},
		{"baseWeight", p.BaseWeight, 0, inf, true},
		{"surveyWeight", p.SurveyWeight, 0, inf, false},
		{"reciprocity", p.Reciprocity, 1, inf, false},
		{"contactWeight", p.ContactWeight, 0, inf, false},
		{"negativityBias", p.NegativityBias, 0, inf, false},
		{"confidenceMass", p.ConfidenceMass, 0, inf, true},
		{"minEvidence", p.MinEvidence, 0, inf, false},
	} {
		switch {
		case math.IsNaN(c.v) || math.IsInf(c.v, 0):
			return ecograph.Invalid(c.field, "must be a finite number, got %v", c.v)
		case c.loOpen && c.v <= c.lo:
			return ecograph.Invalid(c.field, "must be greater than %v, got %v", c.lo, c.v)
		case c.v < c.lo:
			return ecograph.Invalid(c.field, "must be at least %v, got %v", c.lo, c.v)
		case c.v > c.hi:
			return ecograph.Invalid(c.field, "must be at most %v, got %v", c.hi, c.v)
		}
	}
	for q, w := range p.Questions {
		if q == "" {
			return ecograph.Invalid("questions", "a question must have a name")
		}
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return ecograph.Invalid("questions", "weight of %q must be a finite number >= 0, got %v", q, w)
		}
	}
	return nil
}

// Model computes trust with fixed, validated Params. It is immutable and safe for
// concurrent use.
type Model struct {
	p Params
}

// New returns a Model with the given params, or the EINVALID error of p.Validate.
func New(p Params) (*Model, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p.Questions = maps.Clone(p.Questions) // the caller's map may change; the model may not
	return &Model{p: p}, nil
}

// Params returns a copy of the model's params.
func (m *Model) Params() Params {
	p := m.p
	p.Questions = maps.Clone(p.Questions)
	return p
}

// Compute returns the trust of the tie between A and B as of now, from the evidence ev.
//
// It never fails and does not allocate. It does not validate ev (see Evidence.Validate):
// out-of-range values are clamped (scores to 1..5, trust values to [0, 1], the aggregate's
// sums to [0, Count]), and a prior, override or sum that is not a number is ignored, so that
// the result is always a number in [0, 1].
func (m *Model) Compute(ev Evidence, now time.Time) Result {
	var r Result
	base := m.p.BaseTrust
	baseMass := m.p.BaseWeight
	if ev.HasPrior && !math.IsNaN(ev.Prior) {
		r.HasPrior = true
		base, baseMass = clamp01(ev.Prior), m.p.PriorWeight
	}
	r.Base = Component{Score: base, Mass: baseMass}

	var s survey
	m.addAnswers(&s, ev.FromA, ev.FromB, now)
	m.addAnswers(&s, ev.FromB, ev.FromA, now)
	r.Survey = SurveyEvidence{Component: component(s.pos, s.neg), Answers: s.answers, Reciprocated: s.reciprocated}

	ipos, ineg := m.addInteractions(&r.Interactions, ev.Interactions, now)

	evidence := s.pos + s.neg + ipos + ineg
	// Only votes for trust make a tie: a hostile call between strangers is evidence against
	// a relationship, not one that routes may use.
	favour := s.pos + ipos
	r.Tie = favour > 0 && favour >= m.p.MinEvidence
	if r.HasPrior {
		evidence += baseMass
		r.Tie = true
	}
	r.Mass = evidence
	r.Confidence = clamp01(evidence / (evidence + m.p.ConfidenceMass))
	r.Trust = clamp01((baseMass*base + s.pos + ipos) / (baseMass + s.pos + s.neg + ipos + ineg))
	r.EvidenceTrust, r.EvidenceConfidence = r.Trust, r.Confidence

	if o := ev.Override; o != nil && !math.IsNaN(o.Trust) {
		r.Overridden, r.Reason = true, o.Reason
		r.Trust, r.Confidence, r.Tie = clamp01(o.Trust), 1, true
	}
	return r
}

// survey accumulates the masses of survey answers for and against trust.
type survey struct {
	pos, neg              float64
	answers, reciprocated int
}

// addAnswers adds one direction's answers; reverse holds the other direction's, which decide
// whether an answer is reciprocated.
func (m *Model) addAnswers(s *survey, answers, reverse []Answer, now time.Time) {
	for _, a := range answers {
		q := m.p.Questions[a.Question]
		if !(q > 0) {
			continue
		}
		mass := m.p.SurveyWeight * q * decay(now.Sub(a.At), m.p.HalfLife)
		if answered(reverse, a.Question) {
			mass *= m.p.Reciprocity
			s.reciprocated++
		}
		x := scoreValue(a.Score)
		s.pos += mass * x
		s.neg += mass * (1 - x)
		s.answers++
	}
}

// answered reports whether answers hold one to question q. Lists are a handful of answers
// (one per question), so a scan beats any index.
func answered(answers []Answer, q string) bool {
	for _, a := range answers {
		if a.Question == q {
			return true
		}
	}
	return false
}

// scoreValue maps a survey score 1..5 to [0, 1] (clamping scores outside the scale).
func scoreValue(score int) float64 {
	return float64(min(max(score, MinScore), MaxScore)-MinScore) / (MaxScore - MinScore)
}

// addInteractions fills e from the aggregate a decayed to now and returns its masses for and
// against trust.
func (m *Model) addInteractions(e *InteractionEvidence, a Interactions, now time.Time) (pos, neg float64) {
	if a.Count <= 0 {
		return 0, 0
	}
	// No interaction weighs more than the latest, 1, so no sum exceeds the count.
	n := float64(a.Count)
	contacts, goodwill, harm := sum(a.Contacts, n), sum(a.Goodwill, n), sum(a.Harm, n)
	f := decay(now.Sub(a.Last), m.p.HalfLife)
	pos = m.p.ContactWeight * f * (contacts + goodwill)
	neg = m.p.ContactWeight * m.p.NegativityBias * f * harm
	e.Component = component(pos, neg)
	e.Count = a.Count
	e.Recent = f * sum(a.Weight, n)
	if rated := sum(a.Rated, n); rated > 0 {
		e.Rated = true
		// The ratio of two sums decayed alike does not depend on now.
		e.Sentiment = max(-1, min(1, (goodwill-harm)/rated))
	}
	return pos, neg
}

// component is the evidence part with masses pos for and neg against trust.
func component(pos, neg float64) Component {
	if pos+neg <= 0 {
		return Component{}
	}
	return Component{Score: clamp01(pos / (pos + neg)), Mass: pos + neg}
}

// maxDoublings caps how far decay may grow the mass of evidence dated after now (2^64), so
// that a mistyped year cannot overflow a sum. Evidence dated more than 64 half-lives ahead is
// no more than a data error.
const maxDoublings = 64

// decay is the weight, relative to evidence dated now, of evidence that is age old:
// 2^(-age/halfLife). Evidence dated after now (age < 0) weighs more than 1, so that the
// weight of every piece of evidence changes by the same factor as now moves; this is what
// lets Interactions keep a sum decayed to its own reference time.
func decay(age, halfLife time.Duration) float64 {
	if age == 0 {
		return 1
	}
	if halfLife <= 0 {
		panic("trust: half-life must be positive")
	}
	return math.Exp2(min(-float64(age)/float64(halfLife), maxDoublings))
}

// clamp01 clamps x to [0, 1], and NaN to 0.
func clamp01(x float64) float64 {
	if !(x > 0) {
		return 0
	}
	return min(x, 1)
}

// sum returns an aggregate's sum x clamped to [0, n], and NaN as 0.
func sum(x, n float64) float64 {
	if !(x > 0) {
		return 0
	}
	return min(x, n)
}

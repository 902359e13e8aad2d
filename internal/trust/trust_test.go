package trust

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
)

const day = 24 * time.Hour

// TestCompute checks small cases worked by hand with the default params (docs/trust-model.md):
// base 0.5 with mass 0.5, prior mass 2, a fresh trust answer mass 1 (1.5 reciprocated), a
// fresh contact 0.25 for, a fresh sentiment -1 0.75 against, confidence mass/(mass+4).
func TestCompute(t *testing.T) {
	now := refNow
	at := func(d time.Duration) time.Time { return now.Add(d) }
	fresh := func(q string, score int) []Answer { return []Answer{{q, score, now}} }
	half := DefaultParams().HalfLife
	tests := []struct {
		name        string
		ev          Evidence
		trust, conf float64
		tie         bool
	}{
		{"no evidence: the neutral base, no confidence", Evidence{}, 0.5, 0, false},
		{"prior only", Evidence{Prior: 0.6, HasPrior: true}, 0.6, 2.0 / 6, true},
		{"prior 0 is a prior", Evidence{Prior: 0, HasPrior: true}, 0, 2.0 / 6, true},
		{"one fresh trust answer of 5", Evidence{FromA: fresh(QuestionTrust, 5)}, 1.25 / 1.5, 1.0 / 5, true},
		{"one fresh trust answer of 1: evidence against, no tie", Evidence{FromB: fresh(QuestionTrust, 1)}, 0.25 / 1.5, 1.0 / 5, false},
		{"reciprocated trust answers of 5", Evidence{FromA: fresh(QuestionTrust, 5), FromB: fresh(QuestionTrust, 5)}, 3.25 / 3.5, 3.0 / 7, true},
		{"trust 5 one way, advice 5 the other: not reciprocated", Evidence{FromA: fresh(QuestionTrust, 5), FromB: fresh(QuestionAdvice, 5)},
			(0.25 + 1.7) / 2.2, 1.7 / 5.7, true},
		{"advice weighs 0.7", Evidence{FromA: fresh(QuestionAdvice, 5)}, 0.95 / 1.2, 0.7 / 4.7, true},
		{"collaboration 3 weighs 0.5 at 1/2", Evidence{Prior: 1, HasPrior: true, FromA: fresh(QuestionCollaboration, 3)}, 2.25 / 2.5, 2.5 / 6.5, true},
		{"an unknown question is ignored", Evidence{FromA: fresh("energy", 1)}, 0.5, 0, false},
		{"an answer one half-life old weighs 1/2", Evidence{FromA: []Answer{{QuestionTrust, 5, at(-half)}}}, 0.75, 0.5 / 4.5, true},
		{"one fresh contact, no sentiment: too little for a tie", Evidence{Interactions: Summarize([]Interaction{{At: now}}, half)}, 0.5 / 0.75, 0.25 / 4.25, false},
		{"two fresh contacts make a tie", Evidence{Interactions: Summarize([]Interaction{{At: now}, {At: now}}, half)}, 0.75 / 1, 0.5 / 4.5, true},
		{"a fresh contact of sentiment +1 counts twice", Evidence{Interactions: Summarize([]Interaction{{At: now, Sentiment: 1, HasSentiment: true}}, half)}, 0.75 / 1, 0.5 / 4.5, true},
		{"a fresh contact of sentiment -1 counts 3 against, and makes no tie", Evidence{Interactions: Summarize([]Interaction{{At: now, Sentiment: -1, HasSentiment: true}}, half)}, 0.25 / 1.25, 0.75 / 4.75, false},
		{"a contact one half-life ahead weighs 2", Evidence{Interactions: Summarize([]Interaction{{At: at(half)}}, half)}, 0.75 / 1, 0.5 / 4.5, true},
		{"an override wins", Evidence{Prior: 0.2, HasPrior: true, Override: &Override{0.9, "board member, known for years"}}, 0.9, 1, true},
		{"an override that is not a number is ignored", Evidence{Prior: 0.2, HasPrior: true, Override: &Override{math.NaN(), "x"}}, 0.2, 2.0 / 6, true},
	}
	m := mustNew(t, DefaultParams())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := m.Compute(tt.ev, now)
			if !near(r.Trust, tt.trust, 1e-12) || !near(r.Confidence, tt.conf, 1e-12) || r.Tie != tt.tie {
				t.Errorf("trust %v confidence %v tie %v, want %v %v %v\n%s", r.Trust, r.Confidence, r.Tie, tt.trust, tt.conf, tt.tie, r.Explain())
			}
			if msg := inRange(r); msg != "" {
				t.Error(msg)
			}
		})
	}
}

// TestWorkedExample checks every number of the worked example in docs/trust-model.md, so
// that the document stays true. Change both together.
func TestWorkedExample(t *testing.T) {
	m := mustNew(t, DefaultParams())
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	ago := func(days int) time.Time { return now.Add(-time.Duration(days) * day) }
	sentiment := func(days int, s float64) Interaction {
		return Interaction{At: ago(days), Sentiment: s, HasSentiment: true}
	}
	list := []Interaction{
		sentiment(10, 0.5),
		{At: ago(40)},
		sentiment(90, 0.2),
		sentiment(200, -0.6),
		{At: ago(365)},
		sentiment(400, 0.8),
	}
	ev := Evidence{
		Prior: 0.6, HasPrior: true,
		FromA:        []Answer{{QuestionTrust, 5, ago(60)}, {QuestionAdvice, 4, ago(60)}},
		FromB:        []Answer{{QuestionTrust, 4, ago(60)}},
		Interactions: Summarize(list, m.Params().HalfLife),
	}
	r := m.Compute(ev, now)

	round := func(x float64) float64 { return math.Round(x*1e4) / 1e4 }
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"aggregate weight", ev.Interactions.Weight, 3.5845},
		{"aggregate contacts", ev.Interactions.Contacts, 3.1034},
		{"aggregate rated", ev.Interactions.Rated, 2.4387},
		{"aggregate goodwill", ev.Interactions.Goodwill, 0.8252},
		{"aggregate harm", ev.Interactions.Harm, 0.2887},
		{"survey score", r.Survey.Score, 0.8514},
		{"survey mass", r.Survey.Mass, 2.9367},
		{"interactions score", r.Interactions.Score, 0.8194},
		{"interactions mass", r.Interactions.Mass, 1.1533},
		{"recent", r.Interactions.Recent, 3.4491},
		{"sentiment", r.Interactions.Sentiment, 0.2200},
		{"mass", r.Mass, 6.0900},
		{"trust", r.Trust, 0.7628},
		{"confidence", r.Confidence, 0.6036},
	} {
		if round(c.got) != c.want {
			t.Errorf("%s = %.4f (%v), the document says %.4f", c.name, c.got, c.got, c.want)
		}
	}
	const line = "trust 0.76 (confidence 0.60) = prior 0.60 x2.00 + survey 0.85 x2.94 (3 answers, 2 reciprocated) + interactions 0.82 x1.15 (6 logged, 3.45 recent, sentiment +0.22)"
	if got := r.Explain(); got != line {
		t.Errorf("Explain() =\n%s\nthe document says\n%s", got, line)
	}

	// The same evidence, looked at later: it fades towards the prior 0.6.
	for _, c := range []struct {
		days        int
		trust, conf float64
	}{{180, 0.7225, 0.5028}, {365, 0.6809, 0.4288}, {730, 0.6265, 0.3596}, {1825, 0.6004, 0.3337}} {
		r := m.Compute(ev, now.Add(time.Duration(c.days)*day))
		if round(r.Trust) != c.trust || round(r.Confidence) != c.conf {
			t.Errorf("%d days later: trust %.4f confidence %.4f, the document says %.4f %.4f", c.days, r.Trust, r.Confidence, c.trust, c.conf)
		}
	}

	ev.Override = &Override{Trust: 0.95, Reason: "Anna and Dr. Lee co-authored the trial"}
	const overridden = "trust 0.95 (confidence 1) overridden: Anna and Dr. Lee co-authored the trial; evidence says trust 0.76 (confidence 0.60) = prior 0.60 x2.00 + survey 0.85 x2.94 (3 answers, 2 reciprocated) + interactions 0.82 x1.15 (6 logged, 3.45 recent, sentiment +0.22)"
	if got := m.Compute(ev, now).Explain(); got != overridden {
		t.Errorf("Explain() with the override =\n%s\nthe document says\n%s", got, overridden)
	}
}

func TestExplainWithoutPrior(t *testing.T) {
	m := mustNew(t, DefaultParams())
	r := m.Compute(Evidence{Interactions: Summarize([]Interaction{{At: refNow}, {At: refNow}}, m.Params().HalfLife)}, refNow)
	const want = "trust 0.75 (confidence 0.11) = base 0.50 x0.50 + interactions 1.00 x0.50 (2 logged, 2.00 recent)"
	if got := r.Explain(); got != want {
		t.Errorf("Explain() =\n%s\nwant\n%s", got, want)
	}
}

func TestParamsValidate(t *testing.T) {
	if err := DefaultParams().Validate(); err != nil {
		t.Fatalf("DefaultParams().Validate() = %v", err)
	}
	tests := []struct {
		field  string
		change func(*Params)
	}{
		{"halfLife", func(p *Params) { p.HalfLife = 0 }},
		{"halfLife", func(p *Params) { p.HalfLife = -day }},
		{"priorWeight", func(p *Params) { p.PriorWeight = 0 }},
		{"priorWeight", func(p *Params) { p.PriorWeight = math.Inf(1) }},
		{"baseTrust", func(p *Params) { p.BaseTrust = 1.5 }},
		{"baseTrust", func(p *Params) { p.BaseTrust = -0.1 }},
		{"baseTrust", func(p *Params) { p.BaseTrust = math.NaN() }},
		{"baseWeight", func(p *Params) { p.BaseWeight = 0 }},
		{"surveyWeight", func(p *Params) { p.SurveyWeight = -1 }},
		{"reciprocity", func(p *Params) { p.Reciprocity = 0.9 }},
		{"questions", func(p *Params) { p.Questions["energy"] = -1 }},
		{"questions", func(p *Params) { p.Questions[""] = 1 }},
		{"questions", func(p *Params) { p.Questions[QuestionTrust] = math.NaN() }},
		{"contactWeight", func(p *Params) { p.ContactWeight = -0.25 }},
		{"negativityBias", func(p *Params) { p.NegativityBias = math.NaN() }},
		{"confidenceMass", func(p *Params) { p.ConfidenceMass = 0 }},
		{"minEvidence", func(p *Params) { p.MinEvidence = -1 }},
	}
	for _, tt := range tests {
		p := DefaultParams()
		tt.change(&p)
		t.Run(tt.field, func(t *testing.T) {
			err := p.Validate()
			if ecograph.ErrorCode(err) != ecograph.EINVALID || ecograph.ErrorField(err) != tt.field {
				t.Errorf("Validate() = %v, want EINVALID on %s", err, tt.field)
			}
			if m, err := New(p); m != nil || ecograph.ErrorCode(err) != ecograph.EINVALID {
				t.Errorf("New() = %v, %v, want an EINVALID error", m, err)
			}
		})
	}
	t.Run("edges are valid", func(t *testing.T) {
		p := DefaultParams()
		p.BaseTrust, p.SurveyWeight, p.Reciprocity, p.ContactWeight, p.NegativityBias, p.MinEvidence = 1, 0, 1, 0, 0, 0
		p.Questions = nil
		if err := p.Validate(); err != nil {
			t.Error(err)
		}
	})
}

// TestModelOwnsItsParams: changing the caller's params, or the copy Params returns, does not
// change the model.
func TestModelOwnsItsParams(t *testing.T) {
	p := DefaultParams()
	m := mustNew(t, p)
	ev := Evidence{FromA: []Answer{{QuestionTrust, 5, refNow}}}
	before := m.Compute(ev, refNow)
	p.Questions[QuestionTrust] = 0
	m.Params().Questions[QuestionTrust] = 0
	if after := m.Compute(ev, refNow); after != before {
		t.Errorf("the model changed with its caller's params: %+v, then %+v", before, after)
	}
}

func TestEvidenceValidate(t *testing.T) {
	good := func() Evidence {
		return Evidence{
			Prior: 0.4, HasPrior: true,
			FromA:        []Answer{{QuestionTrust, 5, refNow}, {QuestionAdvice, 1, refNow}},
			FromB:        []Answer{{QuestionTrust, 3, refNow}},
			Interactions: Summarize([]Interaction{{At: refNow}, {At: refNow.Add(-day), Sentiment: -0.5, HasSentiment: true}}, DefaultParams().HalfLife),
			Override:     &Override{1, "known"},
		}
	}
	if ev := good(); ev.Validate() != nil {
		t.Fatalf("Validate() = %v", ev.Validate())
	}
	if ev := (Evidence{}); ev.Validate() != nil {
		t.Fatalf("Validate() of no evidence = %v", ev.Validate())
	}
	tests := []struct {
		name, field string
		change      func(*Evidence)
	}{
		{"prior above 1", "prior", func(e *Evidence) { e.Prior = 1.01 }},
		{"prior NaN", "prior", func(e *Evidence) { e.Prior = math.NaN() }},
		{"no question", "fromA[1].question", func(e *Evidence) { e.FromA[1].Question = "" }},
		{"score 0", "fromB[0].score", func(e *Evidence) { e.FromB[0].Score = 0 }},
		{"score 6", "fromA[0].score", func(e *Evidence) { e.FromA[0].Score = 6 }},
		{"no time", "fromB[0].at", func(e *Evidence) { e.FromB[0].At = time.Time{} }},
		{"question twice", "fromA[1].question", func(e *Evidence) { e.FromA[1].Question = QuestionTrust }},
		{"negative count", "interactions.count", func(e *Evidence) { e.Interactions.Count = -1 }},
		{"sums without interactions", "interactions.count", func(e *Evidence) { e.Interactions.Count = 0 }},
		{"NaN harm", "interactions.harm", func(e *Evidence) { e.Interactions.Harm = math.NaN() }},
		{"weight above count", "interactions.weight", func(e *Evidence) { e.Interactions.Weight = 3 }},
		{"weight below the latest's", "interactions.weight", func(e *Evidence) { e.Interactions.Weight = 0.5 }},
		{"contacts above weight", "interactions.contacts", func(e *Evidence) { e.Interactions.Contacts = 1.999 }},
		{"rated above weight", "interactions.rated", func(e *Evidence) { e.Interactions.Rated = 2.5 }},
		{"sentiment above rated", "interactions.goodwill", func(e *Evidence) { e.Interactions.Goodwill = 1 }},
		{"override below 0", "override.trust", func(e *Evidence) { e.Override.Trust = -0.5 }},
		{"override without reason", "override.reason", func(e *Evidence) { e.Override.Reason = "  " }},
		{"override reason too long", "override.reason", func(e *Evidence) { e.Override.Reason = strings.Repeat("x", ecograph.MaxTextLength+1) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := good()
			tt.change(&ev)
			err := ev.Validate()
			if ecograph.ErrorCode(err) != ecograph.EINVALID || ecograph.ErrorField(err) != tt.field {
				t.Errorf("Validate() = %v, want EINVALID on %s", err, tt.field)
			}
		})
	}
}

func TestInteractionValidate(t *testing.T) {
	tests := []struct {
		name  string
		it    Interaction
		field string
	}{
		{"no sentiment", Interaction{At: refNow}, ""},
		{"sentiment -1", Interaction{At: refNow, Sentiment: -1, HasSentiment: true}, ""},
		{"sentiment out of range, unset", Interaction{At: refNow, Sentiment: 9}, ""},
		{"sentiment 1.5", Interaction{At: refNow, Sentiment: 1.5, HasSentiment: true}, "sentiment"},
		{"sentiment NaN", Interaction{At: refNow, Sentiment: math.NaN(), HasSentiment: true}, "sentiment"},
		{"no time", Interaction{}, "at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.it.Validate()
			if tt.field == "" && err != nil || tt.field != "" && (ecograph.ErrorCode(err) != ecograph.EINVALID || ecograph.ErrorField(err) != tt.field) {
				t.Errorf("Validate() = %v, want field %q", err, tt.field)
			}
		})
	}
}

// TestAggregate checks the aggregate's sums on a small list worked by hand, with a one-day
// half-life: weights 1, 1/2, 1/4 for the latest, one day and two days before it.
func TestAggregate(t *testing.T) {
	list := []Interaction{
		{At: refNow.Add(-2 * day), Sentiment: -0.5, HasSentiment: true},
		{At: refNow, Sentiment: 0.5, HasSentiment: true},
		{At: refNow.Add(-day)},
	}
	want := Interactions{Count: 3, Last: refNow, Weight: 1.75, Contacts: 1.5, Rated: 1.25, Goodwill: 0.5, Harm: 0.125}
	if got := Summarize(list, day); got != want {
		t.Errorf("Summarize = %+v, want %+v", got, want)
	}
	var got Interactions
	for _, it := range list {
		got.Add(it, day)
	}
	if got != want {
		t.Errorf("Add = %+v, want %+v", got, want)
	}
	var none Interactions
	none.Merge(Interactions{}, day)
	if none != (Interactions{}) || Summarize(nil, day) != (Interactions{}) {
		t.Errorf("the aggregate of nothing is not the zero value: %+v, %+v", none, Summarize(nil, day))
	}
}

// TestDocClaims checks the numbers docs/trust-model.md quotes outside the worked example.
func TestDocClaims(t *testing.T) {
	m := mustNew(t, DefaultParams())
	h := m.Params().HalfLife
	contacts := func(n int) Interactions {
		list := make([]Interaction, n)
		for i := range list {
			list[i].At = refNow
		}
		return Summarize(list, h)
	}
	fresh := func(q string, score int) Answer { return Answer{q, score, refNow} }
	for _, c := range []struct {
		claim string
		got   float64
		want  float64
	}{
		{"one fresh 5 without a prior gives 0.83", m.Compute(Evidence{FromA: []Answer{fresh(QuestionTrust, 5)}}, refNow).Trust, 0.83},
		{"20 fresh contacts with a 0.5 prior give 0.86", m.Compute(Evidence{Prior: 0.5, HasPrior: true, Interactions: contacts(20)}, refNow).Trust, 0.86},
		{"100 fresh contacts with a 0.5 prior give 0.96", m.Compute(Evidence{Prior: 0.5, HasPrior: true, Interactions: contacts(100)}, refNow).Trust, 0.96},
		{"16 fresh contacts give confidence 1/2", m.Compute(Evidence{Interactions: contacts(16)}, refNow).Confidence, 0.5},
		{"a prior alone gives confidence 1/3", m.Compute(Evidence{Prior: 0.5, HasPrior: true}, refNow).Confidence, 0.33},
		{"a prior and a reciprocated pair give confidence 5/9", m.Compute(Evidence{Prior: 0.5, HasPrior: true,
			FromA: []Answer{fresh(QuestionTrust, 3)}, FromB: []Answer{fresh(QuestionTrust, 3)}}, refNow).Confidence, 0.56},
		{"a two-year-old answer counts about a sixteenth", m.Compute(Evidence{FromA: []Answer{{QuestionTrust, 3, refNow.Add(-730 * day)}}}, refNow).Survey.Mass * 16, 0.96},
	} {
		if math.Round(c.got*100)/100 != c.want {
			t.Errorf("%s: got %.4f", c.claim, c.got)
		}
	}
}

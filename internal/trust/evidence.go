package trust

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
)

// The survey scale (survey.csv's score column).
const (
	MinScore = 1
	MaxScore = 5
)

// Evidence is what is known about one pair of people, A and B. Which of the two is A does
// not matter: the tie is undirected, and swapping them gives the same result.
type Evidence struct {
	// Prior is the tie's imported trust (ties.csv, CRM), when HasPrior; a tie may exist only
	// from evidence.
	Prior    float64
	HasPrior bool

	// FromA holds A's survey answers about B, FromB B's answers about A: at most one per
	// question in each (survey.csv: a later answer replaces an earlier one).
	FromA, FromB []Answer

	// Interactions summarises the interactions between A and B (see Summarize and Add).
	Interactions Interactions

	// Override, when not nil, is a manual trust value that wins over all evidence.
	Override *Override
}

// Answer is one directed ONA survey answer: how the respondent rated the other person on a
// question.
type Answer struct {
	Question string    // e.g. QuestionTrust; weighed by Params.Questions
	Score    int       // MinScore..MaxScore
	At       time.Time // when it was answered
}

// Override is a manual trust value, set by someone who knows better than the evidence.
type Override struct {
	Trust  float64 // in [0, 1]
	Reason string  // why; required, and shown wherever the value is
}

// Validate returns an EINVALID *ecograph.Error naming the first bad field: a prior or
// override outside [0, 1], an override without a reason, a survey answer with no question, a
// score outside the scale, no time, or a question answered twice in one direction, or an
// Interactions aggregate that no sequence of Add calls could have built.
func (e *Evidence) Validate() error {
	if e.HasPrior && !(e.Prior >= 0 && e.Prior <= 1) {
		return ecograph.Invalid("prior", "must be in [0, 1], got %v", e.Prior)
	}
	if err := validateAnswers("fromA", e.FromA); err != nil {
		return err
	}
	if err := validateAnswers("fromB", e.FromB); err != nil {
		return err
	}
	if err := e.Interactions.Validate(); err != nil {
		return err
	}
	if o := e.Override; o != nil {
		if !(o.Trust >= 0 && o.Trust <= 1) {
			return ecograph.Invalid("override.trust", "must be in [0, 1], got %v", o.Trust)
		}
		if strings.TrimSpace(o.Reason) == "" {
			return ecograph.Invalid("override.reason", "an override needs a reason")
		}
		if len(o.Reason) > ecograph.MaxTextLength {
			return ecograph.Invalid("override.reason", "must be at most %d bytes", ecograph.MaxTextLength)
		}
	}
	return nil
}

func validateAnswers(field string, answers []Answer) error {
	for i, a := range answers {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case a.Question == "":
			return ecograph.Invalid(f+".question", "must not be empty")
		case a.Score < MinScore || a.Score > MaxScore:
			return ecograph.Invalid(f+".score", "must be in %d..%d, got %d", MinScore, MaxScore, a.Score)
		case a.At.IsZero():
			return ecograph.Invalid(f+".at", "must be set")
		}
		for j := range i {
			if answers[j].Question == a.Question {
				return ecograph.Invalid(f+".question", "%q is answered twice (also %s[%d])", a.Question, field, j)
			}
		}
	}
	return nil
}

// Validate returns an EINVALID *ecograph.Error naming the first bad field: a sentiment that
// is not a number in [-1, 1], or no time.
func (it Interaction) Validate() error {
	if it.HasSentiment && !(it.Sentiment >= -1 && it.Sentiment <= 1) {
		return ecograph.Invalid("sentiment", "must be in [-1, 1], got %v", it.Sentiment)
	}
	if it.At.IsZero() {
		return ecograph.Invalid("at", "must be set")
	}
	return nil
}

// Validate returns an EINVALID *ecograph.Error naming the first field of the aggregate that
// no sequence of Add calls could have produced: a negative count, a sum that is not a finite
// number >= 0, sums without interactions, or parts larger than the whole.
func (a *Interactions) Validate() error {
	const slack = 1e-9 // rounding in the sums
	switch {
	case a.Count < 0:
		return ecograph.Invalid("interactions.count", "must be >= 0, got %d", a.Count)
	case a.Count == 0 && *a != (Interactions{}):
		return ecograph.Invalid("interactions.count", "is 0 but the sums are not")
	}
	for _, s := range []struct {
		field string
		v     float64
	}{
		{"weight", a.Weight}, {"contacts", a.Contacts}, {"rated", a.Rated},
		{"goodwill", a.Goodwill}, {"harm", a.Harm},
	} {
		if math.IsNaN(s.v) || math.IsInf(s.v, 0) || s.v < 0 {
			return ecograph.Invalid("interactions."+s.field, "must be a finite number >= 0, got %v", s.v)
		}
	}
	if a.Count == 0 {
		return nil
	}
	total := a.Weight * (1 + slack)
	switch {
	case a.Weight > float64(a.Count)*(1+slack) || a.Weight < 1-slack:
		// The latest interaction weighs 1 and no other more.
		return ecograph.Invalid("interactions.weight", "must be in [1, count=%d], got %v", a.Count, a.Weight)
	case a.Contacts > total:
		return ecograph.Invalid("interactions.contacts", "must be at most weight, got %v > %v", a.Contacts, a.Weight)
	case a.Rated > total:
		return ecograph.Invalid("interactions.rated", "must be at most weight, got %v > %v", a.Rated, a.Weight)
	case a.Goodwill+a.Harm > a.Rated*(1+slack):
		return ecograph.Invalid("interactions.goodwill", "goodwill+harm must be at most rated, got %v+%v > %v", a.Goodwill, a.Harm, a.Rated)
	}
	return nil
}

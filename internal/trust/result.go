package trust

import (
	"fmt"
	"strings"
)

// Result is the model's answer for one tie, with the parts an API shows to explain it:
// Trust is the mass-weighted mean of the parts' scores,
//
//	Trust = (Base.Mass*Base.Score + Survey.Mass*Survey.Score + Interactions.Mass*Interactions.Score)
//	        / (Base.Mass + Survey.Mass + Interactions.Mass)
//
// unless Overridden.
type Result struct {
	Trust      float64 // in [0, 1]
	Confidence float64 // in [0, 1]: how much evidence there is (Mass/(Mass+Params.ConfidenceMass)), not how well it agrees

	// Tie reports whether the evidence makes (or keeps) a tie: a prior or an override always
	// does; evidence alone does from a mass of votes for trust of Params.MinEvidence (votes
	// against never make a tie).
	Tie bool

	// Mass is the total evidence mass: the prior's (if any), the survey's and the
	// interactions'. The neutral base is not evidence.
	Mass float64

	// EvidenceTrust and EvidenceConfidence are what the evidence alone says: Trust and
	// Confidence, unless Overridden.
	EvidenceTrust, EvidenceConfidence float64

	// Overridden reports that a manual override set Trust (and Confidence 1), for Reason.
	// The parts below still describe the evidence.
	Overridden bool
	Reason     string

	HasPrior     bool      // Base is the imported trust; else the neutral base
	Base         Component // the prior, or the neutral base
	Survey       SurveyEvidence
	Interactions InteractionEvidence
}

// Component is one source of evidence: the share of its mass in favour of trust (Score, in
// [0, 1]) and its mass, decayed to now. A source with no mass has Score 0.
type Component struct {
	Score float64
	Mass  float64
}

// SurveyEvidence is the survey part of a Result.
type SurveyEvidence struct {
	Component
	Answers      int // answers counted (both directions; questions of weight 0 are not)
	Reciprocated int // of those, the answers whose reverse exists
}

// InteractionEvidence is the interactions part of a Result.
type InteractionEvidence struct {
	Component
	Count     int     // interactions logged
	Recent    float64 // their decayed count as of now: each weighs 2^(-age/HalfLife)
	Sentiment float64 // the recency-weighted mean sentiment of those rated, when Rated
	Rated     bool
}

// Explain returns the result in one line, for logs and tooltips, such as (the worked example
// of docs/trust-model.md)
//
//	trust 0.76 (confidence 0.60) = prior 0.60 x2.00 + survey 0.85 x2.94 (3 answers, 2 reciprocated) + interactions 0.82 x1.15 (6 logged, 3.45 recent, sentiment +0.22)
//
// where "x" precedes each part's mass. An override comes first, with its reason, followed by
// what the evidence says.
func (r Result) Explain() string {
	var b strings.Builder
	if r.Overridden {
		fmt.Fprintf(&b, "trust %.2f (confidence 1) overridden: %s; evidence says ", r.Trust, r.Reason)
	}
	fmt.Fprintf(&b, "trust %.2f (confidence %.2f) = ", r.EvidenceTrust, r.EvidenceConfidence)
	base := "base"
	if r.HasPrior {
		base = "prior"
	}
	fmt.Fprintf(&b, "%s %.2f x%.2f", base, r.Base.Score, r.Base.Mass)
	if s := r.Survey; s.Answers > 0 {
		fmt.Fprintf(&b, " + survey %.2f x%.2f (%d answers, %d reciprocated)", s.Score, s.Mass, s.Answers, s.Reciprocated)
	}
	if i := r.Interactions; i.Count > 0 {
		fmt.Fprintf(&b, " + interactions %.2f x%.2f (%d logged, %.2f recent", i.Score, i.Mass, i.Count, i.Recent)
		if i.Rated {
			fmt.Fprintf(&b, ", sentiment %+.2f", i.Sentiment)
		}
		b.WriteString(")")
	}
	return b.String()
}

package ecograph

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Evidence is what a tie's trust is computed from (the trust model is internal/trust). The
// graph holds it as:
//
//	(:Interaction {id, kind, at, sentiment, notes, participants, organizationId, accountId,
//	               loggedBy})
//	(:Person)-[:PARTICIPATED_IN]->(:Interaction)-[:ABOUT]->(:Organization)
//	(:Interaction)-[:FOR_ACCOUNT]->(:Account)
//	(respondent:Person)-[:ANSWERED {question, score, answeredAt}]->(alter:Person)
//	    one per respondent, alter and question; directed
//	(:Person)-[:TIE {trust, prior, confidence, override, overrideReason, overrideBy,
//	                 overrideAt, ...}]->(:Person)
//	    prior is the imported or CRM value (ties.csv, upsertTie); trust is the model's output.

// Interaction is a meeting, call, email or event between people: evidence for the ties
// between every two of its participants.
type Interaction struct {
	ID             string
	Kind           string // MEETING, CALL, EMAIL, EVENT, ... (upper case; free list)
	At             time.Time
	Participants   []string // person ids, at least two, distinct, sorted
	OrganizationID string   // the organisation it was about; "" for none
	AccountID      string   // the account it was for; "" for none
	Sentiment      *float64 // in [-1, 1]; nil for none
	Notes          string   // private to our roles
	LoggedBy       string   // the caller's subject for API writes; "" for imports
}

// MaxInteractionParticipants bounds an interaction's participants (a conference is not one
// interaction: log the conversations that happened there).
const MaxInteractionParticipants = 50

// SurveyAnswer is one directed ONA answer: how Respondent rates Alter on Question.
type SurveyAnswer struct {
	Respondent string
	Alter      string
	Question   string // lower case: trust, advice, collaboration, ...
	Score      int    // 1..5
	AnsweredAt time.Time
}

// TrustOverride is a manual trust value for a tie, with the reason and who set it when.
type TrustOverride struct {
	PersonA, PersonB string
	Trust            float64
	Reason           string
	By               string
	At               time.Time
}

// TieEvidence is the evidence behind one tie and what the trust model made of it.
type TieEvidence struct {
	PersonA, PersonB string
	Prior            *float64 // the imported or CRM value
	Trust            float64
	Confidence       float64
	Answers          []SurveyAnswer // both directions
	Reciprocated     int            // answers whose reverse (same question) exists
	Interactions     int
	LastInteraction  *time.Time
	MeanSentiment    *float64 // over interactions with a sentiment
	Override         *TrustOverride
	Explanation      string // the model's one-line explanation
}

// Pair is two people in the canonical order of TieKey.
type Pair struct{ A, B string }

// MakePair returns the canonical pair of a and b.
func MakePair(a, b string) Pair {
	a, b = TieKey(a, b)
	return Pair{a, b}
}

// maxFutureSkew is how far in the future evidence may be dated (clock skew between systems).
const maxFutureSkew = 24 * time.Hour

// Normalize puts an interaction in its stored form: kind upper case, participants sorted
// and without duplicates.
func (in *Interaction) Normalize() {
	in.Kind = strings.ToUpper(strings.TrimSpace(in.Kind))
	ps := append([]string(nil), in.Participants...)
	sort.Strings(ps)
	out := ps[:0]
	for i, p := range ps {
		if i == 0 || p != ps[i-1] {
			out = append(out, p)
		}
	}
	in.Participants = out
}

// Validate is ValidateAt with the wall clock.
func (in *Interaction) Validate(prefix string) error { return in.ValidateAt(prefix, time.Now()) }

// ValidateAt returns an EINVALID *Error naming the first bad field (prefix + field name) of a
// normalised interaction; now bounds how far in the future it may be dated (a day).
func (in *Interaction) ValidateAt(prefix string, now time.Time) error {
	if err := ValidateID(prefix+"id", in.ID); err != nil {
		return err
	}
	if err := validateText(prefix+"kind", in.Kind, true); err != nil {
		return err
	}
	if len(in.Kind) > 50 {
		return Invalid(prefix+"kind", "must be at most 50 bytes")
	}
	if in.At.IsZero() {
		return Invalid(prefix+"at", "is required (RFC 3339)")
	}
	if in.At.After(now.Add(maxFutureSkew)) {
		return Invalid(prefix+"at", "must not be more than a day in the future, got %s", in.At.Format(time.RFC3339))
	}
	if len(in.Participants) < 2 {
		return Invalid(prefix+"participants", "needs at least two different people, got %d", len(in.Participants))
	}
	if len(in.Participants) > MaxInteractionParticipants {
		return Invalid(prefix+"participants", "must be at most %d people, got %d", MaxInteractionParticipants, len(in.Participants))
	}
	for i, p := range in.Participants {
		if err := ValidateID(fmt.Sprintf("%sparticipants[%d]", prefix, i), p); err != nil {
			return err
		}
	}
	if in.OrganizationID != "" {
		if err := ValidateID(prefix+"organization", in.OrganizationID); err != nil {
			return err
		}
	}
	if in.AccountID != "" {
		if err := ValidateID(prefix+"account", in.AccountID); err != nil {
			return err
		}
	}
	if s := in.Sentiment; s != nil && !(*s >= -1 && *s <= 1) {
		return Invalid(prefix+"sentiment", "must be in [-1, 1], got %v", *s)
	}
	return validateText(prefix+"notes", in.Notes, false)
}

// Validate is ValidateAt with the wall clock.
func (a *SurveyAnswer) Validate(prefix string) error { return a.ValidateAt(prefix, time.Now()) }

// ValidateAt returns an EINVALID *Error naming the first bad field (prefix + field name); now
// bounds how far in the future the answer may be dated (a day).
func (a *SurveyAnswer) ValidateAt(prefix string, now time.Time) error {
	if err := ValidateID(prefix+"respondent", a.Respondent); err != nil {
		return err
	}
	if err := ValidateID(prefix+"alter", a.Alter); err != nil {
		return err
	}
	if a.Respondent == a.Alter {
		return Invalid(prefix+"alter", "must differ from the respondent (%q)", a.Alter)
	}
	a.Question = strings.ToLower(strings.TrimSpace(a.Question))
	if err := validateText(prefix+"question", a.Question, true); err != nil {
		return err
	}
	if len(a.Question) > 100 {
		return Invalid(prefix+"question", "must be at most 100 bytes")
	}
	if a.Score < 1 || a.Score > 5 {
		return Invalid(prefix+"score", "must be in 1..5, got %d", a.Score)
	}
	if a.AnsweredAt.IsZero() {
		return Invalid(prefix+"answeredAt", "is required (RFC 3339)")
	}
	if a.AnsweredAt.After(now.Add(maxFutureSkew)) {
		return Invalid(prefix+"answeredAt", "must not be more than a day in the future")
	}
	return nil
}

// Validate returns an EINVALID *Error naming the first bad field (prefix + field name).
func (o *TrustOverride) Validate(prefix string) error {
	if err := ValidateID(prefix+"personA", o.PersonA); err != nil {
		return err
	}
	if err := ValidateID(prefix+"personB", o.PersonB); err != nil {
		return err
	}
	if o.PersonA == o.PersonB {
		return Invalid(prefix+"personB", "must differ from personA")
	}
	if !(o.Trust >= 0 && o.Trust <= 1) {
		return Invalid(prefix+"trust", "must be in [0, 1], got %v", o.Trust)
	}
	if strings.TrimSpace(o.Reason) == "" {
		return Invalid(prefix+"reason", "is required: say why the evidence is wrong")
	}
	return validateText(prefix+"reason", o.Reason, true)
}

// InteractionFilter selects interactions, newest first: those a person took part in, those
// about an organisation or with its people, or those for an account (exactly one of the ids
// is set), after a cursor (AfterAt, AfterID), at most Limit.
type InteractionFilter struct {
	PersonID       string
	OrganizationID string
	AccountID      string
	AfterAt        time.Time // zero: from the newest
	AfterID        string
	Limit          int
}

// Touch is the latest interaction between a person and any of our people (kind OURS).
type Touch struct {
	PersonID    string
	Interaction *Interaction
	By          []string // our people who took part
}

// ContactWarning says that several of our people contacted the same decision maker within a
// window: the contacts that should have been orchestrated.
type ContactWarning struct {
	PersonID     string
	OurPeople    []string
	Interactions []*Interaction
	Since        time.Time
}

// DefaultContactWindow is the window contact warnings look back over by default.
const DefaultContactWindow = 14 * 24 * time.Hour

// PrivateSource reports whether a tie's source says that we hold private evidence about it
// ("evidence": made by the trust model from interactions or survey answers; "override": set by
// hand). A partner is not shown such a source on a tie whose trust it may not see.
func PrivateSource(source string) bool { return source == "evidence" || source == "override" }

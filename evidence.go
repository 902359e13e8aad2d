package ecograph

import "time"

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

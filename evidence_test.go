package ecograph

import (
	"testing"
	"time"
)

// TestEvidenceValidationUsesTheGivenClock: "more than a day in the future" is measured from
// the clock the caller passes, not the wall clock.
func TestEvidenceValidationUsesTheGivenClock(t *testing.T) {
	now := time.Date(2030, 1, 10, 12, 0, 0, 0, time.UTC)
	in := Interaction{ID: "i", Kind: "CALL", At: now.Add(36 * time.Hour), Participants: []string{"a", "b"}}
	if err := in.ValidateAt("input.", now); ErrorCode(err) != EINVALID {
		t.Fatalf("36 h ahead of now: %v, want EINVALID", err)
	}
	if err := in.ValidateAt("input.", now.Add(24*time.Hour)); err != nil {
		t.Fatalf("12 h ahead of a later now: %v", err)
	}
	a := SurveyAnswer{Respondent: "a", Alter: "b", Question: " Trust", Score: 4, AnsweredAt: now.Add(48 * time.Hour)}
	if err := a.ValidateAt("input.", now); ErrorCode(err) != EINVALID {
		t.Fatalf("an answer 2 days ahead: %v, want EINVALID", err)
	}
	if err := a.ValidateAt("input.", now.Add(48*time.Hour)); err != nil || a.Question != "trust" {
		t.Fatalf("the same answer at its own time: %v (question %q, want normalised to trust)", err, a.Question)
	}
}

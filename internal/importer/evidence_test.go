package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
)

// refNow is the clock of the evidence tests.
var refNow = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return refNow }

const (
	surveyHeader       = "respondent_id,alter_id,question,score,answered_at\n"
	interactionsHeader = "id,kind,at,participants,organization_id,sentiment\n"
	baseSurvey         = surveyHeader +
		"p-1,p-2,trust,4,2025-05-01T09:00:00Z\n" +
		"p-2,p-1,trust,5,2025-05-02T09:00:00+02:00\n" +
		"p-3,p-2,Advice,2,2025-05-03T09:00:00Z\n"
	baseInteractions = interactionsHeader +
		"i-1,meeting,2025-05-10T14:00:00Z,p-2;p-1,org-b,0.5\n" +
		"i-2,CALL,2025-05-11T08:30:00.250Z,p-3;p-1;p-2,,\n"
)

// evidenceFiles returns the base files with the base evidence, and the given ones replaced.
func evidenceFiles(replace map[string]string) map[string]string {
	m := map[string]string{"survey.csv": baseSurvey, "interactions.csv": baseInteractions}
	maps.Copy(m, replace)
	return m
}

func float(v float64) *float64 { return &v }

// wantEvidenceState is wantState after importing baseSurvey and baseInteractions, with the
// fake sink's trust for the pairs they touch.
func wantEvidenceState() *memSink {
	s := wantState()
	s.answers[[3]string{"p-1", "p-2", "trust"}] = ecograph.SurveyAnswer{Respondent: "p-1", Alter: "p-2",
		Question: "trust", Score: 4, AnsweredAt: time.Date(2025, 5, 1, 9, 0, 0, 0, time.UTC)}
	s.answers[[3]string{"p-2", "p-1", "trust"}] = ecograph.SurveyAnswer{Respondent: "p-2", Alter: "p-1",
		Question: "trust", Score: 5, AnsweredAt: time.Date(2025, 5, 2, 7, 0, 0, 0, time.UTC)}
	s.answers[[3]string{"p-3", "p-2", "advice"}] = ecograph.SurveyAnswer{Respondent: "p-3", Alter: "p-2",
		Question: "advice", Score: 2, AnsweredAt: time.Date(2025, 5, 3, 9, 0, 0, 0, time.UTC)}
	s.interactions["i-1"] = ecograph.Interaction{ID: "i-1", Kind: "MEETING", At: time.Date(2025, 5, 10, 14, 0, 0, 0, time.UTC),
		Participants: []string{"p-1", "p-2"}, OrganizationID: "org-b", Sentiment: float(0.5)}
	s.interactions["i-2"] = ecograph.Interaction{ID: "i-2", Kind: "CALL", At: time.Date(2025, 5, 11, 8, 30, 0, 250e6, time.UTC),
		Participants: []string{"p-1", "p-2", "p-3"}}
	// Trust is the fake's (n+1)/(n+2) for n pieces of evidence.
	s.ties[[2]string{"p-1", "p-2"}] = ecograph.Tie{PersonA: "p-1", PersonB: "p-2", Trust: 5.0 / 6, Source: "crm"}
	s.ties[[2]string{"p-2", "p-3"}] = ecograph.Tie{PersonA: "p-2", PersonB: "p-3", Trust: 0.75, Source: "survey"}
	s.ties[[2]string{"p-1", "p-3"}] = ecograph.Tie{PersonA: "p-1", PersonB: "p-3", Trust: 2.0 / 3, Source: "evidence"}
	return s
}

var basePairs = []ecograph.Pair{{A: "p-1", B: "p-2"}, {A: "p-1", B: "p-3"}, {A: "p-2", B: "p-3"}}

func TestImportEvidenceHappyPath(t *testing.T) {
	sink := newMemSink()
	var progress bytes.Buffer
	sum, err := ImportFS(context.Background(), files(evidenceFiles(nil)), sink, Options{Progress: &progress, Now: clock})
	if err != nil {
		t.Fatalf("ImportFS: %v", err)
	}
	assertState(t, sink, wantEvidenceState())
	want := []string{"organizations.csv 2/2/0/0", "teams.csv 2/2/0/0", "people.csv 3/3/0/0", "ties.csv 2/2/0/0",
		"survey.csv 3/3/0/0", "interactions.csv 2/2/0/0"}
	if got := counts(sum); !slices.Equal(got, want) {
		t.Errorf("summary = %v, want %v", got, want)
	}
	// One RetrustPairs call, after every write, with each touched pair once, in order.
	if len(sink.retrusts) != 1 || !slices.Equal(sink.retrusts[0], basePairs) {
		t.Errorf("RetrustPairs calls = %v, want one with %v", sink.retrusts, basePairs)
	}
	if last := sink.calls[len(sink.calls)-1]; last != "RetrustPairs 3" {
		t.Errorf("last sink call = %q, want RetrustPairs last; calls %v", last, sink.calls)
	}
	if sum.Retrusted != 3 {
		t.Errorf("Summary.Retrusted = %d, want 3", sum.Retrusted)
	}
	if got := sink.callsOf("ExistingIDs"); len(got) != 0 {
		t.Errorf("ExistingIDs calls = %v, want none: everyone is in this import", got)
	}
	for _, line := range []string{
		"survey.csv: 3/3 rows, 3 written, 0 rejected",
		"interactions.csv: 2/2 rows, 2 written, 0 rejected",
		"trust: recomputing 3 pair(s) of people whose evidence changed\nretrust: 3 pair(s)\n",
	} {
		if !strings.Contains(progress.String(), line) {
			t.Errorf("progress lacks %q:\n%s", line, progress.String())
		}
	}
	var b strings.Builder
	if err := sum.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\ntrust recomputed for 3 pair(s) of people whose evidence changed (") {
		t.Errorf("summary lacks the retrust line:\n%s", b.String())
	}
}

func TestImportEvidenceVariants(t *testing.T) {
	tests := []struct {
		name    string
		replace map[string]string
	}{
		{"columns in any order, extra columns ignored", map[string]string{
			"survey.csv": "Answered_At,score,wave,question,ALTER_ID,respondent_id\n" +
				"2025-05-01T09:00:00Z,4,w1,trust,p-2,p-1\n" +
				"2025-05-02T09:00:00+02:00,5,w1,trust,p-1,p-2\n" +
				"2025-05-03T09:00:00Z,2,w1,advice,p-2,p-3\n",
			"interactions.csv": "sentiment,participants,crm_owner,at,organization_id,kind,id,account_id\n" +
				"0.5,p-2;p-1,x,2025-05-10T14:00:00Z,org-b,meeting,i-1,acc-ignored\n" +
				",p-3;p-1;p-2,y,2025-05-11T08:30:00.25Z,,CALL,i-2,\n",
		}},
		{"questions trimmed and lower-cased, kinds upper-cased", map[string]string{
			"survey.csv": surveyHeader +
				"p-1,p-2, TRUST ,4,2025-05-01T09:00:00Z\n" +
				"p-2,p-1,Trust,5,2025-05-02T07:00:00Z\n" +
				"p-3,p-2,advice,2,2025-05-03T09:00:00Z\n",
			"interactions.csv": interactionsHeader +
				"i-1, Meeting ,2025-05-10T14:00:00Z,p-2;p-1,org-b,0.5\n" +
				"i-2,call,2025-05-11T08:30:00.250Z,p-3;p-1;p-2,,\n",
		}},
		{"times in other offsets are kept as the same instant in UTC", map[string]string{
			"interactions.csv": interactionsHeader +
				"i-1,MEETING,2025-05-10T16:00:00+02:00,p-1;p-2,org-b,0.5\n" +
				"i-2,CALL,2025-05-10T22:30:00.25-10:00,p-3;p-1;p-2,,\n",
		}},
		{"participants padded, empty entries skipped, repeats collapsed", map[string]string{
			"interactions.csv": interactionsHeader +
				"i-1,MEETING,2025-05-10T14:00:00Z, p-2 ;;p-1;p-2;,org-b,+0.5\n" +
				"i-2,CALL,2025-05-11T08:30:00.250Z,p-3;p-1;p-2;p-3;p-1,, \n",
		}},
		{"CRLF, quoting and a byte-order mark", map[string]string{
			"survey.csv": "\ufeff" + strings.ReplaceAll(baseSurvey, "\n", "\r\n"),
			"interactions.csv": interactionsHeader +
				"\"i-1\",\"meeting\",2025-05-10T14:00:00Z,\"p-2;p-1\",org-b,0.5\n" +
				"i-2,CALL,2025-05-11T08:30:00.250Z,\"p-3;\np-1;p-2\",,\n",
		}},
		{"short rows lack the optional sentiment", map[string]string{
			"interactions.csv": interactionsHeader +
				"i-1,meeting,2025-05-10T14:00:00Z,p-2;p-1,org-b,0.5\n" +
				"i-2,CALL,2025-05-11T08:30:00.250Z,p-3;p-1;p-2,\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			if _, err := ImportFS(context.Background(), files(evidenceFiles(tt.replace)), sink, Options{Now: clock}); err != nil {
				t.Fatalf("ImportFS: %v", err)
			}
			assertState(t, sink, wantEvidenceState())
		})
	}
}

func TestImportEvidenceNotes(t *testing.T) {
	sink := newMemSink()
	_, err := ImportFS(context.Background(), files(evidenceFiles(map[string]string{
		"interactions.csv": "id,kind,at,participants,organization_id,sentiment,notes\n" +
			"i-1,meeting,2025-05-10T14:00:00Z,p-2;p-1,org-b,0.5,\" Budget, then lunch \"\n",
	})), sink, Options{Now: clock})
	if err != nil {
		t.Fatalf("ImportFS: %v", err)
	}
	if got := sink.interactions["i-1"].Notes; got != "Budget, then lunch" {
		t.Errorf("notes = %q", got)
	}
}

// checkRejections checks an import that rejected rows of file only: its rejections (as
// "line column reason" prefixes) and how many of its rows were written.
func checkRejections(t *testing.T, sum *Summary, err error, file string, want []string, written int) {
	t.Helper()
	if code := ecograph.ErrorCode(err); code != ecograph.EINVALID {
		t.Fatalf("error = %v, want code %s", err, ecograph.EINVALID)
	}
	if msg, n := ecograph.ErrorMessage(err), sum.Rejected(); !strings.HasPrefix(msg, fmt.Sprintf("%d row(s) rejected", n)) {
		t.Errorf("message = %q, want it to count %d rejected rows", msg, n)
	}
	var got *FileSummary
	for i := range sum.Files {
		if sum.Files[i].File == file {
			got = &sum.Files[i]
		} else if sum.Files[i].Rejected != 0 && sum.Files[i].File != "people.csv" {
			t.Errorf("%s has rejections: %v", sum.Files[i].File, sum.Files[i].Rejections)
		}
	}
	if got == nil {
		t.Fatalf("no summary for %s: %v", file, counts(sum))
	}
	if len(got.Rejections) != len(want) || got.Rejected != len(want) {
		t.Fatalf("rejections = %+v, want %v", got.Rejections, want)
	}
	for i, r := range got.Rejections {
		line := fmt.Sprintf("%d %s %s", r.Line, r.Column, r.Reason)
		if !strings.HasPrefix(line, want[i]) {
			t.Errorf("rejection %d = %q, want prefix %q", i, line, want[i])
		}
	}
	if got.Written != written || got.Read != got.Written+got.Rejected+got.Replaced {
		t.Errorf("%s: read/written/rejected/replaced = %d/%d/%d/%d, want %d written",
			file, got.Read, got.Written, got.Rejected, got.Replaced, written)
	}
	// What the summary prints names the file, line and column of each.
	var b strings.Builder
	if err := sum.Write(&b); err != nil {
		t.Fatal(err)
	}
	for _, r := range got.Rejections {
		if s := fmt.Sprintf("%s:%d: %s: %s\n", file, r.Line, r.Column, r.Reason); !strings.Contains(b.String(), s) {
			t.Errorf("summary lacks %q:\n%s", s, b.String())
		}
	}
}

func TestImportSurveyRejections(t *testing.T) {
	tests := []struct {
		name    string
		rows    string // after baseSurvey, from line 5
		people  string // extra people.csv rows
		want    []string
		written int
	}{
		{"empty respondent", ",p-2,trust,3,2025-05-01T09:00:00Z\n", "",
			[]string{"5 respondent_id empty person id"}, 3},
		{"empty alter", "p-1, ,trust,3,2025-05-01T09:00:00Z\n", "",
			[]string{"5 alter_id empty person id"}, 3},
		{"self-answer", "p-1,p-1,trust,3,2025-05-01T09:00:00Z\n", "",
			[]string{`5 alter_id self-answer: respondent_id and alter_id are both "p-1"`}, 3},
		{"empty question", "p-1,p-3,,3,2025-05-01T09:00:00Z\np-1,p-3,  ,3,2025-05-01T09:00:00Z\n", "",
			[]string{"5 question empty question", "6 question empty question"}, 3},
		{"question too long", "p-1,p-3," + strings.Repeat("q", 101) + ",3,2025-05-01T09:00:00Z\n", "",
			[]string{"5 question longer than 100 bytes"}, 3},
		{"score empty or not an integer", "p-1,p-3,trust,,2025-05-01T09:00:00Z\np-1,p-3,advice,4.5,2025-05-01T09:00:00Z\n" +
			"p-1,p-3,collaboration,high,2025-05-01T09:00:00Z\n", "",
			[]string{"5 score empty score", `6 score not an integer: "4.5"`, `7 score not an integer: "high"`}, 3},
		{"score outside 1..5", "p-1,p-3,trust,0,2025-05-01T09:00:00Z\np-1,p-3,advice,6,2025-05-01T09:00:00Z\n" +
			"p-1,p-3,collaboration,-3,2025-05-01T09:00:00Z\n", "",
			[]string{"5 score must be 1 to 5, got 0", "6 score must be 1 to 5, got 6", "7 score must be 1 to 5, got -3"}, 3},
		{"answered_at empty or not RFC 3339", "p-1,p-3,trust,3,\np-1,p-3,advice,3,2025-05-01\n" +
			"p-1,p-3,collaboration,3,2025-05-01 09:00:00\np-1,p-3,energy,3,2025-05-01T09:00:00\n", "",
			[]string{"5 answered_at empty time", `6 answered_at not an RFC 3339 time (such as 2025-03-01T09:30:00Z): "2025-05-01"`,
				`7 answered_at not an RFC 3339 time`, `8 answered_at not an RFC 3339 time`}, 3},
		{"answered_at more than a day ahead", "p-1,p-3,trust,3,2025-06-02T12:00:01Z\np-1,p-3,advice,3,2025-06-02T12:00:00Z\n" +
			"p-1,p-3,energy,3,2026-01-01T00:00:00+01:00\n", "",
			[]string{"5 answered_at 2025-06-02T12:00:01Z is in the future (later than 2025-06-02T12:00:00Z)",
				"7 answered_at 2026-01-01T00:00:00+01:00 is in the future"}, 4},
		{"unknown people", "p-1,p-ghost,trust,3,2025-05-01T09:00:00Z\np-gone,p-1,trust,3,2025-05-01T09:00:00Z\n", "",
			[]string{`5 alter_id unknown person "p-ghost": neither in this import nor in the database`,
				`6 respondent_id unknown person "p-gone"`}, 3},
		{"a person whose row was rejected", "p-4,p-1,trust,3,2025-05-01T09:00:00Z\n", "p-4,Di,Buyer,org-b,GATEKEEPER,\n",
			[]string{`5 respondent_id unknown person "p-4"`}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			sum, err := ImportFS(context.Background(), files(evidenceFiles(map[string]string{
				"survey.csv": baseSurvey + tt.rows,
				"people.csv": basePeople + tt.people,
			})), sink, Options{Now: clock})
			checkRejections(t, sum, err, "survey.csv", tt.want, tt.written)
			if len(sink.answers) != tt.written {
				t.Errorf("%d answers in the sink, want %d", len(sink.answers), tt.written)
			}
		})
	}
}

func TestImportInteractionRejections(t *testing.T) {
	var fifty, fiftyOne []string
	for i := range 51 {
		fiftyOne = append(fiftyOne, fmt.Sprintf("x-%02d", i))
	}
	fifty = fiftyOne[:50]
	tests := []struct {
		name    string
		rows    string // after baseInteractions, from line 4
		want    []string
		written int
	}{
		{"empty id", ",CALL,2025-05-01T09:00:00Z,p-1;p-2,,\n",
			[]string{"4 id empty id"}, 2},
		{"id too long", strings.Repeat("i", 201) + ",CALL,2025-05-01T09:00:00Z,p-1;p-2,,\n",
			[]string{"4 id longer than 200 bytes"}, 2},
		{"empty kind", "i-3,,2025-05-01T09:00:00Z,p-1;p-2,,\n",
			[]string{"4 kind empty kind"}, 2},
		{"kind too long", "i-3," + strings.Repeat("k", 51) + ",2025-05-01T09:00:00Z,p-1;p-2,,\n",
			[]string{"4 kind longer than 50 bytes"}, 2},
		{"at empty or not RFC 3339", "i-3,CALL,,p-1;p-2,,\ni-4,CALL,yesterday,p-1;p-2,,\ni-5,CALL,2025-13-01T09:00:00Z,p-1;p-2,,\n",
			[]string{"4 at empty time", `5 at not an RFC 3339 time (such as 2025-03-01T09:30:00Z): "yesterday"`,
				`6 at not an RFC 3339 time`}, 2},
		{"at more than a day ahead", "i-3,CALL,2025-06-02T13:00:00+01:00,p-1;p-2,,\ni-4,CALL,2025-06-02T12:00:00.001Z,p-1;p-2,,\n",
			[]string{"5 at 2025-06-02T12:00:00.001Z is in the future (later than 2025-06-02T12:00:00Z)"}, 3},
		{"fewer than two distinct participants", "i-3,CALL,2025-05-01T09:00:00Z,,,\ni-4,CALL,2025-05-01T09:00:00Z,p-1,,\n" +
			"i-5,CALL,2025-05-01T09:00:00Z,p-1;p-1; p-1,,\ni-6,CALL,2025-05-01T09:00:00Z,;;,,\n",
			[]string{"4 participants needs at least two distinct person ids, got 0",
				"5 participants needs at least two distinct person ids, got 1",
				"6 participants needs at least two distinct person ids, got 1",
				"7 participants needs at least two distinct person ids, got 0"}, 2},
		{"more than 50 participants", "i-3,CALL,2025-05-01T09:00:00Z," + strings.Join(fiftyOne, ";") + ",,\n" +
			"i-4,CALL,2025-05-01T09:00:00Z," + strings.Join(fifty, ";") + ";x-00,,\n",
			[]string{"4 participants more than 50 participants"}, 3},
		{"unknown participant", "i-3,CALL,2025-05-01T09:00:00Z,p-1;p-ghost;p-2,,\n",
			[]string{`4 participants unknown person "p-ghost": neither in this import nor in the database`}, 2},
		{"sentiment not a number or outside [-1, 1]", "i-3,CALL,2025-05-01T09:00:00Z,p-1;p-2,,good\n" +
			"i-4,CALL,2025-05-01T09:00:00Z,p-1;p-2,,1.01\ni-5,CALL,2025-05-01T09:00:00Z,p-1;p-2,,-2\n" +
			"i-6,CALL,2025-05-01T09:00:00Z,p-1;p-2,,NaN\ni-7,CALL,2025-05-01T09:00:00Z,p-1;p-2,,-1\n",
			[]string{`4 sentiment not a number: "good"`, "5 sentiment must be in [-1, 1], got 1.01",
				"6 sentiment must be in [-1, 1], got -2", "7 sentiment must be in [-1, 1], got NaN"}, 3},
		{"unknown organization", "i-3,CALL,2025-05-01T09:00:00Z,p-1;p-2,org-ghost,\n",
			[]string{`4 organization_id unknown organization "org-ghost"`}, 2},
		{"line of a multi-line participants field", "i-3,CALL,2025-05-01T09:00:00Z,\"p-1;\np-2\",org-ghost,\n" +
			"i-4,CALL,2025-05-01T09:00:00Z,\"p-1;\np-nobody\",,\n",
			[]string{`5 organization_id unknown organization "org-ghost"`, `6 participants unknown person "p-nobody"`}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			for _, id := range fiftyOne { // people already in the database
				sink.people[id] = ecograph.Person{ID: id, Name: id, OrganizationID: "org-a", Roles: []ecograph.Role{}, TeamIDs: []string{}}
			}
			sum, err := ImportFS(context.Background(), files(evidenceFiles(map[string]string{
				"interactions.csv": baseInteractions + tt.rows,
			})), sink, Options{Now: clock})
			checkRejections(t, sum, err, "interactions.csv", tt.want, tt.written)
			if len(sink.interactions) != tt.written {
				t.Errorf("%d interactions in the sink, want %d", len(sink.interactions), tt.written)
			}
		})
	}
}

func TestImportInteractionNotesTooLong(t *testing.T) {
	sink := newMemSink()
	sum, err := ImportFS(context.Background(), files(evidenceFiles(map[string]string{
		"interactions.csv": "id,kind,at,participants,organization_id,sentiment,notes\n" +
			"i-1,meeting,2025-05-10T14:00:00Z,p-2;p-1,org-b,0.5,short\n" +
			"i-2,CALL,2025-05-11T08:30:00.250Z,p-3;p-1;p-2,,," + strings.Repeat("n", 1001) + "\n",
	})), sink, Options{Now: clock})
	checkRejections(t, sum, err, "interactions.csv", []string{"3 notes longer than 1000 bytes"}, 1)
}

func TestImportEvidenceReplacement(t *testing.T) {
	tests := []struct {
		name     string
		file     string
		rows     string
		want     []string // the written values, by key
		replaced int
		rejected int
	}{
		{"a later answer replaces", "survey.csv", surveyHeader +
			"p-1,p-2,trust,2,2025-05-01T09:00:00Z\np-1,p-3,trust,4,2025-05-01T09:00:00Z\np-1,p-2,trust,5,2025-05-02T09:00:00Z\n",
			[]string{"p-1>p-2 trust 5", "p-1>p-3 trust 4"}, 1, 0},
		{"questions match ignoring case and space", "survey.csv", surveyHeader +
			"p-1,p-2,Trust,2,2025-05-01T09:00:00Z\np-1,p-2, TRUST ,3,2025-05-02T09:00:00Z\np-1,p-2,trust,4,2025-05-03T09:00:00Z\n",
			[]string{"p-1>p-2 trust 4"}, 2, 0},
		{"answers stay directed", "survey.csv", surveyHeader +
			"p-1,p-2,trust,2,2025-05-01T09:00:00Z\np-2,p-1,trust,3,2025-05-01T09:00:00Z\n",
			[]string{"p-1>p-2 trust 2", "p-2>p-1 trust 3"}, 0, 0},
		{"other questions are other answers", "survey.csv", surveyHeader +
			"p-1,p-2,trust,2,2025-05-01T09:00:00Z\np-1,p-2,advice,3,2025-05-01T09:00:00Z\n",
			[]string{"p-1>p-2 advice 3", "p-1>p-2 trust 2"}, 0, 0},
		{"a rejected later answer still replaces", "survey.csv", surveyHeader +
			"p-1,p-2,trust,2,2025-05-01T09:00:00Z\np-1,p-2,trust,9,2025-05-01T09:00:00Z\n",
			nil, 1, 1},
		{"a later interaction with the same id replaces", "interactions.csv", interactionsHeader +
			"i-1,CALL,2025-05-01T09:00:00Z,p-1;p-2,,\ni-2,EMAIL,2025-05-01T09:00:00Z,p-1;p-3,,\ni-1,MEETING,2025-05-02T09:00:00Z,p-2;p-3,org-a,1\n",
			[]string{"i-1 MEETING p-2;p-3", "i-2 EMAIL p-1;p-3"}, 1, 0},
		{"a rejected later interaction still replaces", "interactions.csv", interactionsHeader +
			"i-1,CALL,2025-05-01T09:00:00Z,p-1;p-2,,\ni-1,CALL,2025-05-01T09:00:00Z,p-1,,\n",
			nil, 1, 1},
		{"a rejected earlier interaction is reported", "interactions.csv", interactionsHeader +
			"i-1,CALL,2025-05-01T09:00:00Z,p-1,,\ni-1,CALL,2025-05-01T09:00:00Z,p-1;p-2,,\n",
			[]string{"i-1 CALL p-1;p-2"}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			sum, err := ImportFS(context.Background(), files(map[string]string{tt.file: tt.rows}), sink,
				Options{BatchSize: 1, Now: clock})
			if tt.rejected == 0 && err != nil {
				t.Fatalf("ImportFS: %v", err)
			}
			var got []string
			for _, a := range sink.answers {
				got = append(got, fmt.Sprintf("%s>%s %s %d", a.Respondent, a.Alter, a.Question, a.Score))
			}
			for _, it := range sink.interactions {
				got = append(got, fmt.Sprintf("%s %s %s", it.ID, it.Kind, strings.Join(it.Participants, ";")))
			}
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("written = %q, want %q", got, tt.want)
			}
			f := sum.Files[len(sum.Files)-1]
			if f.File != tt.file || f.Replaced != tt.replaced || f.Rejected != tt.rejected || f.Written != len(tt.want) {
				t.Errorf("%s written/rejected/replaced = %d/%d/%d, want %s %d/%d/%d", f.File,
					f.Written, f.Rejected, f.Replaced, tt.file, len(tt.want), tt.rejected, tt.replaced)
			}
		})
	}
}

func TestImportEvidenceIsIdempotent(t *testing.T) {
	fsys := files(evidenceFiles(map[string]string{
		"interactions.csv": baseInteractions + "i-1,MEETING,2025-05-12T09:00:00Z,p-1;p-ghost,,\n",
	}))
	sink := newMemSink()
	first, err := ImportFS(context.Background(), fsys, sink, Options{BatchSize: 2, Now: clock})
	if ecograph.ErrorCode(err) != ecograph.EINVALID || first.Rejected() != 1 {
		t.Fatalf("first import: %v, %d rejected; want the one dangling interaction", err, first.Rejected())
	}
	once := newMemSink()
	maps.Copy(once.orgs, sink.orgs)
	maps.Copy(once.teams, sink.teams)
	maps.Copy(once.people, sink.people)
	maps.Copy(once.ties, sink.ties)
	maps.Copy(once.answers, sink.answers)
	maps.Copy(once.interactions, sink.interactions)

	second, err := ImportFS(context.Background(), fsys, sink, Options{BatchSize: 2, Now: clock})
	if ecograph.ErrorCode(err) != ecograph.EINVALID || second.Rejected() != 1 {
		t.Fatalf("second import: %v, %d rejected", err, second.Rejected())
	}
	assertState(t, sink, once)
	if !slices.Equal(counts(first), counts(second)) || first.Retrusted != second.Retrusted {
		t.Errorf("summaries differ: %v (%d retrusted) then %v (%d retrusted)",
			counts(first), first.Retrusted, counts(second), second.Retrusted)
	}
	// i-1 was rejected (its later row dangles), so its pair is touched by the survey and i-2 only.
	if len(sink.retrusts) != 2 || !slices.Equal(sink.retrusts[0], sink.retrusts[1]) ||
		!slices.Equal(sink.retrusts[0], basePairs) {
		t.Errorf("RetrustPairs calls = %v, want %v twice", sink.retrusts, basePairs)
	}
}

func TestImportEvidencePairs(t *testing.T) {
	t.Run("re-importing an interaction touches the pairs it no longer has", func(t *testing.T) {
		sink := newMemSink()
		if _, err := ImportFS(context.Background(), files(evidenceFiles(nil)), sink, Options{Now: clock}); err != nil {
			t.Fatal(err)
		}
		// i-2 loses p-3; the sink reports p-1/p-3 and p-2/p-3 as changed too.
		_, err := ImportFS(context.Background(), files(map[string]string{
			"interactions.csv": interactionsHeader + "i-2,CALL,2025-05-11T08:30:00Z,p-1;p-2,,\n",
		}), sink, Options{Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		if got := sink.retrusts[1]; !slices.Equal(got, basePairs) {
			t.Errorf("retrusted %v, want %v", got, basePairs)
		}
		// The fake's trust follows: p-1/p-3 lost its only evidence.
		if got := sink.ties[[2]string{"p-1", "p-3"}].Trust; got != 0.5 {
			t.Errorf("p-1/p-3 trust = %v, want 0.5", got)
		}
	})
	t.Run("pairs are canonical, deduplicated across files and batches, sorted", func(t *testing.T) {
		sink := newMemSink()
		sum, err := ImportFS(context.Background(), files(map[string]string{
			"survey.csv": surveyHeader +
				"p-3,p-1,trust,3,2025-05-01T09:00:00Z\np-1,p-3,trust,3,2025-05-01T09:00:00Z\n" +
				"p-1,p-3,advice,3,2025-05-01T09:00:00Z\np-2,p-1,advice,3,2025-05-01T09:00:00Z\n",
			"interactions.csv": interactionsHeader +
				"i-1,CALL,2025-05-01T09:00:00Z,p-3;p-1,,\ni-2,CALL,2025-05-01T09:00:00Z,p-2;p-1,,\n" +
				"i-3,CALL,2025-05-01T09:00:00Z,p-1;p-3;p-2,,\n",
		}), sink, Options{BatchSize: 1, Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		if len(sink.retrusts) != 1 || !slices.Equal(sink.retrusts[0], basePairs) {
			t.Errorf("RetrustPairs calls = %v, want one with %v", sink.retrusts, basePairs)
		}
		if sum.Retrusted != 3 {
			t.Errorf("Retrusted = %d, want 3", sum.Retrusted)
		}
		if got := sink.callsOf("UpsertInteractions"); len(got) != 3 {
			t.Errorf("UpsertInteractions batches = %v, want 3 of one", got)
		}
	})
	t.Run("no evidence, no retrust", func(t *testing.T) {
		sink := newMemSink()
		sum, err := ImportFS(context.Background(), files(nil), sink, Options{Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		if got := sink.callsOf("RetrustPairs"); len(got) != 0 || sum.Retrusted != 0 {
			t.Errorf("RetrustPairs calls = %v, Retrusted = %d; want none", got, sum.Retrusted)
		}
		var b strings.Builder
		if err := sum.Write(&b); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(b.String(), "trust recomputed") {
			t.Errorf("summary mentions a retrust:\n%s", b.String())
		}
	})
	t.Run("only rejected evidence, no retrust", func(t *testing.T) {
		sink := newMemSink()
		_, err := ImportFS(context.Background(), files(map[string]string{
			"survey.csv": surveyHeader + "p-1,p-2,trust,7,2025-05-01T09:00:00Z\n",
		}), sink, Options{Now: clock})
		if ecograph.ErrorCode(err) != ecograph.EINVALID {
			t.Fatalf("error = %v, want EINVALID", err)
		}
		if got := sink.callsOf("RetrustPairs"); len(got) != 0 {
			t.Errorf("RetrustPairs calls = %v, want none", got)
		}
	})
}

func TestImportEvidenceMalformed(t *testing.T) {
	tests := []struct {
		name    string
		replace map[string]string
		want    string // prefix of the error message
		// retrusted are the pairs retrusted in spite of the malformed file.
		retrusted []ecograph.Pair
	}{
		{"survey header lacks a column", map[string]string{"survey.csv": "respondent_id,alter_id,question,score\np-1,p-2,trust,3\n"},
			"survey.csv:1: header lacks required column(s) answered_at (want respondent_id,alter_id,question,score,answered_at)", nil},
		{"empty survey", map[string]string{"survey.csv": "\n"},
			"survey.csv:1: missing header row", nil},
		{"interactions header repeats a column", map[string]string{"interactions.csv": "id,kind,at,participants,organization_id,sentiment,KIND\n"},
			`interactions.csv:1: column "kind" appears twice`, []ecograph.Pair{{A: "p-1", B: "p-2"}, {A: "p-2", B: "p-3"}}},
		{"interactions with broken quoting", map[string]string{"interactions.csv": baseInteractions + "i-3,CALL,2025-05-01T09:00:00Z,\"p-1;p-2,,\n"},
			"interactions.csv:4: malformed CSV", []ecograph.Pair{{A: "p-1", B: "p-2"}, {A: "p-2", B: "p-3"}}},
		{"interactions with invalid UTF-8", map[string]string{"interactions.csv": baseInteractions + "i-3,CA\xffLL,2025-05-01T09:00:00Z,p-1;p-2,,\n"},
			"interactions.csv:4: invalid UTF-8", []ecograph.Pair{{A: "p-1", B: "p-2"}, {A: "p-2", B: "p-3"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			_, err := ImportFS(context.Background(), files(evidenceFiles(tt.replace)), sink, Options{Now: clock})
			if code := ecograph.ErrorCode(err); code != ecograph.EINVALID {
				t.Fatalf("error = %v, want code %s", err, ecograph.EINVALID)
			}
			if msg := ecograph.ErrorMessage(err); !strings.HasPrefix(msg, tt.want) {
				t.Errorf("message = %q, want prefix %q", msg, tt.want)
			}
			if len(sink.interactions) != 0 {
				t.Errorf("%d interactions written from a malformed file set", len(sink.interactions))
			}
			var got []ecograph.Pair
			if len(sink.retrusts) > 0 {
				got = sink.retrusts[0]
			}
			if len(sink.retrusts) > 1 || !slices.Equal(got, tt.retrusted) {
				t.Errorf("retrusted %v, want %v", sink.retrusts, tt.retrusted)
			}
		})
	}
}

func TestImportEvidenceSinkFailure(t *testing.T) {
	t.Run("a failed write: no retrust", func(t *testing.T) {
		sink := newMemSink()
		sink.fail = "UpsertInteractions"
		sum, err := ImportFS(context.Background(), files(evidenceFiles(nil)), sink, Options{Now: clock})
		if !errors.Is(err, errSinkDown) || !strings.Contains(err.Error(), "interactions.csv: writing lines 2-3: ") {
			t.Fatalf("error = %v, want the sink's error naming the file and lines", err)
		}
		if got := sink.callsOf("RetrustPairs"); len(got) != 0 || sum.Retrusted != 0 {
			t.Errorf("RetrustPairs calls = %v after a failed write", got)
		}
	})
	t.Run("a failed retrust", func(t *testing.T) {
		sink := newMemSink()
		sink.fail = "RetrustPairs"
		sum, err := ImportFS(context.Background(), files(evidenceFiles(nil)), sink, Options{Now: clock})
		if !errors.Is(err, errSinkDown) || ecograph.ErrorCode(err) != ecograph.EINTERNAL ||
			!strings.Contains(err.Error(), "recomputing the trust of 3 pair(s): ") {
			t.Fatalf("error = %v, want the sink's error", err)
		}
		if sum.Retrusted != 0 || len(sum.Files) != 6 {
			t.Errorf("summary: %v, %d retrusted", counts(sum), sum.Retrusted)
		}
	})
	t.Run("a failed retrust after rejections", func(t *testing.T) {
		sink := newMemSink()
		sink.fail = "RetrustPairs"
		_, err := ImportFS(context.Background(), files(evidenceFiles(map[string]string{
			"interactions.csv": baseInteractions[:len(baseInteractions)-1] + "\nbroken,\"\n",
		})), sink, Options{Now: clock})
		if !errors.Is(err, errSinkDown) || !strings.Contains(err.Error(), "(after interactions.csv:4: malformed CSV") {
			t.Fatalf("error = %v, want the sink's error, then the malformed file", err)
		}
	})
	t.Run("a panicking retrust", func(t *testing.T) {
		sum, err := ImportFS(context.Background(), files(evidenceFiles(nil)), panicSink{newMemSink()}, Options{Now: clock})
		if err == nil || !strings.Contains(err.Error(), "internal error: boom") || sum.Retrusted != 0 {
			t.Fatalf("error = %v, want the panic as an error", err)
		}
	})
}

type panicSink struct{ *memSink }

func (panicSink) RetrustPairs(context.Context, []ecograph.Pair, io.Writer) error { panic("boom") }

func TestImportEvidenceClock(t *testing.T) {
	// Without Options.Now the real clock decides: a year ahead is always in the future.
	ahead := time.Now().AddDate(1, 0, 0).UTC().Format(time.RFC3339)
	sink := newMemSink()
	sum, err := ImportFS(context.Background(), files(map[string]string{
		"survey.csv": surveyHeader + "p-1,p-2,trust,3," + ahead + "\np-1,p-3,trust,3,2020-01-01T00:00:00Z\n",
	}), sink, Options{})
	checkRejections(t, sum, err, "survey.csv", []string{"2 answered_at " + ahead + " is in the future"}, 1)

	// The clock is read once per run, not once per row.
	reads := 0
	_, err = ImportFS(context.Background(), files(evidenceFiles(nil)), newMemSink(), Options{BatchSize: 1,
		Now: func() time.Time { reads++; return refNow }})
	if err != nil || reads != 1 {
		t.Errorf("ImportFS: %v; clock read %d times, want once", err, reads)
	}
}

func TestPairSet(t *testing.T) {
	s := newPairSet()
	s.add([]ecograph.Pair{{A: "b", B: "a"}, {A: "a", B: "b"}, {A: "c", B: "c"}, {A: "a", B: "c"}})
	s.add([]ecograph.Pair{{A: "c", B: "b"}, {A: "c", B: "a"}})
	want := []ecograph.Pair{{A: "a", B: "b"}, {A: "a", B: "c"}, {A: "b", B: "c"}}
	if got := s.list(); !slices.Equal(got, want) || s.len() != 3 {
		t.Errorf("list = %v (len %d), want %v", got, s.len(), want)
	}
}

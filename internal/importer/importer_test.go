package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ecograph/ecograph"
)

// memSink is an in-memory Sink that records its calls. The importer looks ids up while a
// write is in flight, so its methods take mu.
type memSink struct {
	mu     sync.Mutex
	orgs   map[string]ecograph.Organization
	teams  map[string]ecograph.Team
	people map[string]ecograph.Person
	ties   map[[2]string]ecograph.Tie
	// answers are keyed by respondent, alter and question.
	answers      map[[3]string]ecograph.SurveyAnswer
	interactions map[string]ecograph.Interaction
	retrusts     [][]ecograph.Pair // the pairs of each RetrustPairs call
	calls        []string          // "UpsertPeople 2", "ExistingIDs Person p-1,p-2"
	fail         string            // the method that fails, if any
}

var errSinkDown = errors.New("sink down")

func newMemSink() *memSink {
	return &memSink{
		orgs:   map[string]ecograph.Organization{},
		teams:  map[string]ecograph.Team{},
		people: map[string]ecograph.Person{},
		ties:   map[[2]string]ecograph.Tie{},

		answers:      map[[3]string]ecograph.SurveyAnswer{},
		interactions: map[string]ecograph.Interaction{},
	}
}

func (s *memSink) call(method string, detail any) error {
	s.calls = append(s.calls, fmt.Sprintf("%s %v", method, detail))
	if s.fail == method {
		return errSinkDown
	}
	return nil
}

func (s *memSink) ExistingIDs(ctx context.Context, kind Kind, ids []string) (map[string]bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("ExistingIDs", string(kind)+" "+strings.Join(ids, ",")); err != nil {
		return nil, err
	}
	found := map[string]bool{}
	for _, id := range ids {
		switch kind {
		case Organization:
			_, found[id] = s.orgs[id]
		case Team:
			_, found[id] = s.teams[id]
		case Person:
			_, found[id] = s.people[id]
		default:
			return nil, fmt.Errorf("unknown kind %q", kind)
		}
	}
	return found, nil
}

func (s *memSink) UpsertOrganizations(ctx context.Context, orgs []ecograph.Organization) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("UpsertOrganizations", len(orgs)); err != nil {
		return err
	}
	for _, o := range orgs {
		if o.Topics == nil { // no topics column: the stored topics stay, as in cypher.Store
			o.Topics = s.orgs[o.ID].Topics
		}
		s.orgs[o.ID] = o
	}
	return nil
}

func (s *memSink) UpsertTeams(ctx context.Context, teams []ecograph.Team) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("UpsertTeams", len(teams)); err != nil {
		return err
	}
	for _, t := range teams {
		s.teams[t.ID] = t
	}
	return nil
}

func (s *memSink) UpsertPeople(ctx context.Context, people []ecograph.Person) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("UpsertPeople", len(people)); err != nil {
		return err
	}
	for _, p := range people {
		if p.Topics == nil { // no topics column: the stored topics stay, as in cypher.Store
			p.Topics = s.people[p.ID].Topics
		}
		s.people[p.ID] = p
	}
	return nil
}

func (s *memSink) UpsertTies(ctx context.Context, ties []ecograph.Tie) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("UpsertTies", len(ties)); err != nil {
		return err
	}
	for _, t := range ties {
		if t.PersonA >= t.PersonB {
			return fmt.Errorf("tie %s-%s not in canonical order", t.PersonA, t.PersonB)
		}
		s.ties[[2]string{t.PersonA, t.PersonB}] = t
	}
	return nil
}

// callsOf returns the recorded calls of one method.
func (s *memSink) callsOf(method string) []string {
	var out []string
	for _, c := range s.calls {
		if strings.HasPrefix(c, method+" ") {
			out = append(out, strings.TrimPrefix(c, method+" "))
		}
	}
	return out
}

const (
	baseOrgs = "id,name,kind,sector\n" +
		"org-a,Acme Medical,OURS,medtech\n" +
		"org-b,Beta Hospital,CLIENT,hospital\n"
	baseTeams = "id,name,organization_id\n" +
		"team-1,Sales,org-a\n" +
		"team-2,Cardiology,org-b\n"
	basePeople = "id,name,title,organization_id,roles,teams\n" +
		"p-1,Ann Keller,Account Manager,org-a,CHAMPION,team-1\n" +
		"p-2,Bo Brenner,Head of Cardiology,org-b,DECISION_MAKER;INFLUENCER,team-2\n" +
		"p-3,Cy Vogt,Assistant,org-b,BLOCKER,\n"
	baseTies = "person_a,person_b,trust,source\n" +
		"p-2,p-1,0.5,crm\n" +
		"p-2,p-3,0.9,survey\n"
)

// files returns the base import files with the given ones replaced (an empty string
// removes a file).
func files(replace map[string]string) fstest.MapFS {
	m := map[string]string{
		"organizations.csv": baseOrgs, "teams.csv": baseTeams, "people.csv": basePeople, "ties.csv": baseTies,
	}
	maps.Copy(m, replace)
	fsys := fstest.MapFS{}
	for name, data := range m {
		if data != "" {
			fsys[name] = &fstest.MapFile{Data: []byte(data)}
		}
	}
	return fsys
}

func wantState() *memSink {
	s := newMemSink()
	s.orgs["org-a"] = ecograph.Organization{ID: "org-a", Name: "Acme Medical", Kind: ecograph.OrgOurs, Sector: "medtech"}
	s.orgs["org-b"] = ecograph.Organization{ID: "org-b", Name: "Beta Hospital", Kind: ecograph.OrgClient, Sector: "hospital"}
	s.teams["team-1"] = ecograph.Team{ID: "team-1", Name: "Sales", OrganizationID: "org-a"}
	s.teams["team-2"] = ecograph.Team{ID: "team-2", Name: "Cardiology", OrganizationID: "org-b"}
	s.people["p-1"] = ecograph.Person{ID: "p-1", Name: "Ann Keller", Title: "Account Manager", OrganizationID: "org-a",
		Roles: []ecograph.Role{ecograph.RoleChampion}, TeamIDs: []string{"team-1"}}
	s.people["p-2"] = ecograph.Person{ID: "p-2", Name: "Bo Brenner", Title: "Head of Cardiology", OrganizationID: "org-b",
		Roles: []ecograph.Role{ecograph.RoleDecisionMaker, ecograph.RoleInfluencer}, TeamIDs: []string{"team-2"}}
	s.people["p-3"] = ecograph.Person{ID: "p-3", Name: "Cy Vogt", Title: "Assistant", OrganizationID: "org-b",
		Roles: []ecograph.Role{ecograph.RoleBlocker}, TeamIDs: []string{}}
	s.ties[[2]string{"p-1", "p-2"}] = ecograph.Tie{PersonA: "p-1", PersonB: "p-2", Trust: 0.5, Source: "crm"}
	s.ties[[2]string{"p-2", "p-3"}] = ecograph.Tie{PersonA: "p-2", PersonB: "p-3", Trust: 0.9, Source: "survey"}
	return s
}

// assertState fails unless the sink holds exactly the data of want.
func assertState(t *testing.T, got, want *memSink) {
	t.Helper()
	if !reflect.DeepEqual(got.orgs, want.orgs) {
		t.Errorf("organizations:\n got %v\nwant %v", got.orgs, want.orgs)
	}
	if !reflect.DeepEqual(got.teams, want.teams) {
		t.Errorf("teams:\n got %v\nwant %v", got.teams, want.teams)
	}
	if !reflect.DeepEqual(got.people, want.people) {
		t.Errorf("people:\n got %v\nwant %v", got.people, want.people)
	}
	if !reflect.DeepEqual(got.ties, want.ties) {
		t.Errorf("ties:\n got %v\nwant %v", got.ties, want.ties)
	}
	if !reflect.DeepEqual(got.answers, want.answers) {
		t.Errorf("survey answers:\n got %v\nwant %v", got.answers, want.answers)
	}
	if !reflect.DeepEqual(got.interactions, want.interactions) {
		t.Errorf("interactions:\n got %v\nwant %v", got.interactions, want.interactions)
	}
}

// counts returns "file read/written/rejected/replaced" for each file of sum.
func counts(sum *Summary) []string {
	var out []string
	for _, f := range sum.Files {
		out = append(out, fmt.Sprintf("%s %d/%d/%d/%d", f.File, f.Read, f.Written, f.Rejected, f.Replaced))
	}
	return out
}

func TestImportHappyPath(t *testing.T) {
	sink := newMemSink()
	var progress bytes.Buffer
	sum, err := ImportFS(context.Background(), files(nil), sink, Options{Progress: &progress})
	if err != nil {
		t.Fatalf("ImportFS: %v", err)
	}
	assertState(t, sink, wantState())
	want := []string{"organizations.csv 2/2/0/0", "teams.csv 2/2/0/0", "people.csv 3/3/0/0", "ties.csv 2/2/0/0"}
	if got := counts(sum); !slices.Equal(got, want) {
		t.Errorf("summary = %v, want %v", got, want)
	}
	// Everything referred to was written by this import: the database is never asked.
	if got := sink.callsOf("ExistingIDs"); len(got) != 0 {
		t.Errorf("ExistingIDs calls = %v, want none", got)
	}
	if lines := strings.Count(progress.String(), "\n"); lines != 4 {
		t.Errorf("progress has %d lines, want 4 (one per batch):\n%s", lines, progress.String())
	}
	if !strings.Contains(progress.String(), "people.csv: 3/3 rows, 3 written, 0 rejected") {
		t.Errorf("progress lacks the people line:\n%s", progress.String())
	}
}

func TestImportHeaderVariants(t *testing.T) {
	tests := []struct {
		name    string
		replace map[string]string
	}{
		{"columns in any order with extra columns", map[string]string{
			"organizations.csv": "sector,kind,crm_owner,name,id\nmedtech,OURS,x,Acme Medical,org-a\nhospital,CLIENT,y,Beta Hospital,org-b\n",
			"people.csv": "teams,notes,roles,organization_id,title,name,id\n" +
				"team-1,,CHAMPION,org-a,Account Manager,Ann Keller,p-1\n" +
				"team-2,n,DECISION_MAKER;INFLUENCER,org-b,Head of Cardiology,Bo Brenner,p-2\n" +
				",,BLOCKER,org-b,Assistant,Cy Vogt,p-3\n",
			"ties.csv": "Trust,SOURCE,Person_B,person_a\n0.5,crm,p-1,p-2\n0.9,survey,p-3,p-2\n",
		}},
		{"header names trimmed and case-insensitive", map[string]string{
			"teams.csv": " ID , Name,ORGANIZATION_ID \nteam-1,Sales,org-a\nteam-2,Cardiology,org-b\n",
		}},
		{"byte-order mark", map[string]string{
			"organizations.csv": "\ufeff" + baseOrgs,
			"people.csv":        "\ufeff" + basePeople,
		}},
		{"CRLF line ends and padded values", map[string]string{
			"people.csv": "id,name,title,organization_id,roles,teams\r\n" +
				" p-1 ,Ann Keller,Account Manager,org-a, champion ,team-1;\r\n" +
				"p-2,Bo Brenner,Head of Cardiology,org-b,DECISION_MAKER; influencer;DECISION_MAKER,team-2;team-2\r\n" +
				"p-3,Cy Vogt,Assistant,org-b,BLOCKER,\r\n",
		}},
		{"quoted fields", map[string]string{
			"organizations.csv": "id,name,kind,sector\n\"org-a\",\"Acme Medical\",OURS,medtech\norg-b,\"Beta Hospital\",\"CLIENT\",hospital\n",
		}},
		{"short rows lack optional values", map[string]string{
			"people.csv": "id,name,title,organization_id,roles,teams\n" +
				"p-1,Ann Keller,Account Manager,org-a,CHAMPION,team-1\n" +
				"p-2,Bo Brenner,Head of Cardiology,org-b,DECISION_MAKER;INFLUENCER,team-2\n" +
				"p-3,Cy Vogt,Assistant,org-b,BLOCKER\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			if _, err := ImportFS(context.Background(), files(tt.replace), sink, Options{}); err != nil {
				t.Fatalf("ImportFS: %v", err)
			}
			assertState(t, sink, wantState())
		})
	}
}

func TestImportRejections(t *testing.T) {
	tests := []struct {
		name    string
		replace map[string]string
		file    string
		want    []string // "line column reason-substring"
		written int
	}{
		{"empty organization id", map[string]string{
			"organizations.csv": baseOrgs + ",Nameless,CLIENT,x\n",
		}, "organizations.csv", []string{`4 id empty id`}, 2},
		{"empty organization name", map[string]string{
			"organizations.csv": baseOrgs + "org-c,,CLIENT,x\n",
		}, "organizations.csv", []string{`4 name empty name`}, 2},
		{"unknown kind", map[string]string{
			"organizations.csv": baseOrgs + "org-c,Gamma,SUPPLIER,x\norg-d,Delta,,x\n",
		}, "organizations.csv", []string{`4 kind unknown kind "SUPPLIER"`, `5 kind unknown kind ""`}, 2},
		{"duplicate organization id: the later row wins", map[string]string{
			"organizations.csv": "id,name,kind,sector\norg-a,Old Acme,OURS,x\n" + strings.TrimPrefix(baseOrgs, "id,name,kind,sector\n"),
		}, "organizations.csv", []string{`2 id duplicate id "org-a": the row on line 3 replaces this one`}, 2},
		{"team without organization", map[string]string{
			"teams.csv": baseTeams + "team-3,Nowhere,\n",
		}, "teams.csv", []string{`4 organization_id empty organization id`}, 2},
		{"team of an unknown organization", map[string]string{
			"teams.csv": baseTeams + "team-3,Ghosts,org-ghost\n",
		}, "teams.csv", []string{`4 organization_id unknown organization "org-ghost"`}, 2},
		{"person of a rejected organization", map[string]string{
			"organizations.csv": baseOrgs + "org-c,Gamma,SUPPLIER,x\n",
			"people.csv":        basePeople + "p-4,Di,Buyer,org-c,,\n",
		}, "people.csv", []string{`5 organization_id unknown organization "org-c"`}, 3},
		{"unknown role", map[string]string{
			"people.csv": basePeople + "p-4,Di,Buyer,org-b,INFLUENCER;GATEKEEPER,\n",
		}, "people.csv", []string{`5 roles unknown role "GATEKEEPER"`}, 3},
		{"unknown team", map[string]string{
			"people.csv": basePeople + "p-4,Di,Buyer,org-b,,team-2;team-9\n",
		}, "people.csv", []string{`5 teams unknown team "team-9"`}, 3},
		{"empty person id and name", map[string]string{
			"people.csv": basePeople + ",Di,Buyer,org-b,,\np-5,,Buyer,org-b,,\n",
		}, "people.csv", []string{`5 id empty id`, `6 name empty name`}, 3},
		{"duplicate person id", map[string]string{
			"people.csv": basePeople + "p-3,Cy Vogt,Executive Assistant,org-b,BLOCKER,team-2\n",
		}, "people.csv", []string{`4 id duplicate id "p-3": the row on line 5 replaces this one`}, 3},
		{"trust not a number", map[string]string{
			"ties.csv": baseTies + "p-1,p-3,high,crm\np-1,p-3,,crm\n",
		}, "ties.csv", []string{`4 trust not a number: "high"`, `5 trust empty trust`}, 2},
		{"trust outside [0,1]", map[string]string{
			"ties.csv": baseTies + "p-1,p-3,1.5,crm\np-1,p-3,-0.1,crm\np-1,p-3,NaN,crm\n",
		}, "ties.csv", []string{`4 trust must be in [0, 1], got 1.5`, `5 trust must be in [0, 1], got -0.1`,
			`6 trust must be in [0, 1], got NaN`}, 2},
		{"self-tie", map[string]string{
			"ties.csv": baseTies + "p-1,p-1,0.4,crm\n",
		}, "ties.csv", []string{`4 person_b self-tie`}, 2},
		{"tie with an empty person", map[string]string{
			"ties.csv": baseTies + ",p-1,0.4,crm\np-1, ,0.4,crm\n",
		}, "ties.csv", []string{`4 person_a empty person id`, `5 person_b empty person id`}, 2},
		{"tie to an unknown person", map[string]string{
			"ties.csv": baseTies + "p-1,p-ghost,0.4,crm\n",
		}, "ties.csv", []string{`4 person_b unknown person "p-ghost"`}, 2},
		{"tie of a rejected person", map[string]string{
			"people.csv": basePeople + "p-4,Di,Buyer,org-b,GATEKEEPER,\n",
			"ties.csv":   baseTies + "p-4,p-1,0.4,crm\n",
		}, "ties.csv", []string{`4 person_a unknown person "p-4"`}, 2},
		{"topic too long", map[string]string{
			"people.csv": topicPeople + "p-4,Di,Buyer,org-b,,," + strings.Repeat("x", ecograph.MaxTopicLength+1) + "\n",
		}, "people.csv", []string{`5 topics topic "xxx`}, 3},
		{"too many topics", map[string]string{
			"organizations.csv": "id,name,kind,sector,topics\norg-a,Acme Medical,OURS,medtech,\norg-b,Beta Hospital,CLIENT,hospital,\n" +
				"org-c,Gamma,CLIENT,x," + manyTopics(ecograph.MaxTopics+1) + "\n",
		}, "organizations.csv", []string{`4 topics at most 50 topics, got 51`}, 2},
		{"line numbers count the lines inside quoted fields", map[string]string{
			"people.csv": basePeople + "p-4,Di,\"Buyer,\nsecond line\",org-b,,\np-5,Ed,Buyer,org-b,WIZARD,\n",
		}, "people.csv", []string{`7 roles unknown role "WIZARD"`}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			sum, err := ImportFS(context.Background(), files(tt.replace), sink, Options{})
			if code := ecograph.ErrorCode(err); code != ecograph.EINVALID {
				t.Fatalf("error = %v, want code %s", err, ecograph.EINVALID)
			}
			if msg, n := ecograph.ErrorMessage(err), sum.Rejected(); !strings.HasPrefix(msg, fmt.Sprintf("%d row(s) rejected", n)) {
				t.Errorf("message = %q, want it to count %d rejected rows", msg, n)
			}
			var got *FileSummary
			for i := range sum.Files {
				if sum.Files[i].File == tt.file {
					got = &sum.Files[i]
				} else if sum.Files[i].Rejected != 0 && !strings.Contains(tt.name, "of a rejected") {
					t.Errorf("%s has rejections: %v", sum.Files[i].File, sum.Files[i].Rejections)
				}
			}
			if got == nil {
				t.Fatalf("no summary for %s: %v", tt.file, counts(sum))
			}
			if len(got.Rejections) != len(tt.want) || got.Rejected != len(tt.want) {
				t.Fatalf("rejections = %+v, want %v", got.Rejections, tt.want)
			}
			for i, r := range got.Rejections {
				line := fmt.Sprintf("%d %s %s", r.Line, r.Column, r.Reason)
				if !strings.HasPrefix(line, tt.want[i]) {
					t.Errorf("rejection %d = %q, want prefix %q", i, line, tt.want[i])
				}
			}
			if got.Written != tt.written || got.Read != got.Written+got.Rejected+got.Replaced {
				t.Errorf("%s: read/written/rejected/replaced = %d/%d/%d/%d, want %d written",
					tt.file, got.Read, got.Written, got.Rejected, got.Replaced, tt.written)
			}
		})
	}
}

func TestImportRejectedRowsAreNotWritten(t *testing.T) {
	sink := newMemSink()
	_, err := ImportFS(context.Background(), files(map[string]string{
		"people.csv": basePeople + "p-4,Di,Buyer,org-b,GATEKEEPER,\np-5,Ed,Buyer,org-ghost,,\n",
		"ties.csv":   baseTies + "p-1,p-4,0.4,crm\np-1,p-5,0.4,crm\n",
	}), sink, Options{})
	if ecograph.ErrorCode(err) != ecograph.EINVALID {
		t.Fatalf("error = %v, want EINVALID", err)
	}
	assertState(t, sink, wantState())
}

func TestImportMalformed(t *testing.T) {
	tests := []struct {
		name    string
		replace map[string]string
		want    string // prefix of the error message
		// written lists the files whose rows are in the sink afterwards.
		written []string
	}{
		{"empty file", map[string]string{"people.csv": "\n"},
			"people.csv:1: missing header row", []string{"organizations", "teams"}},
		{"missing header column", map[string]string{"people.csv": "id,name,title,organization_id,teams\np-1,Ann,x,org-a,\n"},
			"people.csv:1: header lacks required column(s) roles", []string{"organizations", "teams"}},
		{"header only has data", map[string]string{"organizations.csv": "org-a,Acme,OURS,medtech\n"},
			"organizations.csv:1: header lacks required column(s) id,name,kind,sector", nil},
		{"repeated header column", map[string]string{"teams.csv": "id,name,organization_id,ID\nteam-1,Sales,org-a,x\n"},
			`teams.csv:1: column "id" appears twice`, []string{"organizations"}},
		{"broken quoting", map[string]string{"people.csv": basePeople + "p-4,\"Di,Buyer,org-b,,\n"},
			"people.csv:5: malformed CSV", []string{"organizations", "teams"}},
		{"bare quote", map[string]string{"ties.csv": "person_a,person_b,trust,source\np-1,p-2,0.5,crm\np-1,p-3,0.5,c\"rm\n"},
			"ties.csv:3: malformed CSV", []string{"organizations", "teams", "people"}},
		{"invalid UTF-8", map[string]string{"people.csv": basePeople + "p-4,D\xffi,Buyer,org-b,,\n"},
			"people.csv:5: invalid UTF-8", []string{"organizations", "teams"}},
		{"invalid UTF-8 in the header", map[string]string{"teams.csv": "id,name,organization_id,\xfe\n"},
			"teams.csv:1: invalid UTF-8", []string{"organizations"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			_, err := ImportFS(context.Background(), files(tt.replace), sink, Options{BatchSize: 1})
			if code := ecograph.ErrorCode(err); code != ecograph.EINVALID {
				t.Fatalf("error = %v, want code %s", err, ecograph.EINVALID)
			}
			if msg := ecograph.ErrorMessage(err); !strings.HasPrefix(msg, tt.want) {
				t.Errorf("message = %q, want prefix %q", msg, tt.want)
			}
			want := wantState()
			full := map[string]int{"organizations": len(want.orgs), "teams": len(want.teams), "people": len(want.people), "ties": len(want.ties)}
			got := map[string]int{"organizations": len(sink.orgs), "teams": len(sink.teams), "people": len(sink.people), "ties": len(sink.ties)}
			for kind, n := range got {
				if wantN := full[kind]; slices.Contains(tt.written, kind) && n != wantN {
					t.Errorf("%s: %d in the sink, want %d", kind, n, wantN)
				} else if !slices.Contains(tt.written, kind) && n != 0 {
					t.Errorf("%s: %d in the sink, want none", kind, n)
				}
			}
		})
	}
}

func TestImportTieDedupe(t *testing.T) {
	tests := []struct {
		name     string
		ties     string
		want     map[[2]string]float64
		replaced int
		rejected int
	}{
		{"later row replaces, same order", "p-1,p-2,0.5,crm\np-1,p-2,0.7,survey\n",
			map[[2]string]float64{{"p-1", "p-2"}: 0.7}, 1, 0},
		{"later row replaces, either order", "p-2,p-1,0.5,crm\np-1,p-3,0.2,crm\np-1,p-2,0.7,survey\np-2,p-1,0.6,crm\n",
			map[[2]string]float64{{"p-1", "p-2"}: 0.6, {"p-1", "p-3"}: 0.2}, 2, 0},
		{"a rejected later row still replaces", "p-1,p-2,0.5,crm\np-2,p-1,1.7,crm\n",
			map[[2]string]float64{}, 1, 1},
		{"a rejected earlier row is reported", "p-1,p-2,x,crm\np-2,p-1,0.4,crm\n",
			map[[2]string]float64{{"p-1", "p-2"}: 0.4}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sink := newMemSink()
			sum, err := ImportFS(context.Background(), files(map[string]string{
				"ties.csv": "person_a,person_b,trust,source\n" + tt.ties,
			}), sink, Options{BatchSize: 1})
			if tt.rejected == 0 && err != nil {
				t.Fatalf("ImportFS: %v", err)
			}
			got := map[[2]string]float64{}
			for k, tie := range sink.ties {
				got[k] = tie.Trust
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("ties = %v, want %v", got, tt.want)
			}
			f := sum.Files[len(sum.Files)-1]
			if f.Replaced != tt.replaced || f.Rejected != tt.rejected || f.Written != len(tt.want) {
				t.Errorf("written/rejected/replaced = %d/%d/%d, want %d/%d/%d",
					f.Written, f.Rejected, f.Replaced, len(tt.want), tt.rejected, tt.replaced)
			}
		})
	}
}

func TestImportResolvesReferencesInTheDatabase(t *testing.T) {
	sink := newMemSink()
	sink.orgs["org-old"] = ecograph.Organization{ID: "org-old", Name: "Old", Kind: ecograph.OrgPartner}
	sink.teams["team-old"] = ecograph.Team{ID: "team-old", Name: "Old team", OrganizationID: "org-old"}
	sink.people["p-old"] = ecograph.Person{ID: "p-old", Name: "Olga", OrganizationID: "org-old"}
	sum, err := ImportFS(context.Background(), files(map[string]string{
		"organizations.csv": "",
		"teams.csv":         "id,name,organization_id\nteam-new,New team,org-old\n",
		"people.csv": "id,name,title,organization_id,roles,teams\n" +
			"p-new,Nina,Rep,org-old,CONNECTOR,team-old;team-new\n" +
			"p-new2,Nils,Rep,org-old,,team-gone\n",
		"ties.csv": "person_a,person_b,trust,source\n" +
			"p-new,p-old,0.8,crm\n" +
			"p-old,p-gone,0.8,crm\n" +
			"p-gone,p-new,0.5,crm\n",
	}), sink, Options{})
	if ecograph.ErrorCode(err) != ecograph.EINVALID {
		t.Fatalf("error = %v, want EINVALID for the dangling rows", err)
	}
	want := []string{"teams.csv 1/1/0/0", "people.csv 2/1/1/0", "ties.csv 3/1/2/0"}
	if got := counts(sum); !slices.Equal(got, want) {
		t.Errorf("summary = %v, want %v", got, want)
	}
	if _, ok := sink.ties[[2]string{"p-new", "p-old"}]; !ok {
		t.Errorf("tie p-new/p-old not written")
	}
	if got := sink.people["p-new"].TeamIDs; !slices.Equal(got, []string{"team-old", "team-new"}) {
		t.Errorf("p-new teams = %v", got)
	}
	// Ids written by this import are never looked up, and each other id is asked once.
	wantCalls := []string{"Organization org-old", "Team team-old,team-gone", "Person p-old,p-gone"}
	if got := sink.callsOf("ExistingIDs"); !slices.Equal(got, wantCalls) {
		t.Errorf("ExistingIDs calls = %q, want %q", got, wantCalls)
	}
}

func TestImportBatches(t *testing.T) {
	people := "id,name,title,organization_id,roles,teams\n"
	ties := "person_a,person_b,trust,source\n"
	for i := 1; i <= 5; i++ {
		people += fmt.Sprintf("p-%d,Person %d,,org-a,,team-1\n", i, i)
		ties += fmt.Sprintf("p-%d,p-%d,0.5,crm\n", i, i%5+1)
	}
	sink := newMemSink()
	var progress bytes.Buffer
	sum, err := ImportFS(context.Background(), files(map[string]string{"people.csv": people, "ties.csv": ties}),
		sink, Options{BatchSize: 2, Progress: &progress})
	if err != nil {
		t.Fatalf("ImportFS: %v", err)
	}
	for method, want := range map[string][]string{
		"UpsertOrganizations": {"2"},
		"UpsertTeams":         {"2"},
		"UpsertPeople":        {"2", "2", "1"},
		"UpsertTies":          {"2", "2", "1"},
	} {
		if got := sink.callsOf(method); !slices.Equal(got, want) {
			t.Errorf("%s batches = %v, want %v", method, got, want)
		}
	}
	if len(sink.people) != 5 || len(sink.ties) != 5 || sum.Written() != 14 {
		t.Errorf("%d people, %d ties, %d written; want 5, 5, 14", len(sink.people), len(sink.ties), sum.Written())
	}
	if got := strings.Count(progress.String(), "people.csv: "); got != 3 {
		t.Errorf("%d progress lines for people.csv, want 3:\n%s", got, progress.String())
	}
}

func TestImportIsIdempotent(t *testing.T) {
	fsys := files(map[string]string{
		"ties.csv": baseTies + "p-1,p-3,0.3,crm\np-3,p-1,0.35,survey\np-1,p-ghost,0.2,crm\n",
	})
	sink := newMemSink()
	first, _ := ImportFS(context.Background(), fsys, sink, Options{BatchSize: 2})
	once := newMemSink()
	maps.Copy(once.orgs, sink.orgs)
	maps.Copy(once.teams, sink.teams)
	maps.Copy(once.people, sink.people)
	maps.Copy(once.ties, sink.ties)

	second, err := ImportFS(context.Background(), fsys, sink, Options{BatchSize: 2})
	if ecograph.ErrorCode(err) != ecograph.EINVALID || second.Rejected() != 1 {
		t.Fatalf("second import: %v, %d rejected; want the one dangling tie", err, second.Rejected())
	}
	assertState(t, sink, once)
	if !slices.Equal(counts(first), counts(second)) {
		t.Errorf("summaries differ: %v then %v", counts(first), counts(second))
	}
}

func TestImportSinkFailure(t *testing.T) {
	for _, method := range []string{"UpsertPeople", "ExistingIDs"} {
		t.Run(method, func(t *testing.T) {
			sink := newMemSink()
			sink.fail = method
			fsys := files(map[string]string{"people.csv": basePeople + "p-4,Di,Buyer,org-old,,\n"})
			sum, err := ImportFS(context.Background(), fsys, sink, Options{})
			if !errors.Is(err, errSinkDown) || ecograph.ErrorCode(err) != ecograph.EINTERNAL {
				t.Fatalf("error = %v, want the sink's error", err)
			}
			if !strings.Contains(err.Error(), "people.csv: ") {
				t.Errorf("error %q does not name the file", err)
			}
			if len(sum.Files) != 3 || len(sink.ties) != 0 {
				t.Errorf("summary %v and %d ties; want to stop at people.csv", counts(sum), len(sink.ties))
			}
		})
	}
}

func TestImportCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ImportFS(ctx, files(nil), newMemSink(), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
}

func TestImportDir(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{"organizations.csv": baseOrgs, "teams.csv": baseTeams} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sink := newMemSink()
	sum, err := Import(context.Background(), dir, sink, Options{})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	if want := []string{"organizations.csv 2/2/0/0", "teams.csv 2/2/0/0"}; !slices.Equal(counts(sum), want) {
		t.Errorf("summary = %v, want %v", counts(sum), want)
	}

	for name, dir := range map[string]string{
		"missing directory": filepath.Join(dir, "nope"),
		"a file":            filepath.Join(dir, "teams.csv"),
		"no import files":   t.TempDir(),
	} {
		t.Run(name, func(t *testing.T) {
			sum, err := Import(context.Background(), dir, newMemSink(), Options{})
			if ecograph.ErrorCode(err) != ecograph.EINVALID || sum == nil {
				t.Errorf("Import(%s) = %v, %v; want a summary and EINVALID", dir, sum, err)
			}
		})
	}
}

func TestImportOptions(t *testing.T) {
	_, err := ImportFS(context.Background(), files(nil), newMemSink(), Options{BatchSize: -1})
	if ecograph.ErrorCode(err) != ecograph.EINVALID || ecograph.ErrorField(err) != "BatchSize" {
		t.Errorf("error = %v, want EINVALID on BatchSize", err)
	}
}

func TestSummaryWrite(t *testing.T) {
	sum := &Summary{Files: []FileSummary{
		{File: "organizations.csv", Read: 2, Written: 2, Duration: 1500 * time.Microsecond},
		{File: "ties.csv", Read: 70, Written: 3, Rejected: 60, Replaced: 7},
	}}
	for i := range 60 {
		sum.Files[1].Rejections = append(sum.Files[1].Rejections,
			Rejection{Line: i + 2, Column: "trust", Reason: "not a number: \"x\""})
	}
	var b strings.Builder
	if err := sum.Write(&b); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	want := []string{
		"FILE               READ  WRITTEN  REJECTED  REPLACED  TIME",
		"organizations.csv  2     2        0         0         2ms",
		"ties.csv           70    3        60        7         0s",
		`ties.csv:2: trust: not a number: "x"`,
	}
	if !slices.Equal(lines[:4], want) {
		t.Errorf("table:\n%s\nwant:\n%s", strings.Join(lines[:4], "\n"), strings.Join(want, "\n"))
	}
	if n := strings.Count(b.String(), ": trust: "); n != 50 {
		t.Errorf("%d rejections printed, want 50", n)
	}
	if last := lines[len(lines)-1]; last != "ties.csv: ... and 10 more rejected row(s)" {
		t.Errorf("last line = %q", last)
	}
}

// topicPeople is basePeople with an empty topics column.
var topicPeople = strings.Replace(strings.ReplaceAll(basePeople, "\n", ",\n"), "teams,\n", "teams,topics\n", 1)

func manyTopics(n int) string {
	l := make([]string, n)
	for i := range l {
		l[i] = fmt.Sprintf("topic %d", i)
	}
	return strings.Join(l, ";")
}

func TestImportTopics(t *testing.T) {
	ctx := context.Background()
	people := "id,name,title,organization_id,roles,teams,topics\n" +
		"p-1,Ann Keller,Account Manager,org-a,CHAMPION,team-1, Cardiology ;health economics;cardiology;;\n" +
		"p-2,Bo Brenner,Head of Cardiology,org-b,DECISION_MAKER;INFLUENCER,team-2,\n" +
		"p-3,Cy Vogt,Assistant,org-b,BLOCKER,,\"" + strings.Repeat("y", ecograph.MaxTopicLength) + "\"\n"
	orgs := "id,name,kind,sector,TOPICS\n" +
		"org-a,Acme Medical,OURS,medtech,\n" +
		"org-b,Beta Hospital,CLIENT,hospital,cardiology;Value-based care\n"
	sink := newMemSink()
	if _, err := ImportFS(ctx, files(map[string]string{"people.csv": people, "organizations.csv": orgs}), sink, Options{}); err != nil {
		t.Fatalf("ImportFS: %v", err)
	}
	want := wantState()
	for id, topics := range map[string][]string{"p-1": {"Cardiology", "health economics"}, "p-2": {}, "p-3": {strings.Repeat("y", ecograph.MaxTopicLength)}} {
		p := want.people[id]
		p.Topics = topics
		want.people[id] = p
	}
	for id, topics := range map[string][]string{"org-a": {}, "org-b": {"cardiology", "Value-based care"}} {
		o := want.orgs[id]
		o.Topics = topics
		want.orgs[id] = o
	}
	assertState(t, sink, want)

	// Files without the column leave the topics as they are (the Sink gets nil Topics).
	if _, err := ImportFS(ctx, files(nil), sink, Options{}); err != nil {
		t.Fatalf("second ImportFS: %v", err)
	}
	assertState(t, sink, want)

	// An empty cell in a file with the column clears them.
	if _, err := ImportFS(ctx, files(map[string]string{"people.csv": topicPeople}), sink, Options{}); err != nil {
		t.Fatalf("third ImportFS: %v", err)
	}
	for id, p := range want.people {
		p.Topics = []string{}
		want.people[id] = p
	}
	assertState(t, sink, want)
}

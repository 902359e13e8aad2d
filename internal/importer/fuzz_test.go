package importer

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/ecograph/ecograph"
)

// checkInvariants fails t when an import's result breaks the importer's promises.
func checkInvariants(t *testing.T, sum *Summary, err error, sink *memSink) {
	t.Helper()
	if sum == nil {
		t.Fatalf("nil summary (err %v)", err)
	}
	if err != nil {
		if code := ecograph.ErrorCode(err); code != ecograph.EINVALID {
			t.Fatalf("error %v has code %s, want %s", err, code, ecograph.EINVALID)
		}
	}
	for _, f := range sum.Files {
		if f.Read != f.Written+f.Rejected+f.Replaced && err == nil {
			t.Errorf("%s: read %d != written %d + rejected %d + replaced %d", f.File, f.Read, f.Written, f.Rejected, f.Replaced)
		}
		if len(f.Rejections) > f.Rejected {
			t.Errorf("%s: %d rejections kept, %d counted", f.File, len(f.Rejections), f.Rejected)
		}
		for _, r := range f.Rejections {
			if r.Line < 2 || r.Column == "" || r.Reason == "" {
				t.Errorf("%s: bad rejection %+v", f.File, r)
			}
		}
	}
	for id, p := range sink.people {
		if id == "" || p.Name == "" || p.Roles == nil || p.TeamIDs == nil {
			t.Errorf("person %q written incomplete: %+v", id, p)
		}
		if _, ok := sink.orgs[p.OrganizationID]; !ok {
			t.Errorf("person %q written with dangling organization %q", id, p.OrganizationID)
		}
		for _, r := range p.Roles {
			if !r.Valid() {
				t.Errorf("person %q written with role %q", id, r)
			}
		}
		for _, team := range p.TeamIDs {
			if _, ok := sink.teams[team]; !ok {
				t.Errorf("person %q written with dangling team %q", id, team)
			}
		}
	}
	for k, tie := range sink.ties {
		if !(tie.Trust >= 0 && tie.Trust <= 1) || k[0] >= k[1] {
			t.Errorf("bad tie written: %+v", tie)
		}
	}
	checkEvidence(t, err, sink)
}

// checkEvidence fails t when written survey answers or interactions break the contract, or
// when a pair they touch was not handed to the one RetrustPairs call.
func checkEvidence(t *testing.T, err error, sink *memSink) {
	t.Helper()
	person := func(id string) bool { _, ok := sink.people[id]; return ok }
	latest := refNow.Add(MaxFutureSkew)
	touched := map[ecograph.Pair]bool{}
	for k, a := range sink.answers {
		if k != [3]string{a.Respondent, a.Alter, a.Question} || a.Respondent == a.Alter ||
			!person(a.Respondent) || !person(a.Alter) || a.Question == "" ||
			a.Question != strings.ToLower(strings.TrimSpace(a.Question)) || a.Score < 1 || a.Score > 5 ||
			a.AnsweredAt.After(latest) || a.AnsweredAt.Location() != time.UTC {
			t.Errorf("bad survey answer written: %+v", a)
		}
		touched[ecograph.MakePair(a.Respondent, a.Alter)] = true
	}
	for id, it := range sink.interactions {
		ps := it.Participants
		bad := id != it.ID || id == "" || it.Kind == "" || it.Kind != strings.ToUpper(it.Kind) ||
			len(ps) < 2 || len(ps) > ecograph.MaxInteractionParticipants || it.At.After(latest) ||
			it.At.Location() != time.UTC || (it.Sentiment != nil && !(*it.Sentiment >= -1 && *it.Sentiment <= 1))
		for i, p := range ps {
			bad = bad || !person(p) || (i > 0 && ps[i-1] >= p)
			for _, q := range ps[i+1:] {
				touched[ecograph.MakePair(p, q)] = true
			}
		}
		if _, ok := sink.orgs[it.OrganizationID]; it.OrganizationID != "" && !ok {
			bad = true
		}
		if bad {
			t.Errorf("bad interaction written: %+v", it)
		}
	}
	if len(sink.retrusts) > 1 {
		t.Errorf("%d RetrustPairs calls, want at most one", len(sink.retrusts))
	}
	if err != nil && ecograph.ErrorCode(err) != ecograph.EINVALID {
		return
	}
	retrusted := map[ecograph.Pair]bool{}
	for _, pairs := range sink.retrusts {
		for i, p := range pairs {
			if p.A >= p.B || (i > 0 && !(pairs[i-1].A < p.A || pairs[i-1].A == p.A && pairs[i-1].B < p.B)) {
				t.Errorf("RetrustPairs got %v at %d: not canonical, sorted and distinct", p, i)
			}
			retrusted[p] = true
		}
	}
	for p := range touched {
		if !retrusted[p] {
			t.Errorf("pair %v has written evidence but was not retrusted", p)
		}
	}
}

// FuzzParsePeople imports arbitrary bytes as people.csv next to valid organisations and
// teams: it must never panic, and never write an invalid person.
func FuzzParsePeople(f *testing.F) {
	f.Add([]byte(basePeople))
	f.Add([]byte("\ufeffID,Teams,Roles,organization_id,title,name\np-1,team-1;team-2,champion;;BLOCKER,org-a,x,Ann\n"))
	f.Add([]byte("id,name,title,organization_id,roles,teams\n\"p-1\",\"A\"\"nn\",\"multi\nline\",org-a,,\n"))
	f.Add([]byte("id,name,title,organization_id,roles,teams\np-1,\"Ann,org-a,,\n"))
	f.Add([]byte("id,name\n\xff\xfe\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, people []byte) {
		sink := newMemSink()
		fsys := files(nil)
		fsys["people.csv"] = &fstest.MapFile{Data: people}
		sum, err := ImportFS(context.Background(), fsys, sink, Options{BatchSize: 3})
		checkInvariants(t, sum, err, sink)
	})
}

// FuzzImport imports arbitrary bytes as all four files.
func FuzzImport(f *testing.F) {
	f.Add([]byte(baseOrgs), []byte(baseTeams), []byte(basePeople), []byte(baseTies))
	f.Add([]byte(baseOrgs), []byte(baseTeams), []byte(basePeople), []byte("person_a,person_b,trust,source\np-1,p-2,0.5,\np-2,p-1,1e-1,\np-1,p-1,0,\n"))
	f.Fuzz(func(t *testing.T, orgs, teams, people, ties []byte) {
		sink := newMemSink()
		fsys := fstest.MapFS{
			"organizations.csv": {Data: orgs},
			"teams.csv":         {Data: teams},
			"people.csv":        {Data: people},
			"ties.csv":          {Data: ties},
		}
		sum, err := ImportFS(context.Background(), fsys, sink, Options{BatchSize: 2})
		checkInvariants(t, sum, err, sink)
	})
}

// FuzzImportSurvey imports arbitrary bytes as survey.csv next to valid organisations,
// teams, people and ties: it must never panic, never write an invalid answer, and retrust
// every pair it wrote an answer for.
func FuzzImportSurvey(f *testing.F) {
	f.Add([]byte(baseSurvey))
	f.Add([]byte("\ufeffScore,QUESTION,alter_id,respondent_id,answered_at,x\n3, Trust ,p-2,p-1,2025-05-01T09:00:00+02:00,y\n" +
		"9,advice,p-1,p-2,2025-05-01T09:00:00Z\n4,trust,p-1,p-1,2025-05-01T09:00:00Z\n5,trust,p-2,p-1,2030-01-01T00:00:00Z\n"))
	f.Add([]byte(surveyHeader + "p-1,p-2,trust,3,2025-05-01T09:00:00Z\np-1,p-2,TRUST,4,2025-05-01T09:00:00Z\np-1,p-ghost,trust,4,2025-05-01T09:00:00Z\n"))
	f.Add([]byte(surveyHeader + "p-1,\"p-2\n\",trust,3,x\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, survey []byte) {
		sink := newMemSink()
		fsys := files(nil)
		fsys["survey.csv"] = &fstest.MapFile{Data: survey}
		sum, err := ImportFS(context.Background(), fsys, sink, Options{BatchSize: 2, Now: clock})
		checkInvariants(t, sum, err, sink)
	})
}

// FuzzImportInteractions imports arbitrary bytes as interactions.csv next to valid
// organisations, teams, people and ties (and a fixed survey.csv), as FuzzImportSurvey does.
func FuzzImportInteractions(f *testing.F) {
	f.Add([]byte(baseInteractions))
	f.Add([]byte("notes,SENTIMENT,participants,at,kind,id,organization_id\n\"a,b\",-1,p-3; p-1;;p-1,2025-05-10T14:00:00Z,email,i-1,org-a\n" +
		",2,p-1;p-2,2025-05-10T14:00:00Z,call,i-2,\n,,p-1,2025-05-10T14:00:00Z,call,i-3,\n,,p-1;p-2,2025-05-10T14:00:00Z,call,i-1,org-x\n"))
	f.Add([]byte(interactionsHeader + "i-1,CALL,2025-05-10,p-1;p-2,,\ni-2,CALL,2999-01-01T00:00:00Z,p-1;p-2,,NaN\ni-3,,2025-05-10T14:00:00Z,p-1;p-ghost,,0\n"))
	f.Add([]byte(interactionsHeader + "i-1,CALL,2025-05-10T14:00:00Z,\"p-1;\np-2\",,\n"))
	f.Fuzz(func(t *testing.T, interactions []byte) {
		sink := newMemSink()
		fsys := files(map[string]string{"survey.csv": baseSurvey})
		fsys["interactions.csv"] = &fstest.MapFile{Data: interactions}
		sum, err := ImportFS(context.Background(), fsys, sink, Options{BatchSize: 2, Now: clock})
		checkInvariants(t, sum, err, sink)
	})
}

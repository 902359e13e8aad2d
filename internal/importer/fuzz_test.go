package importer

import (
	"context"
	"testing"
	"testing/fstest"

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

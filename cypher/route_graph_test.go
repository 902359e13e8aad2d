package cypher_test

import (
	"context"
	"sync"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/testdb"
)

// recordingSink keeps what a route-graph read streamed.
type recordingSink struct {
	orgs      map[string]ecograph.Organization
	people    map[string]string // id -> organisation id
	ties      map[[2]string]float64
	malformed []string
}

func newRecordingSink() *recordingSink {
	return &recordingSink{orgs: map[string]ecograph.Organization{}, people: map[string]string{}, ties: map[[2]string]float64{}}
}

func (s *recordingSink) AddOrganization(o ecograph.Organization) { s.orgs[o.ID] = o }
func (s *recordingSink) AddPerson(id, _, _, org string, _, _ []string) {
	s.people[id] = org
}
func (s *recordingSink) AddTie(a, b string, trust float64, _ string) {
	x, y := ecograph.TieKey(a, b)
	s.ties[[2]string{x, y}] = trust
}
func (s *recordingSink) Malformed(reason string) { s.malformed = append(s.malformed, reason) }

// TestRouteReadWithAWriteBetweenItsReads commits writes between the loader's reads, at a point
// a hook chooses (not by timing): after the first person record, a new organisation appears,
// a person moves to it, a tie is created and another one changes. The read must finish
// without error, and be self-consistent: every organisation a person names was streamed
// (before the fix, organisations were read first and the new one was missing, so the route
// explanation failed with a spurious CONFLICT).
func TestRouteReadWithAWriteBetweenItsReads(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := store.UpsertOrganization(ctx, ecograph.Organization{ID: p + "o1", Name: "One", Kind: ecograph.OrgClient})
	must(err)
	a, b, c := p+"a", p+"b", p+"c"
	for _, id := range []string{a, b, c} {
		_, err := store.UpsertPerson(ctx, ecograph.Person{ID: id, Name: id, OrganizationID: p + "o1"})
		must(err)
	}
	_, err = store.UpsertTie(ctx, ecograph.Tie{PersonA: a, PersonB: b, Trust: 0.5, Source: "crm"})
	must(err)

	for _, full := range []bool{false, true} {
		name := map[bool]string{false: "delta", true: "full"}[full]
		t.Run(name, func(t *testing.T) {
			org2 := p + "o2-" + name
			var once sync.Once
			cypher.SetAfterPerson(store, func(string) {
				once.Do(func() {
					_, err := store.UpsertOrganization(ctx, ecograph.Organization{ID: org2, Name: "Two", Kind: ecograph.OrgPartner})
					must(err)
					_, err = store.UpsertPerson(ctx, ecograph.Person{ID: c, Name: c, OrganizationID: org2})
					must(err)
					_, err = store.UpsertTie(ctx, ecograph.Tie{PersonA: b, PersonB: c, Trust: 0.7, Source: "crm"})
					must(err)
					_, err = store.UpsertTie(ctx, ecograph.Tie{PersonA: a, PersonB: b, Trust: 0.9, Source: "crm"})
					must(err)
				})
			})
			defer cypher.SetAfterPerson(store, nil)
			sink := newRecordingSink()
			if full {
				_, err = store.StreamRouteGraph(ctx, sink)
			} else {
				_, err = store.StreamRouteDelta(ctx, []string{a, b, c}, sink)
			}
			must(err)
			if len(sink.malformed) > 0 && !full {
				t.Fatalf("malformed records: %q", sink.malformed)
			}
			for _, id := range []string{a, b, c} { // other tests' data may change under a full read
				org := sink.people[id]
				if _, ok := sink.orgs[org]; !ok {
					t.Errorf("person %s works at %q, which the read did not stream", id, org)
				}
			}
			for k, trust := range sink.ties {
				if _, ok := sink.people[k[0]]; !ok && !full {
					continue // a delta streams ties to people outside the delta
				}
				if !(trust > 0 && trust <= 1) {
					t.Errorf("tie %v has trust %v", k, trust)
				}
			}
			if got := sink.people[c]; got != org2 && got != p+"o1" {
				t.Errorf("c works at %q", got)
			}
			// The write happened after a's record: a fresh read sees all of it.
			fresh := newRecordingSink()
			_, err = store.StreamRouteDelta(ctx, []string{a, b, c}, fresh)
			must(err)
			if fresh.people[c] != org2 || fresh.ties[[2]string{b, c}] != 0.7 || fresh.ties[[2]string{a, b}] != 0.9 {
				t.Fatalf("a fresh read after the write: %+v %+v", fresh.people, fresh.ties)
			}
			// Put c back for the next sub-test.
			_, err = store.UpsertPerson(ctx, ecograph.Person{ID: c, Name: c, OrganizationID: p + "o1"})
			must(err)
		})
	}
}

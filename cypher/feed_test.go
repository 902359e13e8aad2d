package cypher_test

import (
	"context"
	"slices"
	"sort"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestChangeFeedRecordsEveryWrite makes writes through the store and in plain Cypher (as an
// analyst in Neo4j Browser would) and checks, after each, which people the change feed says
// changed: exactly the people whose route data the write touched, in one change numbered
// right after the last.
func TestChangeFeedRecordsEveryWrite(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	head, err := store.FeedHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if head.Epoch == "" {
		t.Fatal("the database keeps no change feed: enable APOC triggers (apoc.trigger.enabled=true in apoc.conf; `bash internal/devdb/neo4j.sh start` writes it)")
	}
	// Every test package migrated at once when this database was fresh: the installers are
	// serialised, so the system database stores the trigger once (twice stops APOC's refresh).
	// (The system database takes CALL ... YIELD only: the count is ours.)
	res, err := neo4j.ExecuteQuery(ctx, store.Driver(), "CALL apoc.trigger.show('neo4j') YIELD name",
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase("system"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range res.Records {
		if r.Values[0] == cypher.ChangeFeedTrigger {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("the system database stores the change feed's trigger %d times, want 1", n)
	}
	cyp := func(q string) {
		t.Helper()
		if _, err := neo4j.ExecuteQuery(ctx, store.Driver(), q, map[string]any{"p": p}, neo4j.EagerResultTransformer); err != nil {
			t.Fatal(err)
		}
	}
	// expect checks the changes since the last call: their people (without the prefix) and
	// whether an organisation changed. Other packages' tests write to the same database
	// meanwhile, so only this test's people are compared, and the orgs flag only when set.
	pos := head
	expect := func(what string, orgs bool, people ...string) {
		t.Helper()
		run, err := store.FeedChanges(ctx, pos, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		if run.Head.Epoch != pos.Epoch || (run.Head.Seq > pos.Seq && run.From != pos.Seq+1) {
			t.Fatalf("%s: the feed jumped from %v to %+v", what, pos, run)
		}
		var got []string
		for _, id := range run.People {
			if len(id) > len(p) && id[:len(p)] == p {
				got = append(got, id[len(p):])
			}
		}
		sort.Strings(got)
		sort.Strings(people)
		if !slices.Equal(got, people) {
			t.Fatalf("%s: the feed names %v, want %v", what, got, people)
		}
		if orgs && !run.Orgs {
			t.Fatalf("%s: the feed does not say an organisation changed", what)
		}
		pos = run.Head
	}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(store.UpsertOrganization(ctx, ecograph.Organization{ID: p + "o", Name: "O", Kind: ecograph.OrgClient}))
	expect("a new organisation", true)
	for _, id := range []string{"a", "b", "c"} {
		must(store.UpsertPerson(ctx, ecograph.Person{ID: p + id, Name: id, OrganizationID: p + "o"}))
	}
	expect("three people", false, "a", "b", "c")
	must(store.UpsertTie(ctx, ecograph.Tie{PersonA: p + "a", PersonB: p + "b", Trust: 0.5, Source: "crm"}))
	expect("a tie", false, "a", "b")
	cyp("MATCH (a:Person {id: $p + 'a'})-[t:TIE]-(b:Person {id: $p + 'b'}) SET t.trust = 0.7")
	expect("a trust set in Browser", false, "a", "b")
	cyp("MATCH (c:Person {id: $p + 'c'}), (b:Person {id: $p + 'b'}) CREATE (c)-[:TIE {trust: 1, source: 'browser'}]->(b)")
	expect("a tie created in Browser, higher id first", false, "b", "c")
	// The same pair again, in the other direction: still one tie, with the newest trust, in
	// every read and in the feed.
	cyp("MATCH (c:Person {id: $p + 'c'}), (b:Person {id: $p + 'b'}) CREATE (b)-[:TIE {trust: 0.3, source: 'browser2'}]->(c)")
	expect("a second tie for the pair, in the other direction", false, "b", "c")
	for _, who := range []string{"b", "c"} {
		views, err := store.FindTies(ctx, ecograph.Scope{Role: ecograph.CallerAdmin}, ecograph.TieFilter{PersonID: p + who, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		n, err := store.CountTiesMatching(ctx, ecograph.Scope{Role: ecograph.CallerAdmin}, ecograph.TieFilter{PersonID: p + who})
		if err != nil {
			t.Fatal(err)
		}
		var toOther []ecograph.TieView
		for _, v := range views {
			if v.Person != nil && (v.Person.ID == p+"b" || v.Person.ID == p+"c") {
				toOther = append(toOther, v)
			}
		}
		if len(toOther) != 1 || toOther[0].Trust == nil || *toOther[0].Trust != 0.3 || toOther[0].Source != "browser2" || n != len(views) {
			t.Fatalf("%s's ties after a second one in the other direction: %+v (count %d), want one b-c tie with trust 0.3", who, toOther, n)
		}
	}
	cyp("MATCH (c:Person {id: $p + 'c'}) SET c.roles = ['DECISION_MAKER']")
	expect("roles set in Browser", false, "c")
	cyp("MATCH (c:Person {id: $p + 'c'}) SET c.connectorRank = 3")
	expect("a property routes do not use", false)
	cyp("MATCH (c:Person {id: $p + 'c'})-[w:WORKS_AT]->() DELETE w")
	expect("an employer removed in Browser", false, "c")
	cyp("MATCH (o:Organization {id: $p + 'o'}) SET o.kind = 'PARTNER'")
	expect("an organisation's kind changed in Browser", true)
	must(store.DeleteTie(ctx, p+"a", p+"b"))
	expect("a tie deleted", false, "a", "b")
	cyp("MATCH (b:Person {id: $p + 'b'}) DETACH DELETE b")
	expect("a person deleted in Browser with their ties", false, "b", "c")
	cyp("MATCH (a:Person {id: $p + 'a'}) DETACH DELETE a")
	expect("a person without ties deleted", false, "a")
	// The importer's bulk writes record their people themselves, in one change each, and
	// the trigger leaves them alone (not a second change for the same transaction).
	if err := store.UpsertPeople(ctx, []ecograph.Person{{ID: p + "d", Name: "d", OrganizationID: p + "o"}, {ID: p + "e", Name: "e", OrganizationID: p + "o"}}); err != nil {
		t.Fatal(err)
	}
	if err := store.UpsertTies(ctx, []ecograph.Tie{{PersonA: p + "d", PersonB: p + "e", Trust: 0.4, Source: "import"}}); err != nil {
		t.Fatal(err)
	}
	res, err = neo4j.ExecuteQuery(ctx, store.Driver(), "MATCH (c:Change) WHERE c.seq > $after AND $id IN c.people RETURN count(c) AS n",
		map[string]any{"after": pos.Seq, "id": p + "d"}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.Records[0].Values[0].(int64); n != 2 {
		t.Fatalf("the two bulk writes left %d changes naming their people, want 2 (the trigger must skip them)", n)
	}
	expect("an imported batch of people and one of ties", false, "d", "e")
	if err := store.UpsertOrganizations(ctx, []ecograph.Organization{{ID: p + "o", Name: "O2", Kind: ecograph.OrgPartner}}); err != nil {
		t.Fatal(err)
	}
	expect("an imported organisation", true)
	if _, err := store.PruneChangeFeed(ctx, 0); err != nil {
		t.Fatal(err)
	}
	run, err := store.FeedChanges(ctx, cypher.FeedPos{Epoch: pos.Epoch}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !run.Pruned || run.From != 0 {
		t.Fatalf("after pruning, a reader at 0 got %+v, want Pruned and no run", run)
	}
	last := cypher.FeedPos{Epoch: pos.Epoch, Seq: run.Head.Seq - 1}
	if run, err = store.FeedChanges(ctx, last, 10); err != nil {
		t.Fatal(err)
	}
	if run.Pruned || run.From != last.Seq+1 {
		t.Fatalf("after pruning, a reader one change behind got %+v, want the head's change (never pruned)", run)
	}
}

package server_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/importer"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestTopics writes topics through the API, reads them back on Person and Organization (from
// the find queries and from the route graph's snapshot, in a swarm plan), checks the plan's
// expertise, and that re-importing files without the topics column keeps them.
func TestTopics(t *testing.T) {
	e := newEnv(t)
	p := e.p
	t.Cleanup(func() { // Topic nodes have no id: testdb.Purge leaves them
		_, _ = neo4j.ExecuteQuery(context.Background(), e.store.Driver(),
			"MATCH (t:Topic) WHERE t.name STARTS WITH $p OR t.name STARTS WITH toUpper($p) DETACH DELETE t",
			map[string]any{"p": p}, neo4j.EagerResultTransformer)
	})
	admin := e.token(ecograph.CallerAdmin, "")
	cardio, econ, onco := p+"cardiology", p+"health economics", p+"oncology"

	var org struct{ UpsertOrganization struct{ Topics []string } }
	e.mustData(admin, `mutation($in: OrganizationInput!) { upsertOrganization(input: $in) { topics } }`,
		map[string]any{"in": map[string]any{"id": p + "client", "name": "Client", "kind": "CLIENT",
			"topics": []string{" " + econ + " ", cardio, onco, "  ", cardio}}}, &org)
	if want := []string{cardio, econ, onco}; !slices.Equal(org.UpsertOrganization.Topics, want) {
		t.Fatalf("upsertOrganization topics = %q, want %q", org.UpsertOrganization.Topics, want)
	}
	e.mustData(admin, upsertOrg, map[string]any{"in": map[string]any{"id": p + "ours", "name": "Us", "kind": "OURS"}}, &struct{}{})

	type person struct {
		ID     string
		Topics []string
	}
	var up struct{ UpsertPerson person }
	upsertPersonTopics := `mutation($in: PersonInput!) { upsertPerson(input: $in) { id topics } }`
	for _, in := range []map[string]any{
		{"id": p + "a", "name": "Ann", "organization": p + "ours", "topics": []string{"CARDIOLOGY-x", p + "CARDIOLOGY"}},
		{"id": p + "b", "name": "Bo", "organization": p + "ours", "topics": []string{econ}},
		{"id": p + "c", "name": "Cy", "organization": p + "ours"},
		{"id": p + "dm", "name": "Di", "organization": p + "client", "roles": []string{"DECISION_MAKER"}, "topics": []string{cardio}},
	} {
		e.mustData(admin, upsertPersonTopics, map[string]any{"in": in}, &up)
	}
	// Without topics, an upsert keeps the stored ones and returns them.
	e.mustData(admin, upsertPersonTopics, map[string]any{"in": map[string]any{"id": p + "b", "name": "Bo B.", "organization": p + "ours"}}, &up)
	if !slices.Equal(up.UpsertPerson.Topics, []string{econ}) {
		t.Fatalf("upsert without topics: %+v, want %q kept", up.UpsertPerson, econ)
	}
	e.mustData(admin, upsertTie, map[string]any{"in": map[string]any{"personA": p + "a", "personB": p + "dm", "trust": 0.9}}, &struct{}{})

	read := func(when string) {
		t.Helper()
		var out struct {
			A, B, C      person
			Organization struct{ Topics []string }
		}
		e.mustData(e.token(ecograph.CallerAnalyst, ""), `query($a: ID!, $b: ID!, $c: ID!, $o: ID!) {
			a: person(id: $a) { id topics } b: person(id: $b) { id topics } c: person(id: $c) { id topics }
			organization(id: $o) { topics } }`, map[string]any{"a": p + "a", "b": p + "b", "c": p + "c", "o": p + "client"}, &out)
		if want := []string{"CARDIOLOGY-x", p + "CARDIOLOGY"}; !slices.Equal(out.A.Topics, want) {
			t.Errorf("%s: a's topics = %q, want %q", when, out.A.Topics, want)
		}
		if !slices.Equal(out.B.Topics, []string{econ}) || out.C.Topics == nil || len(out.C.Topics) != 0 {
			t.Errorf("%s: b, c = %+v, %+v", when, out.B, out.C)
		}
		if want := []string{cardio, econ, onco}; !slices.Equal(out.Organization.Topics, want) {
			t.Errorf("%s: organisation topics = %q, want %q", when, out.Organization.Topics, want)
		}
	}
	read("after the API")

	// The swarm plan: people from the route graph's snapshot show their topics too, and the
	// expertise lists our people per client topic, ignoring case.
	var plan struct {
		SwarmPlan struct {
			PeopleByRole []struct{ People []person }
			Expertise    []struct {
				Topic  string
				People []person
			}
		}
	}
	e.mustData(e.token(ecograph.CallerSeller, ""), `query($o: ID!) { swarmPlan(organization: $o) {
		peopleByRole { people { id topics } } expertise { topic people { id topics } } } }`,
		map[string]any{"o": p + "client"}, &plan)
	if g := plan.SwarmPlan.PeopleByRole; len(g) != 1 || len(g[0].People) != 1 || !slices.Equal(g[0].People[0].Topics, []string{cardio}) {
		t.Errorf("peopleByRole = %+v", g)
	}
	ex := plan.SwarmPlan.Expertise
	if len(ex) != 3 || ex[0].Topic != cardio || ex[1].Topic != econ || ex[2].Topic != onco {
		t.Fatalf("expertise = %+v", ex)
	}
	if len(ex[0].People) != 1 || ex[0].People[0].ID != p+"a" || len(ex[1].People) != 1 || ex[1].People[0].ID != p+"b" ||
		ex[2].People == nil || len(ex[2].People) != 0 {
		t.Errorf("expertise = %+v", ex)
	}

	// Re-importing files without the topics column leaves the topics alone.
	dir := t.TempDir()
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("organizations.csv", "id,name,kind,sector\n"+p+"client,Client,CLIENT,hospital\n"+p+"ours,Us,OURS,\n")
	write("people.csv", "id,name,title,organization_id,roles,teams\n"+p+"a,Ann,,"+p+"ours,,\n"+p+"b,Bo,,"+p+"ours,,\n"+p+"c,Cy,,"+p+"ours,,\n")
	if _, err := importer.Import(context.Background(), dir, cypher.ImportSink{Store: e.store}, importer.Options{}); err != nil {
		t.Fatalf("import: %v", err)
	}
	read("after an import without topics")

	// With the column, a row replaces them (an empty cell clears).
	write("people.csv", "id,name,title,organization_id,roles,teams,topics\n"+p+"a,Ann,,"+p+"ours,,,"+onco+"\n"+p+"b,Bo,,"+p+"ours,,,\n")
	if _, err := importer.Import(context.Background(), dir, cypher.ImportSink{Store: e.store}, importer.Options{}); err != nil {
		t.Fatalf("import with topics: %v", err)
	}
	var after struct{ A, B person }
	e.mustData(admin, `query($a: ID!, $b: ID!) { a: person(id: $a) { id topics } b: person(id: $b) { id topics } }`,
		map[string]any{"a": p + "a", "b": p + "b"}, &after)
	if !slices.Equal(after.A.Topics, []string{onco}) || len(after.B.Topics) != 0 {
		t.Errorf("after an import with topics: %+v", after)
	}
}

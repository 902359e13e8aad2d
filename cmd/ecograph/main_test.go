package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

func getenv(extra map[string]string) func(string) string {
	return func(k string) string {
		if v, ok := extra[k]; ok {
			return v
		}
		return os.Getenv(k)
	}
}

// fingerprint summarises everything stored under an id prefix, properties included.
func fingerprint(t *testing.T, prefix string) string {
	t.Helper()
	d := testdb.Driver(t)
	res, err := neo4j.ExecuteQuery(context.Background(), d, `
MATCH (n) WHERE n.id STARTS WITH $p
OPTIONAL MATCH (n)-[r]->(m)
WITH n, r, m ORDER BY n.id, type(r), m.id
RETURN count(DISTINCT n) AS nodes, count(r) AS rels,
       sum(coalesce(r.trust, 0)) AS trust,
       collect(n.id + coalesce(n.name, '') + coalesce(n.title, '') + reduce(s = '', x IN coalesce(n.roles, []) | s + x) +
               coalesce(type(r), '') + coalesce(m.id, '') + coalesce(r.source, '')) AS props`,
		map[string]any{"p": prefix}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	r := res.Records[0]
	return fmt.Sprint(r.Values[0], r.Values[1], r.Values[2], len(fmt.Sprint(r.Values[3])), r.Values[3])
}

func writeCSV(t *testing.T, dir, name, body string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestImportIsIdempotent(t *testing.T) {
	p := testdb.Prefix(t)
	dir := t.TempDir()
	writeCSV(t, dir, "organizations.csv", "id,name,kind,sector\n"+p+"o1,Org One,CLIENT,hospital\n"+p+"o2,Us,OURS,medtech\n")
	writeCSV(t, dir, "teams.csv", "name,id,organization_id,extra\nSales,"+p+"t1,"+p+"o2,x\n")
	writeCSV(t, dir, "people.csv", "id,name,title,organization_id,roles,teams\n"+
		p+"a,Ann,Head,"+p+"o1,DECISION_MAKER;INFLUENCER,\n"+
		p+"b,Bob,Seller,"+p+"o2,,"+p+"t1\n"+
		p+"c,Cy,Seller,"+p+"o2,CONNECTOR,"+p+"t1\n")
	// The same pair twice in either order: the later row replaces the earlier.
	writeCSV(t, dir, "ties.csv", "person_a,person_b,trust,source\n"+p+"a,"+p+"b,0.3,crm\n"+p+"b,"+p+"c,0.9,survey\n"+p+"b,"+p+"a,0.7,survey\n")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"import", "--dir", dir}, getenv(nil), &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s%s", err, out.String(), errOut.String())
	}
	first := fingerprint(t, p)
	if !strings.Contains(first, "0.7") && !strings.Contains(first, "1.6") {
		t.Fatalf("the later tie row did not win: %s", first)
	}
	if err := run(context.Background(), []string{"import", "--dir", dir}, getenv(nil), &out, &errOut); err != nil {
		t.Fatalf("second import: %v", err)
	}
	if second := fingerprint(t, p); second != first {
		t.Fatalf("importing twice changed the graph:\n%s\n%s", first, second)
	}
	if !strings.Contains(out.String(), "ties.csv") || !strings.Contains(errOut.String(), "rows") {
		t.Fatalf("no summary or progress:\nstdout %s\nstderr %s", out.String(), errOut.String())
	}
}

func TestImportRejectsBadInput(t *testing.T) {
	p := testdb.Prefix(t)
	t.Run("bad rows are rejected with line and reason, good rows written", func(t *testing.T) {
		dir := t.TempDir()
		writeCSV(t, dir, "organizations.csv", "id,name,kind,sector\n"+p+"o1,Org,CLIENT,x\n"+p+"o2,Bad,FRIEND,x\n")
		writeCSV(t, dir, "people.csv", "id,name,title,organization_id,roles,teams\n"+p+"a,A,,"+p+"o1,,\n"+p+"b,B,,"+p+"nowhere,,\n")
		writeCSV(t, dir, "ties.csv", "person_a,person_b,trust,source\n"+p+"a,"+p+"a,0.5,x\n"+p+"a,"+p+"zz,0.5,x\n")
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"import", "--dir", dir}, getenv(nil), &out, &errOut)
		if err == nil {
			t.Fatal("an import with rejected rows exited zero")
		}
		for _, want := range []string{"organizations.csv:3", "people.csv:3", "ties.csv:2", "ties.csv:3"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("summary does not name %s:\n%s", want, out.String())
			}
		}
		fp := fingerprint(t, p)
		if !strings.HasPrefix(fp, "2 1 ") { // o1 and a, a's WORKS_AT; nothing else
			t.Fatalf("want exactly the two good nodes and one relationship, got %s", fp)
		}
	})
	t.Run("a malformed file names file and line and writes nothing of it", func(t *testing.T) {
		dir := t.TempDir()
		writeCSV(t, dir, "organizations.csv", "id,name,kind,sector\n"+p+"m1,Org,CLIENT,x\n"+p+"m2,\"broken,CLIENT,x\n")
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"import", "--dir", dir}, getenv(nil), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "organizations.csv") {
			t.Fatalf("want an error naming the file, got %v", err)
		}
		d := testdb.Driver(t)
		res, _ := neo4j.ExecuteQuery(context.Background(), d, "MATCH (o:Organization) WHERE o.id IN $ids RETURN count(o) AS n",
			map[string]any{"ids": []string{p + "m1", p + "m2"}}, neo4j.EagerResultTransformer)
		if n, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "n"); n != 0 {
			t.Fatalf("a malformed file left %d rows behind", n)
		}
	})
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestServeTellsTheDemoStory runs the real binary's serve command against the test database
// with the demo loaded, waits for /healthz, and asks the README's story question: Anna's best
// route to St. Mary's head of cardiology, around the blocker and through it.
func TestServeTellsTheDemoStory(t *testing.T) {
	testdb.Driver(t)
	// Load the demo (idempotent: the same data `make run` loads).
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"import", "--dir", "../../internal/demo/data"}, getenv(nil), &out, &errOut); err != nil {
		t.Fatalf("demo import: %v\n%s", err, out.String())
	}
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--addr", addr}, getenv(nil), io.Discard, io.Discard) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
	})
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not come up: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
	var tok bytes.Buffer
	if err := run(context.Background(), []string{"token", "--role", "SELLER", "--subject", "p-anna-keller"}, getenv(nil), &tok, io.Discard); err != nil {
		t.Fatal(err)
	}
	gql := func(query string, into any) {
		t.Helper()
		body, _ := json.Marshal(map[string]any{"query": query})
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok.String()))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r struct {
			Data   json.RawMessage
			Errors []any
		}
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || len(r.Errors) > 0 {
			t.Fatalf("%s: %v %v", query, err, r.Errors)
		}
		if err := json.Unmarshal(r.Data, into); err != nil {
			t.Fatal(err)
		}
	}
	type route struct {
		Trust  float64
		Length int
		People []struct{ ID string }
	}
	ids := func(r route) string {
		var out []string
		for _, p := range r.People {
			out = append(out, p.ID)
		}
		return strings.Join(out, ",")
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9 }

	// Story 1: around the gatekeeper, and through her when blockers are allowed.
	var s1 struct{ Around, Through route }
	gql(`{ around: trustedRoute(from: "p-anna-keller", to: "p-thomas-brenner") { trust length people { id } }
	       through: trustedRoute(from: "p-anna-keller", to: "p-thomas-brenner", options: {avoidBlockers: false}) { trust length people { id } } }`, &s1)
	if !near(s1.Around.Trust, 0.612) || ids(s1.Around) != "p-anna-keller,p-lukas-meier,p-sofia-rossi,p-thomas-brenner" {
		t.Fatalf("around the blocker: %+v", s1.Around)
	}
	if !near(s1.Through.Trust, 0.76) || ids(s1.Through) != "p-anna-keller,p-claudia-vogt,p-thomas-brenner" {
		t.Fatalf("through the blocker: %+v", s1.Through)
	}
	// Story 2: fewest hops is not most trusted.
	var s2 struct {
		Short, Best route
		Alts        []route
	}
	gql(`{ short: trustedRoute(from: "p-jonas-frei", to: "p-elena-marchetti", options: {objective: FEWEST_HOPS}) { trust length }
	       best: trustedRoute(from: "p-jonas-frei", to: "p-elena-marchetti") { trust length }
	       alts: trustedRoutes(from: "p-jonas-frei", to: "p-elena-marchetti", k: 3) { trust length } }`, &s2)
	if s2.Short.Length != 2 || !near(s2.Short.Trust, 0.15) || s2.Best.Length != 4 || !near(s2.Best.Trust, 0.5508) {
		t.Fatalf("fewest hops against most trusted: %+v", s2)
	}
	if len(s2.Alts) != 3 || !near(s2.Alts[0].Trust, 0.5508) || s2.Alts[1].Trust > s2.Alts[0].Trust || s2.Alts[2].Trust > s2.Alts[1].Trust {
		t.Fatalf("k best: %+v", s2.Alts)
	}
	// Story 3: the distributor opens the payer's door; every route ends at a different
	// decision maker, best first.
	var s3 struct{ RoutesToDecisionMakers []route }
	gql(`{ routesToDecisionMakers(from: "p-sara-lehmann", organization: "org-helvetia", k: 2) { trust length people { id } } }`, &s3)
	r3 := s3.RoutesToDecisionMakers
	if len(r3) != 2 || !near(r3[0].Trust, 0.765) || ids(r3[0]) != "p-sara-lehmann,p-nina-baumann,p-martin-huber" ||
		math.Abs(r3[1].Trust-0.2344) > 5e-5 || r3[1].Length != 4 { // STORIES.md rounds it to 4 places
		t.Fatalf("to Helvetia's decision makers: %+v", r3)
	}
	// A team's swarm: every route starts at a Key Accounts member and ends at a different
	// St. Mary's decision maker.
	var s4 struct {
		TeamRoutesToDecisionMakers []route
		Team                       struct {
			Members struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
	}
	gql(`{ teamRoutesToDecisionMakers(team: "team-key-accounts", organization: "org-st-marys", k: 3) { trust length people { id } }
	       team(id: "team-key-accounts") { members(first: 100) { edges { node { id } } } } }`, &s4)
	members := map[string]bool{}
	for _, e := range s4.Team.Members.Edges {
		members[e.Node.ID] = true
	}
	ends := map[string]bool{}
	for i, r := range s4.TeamRoutesToDecisionMakers {
		if !members[r.People[0].ID] || ends[r.People[len(r.People)-1].ID] {
			t.Fatalf("team route %d: %+v", i, r)
		}
		ends[r.People[len(r.People)-1].ID] = true
		if i > 0 && r.Trust > s4.TeamRoutesToDecisionMakers[i-1].Trust+1e-12 {
			t.Fatalf("team routes not best first: %+v", s4.TeamRoutesToDecisionMakers)
		}
	}
	if len(s4.TeamRoutesToDecisionMakers) == 0 {
		t.Fatal("no team route to St. Mary's decision makers")
	}
}

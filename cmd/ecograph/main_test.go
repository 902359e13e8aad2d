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
	ask := func(avoidBlockers bool) (float64, []string) {
		body, _ := json.Marshal(map[string]any{
			"query":     `query($o: RouteOptions) { trustedRoute(from: "p-anna-keller", to: "p-thomas-brenner", options: $o) { trust people { id } } }`,
			"variables": map[string]any{"o": map[string]any{"avoidBlockers": avoidBlockers}}})
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(tok.String()))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var r struct {
			Data struct {
				TrustedRoute struct {
					Trust  float64
					People []struct{ ID string }
				}
			}
			Errors []any
		}
		if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || len(r.Errors) > 0 {
			t.Fatalf("route: %v %v", err, r.Errors)
		}
		var ids []string
		for _, p := range r.Data.TrustedRoute.People {
			ids = append(ids, p.ID)
		}
		return r.Data.TrustedRoute.Trust, ids
	}
	trust, ids := ask(true)
	if math.Abs(trust-0.612) > 1e-9 || strings.Join(ids, ",") != "p-anna-keller,p-lukas-meier,p-sofia-rossi,p-thomas-brenner" {
		t.Fatalf("around the blocker: %v %v", trust, ids)
	}
	trust, ids = ask(false)
	if math.Abs(trust-0.76) > 1e-9 || strings.Join(ids, ",") != "p-anna-keller,p-claudia-vogt,p-thomas-brenner" {
		t.Fatalf("through the blocker: %v %v", trust, ids)
	}
}

package ldbc_test

import (
	"context"
	"encoding/csv"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/importer"
	"github.com/ecograph/ecograph/internal/ldbc"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

type source struct{ *cypher.Store }

func (s source) StreamRouteGraph(ctx context.Context, sk projection.Sink) (string, error) {
	return s.Store.StreamRouteGraph(ctx, sk)
}

func (s source) StreamRouteDelta(ctx context.Context, ids []string, sk projection.Sink) (string, error) {
	return s.Store.StreamRouteDelta(ctx, ids, sk)
}

// bfs returns hop distances from src over the ties file, read independently of the importer.
func bfs(adj map[string][]string, src string) map[string]int {
	dist := map[string]int{src: 0}
	queue := []string{src}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range adj[v] {
			if _, ok := dist[w]; !ok {
				dist[w] = dist[v] + 1
				queue = append(queue, w)
			}
		}
	}
	return dist
}

func readCSV(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return rows
		} else if err != nil {
			t.Fatal(err)
		}
		row := map[string]string{}
		for i, h := range head {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
}

func readTies(t *testing.T, path string) map[string][]string {
	t.Helper()
	adj := map[string][]string{}
	for _, row := range readCSV(t, path) {
		if tr, _ := strconv.ParseFloat(row["trust"], 64); tr <= 0 {
			continue
		}
		a, b := row["person_a"], row["person_b"]
		adj[a] = append(adj[a], b)
		adj[b] = append(adj[b], a)
	}
	return adj
}

// TestFewestHopsEqualsBFSOnLDBC imports the LDBC SNB sample into Neo4j through the real
// importer, loads the route projection from Neo4j, and checks FEWEST_HOPS lengths against a
// plain BFS over the converted files: for LDBC's own query-13 parameter pairs and for 400
// random pairs.
func TestFewestHopsEqualsBFSOnLDBC(t *testing.T) {
	store := testdb.Store(t)
	ctx := context.Background()
	out := t.TempDir()
	if _, err := ldbc.Convert("testdata/ldbc-snb-sample", out); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { testdb.Purge(t, store.Driver(), "ldbc-") })
	sum, err := importer.Import(ctx, out, cypher.ImportSink{Store: store}, importer.Options{})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if sum.Rejected() != 0 {
		t.Fatalf("import rejected %d rows", sum.Rejected())
	}
	res, err := neo4j.ExecuteQuery(ctx, store.Driver(),
		"MATCH (a:Person)-[t:TIE]->(b:Person) WHERE a.id STARTS WITH 'ldbc-' RETURN count(t) AS n", nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if n, _, _ := neo4j.GetRecordValue[int64](res.Records[0], "n"); n != 825 {
		t.Fatalf("want 825 ties in Neo4j, got %d", n)
	}

	adj := readTies(t, filepath.Join(out, "ties.csv"))
	finder := projection.New(source{store}, projection.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	opts := ecograph.DefaultRouteOptions()
	opts.Objective = ecograph.FewestHops
	opts.MaxHops = ecograph.MaxMaxHops

	check := func(a, b string) {
		t.Helper()
		want, reachable := bfs(adj, a)[b]
		routes, err := finder.Routes(ctx, a, b, 1, opts)
		if ecograph.ErrorCode(err) == ecograph.ENOTFOUND {
			// A parameter may name a person who is not in the sample (LDBC expects -1).
			if reachable {
				t.Errorf("%s -> %s: not found, but BFS reaches it in %d", a, b, want)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !reachable || want > ecograph.MaxMaxHops:
			if len(routes) != 0 {
				t.Errorf("%s -> %s: BFS has no path within %d hops, we found %d hops", a, b, ecograph.MaxMaxHops, routes[0].Length)
			}
		case len(routes) != 1:
			t.Errorf("%s -> %s: BFS distance %d, we found no route", a, b, want)
		case routes[0].Length != want:
			t.Errorf("%s -> %s: BFS distance %d, route length %d", a, b, want, routes[0].Length)
		}
	}
	params, err := ldbc.ReadParams("testdata/ldbc-snb-sample/interactive_13_param.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range params {
		if p[0] != p[1] {
			check(p[0], p[1])
		}
	}
	// Every person of the converted file, isolated ones (no "no route" otherwise) included.
	var people []string
	isolated := 0
	for _, row := range readCSV(t, filepath.Join(out, "people.csv")) {
		people = append(people, row["id"])
		if len(adj[row["id"]]) == 0 {
			isolated++
		}
	}
	if isolated == 0 {
		t.Fatal("the sample should have isolated people")
	}
	rng := rand.New(rand.NewPCG(13, 14))
	checked := 0
	for checked < 400 {
		a, b := people[rng.IntN(len(people))], people[rng.IntN(len(people))]
		if a == b {
			continue
		}
		check(a, b)
		checked++
	}
	t.Logf("checked %d parameter pairs and %d random pairs (%d isolated people)", len(params), checked, isolated)
}

package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph/internal/gen"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestBulkLoadEqualsImport loads a generated graph (with topics, awkward names and survey
// answers added) into a Neo4j of its own with internal/devdb/bulk-load.sh, dumps every node and
// relationship with their properties, then empties the database, loads the same files with
// `ecograph import`, and wants the same dump.
func TestBulkLoadEqualsImport(t *testing.T) {
	testdb.Driver(t)                                          // integration tests only
	src := envOr("ECOGRAPH_NEO4J_HOME", "../../.local/neo4j") // neo4j.sh's default home
	if _, err := os.Stat(filepath.Join(src, "lib", ".ecograph-pom.sha256")); err != nil {
		t.Fatalf("ECOGRAPH_NEO4J_HOME=%q holds no assembled Neo4j to copy the jars from: %v", src, err)
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "csv")
	if _, err := gen.Generate(gen.Config{People: 500, Seed: 7}, data); err != nil {
		t.Fatal(err)
	}
	decorate(t, data)

	// A Neo4j of the test's own: the jars hard-linked (or copied) from the developer's home.
	home := filepath.Join(dir, "neo4j")
	if err := os.MkdirAll(home, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"lib", "plugins"} {
		if out, err := exec.Command("cp", "-al", filepath.Join(src, d), filepath.Join(home, d)).CombinedOutput(); err != nil {
			if out, err := exec.Command("cp", "-r", filepath.Join(src, d), filepath.Join(home, d)).CombinedOutput(); err != nil {
				t.Fatalf("copying %s: %v\n%s", d, err, out)
			}
			_ = out
		}
	}
	bolt, http := portOf(freeAddr(t)), portOf(freeAddr(t))
	env := map[string]string{
		"ECOGRAPH_NEO4J_HOME": home, "NEO4J_BOLT_PORT": bolt, "NEO4J_HTTP_PORT": http,
		"NEO4J_URI": "bolt://127.0.0.1:" + bolt, "ECOGRAPH_NEO4J_HEAP": "768m", "ECOGRAPH_NEO4J_PAGECACHE": "256m",
		"ECOGRAPH_NEO4J_ADMIN_HEAP": "512m",
	}
	bin := filepath.Join(dir, "ecograph")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	env["ECOGRAPH_BIN"] = bin
	script := func(args ...string) (string, error) {
		cmd := exec.Command("bash", args...)
		cmd.Env = os.Environ()
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() {
		if out, err := script("../../internal/devdb/neo4j.sh", "stop"); err != nil {
			t.Errorf("stopping the test's Neo4j: %v\n%s", err, out)
		}
	})

	if out, err := script("../../internal/devdb/bulk-load.sh", "--dir", data); err != nil {
		t.Fatalf("bulk-load.sh: %v\n%s", err, out)
	}
	d, err := neo4j.NewDriverWithContext(env["NEO4J_URI"], neo4j.BasicAuth("neo4j", envOr("NEO4J_PASSWORD", "ecograph-local"), ""))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close(context.Background())
	ctx := context.Background()
	bulk := dump(t, d)
	for _, want := range []string{"Person 500", "Topic ", "TIE ", "HAS_EXPERTISE ", "INTERESTED_IN ", "MEMBER_OF ", "ANSWERED "} {
		if !strings.Contains(bulk.counts, want) {
			t.Errorf("the bulk load has no %q: %s", want, bulk.counts)
		}
	}
	res, err := neo4j.ExecuteQuery(ctx, d, "SHOW CONSTRAINTS YIELD name RETURN collect(name) AS c", nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if c := fmt.Sprint(res.Records[0].Values[0]); !strings.Contains(c, "person_id") || !strings.Contains(c, "topic_name") {
		t.Errorf("the migrations did not run after the bulk load: constraints %s", c)
	}

	// A second bulk load refuses: the database is no longer empty.
	if out, err := script("../../internal/devdb/bulk-load.sh", "--dir", data); err == nil || !strings.Contains(out, "not empty") {
		t.Errorf("a bulk load into a database with data did not refuse: %v\n%s", err, out)
	}

	if _, err := neo4j.ExecuteQuery(ctx, d, "MATCH (n) DETACH DELETE n", nil,
		neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"import", "--dir", data}, getenv(env), &out, &errOut); err != nil {
		t.Fatalf("import: %v\n%s", err, out.String())
	}
	online := dump(t, d)
	if bulk.counts != online.counts {
		t.Errorf("counts differ:\nbulk   %s\nimport %s", bulk.counts, online.counts)
	}
	if len(bulk.lines) != len(online.lines) {
		t.Fatalf("bulk %d lines, import %d", len(bulk.lines), len(online.lines))
	}
	diffs := 0
	for i := range bulk.lines {
		if bulk.lines[i] != online.lines[i] {
			if diffs++; diffs <= 5 {
				t.Errorf("first differences:\nbulk   %s\nimport %s", bulk.lines[i], online.lines[i])
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d lines differ", diffs, len(bulk.lines))
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func portOf(addr string) string { return addr[strings.LastIndexByte(addr, ':')+1:] }

// decorate adds what gen does not write: topics of people and organisations, an empty title,
// names with quotes, commas and accents, and survey answers.
func decorate(t *testing.T, dir string) {
	t.Helper()
	edit := func(file string, f func(i int, head, rec []string) []string, extra string) {
		path := filepath.Join(dir, file)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(raw)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		recs[0] = append(recs[0], extra)
		for i := 1; i < len(recs); i++ {
			recs[i] = f(i, recs[0], append(recs[i], ""))
		}
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		_ = w.WriteAll(recs)
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	col := func(head []string, name string) int { return slices.Index(head, name) }
	edit("people.csv", func(i int, head, rec []string) []string {
		switch {
		case i%3 == 0:
			rec[len(rec)-1] = "Cardiology; machine learning;cardiology"
		case i%5 == 0:
			rec[len(rec)-1] = "Logistics"
		}
		if i%11 == 0 {
			rec[col(head, "title")] = ""
		}
		if i == 5 {
			rec[col(head, "name")] = `Zoë "Nan" O'Neil, Jr.`
		}
		return rec
	}, "topics")
	edit("organizations.csv", func(i int, head, rec []string) []string {
		if i%4 == 0 {
			rec[len(rec)-1] = "Cardiology;Imaging"
		}
		if i%6 == 0 {
			rec[col(head, "sector")] = ""
		}
		return rec
	}, "topics")
	ids, err := readColumn(filepath.Join(dir, "people.csv"), "id")
	if err != nil {
		t.Fatal(err)
	}
	var s strings.Builder
	s.WriteString("respondent_id,alter_id,question,score,answered_at\n")
	for i := 0; i+1 < 40; i += 2 {
		fmt.Fprintf(&s, "%s,%s,trust,%d,2026-01-%02dT10:00:00Z\n", ids[i], ids[i+1], 1+i%5, 1+i%28)
	}
	if err := os.WriteFile(filepath.Join(dir, "survey.csv"), []byte(s.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

type graphDump struct {
	counts string   // "Label n, TYPE n, ..." sorted
	lines  []string // one per node and relationship, sorted
}

// dump lists every node (labels, properties) and relationship (type, ends by id or name,
// properties). Properties stamped with the time of the write are left out, and numbers are
// rounded to 1e-9 (trust from evidence decays with the clock). The change feed (:ChangeFeed,
// :Change) is left out too: it records writes, one per import batch, and is no part of the
// graph (docs/scaling.md).
func dump(t *testing.T, d neo4j.DriverWithContext) graphDump {
	t.Helper()
	ctx := context.Background()
	var g graphDump
	counts := map[string]int{}
	norm := func(p map[string]any) string {
		out := map[string]any{}
		for k, v := range p {
			if strings.HasSuffix(k, "At") && k != "answeredAt" && k != "at" {
				continue // writtenAt, updatedAt, computedAt...: when, not what
			}
			if f, ok := v.(float64); ok {
				v = strconv.FormatFloat(math.Round(f*1e9)/1e9, 'g', -1, 64)
			}
			if tv, ok := v.(time.Time); ok {
				v = tv.UTC().Format(time.RFC3339Nano)
			}
			out[k] = v
		}
		b, _ := json.Marshal(out)
		return string(b)
	}
	res, err := neo4j.ExecuteQuery(ctx, d, "MATCH (n) WHERE NOT n:Change AND NOT n:ChangeFeed RETURN labels(n) AS l, properties(n) AS p", nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Records {
		l := fmt.Sprint(r.Values[0])
		counts[l]++
		g.lines = append(g.lines, "node "+l+" "+norm(r.Values[1].(map[string]any)))
	}
	res, err = neo4j.ExecuteQuery(ctx, d, `MATCH (a)-[r]->(b)
RETURN type(r) AS t, coalesce(a.id, a.name, labels(a)[0]) AS a, coalesce(b.id, b.name, labels(b)[0]) AS b, properties(r) AS p`,
		nil, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Records {
		typ := r.Values[0].(string)
		counts[typ]++
		g.lines = append(g.lines, fmt.Sprint("rel ", typ, " ", r.Values[1], " ", r.Values[2], " ", norm(r.Values[3].(map[string]any))))
	}
	slices.Sort(g.lines)
	var c []string
	for k, n := range counts {
		c = append(c, fmt.Sprintf("%s %d", strings.Trim(k, "[]"), n))
	}
	slices.Sort(c)
	g.counts = strings.Join(c, ", ")
	return g
}

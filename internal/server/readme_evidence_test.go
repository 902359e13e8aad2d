package server_test

import (
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/demo"
	"github.com/ecograph/ecograph/internal/importer"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// demoIDs matches the demo's ids (people, organisations, teams, interactions).
var demoIDs = regexp.MustCompile(`\b(p|org|team|ix|acct)-[a-z0-9-]+`)

// importDemoCopy imports the demo with every id prefixed, so that a test may change it
// without touching the demo other tests read.
func importDemoCopy(t *testing.T, store *cypher.Store, prefix string) {
	t.Helper()
	dir := t.TempDir()
	err := fs.WalkDir(demo.FS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := fs.ReadFile(demo.FS(), path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, path), demoIDs.ReplaceAll(raw, []byte(prefix+"$0")), 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum, err := importer.Import(context.Background(), dir, cypher.ImportSink{Store: store}, importer.Options{}); err != nil || sum.Rejected() > 0 {
		t.Fatalf("importing the demo's copy: %v (%d rejected)", err, sum.Rejected())
	}
}

// TestReadmeEvidenceExample runs the README's "Trust from evidence" example: Anna logs two
// warm meetings with Sofia Rossi, the trust model makes them a tie, and Anna's best route to
// Thomas Brenner goes through Sofia at once.
func TestReadmeEvidenceExample(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	importDemoCopy(t, store, p)
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{Strict: true})
	anna := e.tokenAs(ecograph.CallerSeller, "", p+"p-anna-keller")
	const routeQ = `query($f: ID!, $t: ID!) { trustedRoute(from: $f, to: $t) { trust people { id }
		hops { trust evidence { prior interactionCount confidence explanation } } } }`
	type route struct {
		TrustedRoute struct {
			Trust  float64
			People []struct{ ID string }
			Hops   []struct {
				Trust    float64
				Evidence struct {
					Prior            *float64
					InteractionCount int
				}
			}
		}
	}
	vars := map[string]any{"f": p + "p-anna-keller", "t": p + "p-thomas-brenner"}
	var before route
	e.mustData(anna, routeQ, vars, &before)
	if math.Abs(before.TrustedRoute.Trust-0.612) > 1e-9 || len(before.TrustedRoute.People) != 4 {
		t.Fatalf("story 1 before the meetings: %+v", before)
	}
	day := time.Now().UTC().Add(-2 * time.Hour)
	e.mustData(anna, `mutation($a: InteractionInput!, $b: InteractionInput!) { a: logInteraction(input: $a) { id } b: logInteraction(input: $b) { id } }`,
		map[string]any{
			"a": map[string]any{"kind": "MEETING", "at": day.Format(time.RFC3339), "participants": []string{p + "p-anna-keller", p + "p-sofia-rossi"}, "sentiment": 0.9},
			"b": map[string]any{"kind": "MEETING", "at": day.Add(time.Hour).Format(time.RFC3339), "participants": []string{p + "p-anna-keller", p + "p-sofia-rossi"}, "sentiment": 0.9},
		}, &struct{}{})
	var after route
	e.mustData(anna, routeQ, vars, &after)
	r := after.TrustedRoute
	if len(r.People) != 3 || r.People[1].ID != p+"p-sofia-rossi" {
		t.Fatalf("after two warm meetings the best route must be Anna, Sofia, Thomas: %+v", r)
	}
	if h := r.Hops[0]; h.Evidence.Prior != nil || h.Evidence.InteractionCount != 2 || math.Abs(h.Trust-0.83) > 0.01 {
		t.Fatalf("the Anna-Sofia tie made from evidence: %+v (want about 0.83, no prior, 2 interactions)", h)
	}
	if math.Abs(r.Trust-0.66) > 0.01 {
		t.Fatalf("the new route's trust %v, want about 0.66 as the README says", r.Trust)
	}
}

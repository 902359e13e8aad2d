package testdb

import (
	"context"
	"sync"
	"testing"

	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/demo"
	"github.com/ecograph/ecograph/internal/importer"
)

var (
	demoOnce sync.Once
	demoErr  error
)

// Demo loads the demo ecosystem (internal/demo, the data `make run` serves) into the test
// database, once per test binary, and returns a Store over it. The demo's ids carry no test
// prefix and are never purged: importing is idempotent, so tests that share the database
// and each call Demo see the same graph. Tests must not change the demo's ids, properties or
// relationships.
func Demo(tb testing.TB) *cypher.Store {
	tb.Helper()
	s := Store(tb)
	demoOnce.Do(func() {
		_, demoErr = importer.ImportFS(context.Background(), demo.FS(), cypher.ImportSink{Store: s}, importer.Options{})
	})
	if demoErr != nil {
		tb.Fatalf("loading the demo: %v", demoErr)
	}
	return s
}

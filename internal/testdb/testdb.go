// Package testdb gives integration tests a real Neo4j: the one NEO4J_URI names (the local
// server `make neo4j` starts by default), and unique id prefixes whose nodes are deleted when
// the test ends, so tests can share the database without seeing each other.
//
// With ECOGRAPH_INTEGRATION=1 (as `make test` sets) an unreachable database fails the test;
// without it, and under -short, integration tests are skipped.
package testdb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ecograph/ecograph/cypher"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

var (
	once    sync.Once
	driver  neo4j.DriverWithContext
	openErr error
)

func env(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// Driver returns the shared driver, or skips or fails tb as the package doc says.
func Driver(tb testing.TB) neo4j.DriverWithContext {
	tb.Helper()
	if testing.Short() {
		tb.Skip("integration test: skipped under -short")
	}
	once.Do(func() {
		driver, openErr = neo4j.NewDriverWithContext(env("NEO4J_URI", "bolt://127.0.0.1:7687"),
			neo4j.BasicAuth(env("NEO4J_USER", "neo4j"), env("NEO4J_PASSWORD", "ecograph-local"), ""))
		if openErr == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			openErr = driver.VerifyConnectivity(ctx)
		}
		if openErr == nil {
			openErr = cypher.NewStore(driver, "").Migrate(context.Background())
		}
	})
	if openErr != nil {
		if os.Getenv("ECOGRAPH_INTEGRATION") == "1" {
			tb.Fatalf("Neo4j is required (ECOGRAPH_INTEGRATION=1) but unreachable: %v", openErr)
		}
		tb.Skipf("integration test: no Neo4j (%v); run `make test` to start one", openErr)
	}
	return driver
}

// Store returns a Store over the test database.
func Store(tb testing.TB) *cypher.Store {
	return cypher.NewStore(Driver(tb), "")
}

// Prefix returns a unique id prefix for tb's data; every node whose id starts with it is
// deleted when tb ends.
func Prefix(tb testing.TB) string {
	tb.Helper()
	d := Driver(tb)
	var b [4]byte
	_, _ = rand.Read(b[:])
	p := "t" + hex.EncodeToString(b[:]) + "-"
	tb.Cleanup(func() { Purge(tb, d, p) })
	return p
}

// Purge deletes every node whose id starts with prefix.
func Purge(tb testing.TB, d neo4j.DriverWithContext, prefix string) {
	_, err := neo4j.ExecuteQuery(context.Background(), d, "MATCH (n) WHERE n.id STARTS WITH $p DETACH DELETE n",
		map[string]any{"p": prefix}, neo4j.EagerResultTransformer)
	if err != nil {
		tb.Errorf("purge %s: %v", prefix, err)
	}
}

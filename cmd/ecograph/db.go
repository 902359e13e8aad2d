package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/trust"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	drivercfg "github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// openStore connects to Neo4j (bolt://, neo4j:// with routing, or their +s variants), waits up
// to wait for it to answer, and returns the store and a close function.
func openStore(ctx context.Context, c config, wait time.Duration) (*cypher.Store, func(), error) {
	driver, err := neo4j.NewDriverWithContext(c.Neo4jURI, neo4j.BasicAuth(c.Neo4jUser, c.Neo4jPassword, ""),
		func(cfg *drivercfg.Config) {
			cfg.MaxConnectionPoolSize = 100
			cfg.ConnectionAcquisitionTimeout = 10 * time.Second
			cfg.SocketConnectTimeout = 5 * time.Second
		})
	if err != nil {
		return nil, nil, ecograph.Invalid("NEO4J_URI", "%v", err)
	}
	closeFn := func() { _ = driver.Close(context.WithoutCancel(ctx)) }
	deadline := time.Now().Add(wait)
	for {
		err = driver.VerifyConnectivity(ctx)
		if err == nil {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			closeFn()
			return nil, nil, fmt.Errorf("neo4j at %s does not answer: %w", c.Neo4jURI, err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	s := cypher.NewStore(driver, c.Neo4jDatabase)
	s.SetTxTimeout(c.TxTimeout)
	model, err := trust.New(c.Trust)
	if err != nil {
		closeFn()
		return nil, nil, err
	}
	s.SetTrustModel(model, time.Now)
	return s, closeFn, nil
}

// importSink adapts cypher.Store to importer.Sink.
type importSink = cypher.ImportSink

func runMigrate(ctx context.Context, c config, args []string, stdout io.Writer) error {
	if len(args) > 0 {
		return ecograph.Errorf(ecograph.EINVALID, "migrate takes no arguments")
	}
	s, closeFn, err := openStore(ctx, c, 30*time.Second)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "schema is up to date")
	return nil
}

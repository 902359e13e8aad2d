// Command ecograph serves Ecograph's GraphQL API over Neo4j and holds its tools: migrate,
// import, token, gen and bench. main only calls run; run wires everything from its
// arguments and environment, so tests call it the same way.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if msg := ecograph.ErrorMessage(err); ecograph.ErrorCode(err) != ecograph.EINTERNAL {
			fmt.Fprintln(os.Stderr, "ecograph:", msg)
		} else {
			fmt.Fprintln(os.Stderr, "ecograph:", err)
		}
		os.Exit(1)
	}
}

const usage = `ecograph: the graph of people and trust behind collaborative sales.

Usage:
  ecograph serve   [--addr ADDR] [--demo-if-empty]   serve the GraphQL API
  ecograph migrate                                   create constraints and indexes
  ecograph import  --dir DIR [--batch N]             load the contract's CSV files from DIR
  ecograph bulk-csv --dir DIR --out DIR [--require-empty]
                                                     convert the CSV files for neo4j-admin's offline import
                                                     (make bulk-load, docs/bulk-load.md)
  ecograph bulk-finish                               after neo4j-admin's import: migrations and fix-ups
  ecograph token   --role ROLE [--org ORG] [--subject ID] [--ttl DURATION]
                                                     print a signed JWT for local use
  ecograph gen     --people N [--seed S] --out DIR   write a synthetic ecosystem as CSV
  ecograph ldbc    --src DIR --out DIR               convert the LDBC SNB sample to CSV
  ecograph bench   [--people N] [--seed S] ...       run the route benchmarks, print a report
  ecograph loadtest [--url URL] [--clients 8,32,128] [--duration 20s] [--mix best=1,fewest=1,k5=1,dm3=1] [--dir DIR]
                                                     route queries from many clients against a running API: routes/s, latency, errors
  ecograph bench-search [--people N] [--queries Q] [--keep]
                                                     measure people search, name order, totalCount
  ecograph schema                                    print the whole GraphQL schema (SDL), as GET /schema.graphql serves it
  ecograph retrust [--stale]                         recompute ties' trust from evidence
  ecograph soak    [--people N] [--imports N] [--runs N]
                                                     serve routes to clients while imports run
  ecograph soak --mixed [--duration D] [--rate N] [--url URL] [--dir DIR]
                                                     steady mixed reads and writes, a report per minute
  ecograph projection-load [--drain] [--repeat N] [--cpuprofile F] [--memprofile F]
                                                     load the route projection, report time and memory

Configuration comes from the environment; see README.md.
`

// run is the whole program: args without the program name, getenv for configuration.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ecograph.Errorf(ecograph.EINVALID, "a subcommand is required")
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, cfg, args[1:], stdout, stderr)
	case "migrate":
		return runMigrate(ctx, cfg, args[1:], stdout)
	case "import":
		return runImport(ctx, cfg, args[1:], stdout, stderr)
	case "bulk-csv":
		return runBulkCSV(ctx, cfg, args[1:], stdout, stderr)
	case "bulk-finish":
		return runBulkFinish(ctx, cfg, args[1:], stdout, stderr)
	case "token":
		return runToken(cfg, args[1:], stdout)
	case "gen":
		return runGen(args[1:], stdout)
	case "schema":
		_, err := stdout.Write(server.SchemaSDL())
		return err
	case "ldbc":
		return runLDBC(args[1:], stdout)
	case "bench":
		return runBench(ctx, cfg, args[1:], stdout, stderr)
	case "loadtest":
		return runLoadtest(ctx, cfg, args[1:], stdout, stderr)
	case "bench-search":
		return runBenchSearch(ctx, cfg, args[1:], stdout, stderr)
	case "retrust":
		return runRetrust(ctx, cfg, args[1:], stdout, stderr)
	case "soak":
		return runSoak(ctx, cfg, args[1:], stdout, stderr)
	case "projection-load":
		return runProjectionLoad(ctx, cfg, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return ecograph.Errorf(ecograph.EINVALID, "unknown subcommand %q", args[0])
}

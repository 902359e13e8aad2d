package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/importer"
)

func newFlags(name string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return ecograph.Errorf(ecograph.EINVALID, "%s: %v", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return ecograph.Errorf(ecograph.EINVALID, "%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

func runImport(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	dir := fs.String("dir", "", "folder holding organizations.csv, teams.csv, people.csv, ties.csv")
	batch := fs.Int("batch", importer.DefaultBatchSize, "rows per write transaction")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *dir == "" {
		return ecograph.Invalid("--dir", "is required")
	}
	if *batch < 1 || *batch > 100000 {
		return ecograph.Invalid("--batch", "must be in 1..100000")
	}
	s, closeFn, err := openStore(ctx, c, 30*time.Second)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := s.Migrate(ctx); err != nil {
		return err
	}
	start := time.Now()
	sum, err := importer.Import(ctx, *dir, importSink{Store: s}, importer.Options{BatchSize: *batch, Progress: stderr})
	if sum != nil {
		_ = sum.Write(stdout)
		fmt.Fprintf(stdout, "imported in %s\n", time.Since(start).Round(time.Millisecond))
	}
	return err
}

func runToken(c config, args []string, stdout io.Writer) error {
	fs := newFlags("token", stdout)
	role := fs.String("role", "", "ADMIN, ANALYST, SELLER or PARTNER")
	org := fs.String("org", "", "the caller's organisation id (required for PARTNER)")
	subject := fs.String("subject", "", "the caller's person id")
	ttl := fs.Duration("ttl", time.Hour, "how long the token is valid")
	if err := parse(fs, args); err != nil {
		return err
	}
	tok, err := auth.Mint(c.Auth, ecograph.Caller{Role: ecograph.CallerRole(*role), OrgID: *org, Subject: *subject}, *ttl, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	return nil
}

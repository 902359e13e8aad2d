package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"slices"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/importer"
)

// runBulkCSV converts the contract's CSV files into the files of Neo4j's offline importer
// (`neo4j-admin database import full`), checking and mapping every row as `ecograph import`
// does (docs/bulk-load.md). internal/devdb/bulk-load.sh runs it, then the importer.
func runBulkCSV(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("bulk-csv", stderr)
	dir := fl.String("dir", "", "folder holding organizations.csv, teams.csv, people.csv, ties.csv")
	out := fl.String("out", "", "folder to write neo4j-admin's CSV files and import.args to (created; must be empty)")
	requireEmpty := fl.Bool("require-empty", false, "first check over NEO4J_URI that the database holds no node")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the conversion to this file")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *dir == "" {
		return ecograph.Invalid("--dir", "is required")
	}
	if *out == "" {
		return ecograph.Invalid("--out", "is required")
	}
	if info, err := os.Stat(*dir); err != nil || !info.IsDir() {
		return ecograph.Invalid("--dir", "%s is not a readable directory", *dir)
	}
	if *requireEmpty {
		s, closeFn, err := openStore(ctx, c, 30*time.Second)
		if err != nil {
			return err
		}
		has, err := s.HasNodes(ctx)
		closeFn()
		if err != nil {
			return err
		} else if has {
			return ecograph.Invalid("database", "the database at %s is not empty; the bulk load replaces it only with --overwrite (docs/bulk-load.md)", c.Neo4jURI)
		}
	}
	sink, err := cypher.NewBulkSink(*out)
	if err != nil {
		return err
	}
	if os.Getenv("GOGC") == "" {
		// The importer's maps of ids and pairs (18M at a million people) are most of the heap
		// and live to the end: collecting less often is a third faster (docs/bulk-load.md).
		defer debug.SetGCPercent(debug.SetGCPercent(400))
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	// Evidence is imported online afterwards (bulk-load.sh does it); hide it from this pass.
	fsys := hideFiles{os.DirFS(*dir), []string{"survey.csv", "interactions.csv"}}
	sum, err := importer.ImportFS(ctx, fsys, sink, importer.Options{BatchSize: 50000})
	if cerr := sink.Close(); err == nil {
		err = cerr
	}
	if sum != nil {
		_ = sum.Write(stdout)
	}
	if err != nil {
		return fmt.Errorf("bulk-csv: nothing to load, fix the input first: %w", err)
	}
	n := sink.Counts()
	fmt.Fprintf(stdout, "bulk-csv: %d organisations, %d teams, %d people, %d topics, %d ties written to %s in %s\n",
		n["organizations"], n["teams"], n["people"], n["topics"], n["ties"], *out, time.Since(start).Round(time.Millisecond))
	return nil
}

// hideFiles is fsys without the named files at its root.
type hideFiles struct {
	fs.FS
	hidden []string
}

func (h hideFiles) Open(name string) (fs.File, error) {
	if slices.Contains(h.hidden, name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return h.FS.Open(name)
}

func (h hideFiles) Stat(name string) (fs.FileInfo, error) {
	if slices.Contains(h.hidden, name) {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return fs.Stat(h.FS, name)
}

// runBulkFinish completes a bulk load once the server runs again (bulk-load.sh): migrations,
// and what neo4j-admin cannot write (empty roles lists).
func runBulkFinish(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	if err := parse(newFlags("bulk-finish", stderr), args); err != nil {
		return err
	}
	s, closeFn, err := openStore(ctx, c, 2*time.Minute)
	if err != nil {
		return err
	}
	defer closeFn()
	// The migrations populate indexes over every person and tie meanwhile: a batch of the
	// fix-up may wait longer than an API write.
	s.SetTxTimeout(10 * time.Minute)
	start := time.Now()
	f, err := s.FinishBulkLoad(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "bulk-finish: migrations applied in %s; %d people given empty roles in %s (%d batches); total %s\n",
		f.Migrate.Round(time.Millisecond), f.EmptyRoles, f.Roles.Round(time.Millisecond), f.RoleBatches, time.Since(start).Round(time.Millisecond))
	return nil
}

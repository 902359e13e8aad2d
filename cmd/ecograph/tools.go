package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/gen"
	"github.com/ecograph/ecograph/internal/ldbc"
)

func runGen(args []string, stdout io.Writer) error {
	fs := newFlags("gen", stdout)
	people := fs.Int("people", 10000, "number of people")
	seed := fs.Uint64("seed", 1, "random seed; the output is deterministic per seed")
	out := fs.String("out", "", "output folder")
	tiesPer := fs.Float64("ties-per-person", 18, "ties per person (18 gives LDBC SF1's 10k/180k; bench-large uses 20)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return ecograph.Invalid("--out", "is required")
	}
	if *tiesPer <= 0 || *tiesPer > 1000 {
		return ecograph.Invalid("--ties-per-person", "must be in (0, 1000]")
	}
	if *people < 10 || *people > 5_000_000 {
		return ecograph.Invalid("--people", "must be in 10..5000000")
	}
	start := time.Now()
	st, err := gen.Generate(gen.Config{People: *people, Seed: *seed, TiesPerPerson: *tiesPer}, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %+v to %s in %s\n", st, *out, time.Since(start).Round(time.Millisecond))
	return nil
}

func runLDBC(args []string, stdout io.Writer) error {
	fs := newFlags("ldbc", stdout)
	src := fs.String("src", "", "the LDBC SNB sample folder")
	out := fs.String("out", "", "output folder")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *src == "" || *out == "" {
		return ecograph.Invalid("--src", "--src and --out are required")
	}
	st, err := ldbc.Convert(*src, *out)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %+v to %s\n", st, *out)
	return nil
}

var _ = context.Background

package main

import (
	"context"
	"io"

	"github.com/ecograph/ecograph"
)

func runBench(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	return ecograph.Errorf(ecograph.ENOTIMPLEMENTED, "bench: not built yet")
}

package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"time"

	"github.com/ecograph/ecograph/cypher"
)

// runRetrust recomputes every tie's trust from its evidence with the trust model as
// configured (for when its parameters change), idempotently, with progress on stderr.
func runRetrust(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("retrust", stderr)
	stale := fs.Bool("stale", false, "only ties computed from evidence as of an earlier day (the daily decay)")
	if err := parse(fs, args); err != nil {
		return err
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
	n, changed, err := s.Retrust(ctx, *stale, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "trust recomputed for %d pairs as of %s (half-life %s): %d ties changed, in %s\n",
		n, s.AsOf().Format("2006-01-02"), c.Trust.HalfLife, changed, time.Since(start).Round(time.Millisecond))
	return nil
}

// decayDaily recomputes, once per UTC day and without anyone asking, the trust of every tie
// computed from evidence as of an earlier day, so that old evidence fades. It checks every
// interval; several replicas may all run it (it is idempotent: the second finds nothing stale).
// A failure or panic is logged and retried at the next check.
func decayDaily(ctx context.Context, s *cypher.Store, interval time.Duration, log *slog.Logger, touched func()) {
	last := time.Time{}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if day := s.AsOf(); !day.Equal(last) {
			func() {
				defer func() {
					if v := recover(); v != nil {
						log.Error("trust decay: recovered a panic", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
					}
				}()
				n, changed, err := s.Retrust(ctx, true, nil)
				if err != nil {
					if ctx.Err() == nil {
						log.Warn("trust decay failed; retrying at the next check", "err", err)
					}
					return
				}
				last = day
				log.Info("trust decay applied", "as_of", day.Format("2006-01-02"), "pairs", n, "changed", changed)
				if changed > 0 && touched != nil {
					touched()
				}
			}()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/demo"
	"github.com/ecograph/ecograph/internal/importer"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/resolvers"
	"github.com/prometheus/client_golang/prometheus"
)

var (
	_ resolvers.Store       = (*cypher.Store)(nil)
	_ resolvers.RouteFinder = (*projection.Finder)(nil)
	_ projection.Source     = projectionSource{}
	_ projection.Feed       = projectionSource{}
)

// projectionSource adapts cypher.Store to projection.Source (the sink interfaces have the
// same method set but are declared by each consumer).
type projectionSource struct{ *cypher.Store }

func (p projectionSource) StreamRouteGraph(ctx context.Context, sink projection.Sink) (string, error) {
	return p.Store.StreamRouteGraph(ctx, sink)
}

func (p projectionSource) StreamRouteDelta(ctx context.Context, ids []string, sink projection.Sink) (string, error) {
	return p.Store.StreamRouteDelta(ctx, ids, sink)
}

// FeedHead and FeedChanges make the store's change feed the projection's (docs/scaling.md).
func (p projectionSource) FeedHead(ctx context.Context) (projection.FeedPos, error) {
	h, err := p.Store.FeedHead(ctx)
	return projection.FeedPos(h), err
}

func (p projectionSource) FeedChanges(ctx context.Context, after projection.FeedPos, limit int) (projection.Changes, error) {
	r, err := p.Store.FeedChanges(ctx, cypher.FeedPos(after), limit)
	return projection.Changes{Head: projection.FeedPos(r.Head), From: r.From, To: r.To, People: r.People, Orgs: r.Orgs, Pruned: r.Pruned}, err
}

// pruneChangeFeed deletes changes older than keep every interval, until ctx ends. Every
// replica prunes (deleting is idempotent); a replica further behind reloads everything.
func pruneChangeFeed(ctx context.Context, store *cypher.Store, interval, keep time.Duration, log *slog.Logger) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := store.PruneChangeFeed(ctx, keep); err != nil && ctx.Err() == nil {
			log.Warn("change feed: pruning failed", "err", err)
		} else if n > 0 {
			log.Debug("change feed: pruned", "changes", n)
		}
	}
}

func newLogger(c config, w io.Writer) *slog.Logger {
	if c.Production {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func runServe(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", c.Addr, "listen address")
	demoIfEmpty := fs.Bool("demo-if-empty", false, "load the demo ecosystem when the database holds no people")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := refuseDevSecretOffLoopback(c, *addr); err != nil {
		return err
	}
	log := newLogger(c, stderr)
	verifier, err := auth.NewVerifier(c.Auth)
	if err != nil {
		return err
	}
	if err := verifier.Start(ctx); err != nil {
		return err
	}
	store, closeFn, err := openStore(ctx, c, 60*time.Second)
	if err != nil {
		return err
	}
	defer closeFn()
	if err := store.Migrate(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if *demoIfEmpty {
		if err := loadDemoIfEmpty(ctx, store, log); err != nil {
			return err
		}
	}
	if err := store.ChangeFeedError(); err != nil {
		log.Warn("no change feed: route projections reload everything when the database changes (docs/scaling.md)", "err", err)
	}
	finder := projection.New(projectionSource{store}, projection.Config{PollInterval: c.PollInterval, Strict: c.StrictRoutes, MaxSearches: c.MaxSearches}, log)
	if _, err := finder.Refresh(ctx); err != nil {
		return fmt.Errorf("load route projection: %w", err)
	}
	// Connectors and cohesion over the same projection; the whole ecosystem's betweenness is
	// recomputed in the background after each change and written back for Neo4j Browser.
	analytics := projection.NewAnalytics(finder, store, projection.AnalyticsConfig{WriteBack: store}, log)
	reg := prometheus.NewRegistry()
	neo4jLatency := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "ecograph_neo4j_query_duration_seconds", Help: "Neo4j latency by query (reads) or write transaction.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 16),
	}, []string{"query", "outcome"})
	reg.MustRegister(neo4jLatency,
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "ecograph_projection_panics_total",
			Help: "Panics recovered in route projection loads, deltas and polls (each logged with its stack)."},
			func() float64 { return float64(finder.Panics()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "ecograph_projection_failures_total",
			Help: "Failed route projection loads, deltas and bookmark checks (the last good projection stays in use)."},
			func() float64 { return float64(finder.Failures()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "ecograph_projection_malformed_total",
			Help: "Records and ties that route projection loads skipped as malformed."},
			func() float64 { return float64(finder.Malformed()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "ecograph_projection_full_reloads_total",
			Help: "Full route projection loads (the first included); with a change feed only a last resort."},
			func() float64 { return float64(finder.FullReloads()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "ecograph_projection_deltas_total",
			Help: "Deltas applied to the route projection (local writes and runs of the change feed)."},
			func() float64 { return float64(finder.Deltas()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "ecograph_projection_feed_changes_total",
			Help: "Changes of the change feed applied to the route projection as deltas."},
			func() float64 { return float64(finder.FeedChanges()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "ecograph_route_search_waits_total",
			Help: "Route searches that waited for a slot because ECOGRAPH_ROUTES_MAX_SEARCHES were running."},
			func() float64 { return float64(finder.SearchWaits()) }))
	store.SetObserver(func(op string, d time.Duration, err error) {
		outcome := "ok"
		if err != nil {
			outcome = "error"
		}
		neo4jLatency.WithLabelValues(op, outcome).Observe(d.Seconds())
	})
	cfg := server.DefaultConfig()
	cfg.Production = c.Production
	cfg.Introspection, cfg.Playground = c.Introspection, c.Playground
	cfg.RequestTimeout = c.TxTimeout + 5*time.Second
	cfg.RatePoints, cfg.RateBurst = c.RatePoints, c.RateBurst
	cfg.CORSOrigins = c.CORSOrigins
	cfg.TrustedDocuments = c.TrustedDocuments
	h := server.New(cfg, server.Deps{
		Resolver: &resolvers.Resolver{Store: store, Routes: finder, Analytics: analytics, BrowserURL: c.BrowserURL},
		Verifier: verifier, DB: store, Log: log, Registry: reg,
	})

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 2 * cfg.RequestTimeout, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	pollCtx, stopPoll := context.WithCancel(ctx)
	defer stopPoll()
	go finder.Run(pollCtx)
	if store.ChangeFeedError() == nil {
		go pruneChangeFeed(pollCtx, store, 5*time.Minute, time.Hour, log)
	}
	go analytics.Run(pollCtx)
	// Evidence decays a day at a time; the poller picks the recomputed ties up.
	go decayDaily(pollCtx, store, time.Hour, log, nil)

	if c.TrustedDocuments != nil {
		log.Info("partner tokens may run only trusted documents", "documents", c.TrustedDocuments.Len())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	fmt.Fprintf(stdout, "ecograph serving on http://%s (GraphQL at /graphql, playground at /)\n", ln.Addr())
	// Neo4j Browser fetches guides only from allowlisted hosts; its default list has localhost.
	guideHost := strings.Replace(ln.Addr().String(), "127.0.0.1:", "localhost:", 1)
	fmt.Fprintf(stdout, "Explorer at http://%s/app/ ; Neo4j Browser guide: :play http://%s/analyst/guide.html\n", ln.Addr(), guideHost)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func loadDemoIfEmpty(ctx context.Context, store *cypher.Store, log *slog.Logger) error {
	n, err := store.CountPeople(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		log.Info("database not empty; demo not loaded", "people", n)
		return nil
	}
	start := time.Now()
	sum, err := importer.ImportFS(ctx, demo.FS(), importSink{Store: store}, importer.Options{Progress: os.Stderr})
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	// The import files hold no accounts: the demo's come from demo.Accounts.
	if err := store.LoadDemoAccounts(ctx, ""); err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	log.Info("demo ecosystem loaded", "rows", sum.Written(), "accounts", len(demo.Accounts()), "duration", time.Since(start))
	return nil
}

// refuseDevSecretOffLoopback refuses to serve with the built-in development JWT secret where
// other machines can reach the API: the secret is in the source, so anyone could mint an ADMIN
// token with it. On loopback only this machine's users can. Errors: EINVALID naming what to set.
func refuseDevSecretOffLoopback(c config, addr string) error {
	alg := strings.ToUpper(c.Auth.Algorithm)
	if (alg != "" && alg != "HS256") || string(c.Auth.Secret) != defaultJWTSecret {
		return nil
	}
	host, where := c.PublishedHost, "published on "+c.PublishedHost+" (ECOGRAPH_PUBLISHED_HOST)"
	if host == "" {
		h, _, err := net.SplitHostPort(addr)
		if err != nil {
			h = addr
		}
		host, where = h, "listening on "+addr
	}
	if isLoopback(host) {
		return nil
	}
	return ecograph.Errorf(ecograph.EINVALID, "refusing to serve %s with the built-in development JWT secret, "+
		"with which anyone can mint an ADMIN token: set ECOGRAPH_JWT_SECRET to a random secret of at least "+
		"32 bytes (openssl rand -hex 32), or use RS256/ES256 keys (ECOGRAPH_JWT_ALG with "+
		"ECOGRAPH_JWT_PUBLIC_KEY_FILE or ECOGRAPH_JWKS_URL); or listen on 127.0.0.1 (ECOGRAPH_ADDR, --addr)", where)
}

// isLoopback reports whether host names this machine only: localhost or a loopback IP. An
// empty host (":8080"), 0.0.0.0, :: and any other name are reachable from elsewhere, or may be.
func isLoopback(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && ip.Unmap().IsLoopback()
}

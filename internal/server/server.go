// Package server wires Ecograph's HTTP surface: the GraphQL endpoint with its limits, error
// presenter and per-request loaders behind JWT auth, the playground, health, readiness and
// metrics.
//
// It imports the domain, graph, resolvers, auth and the libraries that serve HTTP; never the
// Neo4j driver (readiness goes through a small interface).
package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph"
	"github.com/ecograph/ecograph/internal/analyst"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/explorer"
	"github.com/ecograph/ecograph/internal/playground"
	"github.com/ecograph/ecograph/resolvers"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/vektah/gqlparser/v2/ast"
)

// Pinger reports whether the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Config holds the server's limits and switches.
type Config struct {
	// Production turns off field suggestions; Introspection and Playground switch those on.
	Production    bool
	Introspection bool
	Playground    bool
	// ComplexityLimit bounds a query's cost (see complexity.go); MaxBodyBytes its size.
	ComplexityLimit int
	MaxBodyBytes    int64
	// RequestTimeout bounds a GraphQL request, Neo4j work included.
	RequestTimeout time.Duration
	// RatePoints is how many complexity points a caller earns per second, RateBurst how many
	// they may bank (at least ComplexityLimit); RatePoints 0 turns rate limiting off.
	RatePoints float64
	RateBurst  int
	// CORSOrigins are the origins whose pages may call the API from a browser (cors.go);
	// none: same origin only.
	CORSOrigins []string
	// TrustedDocuments, when set, are the only documents PARTNER tokens may run (trusted.go).
	TrustedDocuments *TrustedDocuments
}

// DefaultConfig returns the local-mode defaults.
func DefaultConfig() Config {
	return Config{Introspection: true, Playground: true, ComplexityLimit: 20000,
		MaxBodyBytes: 1 << 20, RequestTimeout: 30 * time.Second, RatePoints: 20000, RateBurst: 60000}
}

// Deps are the server's collaborators.
type Deps struct {
	Resolver *resolvers.Resolver
	Verifier *auth.Verifier
	DB       Pinger
	Log      *slog.Logger
	Registry *prometheus.Registry // nil: a fresh one
}

// New returns the HTTP handler serving every route.
func New(cfg Config, d Deps) http.Handler {
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	m := newMetrics(d.Registry)
	log := d.Log

	gql := handler.New(graph.NewExecutableSchema(graph.Config{Resolvers: d.Resolver, Complexity: complexityRoot()}))
	gql.AddTransport(transport.Options{})
	gql.AddTransport(postTransport{}) // GraphQL over HTTP by the specification: transport.go
	gql.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if cfg.Introspection {
		gql.Use(extension.Introspection{})
	}
	gql.SetDisableSuggestion(cfg.Production)
	if cfg.TrustedDocuments != nil {
		gql.Use(cfg.TrustedDocuments) // before APQ: a partner's hash is looked up in the manifest (trusted.go)
	}
	gql.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	gql.Use(&costLimit{limit: cfg.ComplexityLimit}) // cost.go: refusals name the costliest fields
	gql.Use(depthLimit{max: 15})
	gql.SetErrorPresenter(errorPresenter(d.Log))
	gql.SetRecoverFunc(recoverFunc(d.Log))
	gql.AroundOperations(costOperations(newRateLimiter(cfg), cfg.ComplexityLimit)) // cost.go: cost and budget in every answer
	gql.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx)
		start := time.Now()
		h := next(ctx)
		return func(ctx context.Context) *graphql.Response {
			resp := h(ctx)
			name := op.OperationName
			if name == "" {
				name = "anonymous"
			}
			errs := 0
			if resp != nil { // nil: the request's deadline passed (gqlgen's end of stream)
				errs = len(resp.Errors)
			}
			d := time.Since(start)
			m.operations.WithLabelValues(m.operationLabel(op.OperationName)).Observe(d.Seconds())
			// One line per operation: who asked what, never the token or the variables.
			attrs := []slog.Attr{slog.String("requestId", RequestID(ctx)), slog.String("operation", name),
				slog.Duration("duration", d), slog.Int("errors", errs)}
			if c := ecograph.CallerFromContext(ctx); c != nil {
				attrs = append(attrs, slog.String("subject", c.Subject), slog.String("role", string(c.Role)), slog.String("org", c.OrgID))
			}
			log.LogAttrs(ctx, slog.LevelInfo, "graphql", attrs...)
			return resp
		}
	})

	mux := http.NewServeMux()
	var api http.Handler = resolvers.LoaderMiddleware(d.Resolver.Store, gql)
	api = d.Verifier.Middleware(api)
	api = withRateStatus(api)
	api = limitBody(api, cfg.MaxBodyBytes)
	api = withDeadline(api, cfg.RequestTimeout)
	api = withCORS(cfg.CORSOrigins, []string{http.MethodPost}, api)
	mux.Handle("POST /graphql", api)
	mux.Handle("OPTIONS /graphql", api)
	// The schema's SDL for portal developers: public while introspection is on, else for any
	// valid token (schema.go).
	mux.Handle("GET "+SchemaPath, withCORS(cfg.CORSOrigins, []string{http.MethodGet}, schemaRoute(cfg, d.Verifier)))
	if len(cfg.CORSOrigins) > 0 {
		mux.Handle("OPTIONS "+SchemaPath, withCORS(cfg.CORSOrigins, []string{http.MethodGet}, http.HandlerFunc(allowGet)))
	}
	mux.HandleFunc("GET /graphql", func(w http.ResponseWriter, r *http.Request) {
		// Queries over GET are refused too, by choice (docs/http.md): one way in, no query text
		// in access logs, proxies or browser history, and no mutation over GET by mistake.
		w.Header().Set("Allow", "POST")
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusMethodNotAllowed)
		_, _ = w.Write([]byte(`{"errors":[{"message":"use POST for GraphQL","extensions":{"code":"METHOD_NOT_ALLOWED"}}]}`))
	})
	if cfg.Playground {
		// GraphiQL from the binary, nothing from a CDN: works offline (internal/playground).
		pg := playground.Handler()
		mux.Handle("GET /{$}", pg)
		mux.Handle("GET "+playground.AssetPrefix, pg)
	}
	// The Explorer and the analysts' Browser guide and style: public files, no token (the
	// Explorer sends the caller's token with its own GraphQL requests).
	mux.Handle("GET /app/", explorer.Handler("/app/"))
	mux.Handle("/analyst/", analyst.Handler()) // GET, and CORS preflights for Neo4j Browser
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "application/json")
		if err := d.DB.Ping(ctx); err != nil {
			d.Log.WarnContext(ctx, "not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"status":"neo4j unreachable"}`))
			return
		}
		_, _ = w.Write([]byte(`{"status":"ready"}`))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(d.Registry, promhttp.HandlerOpts{}))
	return withRequestID(withAccessLog(d.Log, m, mux))
}

type requestIDKey struct{}

// RequestID returns the id of the request ctx belongs to, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey{}, id)))
	})
}

// withDeadline bounds a request's work by its context: Neo4j calls and the route finder's
// waits end with it, and the transport answers a request whose deadline passed with 503
// TIMEOUT whatever it had computed (transport.go, timedOut). Unlike http.TimeoutHandler it runs
// the request on the connection's own goroutine and writes the answer straight through: no
// goroutine, no grown stack and no buffered copy of the answer per request (docs/benchmarks.md,
// "GraphQL overhead and the load generator"). The server's WriteTimeout still bounds a
// connection whose handler never returns.
func withDeadline(next http.Handler, d time.Duration) http.Handler {
	if d <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// limitBody refuses a body over max bytes with 413 before any work is done (by its declared
// length, or while reading it when the length is not declared).
func limitBody(next http.Handler, max int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusRequestEntityTooLarge)
			_, _ = w.Write([]byte(`{"errors":[{"message":"request body too large","extensions":{"code":"REQUEST_TOO_LARGE"}}]}`))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

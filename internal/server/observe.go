package server

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

type metrics struct {
	requests   *prometheus.HistogramVec
	operations *prometheus.HistogramVec

	mu    sync.Mutex
	names map[string]bool // operation names with a label of their own
}

// maxOperationLabels bounds the operation label's values: operation names are chosen by
// clients, and every distinct label value is a time series kept for the process's life.
const maxOperationLabels = 100

// operationLabel returns the label for an operation name: the name itself for the first
// maxOperationLabels distinct names seen ("anonymous" for none), "other" for any later one.
// The log line of each operation keeps its real name.
func (m *metrics) operationLabel(name string) string {
	if name == "" {
		return "anonymous"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationLabels || name == "other" || name == "anonymous" {
		return "other"
	}
	if m.names == nil {
		m.names = map[string]bool{}
	}
	m.names[name] = true
	return name
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ecograph_http_request_duration_seconds", Help: "HTTP request latency by route and status.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"route", "status"}),
		operations: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "ecograph_graphql_operation_duration_seconds", Help: "GraphQL operation latency by operation name.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"operation"}),
	}
	reg.MustRegister(m.requests, m.operations, prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	return m
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// withAccessLog logs one structured line per request (never tokens, bodies or variables) and
// records its latency.
func withAccessLog(log *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		d := time.Since(start)
		route := r.URL.Path
		switch route {
		case "/graphql", "/healthz", "/readyz", "/metrics", "/":
		default:
			route = "other"
		}
		m.requests.WithLabelValues(route, strconv.Itoa(sw.status)).Observe(d.Seconds())
		if route == "/healthz" || route == "/metrics" {
			return
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("requestId", RequestID(r.Context())), slog.String("method", r.Method),
			slog.String("path", route), slog.Int("status", sw.status), slog.Duration("duration", d))
	})
}

// depthLimit refuses operations nested deeper than max selection levels.
type depthLimit struct{ max int }

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(ctx context.Context, op *graphql.OperationContext) *gqlerror.Error {
	if op.Operation == nil {
		return nil
	}
	if depth(op.Operation.SelectionSet, 0, d.max) > d.max {
		err := gqlerror.Errorf("query is nested deeper than %d levels", d.max)
		err.Extensions = map[string]any{"code": "BAD_USER_INPUT"}
		return err
	}
	return nil
}

func depth(set ast.SelectionSet, level, max int) int {
	if level > max {
		return level
	}
	deepest := level
	for _, s := range set {
		var child ast.SelectionSet
		switch s := s.(type) {
		case *ast.Field:
			if len(s.SelectionSet) == 0 {
				continue
			}
			child = s.SelectionSet
		case *ast.InlineFragment:
			child = s.SelectionSet
			level-- // a fragment is not a level of its own
		case *ast.FragmentSpread:
			if s.Definition != nil {
				child = s.Definition.SelectionSet
				level--
			}
		}
		if d := depth(child, level+1, max); d > deepest {
			deepest = d
		}
		if _, ok := s.(*ast.Field); !ok {
			level++
		}
	}
	return deepest
}

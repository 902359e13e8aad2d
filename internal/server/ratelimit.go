package server

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/limit"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Rate limiting spends a query's complexity points (the same cost the complexity limit
// computes, list-aware) from a token bucket per caller: a caller may run many cheap queries or
// a few expensive ones. A refused request gets HTTP 429 with Retry-After and the GraphQL error
// code RATE_LIMITED, and no resolver runs.

type rateKey struct{}

// rateState carries a refusal from inside gqlgen out to the HTTP layer.
type rateState struct{ retryAfter time.Duration }

// callerKey names a caller's bucket: their subject, else their role and organisation.
func callerKey(c *ecograph.Caller) string {
	if c == nil {
		return "anonymous"
	}
	if c.Subject != "" {
		return "sub:" + c.Subject
	}
	return "role:" + string(c.Role) + ":" + c.OrgID
}

func rateLimitOperations(l *limit.Limiter) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		cost := 1
		if st := extension.GetComplexityStats(ctx); st != nil && st.Complexity > 0 {
			cost = st.Complexity
		}
		err := l.Take(callerKey(ecograph.CallerFromContext(ctx)), cost, time.Now())
		if err == nil {
			return next(ctx)
		}
		var le *limit.LimitedError
		retry := time.Second
		if errors.As(err, &le) {
			retry = le.RetryAfter
		}
		if st, ok := ctx.Value(rateKey{}).(*rateState); ok {
			st.retryAfter = retry
		}
		gerr := gqlerror.Errorf("rate limit exceeded: retry after %s", retry.Round(time.Millisecond))
		gerr.Extensions = map[string]any{"code": "RATE_LIMITED", "retryAfterSeconds": math.Ceil(retry.Seconds())}
		return func(ctx context.Context) *graphql.Response {
			return &graphql.Response{Errors: gqlerror.List{gerr}}
		}
	}
}

// withRateStatus turns a refusal recorded during the operation into HTTP 429 + Retry-After.
func withRateStatus(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &rateState{}
		next.ServeHTTP(&rateWriter{ResponseWriter: w, st: st}, r.WithContext(context.WithValue(r.Context(), rateKey{}, st)))
	})
}

type rateWriter struct {
	http.ResponseWriter
	st      *rateState
	written bool
}

func (w *rateWriter) WriteHeader(code int) {
	if !w.written && w.st.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(w.st.retryAfter.Seconds()))))
		code = http.StatusTooManyRequests
	}
	w.written = true
	w.ResponseWriter.WriteHeader(code)
}

func (w *rateWriter) Write(b []byte) (int, error) {
	if !w.written {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

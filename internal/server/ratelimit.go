package server

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/ecograph/ecograph"
)

// Rate limiting spends a query's complexity points (the same cost the complexity limit
// computes, list-aware) from a token bucket per caller: a caller may run many cheap queries or
// a few expensive ones. A refused request gets HTTP 429 with Retry-After and the GraphQL error
// code RATE_LIMITED, and no resolver runs.

type rateKey struct{}

// rateState carries the operation's cost, the caller's budget and a refusal from inside
// gqlgen out to the HTTP layer (cost.go fills it).
type rateState struct {
	retryAfter time.Duration
	// budget is 0 when no budget was consulted (rate limiting off, or no operation ran).
	budget, remaining, cost int
	reset                   time.Duration // until the budget is full again
}

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
	if !w.written && w.st.budget > 0 {
		h := w.Header()
		h.Set("RateLimit-Limit", strconv.Itoa(w.st.budget))
		h.Set("RateLimit-Remaining", strconv.Itoa(w.st.remaining))
		h.Set("RateLimit-Reset", strconv.Itoa(int(math.Ceil(w.st.reset.Seconds()))))
		h.Set("RateLimit-Cost", strconv.Itoa(w.st.cost))
	}
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

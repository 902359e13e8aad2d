package server

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/limit"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Costs a client can plan with (issue 14). Every operation's cost is its complexity
// (complexity.go). It is refused before it runs when over the per-operation limit, with the
// costliest fields named; otherwise it is spent from the caller's rate budget (ratelimit.go's
// token bucket), and every answer says what it cost and what is left:
//
//	"extensions": {"cost": {"requested": 8560, "limit": 20000, "budget": 60000,
//	  "remaining": 51440, "restoreRate": 20000, "resetAt": "2026-11-29T16:50:00.4Z"}}
//
// with the same in the response's headers (RateLimit-Limit, RateLimit-Remaining and
// RateLimit-Reset, in seconds until the budget is full again, and RateLimit-Cost).

// complexityStatsName is the name gqlgen's complexity extension records its stats under, so
// that extension.GetComplexityStats reads ours.
const complexityStatsName = "ComplexityLimit"

// costLimit computes each operation's complexity, records it (extension.GetComplexityStats)
// and refuses an operation over the limit with COMPLEXITY_LIMIT_EXCEEDED, naming its costliest
// fields and their costs in the message and in extensions.costliestFields.
type costLimit struct {
	limit int
	es    graphql.ExecutableSchema
}

var _ interface {
	graphql.OperationContextMutator
	graphql.HandlerExtension
} = &costLimit{}

func (c *costLimit) ExtensionName() string { return "CostLimit" }

func (c *costLimit) Validate(es graphql.ExecutableSchema) error {
	c.es = es
	return nil
}

func (c *costLimit) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	op := opCtx.Doc.Operations.ForName(opCtx.OperationName)
	if op == nil {
		return nil
	}
	cost := complexity.Calculate(ctx, c.es, op, opCtx.Variables)
	opCtx.Stats.SetExtension(complexityStatsName, &extension.ComplexityStats{Complexity: cost, ComplexityLimit: c.limit})
	if cost <= c.limit {
		return nil
	}
	top := costliestFields(ctx, c.es, op, opCtx.Variables, 5)
	var parts []string
	list := make([]map[string]any, len(top))
	for i, f := range top {
		parts = append(parts, fmt.Sprintf("%s %d", f.path, f.cost))
		list[i] = map[string]any{"path": f.path, "cost": f.cost}
	}
	err := gqlerror.Errorf("operation has complexity %d, which exceeds the limit of %d; costliest fields: %s. "+
		"Ask for smaller pages (first), fewer routes (k, maxHops) or fewer nested lists; docs/api.md, \"What lists cost\"",
		cost, c.limit, strings.Join(parts, ", "))
	err.Extensions = map[string]any{"code": "COMPLEXITY_LIMIT_EXCEEDED",
		"cost": map[string]any{"requested": cost, "limit": c.limit}, "costliestFields": list}
	return err
}

type fieldCost struct {
	path string
	cost int
}

// costliestFields returns up to n field paths of op with their costs, costliest first. A
// path's cost is what the operation would cost with that path alone (its ancestors kept for
// their multipliers, its own selection whole). Only the paths that explain a cost are listed:
// a field whose cost one child carries almost all of (90% or more) gives way to that child.
func costliestFields(ctx context.Context, es graphql.ExecutableSchema, op *ast.OperationDefinition, vars map[string]any, n int) []fieldCost {
	cost := func(chain []*ast.Field) int {
		// Rebuild the chain from the leaf up: each ancestor keeps only the next field.
		f := chain[len(chain)-1]
		for i := len(chain) - 2; i >= 0; i-- {
			parent := *chain[i]
			parent.SelectionSet = ast.SelectionSet{f}
			f = &parent
		}
		return complexity.Calculate(ctx, es, &ast.OperationDefinition{Operation: op.Operation, SelectionSet: ast.SelectionSet{f}}, vars)
	}
	var out []fieldCost
	var walk func(chain []*ast.Field, c int)
	walk = func(chain []*ast.Field, c int) {
		explained := false
		for _, child := range fieldsOf(chain[len(chain)-1].SelectionSet) {
			if len(child.SelectionSet) == 0 {
				continue // a scalar: counted with its parent
			}
			next := append(append([]*ast.Field(nil), chain...), child)
			cc := cost(next)
			if cc*10 >= c*9 {
				explained = true
			}
			if cc*20 >= c { // below 5% of its parent is not worth naming
				walk(next, cc)
			}
		}
		if !explained {
			out = append(out, fieldCost{pathOf(chain), c})
		}
	}
	for _, f := range fieldsOf(op.SelectionSet) {
		chain := []*ast.Field{f}
		walk(chain, cost(chain))
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].cost > out[j].cost })
	return out[:min(n, len(out))]
}

// fieldsOf returns the fields of a selection set, fragments flattened.
func fieldsOf(set ast.SelectionSet) []*ast.Field {
	var out []*ast.Field
	for _, s := range set {
		switch s := s.(type) {
		case *ast.Field:
			out = append(out, s)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				out = append(out, fieldsOf(s.Definition.SelectionSet)...)
			}
		case *ast.InlineFragment:
			out = append(out, fieldsOf(s.SelectionSet)...)
		}
	}
	return out
}

func pathOf(chain []*ast.Field) string {
	names := make([]string, len(chain))
	for i, f := range chain {
		names[i] = f.Alias
		if names[i] == "" {
			names[i] = f.Name
		}
	}
	return strings.Join(names, ".")
}

// costOperations spends each operation's cost from the caller's budget in l (nil: no rate
// limit), refusing it with RATE_LIMITED when the budget does not hold it, and writes the cost
// and what is left into the answer's extensions and (through rateState) its headers.
func costOperations(l *limit.Limiter, perOperation int) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		cost := 1
		if st := extension.GetComplexityStats(ctx); st != nil && st.Complexity > 0 {
			cost = st.Complexity
		}
		info := map[string]any{"requested": cost, "limit": perOperation}
		st, _ := ctx.Value(rateKey{}).(*rateState)
		var refusal *gqlerror.Error
		if l != nil {
			key, now := callerKey(ecograph.CallerFromContext(ctx)), time.Now()
			err := l.Take(key, cost, now)
			left, full := l.Remaining(key, now)
			info["budget"], info["remaining"], info["restoreRate"] = l.Burst(), int(math.Floor(left)), l.Rate()
			info["resetAt"] = now.Add(full).UTC().Format(time.RFC3339Nano)
			if st != nil {
				st.budget, st.remaining, st.reset, st.cost = l.Burst(), int(math.Floor(left)), full, cost
			}
			if err != nil {
				retry := time.Second
				var le *limit.LimitedError
				if errors.As(err, &le) {
					retry = le.RetryAfter
				}
				if st != nil {
					st.retryAfter = retry
				}
				refusal = gqlerror.Errorf("rate limit exceeded: this operation costs %d points and your budget holds %d of %d (it earns %.0f a second); retry after %s",
					cost, int(math.Floor(left)), l.Burst(), l.Rate(), retry.Round(time.Millisecond))
				refusal.Extensions = map[string]any{"code": "RATE_LIMITED", "retryAfterSeconds": math.Ceil(retry.Seconds()), "cost": info}
			}
		}
		withCost := func(resp *graphql.Response) *graphql.Response {
			if resp == nil {
				return resp
			}
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["cost"] = info
			return resp
		}
		if refusal != nil {
			return func(ctx context.Context) *graphql.Response {
				return withCost(&graphql.Response{Errors: gqlerror.List{refusal}})
			}
		}
		h := next(ctx)
		first := true
		return func(ctx context.Context) *graphql.Response {
			resp := h(ctx)
			if first { // the one response of a query or mutation (the first of a stream)
				first = false
				return withCost(resp)
			}
			return resp
		}
	}
}

// newRateLimiter returns the budget of cfg, or nil when rate limiting is off.
func newRateLimiter(cfg Config) *limit.Limiter {
	if cfg.RatePoints <= 0 {
		return nil
	}
	return limit.New(cfg.RatePoints, max(cfg.RateBurst, cfg.ComplexityLimit), 10*time.Minute)
}

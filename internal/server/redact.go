package server

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// Logs never hold request bodies, variables or tokens. Nothing here logs a body or a header,
// but an internal error is logged in full, and its text is not ours: a driver or a bug may quote
// an argument back ("invalid parameter 'ids': [...]"), and a panic value may hold anything. So
// before such a text is logged, every string the caller sent (the operation's variables, the
// string literals of its document, its Authorization header) is cut out of it.

// redacted stands in for a value cut out of a log line.
const redacted = "[redacted]"

// minSecretLen is the shortest value redacted: shorter ones (a flag, an enum such as "ALL")
// would shred a message and are not credentials.
const minSecretLen = 4

var stringLiteral = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// redact returns text with the request's own values cut out.
func redact(ctx context.Context, text string) string {
	if !graphql.HasOperationContext(ctx) {
		return text
	}
	op := graphql.GetOperationContext(ctx)
	var values []string
	if op.Headers != nil {
		if auth := op.Headers.Get("Authorization"); auth != "" {
			values = append(values, auth)
			if _, tok, ok := strings.Cut(auth, " "); ok {
				values = append(values, strings.TrimSpace(tok))
			}
		}
	}
	values = collectStrings(values, op.Variables)
	for _, lit := range stringLiteral.FindAllString(op.RawQuery, -1) {
		values = append(values, lit[1:len(lit)-1])
	}
	// Longest first, so that a value containing a shorter one goes whole.
	sort.Slice(values, func(i, j int) bool { return len(values[i]) > len(values[j]) })
	for _, v := range values {
		if len(v) >= minSecretLen {
			text = strings.ReplaceAll(text, v, redacted)
		}
	}
	return text
}

// collectStrings appends every string (and every number, as text) found in v.
func collectStrings(out []string, v any) []string {
	switch v := v.(type) {
	case string:
		return append(out, v)
	case map[string]any:
		for _, x := range v {
			out = collectStrings(out, x)
		}
	case []any:
		for _, x := range v {
			out = collectStrings(out, x)
		}
	case nil, bool:
	default:
		// Numbers (json.Number, int64, float64) and custom scalars: as they would print.
		out = append(out, fmt.Sprint(v))
	}
	return out
}

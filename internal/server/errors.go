package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/ecograph/ecograph"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// extensionCodes maps domain error codes to GraphQL extensions.code.
var extensionCodes = map[string]string{
	ecograph.EINVALID:        "BAD_USER_INPUT",
	ecograph.ENOTFOUND:       "NOT_FOUND",
	ecograph.ENOTROUTABLE:    "NOT_ROUTABLE",
	ecograph.EFORBIDDEN:      "FORBIDDEN",
	ecograph.EUNAUTHORIZED:   "UNAUTHENTICATED",
	ecograph.ECONFLICT:       "CONFLICT",
	ecograph.ERATELIMITED:    "RATE_LIMITED",
	ecograph.ENOTIMPLEMENTED: "NOT_IMPLEMENTED",
	ecograph.EINTERNAL:       "INTERNAL",
}

// errorPresenter is the one place an error becomes a GraphQL error, and the one place an
// internal error is logged: domain errors keep their message and get their code; anything
// else (driver, Cypher, bugs) is shown as "internal error" with the request id.
func errorPresenter(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		var de *ecograph.Error
		if errors.As(err, &de) {
			gerr.Message = de.Message
			if gerr.Extensions == nil {
				gerr.Extensions = map[string]any{}
			}
			gerr.Extensions["code"] = extensionCodes[de.Code]
			if de.Field != "" {
				gerr.Extensions["field"] = de.Field
			}
			return gerr
		}
		var ge *gqlerror.Error
		if errors.As(err, &ge) && ge.Extensions != nil && ge.Extensions["code"] != nil {
			// gqlgen's own validation and parse errors carry their codes already.
			return gerr
		}
		if errors.As(err, &ge) && ge.Err == nil && ge.Rule != "" {
			return gerr
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			gerr.Message = "request body too large"
			gerr.Extensions = map[string]any{"code": "REQUEST_TOO_LARGE"}
			return gerr
		}
		if errors.Is(err, context.DeadlineExceeded) {
			gerr.Message = "the request took too long"
			gerr.Extensions = map[string]any{"code": "TIMEOUT", "requestId": RequestID(ctx)}
			return gerr
		}
		id := RequestID(ctx)
		// In full, but for what the caller sent (redact.go): logs never hold variables or tokens.
		log.ErrorContext(ctx, "internal error", "requestId", id, "path", gerr.Path.String(), "err", redact(ctx, err.Error()))
		gerr.Message = "internal error"
		gerr.Extensions = map[string]any{"code": "INTERNAL", "requestId": id}
		return gerr
	}
}

// recoverFunc keeps the server alive through a resolver panic and reports it as an internal
// error.
func recoverFunc(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.ErrorContext(ctx, "resolver panic", "requestId", RequestID(ctx), "panic", redact(ctx, fmt.Sprint(p)))
		return errors.New("panic in resolver")
	}
}

package ecograph

import (
	"errors"
	"fmt"
)

// Error codes. The set is closed: the API's error presenter maps each to a GraphQL
// extensions.code and shows anything else as an internal error.
const (
	ECONFLICT       = "conflict"        // the request conflicts with stored state
	EINTERNAL       = "internal"        // a fault of ours; details only in logs
	EINVALID        = "invalid"         // bad input; the message names the field
	ENOTFOUND       = "not_found"       // unknown, or not visible to the caller
	ENOTROUTABLE    = "not_routable"    // visible to a partner, but shared below ROUTES
	EFORBIDDEN      = "forbidden"       // the caller may not do this
	EUNAUTHORIZED   = "unauthenticated" // no valid credentials
	ERATELIMITED    = "rate_limited"    // too many requests; try later
	ENOTIMPLEMENTED = "not_implemented" // planned, not built yet
)

// Error is an error that is safe to show to the caller: its Message says what went wrong in
// the caller's terms, and Field names the input at fault where there is one.
type Error struct {
	Code    string
	Field   string
	Message string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("ecograph error: code=%s field=%s message=%s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("ecograph error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code string, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID *Error about the named field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: field + ": " + fmt.Sprintf(format, args...)}
}

// NotFound returns an ENOTFOUND *Error for the thing of the given kind and id.
func NotFound(kind, id string) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s %q not found", kind, id)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any other
// non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the message of the first *Error in err's chain, or "internal error"
// for any other error: text from the driver or Cypher never reaches a caller.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// ErrorField returns the field named by the first *Error in err's chain, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

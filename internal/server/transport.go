package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/), POST only.
//
// gqlgen's own POST transport answers 422 to parse and validation failures whatever the client
// accepts, writes "data": null on request errors, and echoes the whole raw body in the message of
// a JSON decoding error, which the error presenter then logs. This transport follows the
// specification instead (checked by the graphql-http audit, see internal/httpaudit):
//
//   - the response media type is application/graphql-response+json when the client asks for it
//     first, else application/json (also for */* and no Accept at all);
//   - a request that is not a well-formed GraphQL-over-HTTP request (wrong Content-Type, body not
//     a JSON object, a batch, no query, parameters of the wrong type) gets 4xx and an error with
//     extensions.code, and never an echo of the body;
//   - a GraphQL request error (the document does not parse or validate, variables do not
//     coerce, no operation of that name, over a limit) gets 200 under application/json and 400
//     under application/graphql-response+json; either way the response has no data entry.

// Media types of requests and responses.
const (
	mediaJSON            = "application/json"
	mediaGraphQLResponse = "application/graphql-response+json"
)

// Codes of the requests this transport refuses before GraphQL sees them.
const (
	codeBadRequest           = "BAD_REQUEST"
	codeUnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE"
	codeRequestTooLarge      = "REQUEST_TOO_LARGE"
	// codeOperationNotFound is what Apollo Server calls an operationName the document lacks.
	codeOperationNotFound = "OPERATION_RESOLUTION_FAILURE"
)

// postTransport is the one transport for POST /graphql.
type postTransport struct{}

var _ graphql.Transport = postTransport{}

// Supports takes every POST, so that a wrong Content-Type gets a 415 from Do rather than
// gqlgen's "transport not supported".
func (postTransport) Supports(r *http.Request) bool {
	return r.Method == http.MethodPost && r.Header.Get("Upgrade") == ""
}

// requestBody is the JSON object a client posts; each member is checked for its type by hand so
// that a wrong type is named and never echoed.
type requestBody struct {
	Query         json.RawMessage `json:"query"`
	OperationName json.RawMessage `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

func (postTransport) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	media := responseMediaType(r.Header.Get("Accept"))
	start := graphql.Now()
	params, status, err := readParams(r)
	if err != nil {
		writeResponse(w, media, status, &graphql.Response{Errors: gqlerror.List{err}})
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}

	opCtx, errs := exec.CreateOperationContext(ctx, params)
	if errs != nil {
		if opCtx != nil && opCtx.Doc != nil && opCtx.Operation == nil {
			errs = gqlerror.List{operationNotFound(params.OperationName, len(opCtx.Doc.Operations))}
		}
		status := http.StatusOK
		if media == mediaGraphQLResponse {
			status = http.StatusBadRequest
		}
		writeResponse(w, media, status, exec.DispatchError(graphql.WithOperationContext(ctx, opCtx), errs))
		return
	}
	handle, ctx := exec.DispatchOperation(ctx, opCtx)
	resp := handle(ctx)
	if timedOut(ctx) {
		writeResponse(w, media, http.StatusServiceUnavailable, &graphql.Response{Errors: gqlerror.List{timeoutError(ctx)}})
		return
	}
	writeResponse(w, media, http.StatusOK, resp)
}

// timedOut reports whether the request's deadline (withDeadline) passed while it ran: its
// answer is then 503 TIMEOUT, never data computed past the deadline or partly cut short.
func timedOut(ctx context.Context) bool {
	return errors.Is(ctx.Err(), context.DeadlineExceeded)
}

func timeoutError(ctx context.Context) *gqlerror.Error {
	err := gqlerror.Errorf("the request took too long")
	err.Extensions = map[string]any{"code": "TIMEOUT", "requestId": RequestID(ctx)}
	return err
}

// readParams checks the request's Content-Type and body and returns its GraphQL parameters, or
// the status and error that refuse it.
func readParams(r *http.Request) (*graphql.RawParams, int, *gqlerror.Error) {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil, http.StatusUnsupportedMediaType, requestError(codeUnsupportedMediaType, "the request has no Content-Type: send application/json")
	}
	mt, mp, err := mime.ParseMediaType(ct)
	if err != nil || mt != mediaJSON {
		return nil, http.StatusUnsupportedMediaType, requestError(codeUnsupportedMediaType, "unsupported Content-Type %q: send application/json", mediaTypeOnly(ct))
	}
	if cs, ok := mp["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return nil, http.StatusUnsupportedMediaType, requestError(codeUnsupportedMediaType, "unsupported charset %q: send UTF-8", cs)
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, http.StatusRequestEntityTooLarge, requestError(codeRequestTooLarge, "request body too large")
		}
		return nil, http.StatusBadRequest, requestError(codeBadRequest, "could not read the request body")
	}
	trimmed := bytes.TrimSpace(raw)
	switch {
	case len(trimmed) == 0:
		return nil, http.StatusBadRequest, requestError(codeBadRequest, "the request body is empty: send a JSON object {query, variables, operationName}")
	case trimmed[0] == '[':
		return nil, http.StatusBadRequest, requestError(codeBadRequest, "batched requests (a JSON array) are not supported: send one JSON object {query, variables, operationName} per request")
	case trimmed[0] != '{':
		return nil, http.StatusBadRequest, requestError(codeBadRequest, "the request body must be a JSON object {query, variables, operationName}")
	}
	var body requestBody
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(&body); err != nil {
		return nil, http.StatusBadRequest, requestError(codeBadRequest, "the request body is not valid JSON%s", jsonErrorAt(err))
	}
	if dec.More() {
		return nil, http.StatusBadRequest, requestError(codeBadRequest, "the request body holds more than one JSON value")
	}
	p := &graphql.RawParams{}
	if !isNull(body.Extensions) {
		if err := decodeObject(body.Extensions, &p.Extensions); err != nil {
			return nil, http.StatusBadRequest, requestError(codeBadRequest, "extensions must be a JSON object")
		}
	}
	switch {
	case isNull(body.Query):
		// A persisted query (Apollo's APQ) may leave the document out and send its hash.
		if p.Extensions["persistedQuery"] == nil {
			return nil, http.StatusBadRequest, requestError(codeBadRequest, "the request has no query: send the GraphQL document as the string member \"query\"")
		}
	case json.Unmarshal(body.Query, &p.Query) != nil:
		return nil, http.StatusBadRequest, requestError(codeBadRequest, "query must be a string")
	case strings.TrimSpace(p.Query) == "":
		return nil, http.StatusBadRequest, requestError(codeBadRequest, "the query is empty: send a GraphQL document")
	}
	if !isNull(body.OperationName) && json.Unmarshal(body.OperationName, &p.OperationName) != nil {
		return nil, http.StatusBadRequest, requestError(codeBadRequest, "operationName must be a string or null")
	}
	if !isNull(body.Variables) {
		if err := decodeObject(body.Variables, &p.Variables); err != nil {
			return nil, http.StatusBadRequest, requestError(codeBadRequest, "variables must be a JSON object or null")
		}
	}
	return p, 0, nil
}

// decodeObject decodes a JSON object, numbers kept as json.Number as gqlgen expects.
func decodeObject(raw json.RawMessage, into *map[string]any) error {
	if raw[0] != '{' {
		return errors.New("not an object")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(into)
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// jsonErrorAt says where the JSON broke, without quoting the body.
func jsonErrorAt(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return " (syntax error at byte " + strconv.FormatInt(se.Offset, 10) + ")"
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return " (it ends too early)"
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return " (" + te.Field + " has the wrong type)"
	}
	return ""
}

// mediaTypeOnly drops a Content-Type's parameters, so that nothing but a short media type is
// quoted back.
func mediaTypeOnly(ct string) string {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.TrimSpace(mt)
	if len(mt) > 64 {
		mt = mt[:64] + "..."
	}
	return mt
}

func requestError(code, format string, args ...any) *gqlerror.Error {
	return &gqlerror.Error{Message: fmt.Sprintf(format, args...), Extensions: map[string]any{"code": code}}
}

func operationNotFound(name string, operations int) *gqlerror.Error {
	switch {
	case name == "" && operations > 1:
		return requestError(codeOperationNotFound, "the document holds %d operations: name the one to run in operationName", operations)
	case name == "":
		return requestError(codeOperationNotFound, "the document holds no operation")
	default:
		return requestError(codeOperationNotFound, "the document has no operation named %q", name)
	}
}

// responseMediaType picks the response's media type from the Accept header: the acceptable type
// with the highest q (application/graphql-response+json on a tie), application/json for */*,
// application/* or no Accept header, and application/json when nothing listed is acceptable
// (the specification allows that instead of 406, and a legacy client then still gets JSON).
func responseMediaType(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return mediaJSON
	}
	best, bestQ := mediaJSON, -1.0
	for part := range strings.SplitSeq(accept, ",") {
		mt, mp, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := mp["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q <= 0 {
			continue
		}
		var candidate string
		switch mt {
		case mediaGraphQLResponse:
			candidate = mediaGraphQLResponse
		case mediaJSON, "application/*", "*/*":
			candidate = mediaJSON
		default:
			continue
		}
		if q > bestQ || (q == bestQ && candidate == mediaGraphQLResponse) {
			best, bestQ = candidate, q
		}
	}
	return best
}

// httpResponse is a GraphQL response on the wire: data is left out when there is none (a
// request error), as the GraphQL specification asks, rather than written as null.
type httpResponse struct {
	Errors     gqlerror.List   `json:"errors,omitempty"`
	Data       json.RawMessage `json:"data,omitempty"`
	Extensions map[string]any  `json:"extensions,omitempty"`
}

func writeResponse(w http.ResponseWriter, media string, status int, resp *graphql.Response) {
	if resp == nil { // an operation with no response at all (a subscription over POST)
		resp = &graphql.Response{Errors: gqlerror.List{requestError(codeBadRequest, "this operation has no response over POST")}}
		status = http.StatusBadRequest
	}
	b, err := encodeResponse(resp)
	if err != nil {
		// Only a value of ours that JSON cannot hold gets here; say so without the value.
		status = http.StatusInternalServerError
		b = []byte(`{"errors":[{"message":"internal error: the response could not be encoded","extensions":{"code":"INTERNAL"}}]}`)
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// encodeResponse writes resp as httpResponse would marshal, but copies data as gqlgen wrote it
// (valid, compact JSON) instead of letting encoding/json validate and compact it once more: the
// largest part of a route's answer, encoded once. The bytes are the same (the test compares).
func encodeResponse(resp *graphql.Response) ([]byte, error) {
	var errs, ext []byte
	var err error
	if len(resp.Errors) > 0 {
		if errs, err = json.Marshal(resp.Errors); err != nil {
			return nil, err
		}
	}
	if len(resp.Extensions) > 0 {
		if ext, err = json.Marshal(resp.Extensions); err != nil {
			return nil, err
		}
	}
	b := make([]byte, 0, len(errs)+len(resp.Data)+len(ext)+40)
	b = append(b, '{')
	for _, m := range []struct {
		name string
		raw  []byte
	}{{`"errors":`, errs}, {`"data":`, resp.Data}, {`"extensions":`, ext}} {
		if len(m.raw) == 0 {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = append(b, m.name...)
		if m.name == `"data":` && bytes.ContainsAny(m.raw, "<>&\u2028\u2029") {
			// encoding/json escapes these for HTML safety; so does the answer, byte for byte.
			var esc bytes.Buffer
			json.HTMLEscape(&esc, m.raw)
			b = append(b, esc.Bytes()...)
			continue
		}
		b = append(b, m.raw...)
	}
	return append(b, '}'), nil
}

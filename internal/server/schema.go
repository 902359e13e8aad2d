package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sync"
	"time"

	"github.com/ecograph/ecograph/graph"
	"github.com/vektah/gqlparser/v2/formatter"
)

// SchemaPath is where the schema's SDL is served (docs/api.md, "The schema").
const SchemaPath = "/schema.graphql"

var schemaSDL = sync.OnceValue(func() []byte {
	var b bytes.Buffer
	// The whole schema as the server runs it: every schema/*.graphqls file with its
	// extensions merged, types sorted by name, descriptions kept, built-ins left out.
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchema(graph.NewExecutableSchema(graph.Config{}).Schema())
	return b.Bytes()
})

// SchemaSDL returns the SDL of the whole schema, the same bytes GET /schema.graphql serves
// and `ecograph schema` prints.
func SchemaSDL() []byte { return schemaSDL() }

// schemaHandler serves SchemaSDL as text/plain (SDL has no registered media type; a browser
// shows text/plain and every GraphQL tool reads it) with a strong ETag, so clients and caches
// revalidate for free; it changes only with the binary.
func schemaHandler(private bool) http.Handler {
	sdl := SchemaSDL()
	sum := sha256.Sum256(sdl)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	cache := "public, no-cache"
	if private {
		cache = "private, no-cache"
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cache-Control", cache)
		h.Set("ETag", etag)
		http.ServeContent(w, r, "schema.graphql", time.Time{}, bytes.NewReader(sdl))
	})
}

// schemaRoute is the schema handler as the configuration wants it: without a token while
// introspection is on (what introspection would tell anyone anyway), behind the token check
// when it is off (production's default).
func schemaRoute(cfg Config, v interface {
	Middleware(http.Handler) http.Handler
}) http.Handler {
	if cfg.Introspection {
		return schemaHandler(false)
	}
	return v.Middleware(schemaHandler(true))
}

// allowGet answers an OPTIONS that is not a CORS preflight (rs/cors answers those).
func allowGet(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Allow", "GET, HEAD, OPTIONS")
	w.WriteHeader(http.StatusNoContent)
}

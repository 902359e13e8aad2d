// Package playground serves the GraphQL playground: GraphiQL, with a headers editor for the
// bearer token, from files embedded in the binary. Nothing is fetched from a CDN, so the page
// works on a machine without internet access; GraphiQL and React are vendored from npm at
// pinned versions by npm/vendor.sh and checked by this package's tests.
//
// It imports only the standard library.
package playground

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed web
var files embed.FS

// AssetPrefix is where the page's scripts and stylesheets are served.
const AssetPrefix = "/playground/"

// contentSecurityPolicy lets the page load only its own files and talk only to its own origin:
// a CDN reference slipping back in fails loudly instead of hanging offline. GraphiQL's inline
// style attributes and its inlined fonts (data: URLs) are the only allowances.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; " +
	"frame-ancestors 'none'"

// Handler serves the page at "/" and its assets under AssetPrefix; mount it on both.
func Handler() http.Handler {
	web, err := fs.Sub(files, "web")
	if err != nil {
		panic(err) // the embedded tree is fixed at build time
	}
	assets := http.StripPrefix(strings.TrimSuffix(AssetPrefix, "/"), http.FileServerFS(web))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		switch {
		case r.URL.Path == "/":
			h.Set("Cache-Control", "no-cache")
			http.ServeFileFS(w, r, web, "index.html")
		case strings.HasPrefix(r.URL.Path, AssetPrefix) && !strings.HasSuffix(r.URL.Path, "/"):
			assets.ServeHTTP(w, r)
		default:
			http.NotFound(w, r)
		}
	})
}

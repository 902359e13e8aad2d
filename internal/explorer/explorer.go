// Package explorer serves the Explorer: the web page where a seller or a partner signs in
// with a token and sees people, organisations and trusted routes as pictures. The page is
// plain ES modules (web/js, one file per view and one GraphQL helper) and Cytoscape.js's own
// module file (web/lib, vendored from npm at the version npm/package-lock.json pins; see
// npm/vendor.sh). Everything is embedded in the binary: no Node at run time.
//
// The page holds no data of its own: it calls POST /graphql with the caller's token, so it
// shows exactly what the API lets that token see. Its files are public (no token needed).
//
// It imports the standard library only.
package explorer

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed web
var files embed.FS

//go:embed documents.json
var documents []byte

// Documents returns the GraphQL documents the page sends, as an Apollo persisted query
// manifest (documents.json; the browser test keeps it complete): what a partner's trusted
// documents need for the Explorer to work (ECOGRAPH_PARTNER_TRUSTED_EXPLORER).
func Documents() []byte { return bytes.Clone(documents) }

// Web returns the page's files (index.html, app.css, js/, lib/) at the root of a read-only
// file system.
func Web() fs.FS {
	sub, err := fs.Sub(files, "web")
	if err != nil {
		panic(err) // "web" is embedded above, so fs.Sub cannot fail
	}
	return sub
}

// asset is one file, ready to serve: its bytes, a gzip copy when that is smaller, and an
// ETag from its content.
type asset struct {
	body, gz    []byte
	contentType string
	etag        string
}

var contentTypes = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".mjs":  "text/javascript; charset=utf-8",
	".svg":  "image/svg+xml",
	".txt":  "text/plain; charset=utf-8",
}

// cytoscapeStyle is the one rule Cytoscape.js puts in a <style> element of its own when it
// starts; the page's CSP allows exactly that text (by its hash) and no other inline style.
// A new Cytoscape.js version that changes it shows up as a CSP error in the browser tests.
const cytoscapeStyle = ".__________cytoscape_container { position: relative; }"

// csp lets the page load only its own files and talk only to its own origin. Cytoscape.js
// draws on a canvas and sets element styles through the DOM, which style-src does not govern.
var csp = func() string {
	sum := sha256.Sum256([]byte(cytoscapeStyle))
	return "default-src 'none'; script-src 'self'; style-src 'self' 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}()

// Handler returns the handler that serves the page's files. Mount it at /app/: a request's
// path below that prefix names the file, and the prefix itself serves index.html. Files
// are revalidated on every load (no-cache with a content ETag, so an unchanged file costs a
// 304) and gzipped for clients that accept it.
func Handler(prefix string) http.Handler {
	assets := load(Web())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, prefix)
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		a, ok := assets[path.Clean(name)]
		if !ok {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", a.contentType)
		h.Set("Cache-Control", "no-cache")
		h.Set("Vary", "Accept-Encoding")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		if a.contentType == contentTypes[".html"] {
			h.Set("Content-Security-Policy", csp)
		}
		body, etag := a.body, a.etag
		if a.gz != nil && acceptsGzip(r) {
			// The gzipped bytes are another representation: another entity tag.
			h.Set("Content-Encoding", "gzip")
			body, etag = a.gz, strings.TrimSuffix(a.etag, `"`)+`-gz"`
		}
		h.Set("ETag", etag)
		// ServeContent answers If-None-Match from the ETag header with a 304.
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// load reads every file of the page once, at start-up; the files are embedded, so an error
// here is a build defect and panics.
func load(fsys fs.FS) map[string]*asset {
	out := map[string]*asset{}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		ct, ok := contentTypes[path.Ext(name)]
		if !ok {
			ct = "application/octet-stream"
		}
		sum := sha256.Sum256(body)
		a := &asset{body: body, contentType: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		_, _ = zw.Write(body)
		_ = zw.Close()
		if buf.Len() < len(body) {
			a.gz = buf.Bytes()
		}
		out[name] = a
		return nil
	})
	if err != nil {
		panic(err)
	}
	return out
}

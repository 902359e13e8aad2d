// Package analyst serves what analysts load into Neo4j Browser: Ecograph's guide (the
// classic Browser guide format: an <article class="guide"> of slides with runnable Cypher
// over the demo's ids) and its GraSS style (people coloured by their organisation's kind,
// decision makers and blockers marked). `:play http://HOST/analyst/guide.html` and
// `:style http://HOST/analyst/style.grass` in Browser fetch them from the page, across
// origins, so both are public and allow any origin (they hold no data).
//
// It imports the standard library only.
package analyst

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"strings"
)

var (
	//go:embed guide.html
	guideHTML string
	//go:embed style.grass
	styleGrass []byte

	guide = template.Must(template.New("guide").Parse(guideHTML))
)

// Guide returns the guide's HTML with base (scheme and host, such as http://127.0.0.1:8080)
// in the commands and links that point back at Ecograph.
func Guide(base string) ([]byte, error) {
	var b bytes.Buffer
	if err := guide.Execute(&b, struct{ Base string }{strings.TrimRight(base, "/")}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Style returns the GraSS style sheet.
func Style() []byte { return styleGrass }

// Handler serves GET /analyst/guide.html and GET /analyst/style.grass, and answers CORS
// preflights for them; mount it at /analyst/ for every method. The guide's links point at
// the host the request was sent to.
func Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /analyst/guide.html", func(w http.ResponseWriter, r *http.Request) {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		body, err := Guide(scheme + "://" + r.Host)
		if err != nil {
			http.Error(w, "guide unavailable", http.StatusInternalServerError)
			return
		}
		serve(w, "text/html; charset=utf-8", body)
	})
	mux.HandleFunc("GET /analyst/style.grass", func(w http.ResponseWriter, r *http.Request) {
		serve(w, "text/plain; charset=utf-8", styleGrass)
	})
	mux.Handle("GET /analyst/", http.NotFoundHandler())
	// Browser's fetches send headers that are not CORS-safelisted (Pragma and Cache-Control
	// for the guide; others for the style, depending on its version), so they are
	// preflighted. The files are public and no credentials are involved: any header may come.
	mux.HandleFunc("OPTIONS /analyst/", func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Access-Control-Allow-Methods", "GET, OPTIONS")
		allow := "Pragma, Cache-Control"
		if asked := r.Header.Get("Access-Control-Request-Headers"); asked != "" && len(asked) <= 1024 &&
			strings.Trim(strings.ToLower(asked), "abcdefghijklmnopqrstuvwxyz0123456789-_, ") == "" {
			allow = asked
		}
		h.Set("Access-Control-Allow-Headers", allow)
		h.Set("Access-Control-Max-Age", "86400")
		w.WriteHeader(http.StatusNoContent)
	})
	return mux
}

func serve(w http.ResponseWriter, contentType string, body []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Access-Control-Allow-Origin", "*")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(body)
}

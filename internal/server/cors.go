package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/ecograph/ecograph"
	"github.com/rs/cors"
)

// CORS for partner portals (docs/http.md): browsers on the origins in Config.CORSOrigins may
// call /graphql and fetch /schema.graphql. Tokens travel in the Authorization header, never in
// cookies, so credentials are never allowed and the answer always names the one origin that
// asked, never "*".

// corsMaxAge is how long (seconds) a browser may keep a preflight's answer.
const corsMaxAge = 600

// ParseCORSOrigins reads ECOGRAPH_CORS_ORIGINS: comma-separated origins such as
// https://portal.partner.example or http://localhost:3000 (scheme, host and optional port; no
// path, no wildcard). Empty gives none: no cross-origin access.
func ParseCORSOrigins(v string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, raw := range strings.Split(v, ",") {
		o := strings.TrimSpace(raw)
		if o == "" {
			continue
		}
		if strings.Contains(o, "*") {
			return nil, ecograph.Invalid("ECOGRAPH_CORS_ORIGINS", "%q: wildcards are not allowed; list each origin (https://portal.example.com)", o)
		}
		u, err := url.Parse(o)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Hostname() == "" {
			return nil, ecograph.Invalid("ECOGRAPH_CORS_ORIGINS", "%q is not an origin: want scheme://host[:port] with http or https", o)
		}
		if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(o, "?") || strings.HasSuffix(o, "#") {
			return nil, ecograph.Invalid("ECOGRAPH_CORS_ORIGINS", "%q is not an origin: no user, path, query or fragment (scheme://host[:port])", o)
		}
		o = strings.ToLower(u.Scheme + "://" + u.Host)
		if !seen[o] {
			seen[o] = true
			out = append(out, o)
		}
	}
	return out, nil
}

// withCORS answers preflights and adds the CORS headers for the allowed origins, for the
// given methods; with no origins it returns h unchanged (same-origin only).
func withCORS(origins []string, methods []string, h http.Handler) http.Handler {
	if len(origins) == 0 {
		return h
	}
	for _, o := range origins {
		if o == "*" || strings.Contains(o, "*") {
			// ParseCORSOrigins refuses these; a Config built by hand must not slip one in.
			panic(fmt.Sprintf("server: CORS origin %q: wildcards are not allowed", o))
		}
	}
	return cors.New(cors.Options{
		AllowedOrigins: origins,
		AllowedMethods: methods,
		// What a GraphQL client sends: the token, the JSON body and its response preference.
		AllowedHeaders: []string{"Authorization", "Content-Type", "Accept"},
		// What a portal may read besides the safelisted headers: when to try again after a
		// 429, the id to quote to support, the schema's validator.
		ExposedHeaders:   []string{"Retry-After", "X-Request-Id", "ETag", "WWW-Authenticate"},
		MaxAge:           corsMaxAge,
		AllowCredentials: false,
	}).Handler(h)
}

package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/analyst"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/explorer"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/trust"
)

// config is everything the environment configures.
type config struct {
	Neo4jURI      string
	Neo4jUser     string
	Neo4jPassword string
	Neo4jDatabase string
	Addr          string
	// PublishedHost is the host clients reach the API on when that is not the listen address:
	// a container listens on 0.0.0.0 while Docker publishes it on 127.0.0.1 (docker-compose.yml
	// sets it to the host it publishes on). Empty: the listen address's host.
	PublishedHost string
	Auth          auth.Config
	Production    bool
	Introspection bool // GraphQL introspection; default on locally, off in production
	Playground    bool // the playground at /; default on locally, off in production
	StrictRoutes  bool
	PollInterval  time.Duration
	MaxSearches   int // route searches at once (ECOGRAPH_ROUTES_MAX_SEARCHES); 0: 2 x GOMAXPROCS
	TxTimeout     time.Duration
	// RatePoints and RateBurst set the per-caller token bucket on complexity points.
	RatePoints float64
	RateBurst  int
	// Trust is the trust model's parameters (ECOGRAPH_TRUST_HALF_LIFE sets the half-life).
	Trust trust.Params
	// BrowserURL is Neo4j Browser's address, which routes link to (ECOGRAPH_BROWSER_URL).
	BrowserURL string
	// CORSOrigins are the browser origins allowed to call the API (ECOGRAPH_CORS_ORIGINS).
	CORSOrigins []string
	// TrustedDocuments are the only documents partner tokens may run
	// (ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS, a manifest file); nil: no such limit.
	TrustedDocuments *server.TrustedDocuments
}

// Local defaults: the password and secret match internal/devdb/neo4j.sh and the Makefile, for
// a developer's machine only.
const (
	defaultNeo4jURI      = "bolt://127.0.0.1:7687"
	defaultNeo4jPassword = "ecograph-local"
	defaultAddr          = "127.0.0.1:8080"
	defaultJWTSecret     = "ecograph-local-development-secret-change-me"
)

func loadConfig(getenv func(string) string) (config, error) {
	or := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	c := config{
		Neo4jURI:      or("NEO4J_URI", defaultNeo4jURI),
		Neo4jUser:     or("NEO4J_USER", "neo4j"),
		Neo4jPassword: or("NEO4J_PASSWORD", defaultNeo4jPassword),
		Neo4jDatabase: getenv("NEO4J_DATABASE"),
		Addr:          or("ECOGRAPH_ADDR", defaultAddr),
		PublishedHost: getenv("ECOGRAPH_PUBLISHED_HOST"),
		Production:    getenv("ECOGRAPH_ENV") == "production",
		Auth: auth.Config{
			Algorithm: getenv("ECOGRAPH_JWT_ALG"),
			Secret:    []byte(getenv("ECOGRAPH_JWT_SECRET")),
			JWKSURL:   getenv("ECOGRAPH_JWKS_URL"),
			KeyID:     getenv("ECOGRAPH_JWT_KID"),
			Issuer:    getenv("ECOGRAPH_JWT_ISSUER"),
			Audience:  getenv("ECOGRAPH_JWT_AUDIENCE"),
		},
	}
	if len(c.Auth.Secret) == 0 && !c.Production {
		c.Auth.Secret = []byte(defaultJWTSecret)
	}
	var err error
	if c.Introspection, err = parseBool(getenv, "ECOGRAPH_INTROSPECTION", !c.Production); err != nil {
		return c, err
	}
	if c.Playground, err = parseBool(getenv, "ECOGRAPH_PLAYGROUND", !c.Production); err != nil {
		return c, err
	}
	if c.Auth.PublicKeyPEM, err = readFileEnv(getenv, "ECOGRAPH_JWT_PUBLIC_KEY_FILE"); err != nil {
		return c, err
	}
	if c.Auth.PrivateKeyPEM, err = readFileEnv(getenv, "ECOGRAPH_JWT_PRIVATE_KEY_FILE"); err != nil {
		return c, err
	}
	if c.Auth.JWKSRefreshInterval, err = parseDuration(getenv, "ECOGRAPH_JWKS_REFRESH", auth.DefaultJWKSRefreshInterval); err != nil {
		return c, err
	}
	if c.Auth.JWKSMinRefreshInterval, err = parseDuration(getenv, "ECOGRAPH_JWKS_MIN_REFRESH", auth.DefaultJWKSMinRefreshInterval); err != nil {
		return c, err
	}
	if c.RatePoints, err = parseFloat(getenv, "ECOGRAPH_RATE_POINTS_PER_SEC", 20000); err != nil {
		return c, err
	}
	burst, err := parseFloat(getenv, "ECOGRAPH_RATE_BURST", 60000)
	if err != nil {
		return c, err
	}
	c.RateBurst = int(burst)
	if c.StrictRoutes, err = parseBool(getenv, "ECOGRAPH_ROUTES_STRICT", false); err != nil {
		return c, err
	}
	if c.PollInterval, err = parseDuration(getenv, "ECOGRAPH_ROUTES_POLL", time.Second); err != nil {
		return c, err
	}
	if v := getenv("ECOGRAPH_ROUTES_MAX_SEARCHES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 4096 {
			return c, ecograph.Invalid("ECOGRAPH_ROUTES_MAX_SEARCHES", "must be a whole number from 1 to 4096, got %q", v)
		}
		c.MaxSearches = n
	}
	c.Trust = trust.DefaultParams()
	if c.Trust.HalfLife, err = parseDuration(getenv, "ECOGRAPH_TRUST_HALF_LIFE", c.Trust.HalfLife); err != nil {
		return c, err
	}
	if err := c.Trust.Validate(); err != nil {
		return c, ecograph.Invalid("ECOGRAPH_TRUST_HALF_LIFE", "%s", ecograph.ErrorMessage(err))
	}
	if c.TxTimeout, err = parseDuration(getenv, "ECOGRAPH_TX_TIMEOUT", 30*time.Second); err != nil {
		return c, err
	}
	c.BrowserURL = or("ECOGRAPH_BROWSER_URL", analyst.DefaultBrowserURL)
	if _, err := analyst.ParseBrowserURL(c.BrowserURL); err != nil {
		return c, ecograph.Invalid("ECOGRAPH_BROWSER_URL", "%v", err)
	}
	if c.CORSOrigins, err = server.ParseCORSOrigins(getenv("ECOGRAPH_CORS_ORIGINS")); err != nil {
		return c, err
	}
	if path := getenv("ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS"); path != "" {
		if c.TrustedDocuments, err = server.LoadTrustedDocuments(path); err != nil {
			return c, err
		}
	}
	withExplorer, err := parseBool(getenv, "ECOGRAPH_PARTNER_TRUSTED_EXPLORER", false)
	if err != nil {
		return c, err
	}
	if withExplorer {
		if c.TrustedDocuments == nil {
			return c, ecograph.Invalid("ECOGRAPH_PARTNER_TRUSTED_EXPLORER", "adds the Explorer's documents to ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS, which is not set")
		}
		explorerDocs, err := server.ParseTrustedDocuments(explorer.Documents())
		if err != nil {
			return c, fmt.Errorf("the Explorer's documents (internal/explorer/documents.json): %w", err)
		}
		c.TrustedDocuments = c.TrustedDocuments.With(explorerDocs)
	}
	return c, nil
}

func readFileEnv(getenv func(string) string, key string) ([]byte, error) {
	path := getenv(key)
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, ecograph.Invalid(key, "cannot read %q: %v", path, err)
	}
	return b, nil
}

func parseFloat(getenv func(string) string, key string, def float64) (float64, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) {
		return def, ecograph.Invalid(key, "must be a positive number, got %q", v)
	}
	return f, nil
}

func parseBool(getenv func(string) string, key string, def bool) (bool, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, ecograph.Invalid(key, "must be true or false, got %q", v)
	}
	return b, nil
}

func parseDuration(getenv func(string) string, key string, def time.Duration) (time.Duration, error) {
	v := getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return def, ecograph.Invalid(key, "must be a positive duration such as 500ms or 2s, got %q", v)
	}
	return d, nil
}

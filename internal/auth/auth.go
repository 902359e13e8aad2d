// Package auth verifies the JWTs that every /graphql request carries and mints tokens for
// local use.
//
// The algorithm is pinned by configuration (HS256 with a shared secret, or RS256/ES256 with a
// static PEM public key or a JWKS fetched over HTTPS), never taken from the token; `exp` is
// required; `iss` and `aud` are checked when configured. Oversized and malformed tokens are
// refused before any cryptographic or network work.
//
// It imports the domain, golang-jwt, golang-lru (the verified-token cache) and the standard
// library only.
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/golang-jwt/jwt/v5"
)

// MaxTokenBytes bounds the size of a token we are willing to parse: a larger one is refused
// before any work is done.
const MaxTokenBytes = 8 << 10

// DefaultLeeway is the clock skew tolerated on exp, nbf and iat.
const DefaultLeeway = 30 * time.Second

// The algorithms a Verifier may be pinned to.
const (
	HS256 = "HS256" // shared secret (Config.Secret); the default, for local use
	RS256 = "RS256" // RSA public keys from Config.PublicKeyPEM or Config.JWKSURL
	ES256 = "ES256" // P-256 ECDSA public keys from Config.PublicKeyPEM or Config.JWKSURL
)

// Defaults for the JWKS settings.
const (
	DefaultJWKSRefreshInterval    = time.Hour
	DefaultJWKSMinRefreshInterval = 30 * time.Second
	DefaultJWKSFetchTimeout       = 5 * time.Second
)

// Config says how tokens are verified and minted. The environment variables named in the
// comments are the ones cmd/ecograph reads and the ones error messages name.
type Config struct {
	// Algorithm is HS256 (when empty), RS256 or ES256 (ECOGRAPH_JWT_ALG). Only tokens whose
	// header names exactly this algorithm are accepted.
	Algorithm string
	// Secret is the HS256 key, at least 32 bytes (ECOGRAPH_JWT_SECRET). Ignored for RS256 and
	// ES256, so a development default may stay set.
	Secret []byte
	// PublicKeyPEM is a static RS256/ES256 public key (PKIX "PUBLIC KEY", PKCS#1 "RSA PUBLIC
	// KEY" or a "CERTIFICATE"), read from ECOGRAPH_JWT_PUBLIC_KEY_FILE. Tokens need no kid.
	PublicKeyPEM []byte
	// JWKSURL is where the RS256/ES256 keys are published (ECOGRAPH_JWKS_URL): https, or http
	// on a loopback host only. Tokens must carry a kid naming one of its keys. Set either
	// this or PublicKeyPEM.
	JWKSURL string
	// JWKSRefreshInterval is how often Start refreshes the key set in the background
	// (DefaultJWKSRefreshInterval when zero).
	JWKSRefreshInterval time.Duration
	// JWKSMinRefreshInterval bounds refreshes caused by tokens: an unknown kid triggers at
	// most one fetch per interval, so a flood of bogus kids cannot hammer the JWKS endpoint
	// (DefaultJWKSMinRefreshInterval when zero).
	JWKSMinRefreshInterval time.Duration
	// HTTPClient fetches the JWKS; nil means a client with a DefaultJWKSFetchTimeout timeout.
	HTTPClient *http.Client
	// Logger reports failed JWKS refreshes (they never reach callers); nil means slog.Default.
	Logger *slog.Logger

	// PrivateKeyPEM is the RS256/ES256 key Mint signs with (PKCS#8, PKCS#1 or SEC 1), read
	// from ECOGRAPH_JWT_PRIVATE_KEY_FILE; verifiers never need it.
	PrivateKeyPEM []byte
	// KeyID is the kid Mint puts into the tokens it signs (ECOGRAPH_JWT_KID); needed when the
	// verifiers use a JWKS.
	KeyID string

	Issuer   string        // when set, tokens must carry this iss (and minted ones do)
	Audience string        // when set, tokens must carry this aud (and minted ones do)
	Leeway   time.Duration // clock skew tolerated; DefaultLeeway when zero
}

// Claims are the claims Ecograph reads from a token.
type Claims struct {
	Role string `json:"role"`
	Org  string `json:"org,omitempty"`
	jwt.RegisteredClaims
}

// Verifier checks tokens. It is safe for concurrent use.
type Verifier struct {
	alg    string
	key    any     // HS256 secret or static public key; nil when jwks is used
	jwks   *keySet // nil unless Config.JWKSURL is set
	parser *jwt.Parser
	now    func() time.Time
	cache  *tokenCache // verified tokens (cache.go); nil with a JWKS

	started atomic.Bool
}

// NewVerifier returns a Verifier for cfg. It does no network work: with a JWKS the keys are
// fetched on first use, or eagerly by Start, which also keeps them fresh.
//
// Errors: EINVALID naming the environment variable at fault: ECOGRAPH_JWT_ALG for an
// unknown algorithm, ECOGRAPH_JWT_SECRET for a missing or short HS256 secret,
// ECOGRAPH_JWKS_URL for a bad URL or when neither or both key sources are set for RS256/ES256,
// ECOGRAPH_JWT_PUBLIC_KEY_FILE for a PEM that does not hold a usable key for the algorithm.
func NewVerifier(cfg Config) (*Verifier, error) {
	return newVerifier(cfg, time.Now)
}

func newVerifier(cfg Config, now func() time.Time) (*Verifier, error) {
	alg, err := algorithm(cfg.Algorithm)
	if err != nil {
		return nil, err
	}
	v := &Verifier{alg: alg, now: now}
	switch {
	case alg == HS256:
		if cfg.JWKSURL != "" {
			return nil, ecograph.Invalid("ECOGRAPH_JWKS_URL", "needs ECOGRAPH_JWT_ALG RS256 or ES256")
		}
		if len(cfg.PublicKeyPEM) != 0 {
			return nil, ecograph.Invalid("ECOGRAPH_JWT_PUBLIC_KEY_FILE", "needs ECOGRAPH_JWT_ALG RS256 or ES256")
		}
		if len(cfg.Secret) < 32 {
			return nil, ecograph.Invalid("ECOGRAPH_JWT_SECRET", "must be at least 32 bytes")
		}
		v.key = cfg.Secret
	case cfg.JWKSURL != "" && len(cfg.PublicKeyPEM) != 0:
		return nil, ecograph.Invalid("ECOGRAPH_JWKS_URL", "set either it or ECOGRAPH_JWT_PUBLIC_KEY_FILE, not both")
	case len(cfg.PublicKeyPEM) != 0:
		if v.key, err = parsePublicKeyPEM(cfg.PublicKeyPEM, alg); err != nil {
			return nil, ecograph.Invalid("ECOGRAPH_JWT_PUBLIC_KEY_FILE", "%v", err)
		}
	case cfg.JWKSURL != "":
		if v.jwks, err = newKeySet(cfg, alg, now); err != nil {
			return nil, err
		}
	default:
		return nil, ecograph.Invalid("ECOGRAPH_JWKS_URL", "or ECOGRAPH_JWT_PUBLIC_KEY_FILE is required for %s", alg)
	}

	if cfg.Leeway == 0 {
		cfg.Leeway = DefaultLeeway
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{alg}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(cfg.Leeway),
		jwt.WithStrictDecoding(),
		jwt.WithTimeFunc(now),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	v.parser = jwt.NewParser(opts...)
	if v.jwks == nil {
		v.cache = newTokenCache(cfg.Leeway)
	}
	return v, nil
}

// algorithm returns the canonical name of a configured algorithm; HS256 when empty.
func algorithm(s string) (string, error) {
	switch a := strings.ToUpper(strings.TrimSpace(s)); a {
	case "":
		return HS256, nil
	case HS256, RS256, ES256:
		return a, nil
	}
	return "", ecograph.Invalid("ECOGRAPH_JWT_ALG", "must be HS256, RS256 or ES256, got %q", s)
}

// Start fetches the JWKS now and refreshes it every JWKSRefreshInterval until ctx is done, so
// keys rotate without a restart. Without Start, the keys are fetched on first use and
// refreshed only when a token names an unknown kid (at most once per JWKSMinRefreshInterval).
// Start is a no-op for verifiers without a JWKS and for every call after the first.
//
// The background refresh runs even when the first fetch fails; the caller decides whether
// that failure is fatal. Errors: EINVALID naming ECOGRAPH_JWKS_URL when the first fetch
// fails or yields no usable key.
func (v *Verifier) Start(ctx context.Context) error {
	if v.jwks == nil || !v.started.CompareAndSwap(false, true) {
		return nil
	}
	err := v.jwks.refresh(ctx, true)
	go v.jwks.run(ctx)
	if err != nil {
		return ecograph.Invalid("ECOGRAPH_JWKS_URL", "could not load keys: %v", err)
	}
	return nil
}

// Verify parses and checks a token and returns its caller. It is VerifyContext without a
// request context: a JWKS fetch it triggers is bounded by the HTTP client's timeout only.
// Errors: EUNAUTHORIZED with a short reason (never the token).
func (v *Verifier) Verify(token string) (*ecograph.Caller, error) {
	return v.VerifyContext(context.Background(), token)
}

// Sentinel causes from the key lookup; reason turns them into messages.
var (
	errMissingKid      = errors.New("token has no kid")
	errUnknownKid      = errors.New("unknown kid")
	errKeysUnavailable = errors.New("signing keys unavailable")
	errWrongAlg        = errors.New("algorithm not allowed")
)

// VerifyContext parses and checks a token and returns its caller. ctx bounds the wait for a
// JWKS fetch the token triggers (the fetch itself, shared with other requests, goes on).
// Errors: EUNAUTHORIZED with a short reason (never the token).
func (v *Verifier) VerifyContext(ctx context.Context, token string) (*ecograph.Caller, error) {
	if len(token) > MaxTokenBytes {
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "token too large")
	}
	if !wellFormed(token) {
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "malformed token")
	}
	if v.cache != nil {
		if c, ok := v.cache.get(token, v.now()); ok {
			return c, nil
		}
	}
	var claims Claims
	tok, err := v.parser.ParseWithClaims(token, &claims, func(t *jwt.Token) (any, error) {
		// The parser already refused any other algorithm; checked again so that a change of
		// parser options can never hand a key to the wrong method.
		if t.Method.Alg() != v.alg {
			return nil, errWrongAlg
		}
		if v.jwks == nil {
			return v.key, nil
		}
		kid, _ := t.Header["kid"].(string)
		if kid == "" {
			return nil, errMissingKid
		}
		return v.jwks.lookup(ctx, kid)
	})
	if err != nil {
		if tok != nil {
			if alg, ok := tok.Header["alg"].(string); ok && alg != v.alg {
				err = errWrongAlg
			}
		}
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "invalid token: %s", reason(err))
	}
	c := &ecograph.Caller{Role: ecograph.CallerRole(claims.Role), OrgID: claims.Org, Subject: claims.Subject}
	if !c.Role.Valid() {
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "invalid token: unknown role")
	}
	if c.Role == ecograph.CallerPartner && c.OrgID == "" {
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "invalid token: PARTNER needs an org claim")
	}
	if v.cache != nil {
		v.cache.put(token, c, &claims, v.now())
	}
	return c, nil
}

// wellFormed reports whether token has the shape of a compact JWS: three non-empty
// base64url segments. It is the cheap gate before any decoding.
func wellFormed(token string) bool {
	dots := 0
	seg := 0
	for i := 0; i < len(token); i++ {
		switch c := token[i]; {
		case c == '.':
			if seg == 0 {
				return false
			}
			dots++
			seg = 0
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_':
			seg++
		default:
			return false
		}
	}
	return dots == 2 && seg > 0
}

// reason names the failed check without echoing anything from the token.
func reason(err error) string {
	switch {
	case errors.Is(err, errWrongAlg):
		return "algorithm not allowed"
	case errors.Is(err, errMissingKid):
		return "missing kid"
	case errors.Is(err, errUnknownKid):
		return "unknown signing key"
	case errors.Is(err, errKeysUnavailable):
		return "signing keys unavailable"
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return "signing keys unavailable"
	case errors.Is(err, jwt.ErrTokenExpired):
		return "expired"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "missing required claim"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrSignatureInvalid):
		return "bad signature"
	case errors.Is(err, jwt.ErrTokenUnverifiable):
		return "unverifiable (algorithm not allowed)"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "wrong issuer"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "wrong audience"
	case errors.Is(err, jwt.ErrTokenNotValidYet), errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "not valid yet"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "malformed"
	}
	return "rejected"
}

// Middleware puts the verified caller into each request's context; a request without a
// valid bearer token gets 401 and a JSON error, and next is not called.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Get("Authorization")
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || token == "" {
			unauthorized(w, "missing bearer token")
			return
		}
		c, err := v.VerifyContext(r.Context(), strings.TrimSpace(token))
		if err != nil {
			unauthorized(w, ecograph.ErrorMessage(err))
			return
		}
		next.ServeHTTP(w, r.WithContext(ecograph.NewContextWithCaller(r.Context(), c)))
	})
}

func unauthorized(w http.ResponseWriter, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("WWW-Authenticate", `Bearer realm="ecograph"`)
	w.WriteHeader(http.StatusUnauthorized)
	fmt.Fprintf(w, `{"errors":[{"message":%q,"extensions":{"code":"UNAUTHENTICATED"}}]}`, msg)
}

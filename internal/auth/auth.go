// Package auth verifies the JWTs that every /graphql request carries and mints tokens for
// local use. The algorithm is pinned by configuration, never taken from the token; `exp` is
// required; `iss` and `aud` are checked when configured.
//
// It imports the domain and golang-jwt only.
package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/golang-jwt/jwt/v5"
)

// MaxTokenBytes bounds the size of a token we are willing to parse: a larger one is refused
// before any work is done.
const MaxTokenBytes = 8 << 10

// DefaultLeeway is the clock skew tolerated on exp, nbf and iat.
const DefaultLeeway = 30 * time.Second

// Config says how tokens are verified and minted.
type Config struct {
	Secret   []byte        // HS256 key
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

// Verifier checks tokens.
type Verifier struct {
	cfg    Config
	parser *jwt.Parser
}

// NewVerifier returns a Verifier for cfg. Errors: EINVALID when the secret is missing or
// shorter than 32 bytes.
func NewVerifier(cfg Config) (*Verifier, error) {
	if len(cfg.Secret) < 32 {
		return nil, ecograph.Invalid("ECOGRAPH_JWT_SECRET", "must be at least 32 bytes")
	}
	if cfg.Leeway == 0 {
		cfg.Leeway = DefaultLeeway
	}
	opts := []jwt.ParserOption{
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(cfg.Leeway),
	}
	if cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(cfg.Issuer))
	}
	if cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(cfg.Audience))
	}
	return &Verifier{cfg: cfg, parser: jwt.NewParser(opts...)}, nil
}

// Verify parses and checks a token and returns its caller.
// Errors: EUNAUTHORIZED with a short reason (never the token).
func (v *Verifier) Verify(token string) (*ecograph.Caller, error) {
	if len(token) > MaxTokenBytes {
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "token too large")
	}
	if strings.Count(token, ".") != 2 {
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "malformed token")
	}
	var claims Claims
	_, err := v.parser.ParseWithClaims(token, &claims, func(t *jwt.Token) (any, error) {
		return v.cfg.Secret, nil
	})
	if err != nil {
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "invalid token: %s", reason(err))
	}
	c := &ecograph.Caller{Role: ecograph.CallerRole(claims.Role), OrgID: claims.Org, Subject: claims.Subject}
	if !c.Role.Valid() {
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "invalid token: unknown role")
	}
	if c.Role == ecograph.CallerPartner && c.OrgID == "" {
		return nil, ecograph.Errorf(ecograph.EUNAUTHORIZED, "invalid token: PARTNER needs an org claim")
	}
	return c, nil
}

// reason names the failed check without echoing anything from the token.
func reason(err error) string {
	switch {
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

// Mint returns a signed HS256 token for the caller, valid for ttl.
// Errors: EINVALID for an unknown role, a PARTNER without org, or ttl <= 0.
func Mint(cfg Config, c ecograph.Caller, ttl time.Duration, now time.Time) (string, error) {
	if !c.Role.Valid() {
		return "", ecograph.Invalid("role", "must be ADMIN, ANALYST, SELLER or PARTNER, got %q", c.Role)
	}
	if c.Role == ecograph.CallerPartner && c.OrgID == "" {
		return "", ecograph.Invalid("org", "is required for PARTNER")
	}
	if ttl <= 0 {
		return "", ecograph.Invalid("ttl", "must be positive")
	}
	if len(cfg.Secret) < 32 {
		return "", ecograph.Invalid("ECOGRAPH_JWT_SECRET", "must be at least 32 bytes")
	}
	claims := Claims{Role: string(c.Role), Org: c.OrgID, RegisteredClaims: jwt.RegisteredClaims{
		Subject:   c.Subject,
		Issuer:    cfg.Issuer,
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	if cfg.Audience != "" {
		claims.Audience = jwt.ClaimStrings{cfg.Audience}
	}
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(cfg.Secret)
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
		c, err := v.Verify(strings.TrimSpace(token))
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

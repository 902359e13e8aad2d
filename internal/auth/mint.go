package auth

import (
	"fmt"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/golang-jwt/jwt/v5"
)

// Mint returns a token for the caller, valid for ttl, signed the way cfg verifies: with the
// HS256 secret, or for RS256/ES256 with cfg.PrivateKeyPEM and cfg.KeyID as its kid.
// Errors: EINVALID for an unknown role, a PARTNER without org, ttl <= 0, or a missing or
// unusable key (naming ECOGRAPH_JWT_SECRET, ECOGRAPH_JWT_PRIVATE_KEY_FILE or ECOGRAPH_JWT_ALG).
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
	method, key, err := signingKey(cfg)
	if err != nil {
		return "", err
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
	kid := ""
	if method != jwt.SigningMethodHS256 {
		kid = cfg.KeyID
	}
	return MintWith(method, key, kid, claims)
}

// signingKey returns the method and key Mint signs with under cfg.
func signingKey(cfg Config) (jwt.SigningMethod, any, error) {
	alg, err := algorithm(cfg.Algorithm)
	if err != nil {
		return nil, nil, err
	}
	if alg == HS256 {
		if len(cfg.Secret) < 32 {
			return nil, nil, ecograph.Invalid("ECOGRAPH_JWT_SECRET", "must be at least 32 bytes")
		}
		return jwt.SigningMethodHS256, cfg.Secret, nil
	}
	if len(cfg.PrivateKeyPEM) == 0 {
		return nil, nil, ecograph.Invalid("ECOGRAPH_JWT_PRIVATE_KEY_FILE", "is required to mint %s tokens", alg)
	}
	key, err := parsePrivateKeyPEM(cfg.PrivateKeyPEM, alg)
	if err != nil {
		return nil, nil, ecograph.Invalid("ECOGRAPH_JWT_PRIVATE_KEY_FILE", "%v", err)
	}
	return jwt.GetSigningMethod(alg), key, nil
}

// MintWith signs claims with method and key, putting kid into the header when it is not
// empty. It checks nothing about the claims: it is for tests that need tokens Mint would
// never make (other algorithms, missing exp, forged keys). Errors: the signer's, for a key
// that does not fit the method.
func MintWith(method jwt.SigningMethod, key any, kid string, claims jwt.Claims) (string, error) {
	t := jwt.NewWithClaims(method, claims)
	if kid != "" {
		t.Header["kid"] = kid
	}
	s, err := t.SignedString(key)
	if err != nil {
		return "", fmt.Errorf("auth: sign %s token: %w", method.Alg(), err)
	}
	return s, nil
}

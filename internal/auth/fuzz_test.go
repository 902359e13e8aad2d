package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/golang-jwt/jwt/v5"
)

// FuzzVerify feeds arbitrary strings to an HS256, an RS256 and an ES256 verifier: none may
// panic or accept, and every refusal is an EUNAUTHORIZED error that does not echo the input.
// The seeds are near misses: tokens signed with the wrong key or algorithm, expired, or
// missing exp. Run with: go test -run '^$' -fuzz FuzzVerify ./internal/auth/
func FuzzVerify(f *testing.F) {
	now := time.Now()
	hs, err := NewVerifier(Config{Secret: testSecret})
	if err != nil {
		f.Fatal(err)
	}
	rs, err := NewVerifier(Config{Algorithm: RS256, PublicKeyPEM: publicPEM(f, &rsaKeyA().PublicKey)})
	if err != nil {
		f.Fatal(err)
	}
	es, err := NewVerifier(Config{Algorithm: ES256, PublicKeyPEM: publicPEM(f, &ecKeyA().PublicKey)})
	if err != nil {
		f.Fatal(err)
	}
	expired := claimsAt(now.Add(-2 * time.Hour))
	noExp := claimsAt(now)
	noExp.ExpiresAt = nil
	for _, seed := range []string{
		"", ".", "..", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln", strings.Repeat("A", MaxTokenBytes+1),
		mint(f, jwt.SigningMethodHS256, testSecret, "", expired),
		mint(f, jwt.SigningMethodHS256, testSecret, "", noExp),
		mint(f, jwt.SigningMethodHS256, []byte("another-secret-another-secret-another"), "", claimsAt(now)),
		mint(f, jwt.SigningMethodHS256, publicPEM(f, &rsaKeyA().PublicKey), "", claimsAt(now)),
		mint(f, jwt.SigningMethodHS256, publicPEM(f, &ecKeyA().PublicKey), "", claimsAt(now)),
		mint(f, jwt.SigningMethodRS256, rsaKeyB(), "", claimsAt(now)),
		mint(f, jwt.SigningMethodRS256, rsaKeyA(), "", expired),
		mint(f, jwt.SigningMethodES256, ecKeyB(), "", claimsAt(now)),
		mint(f, jwt.SigningMethodES256, ecKeyA(), "", noExp),
		mint(f, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "", claimsAt(now)),
		mint(f, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "", claimsAt(now)) + "c2ln",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		for name, v := range map[string]*Verifier{"HS256": hs, "RS256": rs, "ES256": es} {
			c, err := v.Verify(token)
			if err == nil {
				t.Fatalf("%s verifier accepted %q as %+v", name, token, c)
			}
			if code := ecograph.ErrorCode(err); code != ecograph.EUNAUTHORIZED {
				t.Fatalf("%s verifier: code %q for %q", name, code, token)
			}
			if msg := ecograph.ErrorMessage(err); len(token) >= 16 && strings.Contains(msg, token) {
				t.Fatalf("%s verifier echoed the token: %q", name, msg)
			}
		}
	})
}

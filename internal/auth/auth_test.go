package auth

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/golang-jwt/jwt/v5"
)

// adversarial is one token a verifier must refuse, with the reason it must give.
type adversarial struct {
	name  string
	token func(now time.Time) string
	want  string
}

// commonAttacks are refused by every verifier whatever its algorithm.
func commonAttacks(t *testing.T) []adversarial {
	return []adversarial{
		{"no token", func(time.Time) string { return "" }, "malformed token"},
		{"garbage", func(time.Time) string { return "not a token at all" }, "malformed token"},
		{"two segments", func(time.Time) string { return "eyJhbGciOiJIUzI1NiJ9.e30" }, "malformed token"},
		{"empty signature", func(time.Time) string { return "eyJhbGciOiJIUzI1NiJ9.e30." }, "malformed token"},
		{"padding", func(time.Time) string { return "eyJhbGciOiJIUzI1NiJ9.e30=.c2ln" }, "malformed token"},
		{"base64 junk", func(time.Time) string { return "AAAA.BBBB.CCCC" }, "malformed"},
		{"oversized (1 MB)", func(time.Time) string { return strings.Repeat("A", 1<<20) + ".e30.c2ln" }, "token too large"},
		{"alg none", func(now time.Time) string {
			s := mint(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "a", claimsAt(now))
			return s + "c2ln" // a non-empty signature, so it passes the shape check
		}, "algorithm not allowed"},
		{"alg none, empty signature", func(now time.Time) string {
			return mint(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "a", claimsAt(now))
		}, "malformed token"},
		{"unknown alg", func(time.Time) string {
			// {"alg":"XX999","kid":"a"}.{}.sig
			return "eyJhbGciOiJYWDk5OSIsImtpZCI6ImEifQ.e30.c2ln"
		}, "algorithm not allowed"},
		{"HS384 with the secret", func(now time.Time) string {
			return mint(t, jwt.SigningMethodHS384, testSecret, "a", claimsAt(now))
		}, "algorithm not allowed"},
		{"PS256 with the RSA key", func(now time.Time) string {
			return mint(t, jwt.SigningMethodPS256, rsaKeyA(), "a", claimsAt(now))
		}, "algorithm not allowed"},
	}
}

func TestVerifyHS256(t *testing.T) {
	clock := newFakeClock()
	v, err := newVerifier(Config{Secret: testSecret, Issuer: "ecograph", Audience: "api"}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	good := func(now time.Time) Claims {
		c := claimsAt(now)
		c.Issuer, c.Audience = "ecograph", jwt.ClaimStrings{"api"}
		return c
	}
	hs := func(c Claims) string { return mint(t, jwt.SigningMethodHS256, testSecret, "", c) }
	cases := append(commonAttacks(t), []adversarial{
		{"expired", func(now time.Time) string {
			c := good(now.Add(-2 * time.Hour))
			return hs(c)
		}, "expired"},
		{"expired beyond leeway", func(now time.Time) string {
			c := good(now)
			c.ExpiresAt = jwt.NewNumericDate(now.Add(-DefaultLeeway - time.Second))
			return hs(c)
		}, "expired"},
		{"missing exp", func(now time.Time) string {
			c := good(now)
			c.ExpiresAt = nil
			return hs(c)
		}, "missing required claim"},
		{"issued in the future", func(now time.Time) string { return hs(good(now.Add(time.Hour))) }, "not valid yet"},
		{"not before in the future", func(now time.Time) string {
			c := good(now)
			c.NotBefore = jwt.NewNumericDate(now.Add(10 * time.Minute))
			return hs(c)
		}, "not valid yet"},
		{"wrong secret", func(now time.Time) string {
			return mint(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-another"), "", good(now))
		}, "bad signature"},
		{"RS256 token", func(now time.Time) string {
			return mint(t, jwt.SigningMethodRS256, rsaKeyA(), "a", good(now))
		}, "algorithm not allowed"},
		{"ES256 token", func(now time.Time) string {
			return mint(t, jwt.SigningMethodES256, ecKeyA(), "a", good(now))
		}, "algorithm not allowed"},
		{"wrong issuer", func(now time.Time) string {
			c := good(now)
			c.Issuer = "evil"
			return hs(c)
		}, "wrong issuer"},
		{"no issuer", func(now time.Time) string {
			c := good(now)
			c.Issuer = ""
			return hs(c)
		}, "missing required claim"},
		{"wrong audience", func(now time.Time) string {
			c := good(now)
			c.Audience = jwt.ClaimStrings{"other"}
			return hs(c)
		}, "wrong audience"},
		{"unknown role", func(now time.Time) string {
			c := good(now)
			c.Role = "ROOT"
			return hs(c)
		}, "unknown role"},
		{"partner without org", func(now time.Time) string {
			c := good(now)
			c.Role = "PARTNER"
			return hs(c)
		}, "PARTNER needs an org claim"},
		{"tampered payload", func(now time.Time) string {
			tok := hs(good(now))
			other := strings.Split(hs(Claims{Role: "ADMIN", RegisteredClaims: good(now).RegisteredClaims}), ".")
			parts := strings.Split(tok, ".")
			return parts[0] + "." + other[1] + "." + parts[2]
		}, "bad signature"},
	}...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok := tc.token(clock.Now())
			c, err := v.Verify(tok)
			wantRejected(t, tok, c, err, tc.want)
		})
	}

	t.Run("happy path", func(t *testing.T) {
		c := good(clock.Now())
		c.Role, c.Org = "PARTNER", "org-1"
		caller, err := v.Verify(hs(c))
		if err != nil {
			t.Fatal(err)
		}
		want := ecograph.Caller{Role: ecograph.CallerPartner, OrgID: "org-1", Subject: "p1"}
		if *caller != want {
			t.Fatalf("caller %+v, want %+v", *caller, want)
		}
	})
	t.Run("expired within leeway", func(t *testing.T) {
		c := good(clock.Now())
		c.ExpiresAt = jwt.NewNumericDate(clock.Now().Add(-DefaultLeeway / 2))
		if _, err := v.Verify(hs(c)); err != nil {
			t.Fatal(err)
		}
	})
}

// rsaJWKSVerifier returns an RS256 verifier over a JWKS server publishing key A as kid "a".
func rsaJWKSVerifier(t *testing.T, clock *fakeClock, extra ...testKey) (*Verifier, *jwksServer) {
	t.Helper()
	srv := newJWKSServer(t, append([]testKey{{kid: "a", pub: &rsaKeyA().PublicKey}}, extra...)...)
	v, err := newVerifier(Config{Algorithm: "RS256", JWKSURL: srv.URL, Issuer: "ecograph", Audience: "api", Logger: quietLog}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	return v, srv
}

func goodClaims(now time.Time) Claims {
	c := claimsAt(now)
	c.Issuer, c.Audience = "ecograph", jwt.ClaimStrings{"api"}
	return c
}

func TestVerifyRS256JWKS(t *testing.T) {
	clock := newFakeClock()
	v, srv := rsaJWKSVerifier(t, clock, testKey{kid: "ec", pub: &ecKeyA().PublicKey})
	pub := &rsaKeyA().PublicKey
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}

	// The happy path first: it loads the key set (one request).
	tok := mint(t, jwt.SigningMethodRS256, rsaKeyA(), "a", goodClaims(clock.Now()))
	caller, err := v.Verify(tok)
	if err != nil {
		t.Fatalf("valid RS256 token: %v", err)
	}
	if caller.Role != ecograph.CallerAnalyst || caller.Subject != "p1" {
		t.Fatalf("caller %+v", caller)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Fatalf("%d JWKS requests after the first token, want 1", n)
	}

	rs := func(c Claims) string { return mint(t, jwt.SigningMethodRS256, rsaKeyA(), "a", c) }
	cases := append(commonAttacks(t), []adversarial{
		{"HS256 signed with the RS public key (PEM) as HMAC secret", func(now time.Time) string {
			return mint(t, jwt.SigningMethodHS256, publicPEM(t, pub), "a", goodClaims(now))
		}, "algorithm not allowed"},
		{"HS256 signed with the RS public key (DER) as HMAC secret", func(now time.Time) string {
			return mint(t, jwt.SigningMethodHS256, der, "a", goodClaims(now))
		}, "algorithm not allowed"},
		{"HS256 signed with the RS modulus as HMAC secret", func(now time.Time) string {
			return mint(t, jwt.SigningMethodHS256, pub.N.Bytes(), "a", goodClaims(now))
		}, "algorithm not allowed"},
		{"ES256 token naming the EC key of the same set", func(now time.Time) string {
			return mint(t, jwt.SigningMethodES256, ecKeyA(), "ec", goodClaims(now))
		}, "algorithm not allowed"},
		{"RS256 token naming the EC key's kid", func(now time.Time) string {
			return mint(t, jwt.SigningMethodRS256, rsaKeyA(), "ec", goodClaims(now))
		}, "unknown signing key"},
		{"RS256 signed by another key under the known kid", func(now time.Time) string {
			return mint(t, jwt.SigningMethodRS256, rsaKeyB(), "a", goodClaims(now))
		}, "bad signature"},
		{"missing kid", func(now time.Time) string {
			return mint(t, jwt.SigningMethodRS256, rsaKeyA(), "", goodClaims(now))
		}, "missing kid"},
		{"expired", func(now time.Time) string { return rs(goodClaims(now.Add(-2 * time.Hour))) }, "expired"},
		{"missing exp", func(now time.Time) string {
			c := goodClaims(now)
			c.ExpiresAt = nil
			return rs(c)
		}, "missing required claim"},
		{"wrong issuer", func(now time.Time) string {
			c := goodClaims(now)
			c.Issuer = "evil"
			return rs(c)
		}, "wrong issuer"},
		{"wrong audience", func(now time.Time) string {
			c := goodClaims(now)
			c.Audience = jwt.ClaimStrings{"other"}
			return rs(c)
		}, "wrong audience"},
	}...)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.hits.Load()
			tok := tc.token(clock.Now())
			c, err := v.Verify(tok)
			wantRejected(t, tok, c, err, tc.want)
			// Within the min refresh interval nothing, not even an unknown kid, refetches.
			if n := srv.hits.Load() - before; n != 0 {
				t.Fatalf("%d JWKS requests, want 0", n)
			}
		})
	}
}

// TestNoNetworkBeforeChecks: tokens refused by shape, size or algorithm never cause a fetch,
// even on a verifier that has not loaded its keys yet.
func TestNoNetworkBeforeChecks(t *testing.T) {
	clock := newFakeClock()
	v, srv := rsaJWKSVerifier(t, clock)
	pub := &rsaKeyA().PublicKey
	for _, tok := range []string{
		strings.Repeat("A", 1<<20),
		strings.Repeat("A", 1<<20) + ".e30.c2ln",
		"garbage",
		mint(t, jwt.SigningMethodHS256, publicPEM(t, pub), "a", goodClaims(clock.Now())),
		mint(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "a", goodClaims(clock.Now())) + "c2ln",
		mint(t, jwt.SigningMethodRS256, rsaKeyA(), "", goodClaims(clock.Now())), // no kid
	} {
		if c, err := v.Verify(tok); err == nil {
			t.Fatalf("accepted %+v", c)
		}
	}
	if n := srv.hits.Load(); n != 0 {
		t.Fatalf("%d JWKS requests, want 0", n)
	}
}

func TestVerifyES256JWKS(t *testing.T) {
	clock := newFakeClock()
	// The set also publishes an RSA key: an ES256 verifier must ignore it.
	srv := newJWKSServer(t,
		testKey{kid: "ec", pub: &ecKeyA().PublicKey, alg: "ES256", use: "sig"},
		testKey{kid: "rsa", pub: &rsaKeyA().PublicKey},
	)
	v, err := newVerifier(Config{Algorithm: "ES256", JWKSURL: srv.URL, Logger: quietLog}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	now := clock.Now()
	caller, err := v.Verify(mint(t, jwt.SigningMethodES256, ecKeyA(), "ec", claimsAt(now)))
	if err != nil {
		t.Fatalf("valid ES256 token: %v", err)
	}
	if caller.Role != ecograph.CallerAnalyst {
		t.Fatalf("caller %+v", caller)
	}
	cases := []adversarial{
		{"RS256 token naming the RSA key", func(now time.Time) string {
			return mint(t, jwt.SigningMethodRS256, rsaKeyA(), "rsa", claimsAt(now))
		}, "algorithm not allowed"},
		{"ES256 token naming the RSA key's kid", func(now time.Time) string {
			return mint(t, jwt.SigningMethodES256, ecKeyA(), "rsa", claimsAt(now))
		}, "unknown signing key"},
		{"ES256 signed by another key under the known kid", func(now time.Time) string {
			return mint(t, jwt.SigningMethodES256, ecKeyB(), "ec", claimsAt(now))
		}, "bad signature"},
		{"HS256 signed with the EC public key", func(now time.Time) string {
			return mint(t, jwt.SigningMethodHS256, publicPEM(t, &ecKeyA().PublicKey), "ec", claimsAt(now))
		}, "algorithm not allowed"},
		{"ES384 token", func(now time.Time) string {
			return mint(t, jwt.SigningMethodES384, mustEC384(t), "ec", claimsAt(now))
		}, "algorithm not allowed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tok := tc.token(clock.Now())
			c, err := v.Verify(tok)
			wantRejected(t, tok, c, err, tc.want)
		})
	}
}

// TestUnknownKidRefresh: an unknown kid triggers exactly one fetch, and no more within the
// minimum refresh interval, however many bogus kids arrive.
func TestUnknownKidRefresh(t *testing.T) {
	clock := newFakeClock()
	v, srv := rsaJWKSVerifier(t, clock)
	if _, err := v.Verify(mint(t, jwt.SigningMethodRS256, rsaKeyA(), "a", goodClaims(clock.Now()))); err != nil {
		t.Fatal(err)
	}
	if n := srv.hits.Load(); n != 1 {
		t.Fatalf("%d requests after the first token, want 1", n)
	}
	clock.Advance(DefaultJWKSMinRefreshInterval)

	bogus := func(kid string) {
		t.Helper()
		tok := mint(t, jwt.SigningMethodRS256, rsaKeyA(), kid, goodClaims(clock.Now()))
		c, err := v.Verify(tok)
		wantRejected(t, tok, c, err, "unknown signing key")
	}
	bogus("bogus-1")
	if n := srv.hits.Load(); n != 2 {
		t.Fatalf("%d requests after an unknown kid, want 2 (exactly one refresh)", n)
	}
	bogus("bogus-2")
	clock.Advance(DefaultJWKSMinRefreshInterval - time.Second)
	bogus("bogus-3")
	if n := srv.hits.Load(); n != 2 {
		t.Fatalf("%d requests after more unknown kids within the interval, want still 2", n)
	}

	// A flood of concurrent bogus kids after the interval: still one fetch.
	clock.Advance(time.Second)
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok := mint(t, jwt.SigningMethodRS256, rsaKeyA(), "flood-"+string(rune('a'+i%26)), goodClaims(clock.Now()))
			if _, err := v.Verify(tok); err == nil {
				t.Error("bogus kid accepted")
			}
		}()
	}
	wg.Wait()
	if n := srv.hits.Load(); n != 3 {
		t.Fatalf("%d requests after a concurrent flood, want 3", n)
	}
	// The known key still verifies without a fetch.
	if _, err := v.Verify(mint(t, jwt.SigningMethodRS256, rsaKeyA(), "a", goodClaims(clock.Now()))); err != nil {
		t.Fatal(err)
	}
	if n := srv.hits.Load(); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
}

func TestKeyRotation(t *testing.T) {
	clock := newFakeClock()
	v, srv := rsaJWKSVerifier(t, clock)
	oldTok := mint(t, jwt.SigningMethodRS256, rsaKeyA(), "a", goodClaims(clock.Now()))
	if _, err := v.Verify(oldTok); err != nil {
		t.Fatal(err)
	}

	// The issuer rotates: key A is withdrawn, key B published under kid "b".
	srv.setKeys(t, testKey{kid: "b", pub: &rsaKeyB().PublicKey})
	clock.Advance(DefaultJWKSMinRefreshInterval)
	newTok := mint(t, jwt.SigningMethodRS256, rsaKeyB(), "b", goodClaims(clock.Now()))
	if _, err := v.Verify(newTok); err != nil {
		t.Fatalf("token under the new key: %v", err)
	}
	if n := srv.hits.Load(); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
	c, err := v.Verify(oldTok)
	wantRejected(t, oldTok, c, err, "unknown signing key")
	// A token signed with the old key but claiming the new kid fails too.
	forged := mint(t, jwt.SigningMethodRS256, rsaKeyA(), "b", goodClaims(clock.Now()))
	c, err = v.Verify(forged)
	wantRejected(t, forged, c, err, "bad signature")
}

func TestFailedRefreshKeepsKeys(t *testing.T) {
	clock := newFakeClock()
	v, srv := rsaJWKSVerifier(t, clock)
	tok := mint(t, jwt.SigningMethodRS256, rsaKeyA(), "a", goodClaims(clock.Now()))
	if _, err := v.Verify(tok); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{`not json`, `{"keys":[]}`, `{"keys":[{"kty":"oct","kid":"a","k":"c2VjcmV0"}]}`} {
		srv.setBody([]byte(body))
		clock.Advance(DefaultJWKSMinRefreshInterval)
		bogus := mint(t, jwt.SigningMethodRS256, rsaKeyA(), "bogus", goodClaims(clock.Now()))
		if _, err := v.Verify(bogus); err == nil {
			t.Fatal("bogus kid accepted")
		}
		if _, err := v.Verify(tok); err != nil {
			t.Fatalf("after a failed refresh with %s: %v", body, err)
		}
	}
}

func TestKeysUnavailable(t *testing.T) {
	clock := newFakeClock()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	v, err := newVerifier(Config{Algorithm: "RS256", JWKSURL: srv.URL, Logger: quietLog}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	tok := mint(t, jwt.SigningMethodRS256, rsaKeyA(), "a", claimsAt(clock.Now()))
	c, err := v.Verify(tok)
	wantRejected(t, tok, c, err, "signing keys unavailable")
	if err := v.Start(context.Background()); ecograph.ErrorField(err) != "ECOGRAPH_JWKS_URL" {
		t.Fatalf("Start: %v, want EINVALID naming ECOGRAPH_JWKS_URL", err)
	}
}

func TestStartRefreshesInBackground(t *testing.T) {
	srv := newJWKSServer(t, testKey{kid: "a", pub: &rsaKeyA().PublicKey})
	v, err := NewVerifier(Config{Algorithm: "RS256", JWKSURL: srv.URL, JWKSRefreshInterval: 10 * time.Millisecond, Logger: quietLog})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := v.Start(ctx); err != nil {
		t.Fatal(err)
	}
	if err := v.Start(ctx); err != nil { // a second Start is a no-op
		t.Fatal(err)
	}
	if n := srv.hits.Load(); n < 1 {
		t.Fatalf("Start fetched nothing")
	}
	srv.setKeys(t, testKey{kid: "b", pub: &rsaKeyB().PublicKey})
	before := srv.hits.Load()
	deadline := time.Now().Add(5 * time.Second)
	for srv.hits.Load() < before+2 {
		if time.Now().After(deadline) {
			t.Fatal("no background refresh")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// The new key is known without a token-triggered fetch; the old one is gone.
	if _, ok := v.jwks.get("b"); !ok {
		t.Fatal("new key not loaded")
	}
	if _, ok := v.jwks.get("a"); ok {
		t.Fatal("old key still loaded")
	}
	if _, err := v.Verify(mint(t, jwt.SigningMethodRS256, rsaKeyB(), "b", claimsAt(time.Now()))); err != nil {
		t.Fatal(err)
	}
}

func TestStaticPublicKey(t *testing.T) {
	for _, tc := range []struct {
		alg    string
		method jwt.SigningMethod
		priv   any
		pub    any
	}{
		{"RS256", jwt.SigningMethodRS256, rsaKeyA(), &rsaKeyA().PublicKey},
		{"ES256", jwt.SigningMethodES256, ecKeyA(), &ecKeyA().PublicKey},
	} {
		t.Run(tc.alg, func(t *testing.T) {
			pemBytes := publicPEM(t, tc.pub)
			v, err := NewVerifier(Config{Algorithm: tc.alg, PublicKeyPEM: pemBytes, Secret: testSecret})
			if err != nil {
				t.Fatal(err)
			}
			now := time.Now()
			if _, err := v.Verify(mint(t, tc.method, tc.priv, "", claimsAt(now))); err != nil {
				t.Fatalf("valid token without kid: %v", err)
			}
			for name, tok := range map[string]string{
				"HS256 with the public key PEM":    mint(t, jwt.SigningMethodHS256, pemBytes, "", claimsAt(now)),
				"HS256 with the configured secret": mint(t, jwt.SigningMethodHS256, testSecret, "", claimsAt(now)),
			} {
				c, err := v.Verify(tok)
				if err == nil {
					t.Fatalf("%s: accepted %+v", name, c)
				}
				wantRejected(t, tok, c, err, "algorithm not allowed")
			}
		})
	}
}

func TestNewVerifierConfigErrors(t *testing.T) {
	rsaPEM := publicPEM(t, &rsaKeyA().PublicKey)
	ecPEM := publicPEM(t, &ecKeyA().PublicKey)
	for _, tc := range []struct {
		name  string
		cfg   Config
		field string
	}{
		{"no secret", Config{}, "ECOGRAPH_JWT_SECRET"},
		{"short secret", Config{Secret: []byte("short")}, "ECOGRAPH_JWT_SECRET"},
		{"unknown alg", Config{Algorithm: "none", Secret: testSecret}, "ECOGRAPH_JWT_ALG"},
		{"HS512", Config{Algorithm: "HS512", Secret: testSecret}, "ECOGRAPH_JWT_ALG"},
		{"HS256 with JWKS", Config{Secret: testSecret, JWKSURL: "https://idp.example/jwks"}, "ECOGRAPH_JWKS_URL"},
		{"HS256 with PEM", Config{Secret: testSecret, PublicKeyPEM: rsaPEM}, "ECOGRAPH_JWT_PUBLIC_KEY_FILE"},
		{"RS256 without keys", Config{Algorithm: "RS256", Secret: testSecret}, "ECOGRAPH_JWKS_URL"},
		{"RS256 with both", Config{Algorithm: "RS256", JWKSURL: "https://idp.example/jwks", PublicKeyPEM: rsaPEM}, "ECOGRAPH_JWKS_URL"},
		{"JWKS over plain http", Config{Algorithm: "RS256", JWKSURL: "http://idp.example/jwks"}, "ECOGRAPH_JWKS_URL"},
		{"JWKS relative", Config{Algorithm: "RS256", JWKSURL: "/jwks"}, "ECOGRAPH_JWKS_URL"},
		{"RS256 with an EC PEM", Config{Algorithm: "RS256", PublicKeyPEM: ecPEM}, "ECOGRAPH_JWT_PUBLIC_KEY_FILE"},
		{"ES256 with an RSA PEM", Config{Algorithm: "ES256", PublicKeyPEM: rsaPEM}, "ECOGRAPH_JWT_PUBLIC_KEY_FILE"},
		{"PEM garbage", Config{Algorithm: "RS256", PublicKeyPEM: []byte("hello")}, "ECOGRAPH_JWT_PUBLIC_KEY_FILE"},
		{"private key as public", Config{Algorithm: "RS256", PublicKeyPEM: privatePEM(t, rsaKeyA())}, "ECOGRAPH_JWT_PUBLIC_KEY_FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewVerifier(tc.cfg)
			if ecograph.ErrorCode(err) != ecograph.EINVALID || ecograph.ErrorField(err) != tc.field {
				t.Fatalf("err %v, want EINVALID naming %s", err, tc.field)
			}
		})
	}
	for _, ok := range []Config{
		{Secret: testSecret},
		{Algorithm: "rs256", JWKSURL: "https://idp.example/.well-known/jwks.json"},
		{Algorithm: "ES256", JWKSURL: "http://127.0.0.1:9/jwks"},
		{Algorithm: "ES256", JWKSURL: "http://localhost:9/jwks"},
	} {
		if _, err := NewVerifier(ok); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
}

func TestMint(t *testing.T) {
	now := time.Now()
	t.Run("HS256", func(t *testing.T) {
		cfg := Config{Secret: testSecret, Issuer: "ecograph", Audience: "api"}
		v, err := NewVerifier(cfg)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := Mint(cfg, ecograph.Caller{Role: ecograph.CallerSeller, Subject: "p9"}, time.Hour, now)
		if err != nil {
			t.Fatal(err)
		}
		c, err := v.Verify(tok)
		if err != nil || c.Role != ecograph.CallerSeller || c.Subject != "p9" {
			t.Fatalf("caller %+v, err %v", c, err)
		}
	})
	t.Run("RS256 against a JWKS", func(t *testing.T) {
		srv := newJWKSServer(t, testKey{kid: "k1", pub: &rsaKeyA().PublicKey})
		cfg := Config{Algorithm: "RS256", JWKSURL: srv.URL, PrivateKeyPEM: privatePEM(t, rsaKeyA()), KeyID: "k1", Logger: quietLog}
		v, err := NewVerifier(cfg)
		if err != nil {
			t.Fatal(err)
		}
		tok, err := Mint(cfg, ecograph.Caller{Role: ecograph.CallerAdmin}, time.Hour, now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := v.Verify(tok); err != nil {
			t.Fatal(err)
		}
	})
	for _, tc := range []struct {
		name  string
		cfg   Config
		c     ecograph.Caller
		ttl   time.Duration
		field string
	}{
		{"bad role", Config{Secret: testSecret}, ecograph.Caller{Role: "ROOT"}, time.Hour, "role"},
		{"partner without org", Config{Secret: testSecret}, ecograph.Caller{Role: ecograph.CallerPartner}, time.Hour, "org"},
		{"zero ttl", Config{Secret: testSecret}, ecograph.Caller{Role: ecograph.CallerAdmin}, 0, "ttl"},
		{"short secret", Config{Secret: []byte("x")}, ecograph.Caller{Role: ecograph.CallerAdmin}, time.Hour, "ECOGRAPH_JWT_SECRET"},
		{"RS256 without a private key", Config{Algorithm: "RS256"}, ecograph.Caller{Role: ecograph.CallerAdmin}, time.Hour, "ECOGRAPH_JWT_PRIVATE_KEY_FILE"},
		{"ES256 with an RSA key", Config{Algorithm: "ES256", PrivateKeyPEM: privatePEM(t, rsaKeyA())}, ecograph.Caller{Role: ecograph.CallerAdmin}, time.Hour, "ECOGRAPH_JWT_PRIVATE_KEY_FILE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Mint(tc.cfg, tc.c, tc.ttl, now)
			if ecograph.ErrorCode(err) != ecograph.EINVALID || ecograph.ErrorField(err) != tc.field {
				t.Fatalf("err %v, want EINVALID naming %s", err, tc.field)
			}
		})
	}
}

func TestParseJWKSSkipsUnusableKeys(t *testing.T) {
	small, err := rsaGenerate(1024)
	if err != nil {
		t.Fatal(err)
	}
	doc := jwksJSON(t,
		testKey{kid: "good", pub: &rsaKeyA().PublicKey, alg: "RS256", use: "sig"},
		testKey{kid: "", pub: &rsaKeyA().PublicKey},
		testKey{kid: "enc", pub: &rsaKeyA().PublicKey, use: "enc"},
		testKey{kid: "rs512", pub: &rsaKeyA().PublicKey, alg: "RS512"},
		testKey{kid: "small", pub: &small.PublicKey},
		testKey{kid: "ec", pub: &ecKeyA().PublicKey},
		testKey{kid: "dup", pub: &rsaKeyA().PublicKey},
		testKey{kid: "dup", pub: &rsaKeyB().PublicKey},
	)
	// Add an EC key whose point is off the curve, under an ES256 parse.
	var set map[string][]map[string]string
	if err := json.Unmarshal(doc, &set); err != nil {
		t.Fatal(err)
	}
	ecKey := set["keys"][5]
	ecKey2 := map[string]string{}
	for k, v := range ecKey {
		ecKey2[k] = v
	}
	ecKey2["kid"] = "offcurve"
	ecKey2["y"] = ecKey["x"]
	set["keys"] = append(set["keys"], ecKey2)
	doc, _ = json.Marshal(set)

	keys, err := parseJWKS(doc, RS256)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys["good"] == nil {
		t.Fatalf("RS256 keys %v, want only \"good\"", keys)
	}
	keys, err = parseJWKS(doc, ES256)
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys["ec"] == nil {
		t.Fatalf("ES256 keys %v, want only \"ec\"", keys)
	}
	if _, err := parseJWKS([]byte(`{"keys":[{"kty":"oct","kid":"x","k":"c2VjcmV0"}]}`), RS256); err == nil {
		t.Fatal("a set of HMAC keys parsed as RS256 keys")
	}
}

func TestMiddleware(t *testing.T) {
	v, err := NewVerifier(Config{Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	var got *ecograph.Caller
	h := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = ecograph.CallerFromContext(r.Context())
	}))
	good, err := Mint(Config{Secret: testSecret}, ecograph.Caller{Role: ecograph.CallerAdmin}, time.Hour, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, header, msg string
	}{
		{"no header", "", "missing bearer token"},
		{"basic auth", "Basic dXNlcjpwYXNz", "missing bearer token"},
		{"empty bearer", "Bearer ", "missing bearer token"},
		{"garbage", "Bearer garbage", "malformed token"},
		{"oversized", "Bearer " + strings.Repeat("A", 1<<20), "token too large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got = nil
			r := httptest.NewRequest("POST", "/graphql", nil)
			if tc.header != "" {
				r.Header.Set("Authorization", tc.header)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusUnauthorized || got != nil {
				t.Fatalf("status %d, next called: %v", w.Code, got != nil)
			}
			if w.Header().Get("WWW-Authenticate") == "" || w.Header().Get("Content-Type") != "application/json" {
				t.Fatalf("headers %v", w.Header())
			}
			var body struct {
				Errors []struct {
					Message    string
					Extensions struct{ Code string }
				}
			}
			if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
				t.Fatal(err)
			}
			if len(body.Errors) != 1 || body.Errors[0].Extensions.Code != "UNAUTHENTICATED" || !strings.Contains(body.Errors[0].Message, tc.msg) {
				t.Fatalf("body %s", w.Body)
			}
		})
	}
	r := httptest.NewRequest("POST", "/graphql", nil)
	r.Header.Set("Authorization", "Bearer "+good)
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusOK || got == nil || got.Role != ecograph.CallerAdmin {
		t.Fatalf("valid token: status %d, caller %+v", w.Code, got)
	}
}

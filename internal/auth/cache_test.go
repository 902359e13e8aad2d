package auth

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/golang-jwt/jwt/v5"
)

func hsVerifier(t *testing.T, clock *fakeClock) *Verifier {
	t.Helper()
	v, err := newVerifier(Config{Secret: testSecret}, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	if v.cache == nil {
		t.Fatal("an HS256 verifier has no token cache")
	}
	return v
}

// A cached token expires exactly when it would have without the cache: at exp plus the leeway.
func TestTokenCacheHonoursExp(t *testing.T) {
	clock := newFakeClock()
	v := hsVerifier(t, clock)
	c := claimsAt(clock.Now())
	c.ExpiresAt = jwt.NewNumericDate(clock.Now().Add(10 * time.Second)) // well inside cacheMaxAge
	tok := mint(t, jwt.SigningMethodHS256, testSecret, "", c)
	for range 2 { // verified, then from the cache
		if _, err := v.Verify(tok); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := v.cache.get(tok, clock.Now()); !ok {
		t.Fatal("a verified token was not cached")
	}
	clock.Advance(10*time.Second + DefaultLeeway - time.Second)
	if _, err := v.Verify(tok); err != nil {
		t.Fatalf("within the leeway: %v", err)
	}
	clock.Advance(time.Second)
	caller, err := v.Verify(tok)
	wantRejected(t, tok, caller, err, "expired")
}

// A token is cached only once it passed; one whose nbf lies ahead is refused until then, and
// a token differing from a cached one in any byte is verified in full.
func TestTokenCacheExactKeyAndNbf(t *testing.T) {
	clock := newFakeClock()
	v := hsVerifier(t, clock)
	c := claimsAt(clock.Now())
	c.NotBefore = jwt.NewNumericDate(clock.Now().Add(5 * time.Minute))
	early := mint(t, jwt.SigningMethodHS256, testSecret, "", c)
	caller, err := v.Verify(early)
	wantRejected(t, early, caller, err, "not valid yet")
	if _, ok := v.cache.lru.Peek(early); ok {
		t.Fatal("a refused token was cached")
	}

	good := mint(t, jwt.SigningMethodHS256, testSecret, "", claimsAt(clock.Now()))
	if _, err := v.Verify(good); err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(good, ".")
	sig := []byte(parts[2])
	if sig[0] == 'A' { // another base64url character: another signature, still well formed
		sig[0] = 'B'
	} else {
		sig[0] = 'A'
	}
	tampered := parts[0] + "." + parts[1] + "." + string(sig)
	caller, err = v.Verify(tampered)
	wantRejected(t, tampered, caller, err, "bad signature")
	// The same claims signed with another secret: same payload, other signature.
	other := mint(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-another"), "", claimsAt(clock.Now()))
	caller, err = v.Verify(other)
	wantRejected(t, other, caller, err, "bad signature")
}

// Entries live at most cacheMaxAge; every hit returns its own copy of the caller; the cache
// holds at most cacheEntries tokens and none over cacheMaxTokenBytes; a JWKS verifier has none.
func TestTokenCacheBounds(t *testing.T) {
	clock := newFakeClock()
	v := hsVerifier(t, clock)
	tok := mint(t, jwt.SigningMethodHS256, testSecret, "", claimsAt(clock.Now()))
	first, err := v.Verify(tok)
	if err != nil {
		t.Fatal(err)
	}
	first.Role = ecograph.CallerAdmin // a resolver that scribbles on its caller
	again, err := v.Verify(tok)
	if err != nil || again.Role != ecograph.CallerAnalyst || again == first {
		t.Fatalf("cached caller %+v (%v), want a fresh ANALYST", again, err)
	}
	clock.Advance(cacheMaxAge)
	if _, ok := v.cache.get(tok, clock.Now()); ok {
		t.Fatal("an entry outlived cacheMaxAge")
	}

	big := claimsAt(clock.Now())
	big.Subject = strings.Repeat("x", cacheMaxTokenBytes)
	bigTok := mint(t, jwt.SigningMethodHS256, testSecret, "", big)
	if _, err := v.Verify(bigTok); err != nil {
		t.Fatal(err)
	}
	if _, ok := v.cache.lru.Peek(bigTok); ok {
		t.Fatal("a token over cacheMaxTokenBytes was cached")
	}
	for i := range cacheEntries + 50 {
		c := claimsAt(clock.Now())
		c.Subject = fmt.Sprint("p", i)
		if _, err := v.Verify(mint(t, jwt.SigningMethodHS256, testSecret, "", c)); err != nil {
			t.Fatal(err)
		}
	}
	if n := v.cache.lru.Len(); n > cacheEntries {
		t.Fatalf("%d cached tokens, bound %d", n, cacheEntries)
	}

	jwks, _ := rsaJWKSVerifier(t, clock)
	if jwks.cache != nil {
		t.Fatal("a JWKS verifier caches tokens: a withdrawn key would outlive its refresh")
	}
}

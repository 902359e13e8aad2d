package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/golang-jwt/jwt/v5"
)

// Keys are generated once per test binary: RSA generation is slow.
var (
	rsaKeyA = sync.OnceValue(func() *rsa.PrivateKey { return mustRSA() })
	rsaKeyB = sync.OnceValue(func() *rsa.PrivateKey { return mustRSA() })
	ecKeyA  = sync.OnceValue(func() *ecdsa.PrivateKey { return mustEC() })
	ecKeyB  = sync.OnceValue(func() *ecdsa.PrivateKey { return mustEC() })
)

func mustRSA() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
}

func mustEC() *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	return k
}

var testSecret = []byte("test-secret-test-secret-test-secret!")

// fakeClock is a settable clock for the verifier and its key set.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1_800_000_000, 0)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// jwksServer serves a key set that tests may swap, and counts requests.
type jwksServer struct {
	*httptest.Server
	mu   sync.Mutex
	body []byte
	hits atomic.Int64
}

// testKey is a public key published under kid.
type testKey struct {
	kid string
	pub any
	alg string // optional "alg" member
	use string // optional "use" member
}

func newJWKSServer(t testing.TB, keys ...testKey) *jwksServer {
	t.Helper()
	s := &jwksServer{}
	s.setKeys(t, keys...)
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.hits.Add(1)
		s.mu.Lock()
		body := s.body
		s.mu.Unlock()
		w.Header().Set("Content-Type", "application/jwk-set+json")
		_, _ = w.Write(body)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) setKeys(t testing.TB, keys ...testKey) {
	t.Helper()
	s.setBody(jwksJSON(t, keys...))
}

func (s *jwksServer) setBody(b []byte) {
	s.mu.Lock()
	s.body = b
	s.mu.Unlock()
}

func jwksJSON(t testing.TB, keys ...testKey) []byte {
	t.Helper()
	enc := base64.RawURLEncoding.EncodeToString
	var out []map[string]string
	for _, k := range keys {
		m := map[string]string{"kid": k.kid}
		switch pub := k.pub.(type) {
		case *rsa.PublicKey:
			m["kty"] = "RSA"
			m["n"] = enc(pub.N.Bytes())
			m["e"] = enc(big.NewInt(int64(pub.E)).Bytes())
		case *ecdsa.PublicKey:
			b, err := pub.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			m["kty"] = "EC"
			m["crv"] = "P-256"
			m["x"] = enc(b[1:33])
			m["y"] = enc(b[33:])
		default:
			t.Fatalf("unsupported key %T", pub)
		}
		if k.alg != "" {
			m["alg"] = k.alg
		}
		if k.use != "" {
			m["use"] = k.use
		}
		out = append(out, m)
	}
	b, err := json.Marshal(map[string]any{"keys": out})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func publicPEM(t testing.TB, pub any) []byte {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})
}

func privatePEM(t testing.TB, key any) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// claimsAt returns valid ANALYST claims issued at now, expiring in an hour.
func claimsAt(now time.Time) Claims {
	return Claims{Role: "ANALYST", RegisteredClaims: jwt.RegisteredClaims{
		Subject:   "p1",
		IssuedAt:  jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour)),
	}}
}

func mint(t testing.TB, method jwt.SigningMethod, key any, kid string, claims jwt.Claims) string {
	t.Helper()
	s, err := MintWith(method, key, kid, claims)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// wantRejected checks that err is an EUNAUTHORIZED error whose message contains want and
// does not echo the token.
func wantRejected(t *testing.T, token string, c *ecograph.Caller, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted (caller %+v), want rejection %q", c, want)
	}
	if code := ecograph.ErrorCode(err); code != ecograph.EUNAUTHORIZED {
		t.Fatalf("code %q (%v), want %q", code, err, ecograph.EUNAUTHORIZED)
	}
	msg := ecograph.ErrorMessage(err)
	if !strings.Contains(msg, want) {
		t.Fatalf("message %q, want it to contain %q", msg, want)
	}
	if len(token) >= 8 && strings.Contains(msg, token) {
		t.Fatalf("message %q echoes the token", msg)
	}
	for _, part := range strings.Split(token, ".") {
		if len(part) >= 8 && strings.Contains(msg, part) {
			t.Fatalf("message %q echoes part of the token", msg)
		}
	}
}

func mustEC384(t testing.TB) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func rsaGenerate(bits int) (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, bits) }

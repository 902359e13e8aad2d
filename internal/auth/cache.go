package auth

import (
	"time"

	"github.com/ecograph/ecograph"
	lru "github.com/hashicorp/golang-lru/v2"
)

// Verified tokens are cached, so that a client sending the same token with every request pays
// for the signature check and the claims' JSON once (about a tenth of a route query's time in
// the API's CPU profile; docs/benchmarks.md, "GraphQL overhead and the load generator").
//
// The cache is safe because:
//   - the key is the token's exact text: a token differing in any byte (another signature,
//     payload or header) is a miss and verified in full;
//   - only tokens that passed every check are stored, with the caller they gave;
//   - a hit re-checks exp, nbf and iat against the clock with the same leeway as the parser, so
//     a cached token expires exactly when it would have;
//   - an entry is used for at most cacheMaxAge, and only verifiers with a static key (HS256 or
//     a PEM public key) cache: with a JWKS a withdrawn key must stop its tokens at the next
//     refresh, which the cache would outlive;
//   - it holds at most cacheEntries tokens of at most cacheMaxTokenBytes each (LRU), so a flood
//     of distinct valid tokens costs a bounded amount of memory (about 20 MB at worst).
const (
	cacheEntries       = 10000
	cacheMaxTokenBytes = 2048
	cacheMaxAge        = time.Minute
)

type verified struct {
	caller        ecograph.Caller
	exp, nbf, iat time.Time // zero: the claim was absent
	added         time.Time
}

type tokenCache struct {
	lru    *lru.Cache[string, verified]
	leeway time.Duration
}

func newTokenCache(leeway time.Duration) *tokenCache {
	c, err := lru.New[string, verified](cacheEntries)
	if err != nil { // only for a size below 1
		panic(err)
	}
	return &tokenCache{lru: c, leeway: leeway}
}

// get returns the caller of a token verified before, when its claims still hold at now.
func (c *tokenCache) get(token string, now time.Time) (*ecograph.Caller, bool) {
	e, ok := c.lru.Get(token)
	if !ok {
		return nil, false
	}
	if now.Sub(e.added) >= cacheMaxAge || now.Before(e.added) ||
		!now.Add(-c.leeway).Before(e.exp) || // jwt: expired when now-leeway is not before exp
		(!e.nbf.IsZero() && now.Add(c.leeway).Before(e.nbf)) ||
		(!e.iat.IsZero() && now.Add(c.leeway).Before(e.iat)) {
		c.lru.Remove(token)
		return nil, false
	}
	caller := e.caller // a copy: no request shares another's caller
	return &caller, true
}

// put remembers a token that passed every check, with its time claims.
func (c *tokenCache) put(token string, caller *ecograph.Caller, claims *Claims, now time.Time) {
	if len(token) > cacheMaxTokenBytes || claims.ExpiresAt == nil {
		return
	}
	e := verified{caller: *caller, exp: claims.ExpiresAt.Time, added: now}
	if claims.NotBefore != nil {
		e.nbf = claims.NotBefore.Time
	}
	if claims.IssuedAt != nil {
		e.iat = claims.IssuedAt.Time
	}
	c.lru.Add(token, e)
}

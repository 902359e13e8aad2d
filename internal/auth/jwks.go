package auth

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecograph/ecograph"
)

// maxJWKSBytes bounds a key set document; real ones are a few kilobytes.
const maxJWKSBytes = 1 << 20

// errRefreshLimited says a refresh was skipped because the last one was too recent.
var errRefreshLimited = errors.New("jwks refresh rate-limited")

// keySet holds the verification keys of a JWKS by kid. Readers never block: the map is
// replaced whole on each successful refresh. Refreshes are shared (one fetch in flight at a
// time) and, unless forced by the background loop, at most one per minRefresh.
type keySet struct {
	url        string
	alg        string
	client     *http.Client
	timeout    time.Duration
	interval   time.Duration
	minRefresh time.Duration
	now        func() time.Time
	log        *slog.Logger

	keys atomic.Pointer[map[string]any] // nil until the first successful fetch

	mu          sync.Mutex
	lastAttempt time.Time     // guarded by mu
	inflight    chan struct{} // guarded by mu; closed when the running fetch ends
}

func newKeySet(cfg Config, alg string, now func() time.Time) (*keySet, error) {
	u, err := url.Parse(cfg.JWKSURL)
	if err != nil || u.Host == "" {
		return nil, ecograph.Invalid("ECOGRAPH_JWKS_URL", "must be an absolute https URL")
	}
	if u.Scheme != "https" && (u.Scheme != "http" || !loopback(u.Hostname())) {
		return nil, ecograph.Invalid("ECOGRAPH_JWKS_URL", "must use https (http only on a loopback host)")
	}
	s := &keySet{
		url:        u.String(),
		alg:        alg,
		client:     cfg.HTTPClient,
		interval:   cfg.JWKSRefreshInterval,
		minRefresh: cfg.JWKSMinRefreshInterval,
		now:        now,
		log:        cfg.Logger,
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: DefaultJWKSFetchTimeout}
	}
	// A caller's client without a timeout still may not hang a fetch forever.
	if s.timeout = s.client.Timeout; s.timeout <= 0 {
		s.timeout = DefaultJWKSFetchTimeout
	}
	if s.interval <= 0 {
		s.interval = DefaultJWKSRefreshInterval
	}
	if s.minRefresh <= 0 {
		s.minRefresh = DefaultJWKSMinRefreshInterval
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	return s, nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *keySet) get(kid string) (any, bool) {
	m := s.keys.Load()
	if m == nil {
		return nil, false
	}
	k, ok := (*m)[kid]
	return k, ok
}

// lookup returns the key named kid, refreshing the set once (rate-limited) when it is
// unknown. Errors: errUnknownKid, errKeysUnavailable (no key set ever loaded), or ctx's error.
func (s *keySet) lookup(ctx context.Context, kid string) (any, error) {
	if k, ok := s.get(kid); ok {
		return k, nil
	}
	err := s.refresh(ctx, false)
	if k, ok := s.get(kid); ok {
		return k, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	if s.keys.Load() == nil {
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errKeysUnavailable, err)
		}
		return nil, errKeysUnavailable
	}
	return nil, errUnknownKid
}

// refresh fetches the key set and replaces the keys when it holds a usable one. A refresh
// already in flight is joined rather than repeated; without force, a refresh within
// minRefresh of the last attempt (successful or not) is skipped with errRefreshLimited.
func (s *keySet) refresh(ctx context.Context, force bool) error {
	s.mu.Lock()
	if ch := s.inflight; ch != nil {
		s.mu.Unlock()
		select {
		case <-ch:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	now := s.now()
	if !force && !s.lastAttempt.IsZero() && now.Sub(s.lastAttempt) < s.minRefresh {
		s.mu.Unlock()
		return errRefreshLimited
	}
	s.lastAttempt = now
	ch := make(chan struct{})
	s.inflight = ch
	s.mu.Unlock()

	keys, err := s.fetch(ctx)
	if err == nil {
		s.keys.Store(&keys)
	} else {
		s.log.Warn("jwks refresh failed; keeping the previous keys", "url", s.url, "err", err)
	}

	s.mu.Lock()
	s.inflight = nil
	s.mu.Unlock()
	close(ch)
	return err
}

// fetch downloads and parses the key set. The fetch is shared by every request waiting for
// it, so it does not end when the request that started it goes away; the timeout bounds it.
func (s *keySet) fetch(ctx context.Context) (map[string]any, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET key set: status %s", resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxJWKSBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read key set: %w", err)
	}
	if len(data) > maxJWKSBytes {
		return nil, fmt.Errorf("key set larger than %d bytes", maxJWKSBytes)
	}
	return parseJWKS(data, s.alg)
}

// run refreshes the key set every interval until ctx is done; failures are logged by refresh
// and the previous keys stay in use.
func (s *keySet) run(ctx context.Context) {
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.safeRefresh(ctx)
		}
	}
}

// safeRefresh refreshes the keys and recovers from a panic in doing so (a malformed key set
// must not take the API down): the old keys stay in use and the next tick tries again.
func (s *keySet) safeRefresh(ctx context.Context) {
	defer func() {
		if v := recover(); v != nil && s.log != nil {
			s.log.Error("jwks: recovered a panic while refreshing keys", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
		}
	}()
	_ = s.refresh(ctx, true)
}

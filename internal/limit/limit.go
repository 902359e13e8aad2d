// Package limit rate-limits callers by the complexity points their requests cost: one token
// bucket per key (a token's subject, say), refilled at a steady rate up to a burst.
//
// It is pure: no I/O and no clock of its own (every call is given the time), and it imports
// only the standard library and golang.org/x/time/rate.
package limit

import (
	"container/list"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// DefaultMaxKeys bounds the number of buckets a Limiter keeps unless WithMaxKeys says otherwise.
const DefaultMaxKeys = 100_000

// ErrCostExceedsBurst is Take's answer to a cost larger than the burst: the bucket can never
// hold that many points, so waiting does not help.
var ErrCostExceedsBurst = errors.New("limit: cost exceeds the burst")

// LimitedError is Take's answer to a cost the key's bucket cannot pay yet.
type LimitedError struct {
	RetryAfter time.Duration // when the bucket will hold the cost, if nothing else is spent
}

// Error implements the error interface.
func (e *LimitedError) Error() string {
	return fmt.Sprintf("limit: rate limited; retry after %s", e.RetryAfter)
}

// Limiter holds a token bucket per key. Buckets are created full on a key's first request and
// dropped when idle; it is safe for concurrent use.
//
// Memory is bounded twice: a bucket idle for the idle TTL is evicted (losslessly: the TTL is
// at least the time a bucket takes to refill, so a recreated bucket is the same full bucket),
// and at most the maximum number of keys are kept, the least recently used evicted first (this
// eviction may hand a busy key a fresh, full bucket; it only happens under key floods).
type Limiter struct {
	limit   rate.Limit
	burst   int
	idleTTL time.Duration
	maxKeys int

	mu      sync.Mutex
	buckets map[string]*list.Element // of *bucket
	lru     list.List                // of *bucket, most recently used at the front
}

type bucket struct {
	key  string
	lim  *rate.Limiter
	last time.Time // latest time the key was seen
}

// Option adjusts a Limiter built by New.
type Option func(*Limiter)

// WithMaxKeys bounds the number of buckets kept (DefaultMaxKeys by default); n < 1 is ignored.
func WithMaxKeys(n int) Option {
	return func(l *Limiter) {
		if n >= 1 {
			l.maxKeys = n
		}
	}
}

// New returns a Limiter whose buckets refill at ratePerSecond points per second and hold at
// most burst points. A bucket unused for idleTTL is evicted; idleTTL is raised to the time an
// empty bucket takes to refill (burst/ratePerSecond) when it is shorter, so eviction never
// forgives a debt. New panics when ratePerSecond is not a positive finite number or burst < 1:
// those are programming errors, and a caller that wants no limit should not build a Limiter.
func New(ratePerSecond float64, burst int, idleTTL time.Duration, opts ...Option) *Limiter {
	if !(ratePerSecond > 0) || math.IsInf(ratePerSecond, 0) {
		panic(fmt.Sprintf("limit.New: rate %v must be positive and finite", ratePerSecond))
	}
	if burst < 1 {
		panic(fmt.Sprintf("limit.New: burst %d must be at least 1", burst))
	}
	refill := seconds(float64(burst) / ratePerSecond)
	if idleTTL < refill {
		idleTTL = refill
	}
	l := &Limiter{
		limit:   rate.Limit(ratePerSecond),
		burst:   burst,
		idleTTL: idleTTL,
		maxKeys: DefaultMaxKeys,
		buckets: map[string]*list.Element{},
	}
	for _, o := range opts {
		o(l)
	}
	return l
}

// Allow spends cost points from key's bucket at time now when it holds them.
//
// It returns (true, 0) when the cost is paid (a cost <= 0 is always paid and touches nothing),
// (false, d) with d > 0 when the bucket will hold the cost after d (rounded up to the
// millisecond), and (false, 0) when cost exceeds the burst and can never be paid. Take returns
// the same answers as errors.
func (l *Limiter) Allow(key string, cost int, now time.Time) (ok bool, retryAfter time.Duration) {
	err := l.Take(key, cost, now)
	var limited *LimitedError
	switch {
	case err == nil:
		return true, 0
	case errors.As(err, &limited):
		return false, limited.RetryAfter
	}
	return false, 0
}

// Take spends cost points from key's bucket at time now when it holds them. A refused cost
// spends nothing. Errors: ErrCostExceedsBurst when cost is larger than the burst (nothing is
// recorded for the key), *LimitedError with the time to wait otherwise.
func (l *Limiter) Take(key string, cost int, now time.Time) error {
	if cost <= 0 {
		return nil
	}
	if cost > l.burst {
		return ErrCostExceedsBurst
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.evictIdle(now)
	b := l.bucket(key, now)
	// A bucket's time never runs backwards: a caller passing an earlier time than one
	// already seen (a concurrent caller, a stepped clock) is treated as arriving then.
	at := b.last
	if b.lim.AllowN(at, cost) {
		return nil
	}
	missing := float64(cost) - b.lim.TokensAt(at)
	wait := seconds(missing / float64(l.limit))
	// Rounded up so that a caller retrying after exactly RetryAfter is not refused again.
	wait = min(wait+time.Millisecond-1, maxWait).Truncate(time.Millisecond)
	if wait <= 0 {
		wait = time.Millisecond
	}
	// Floating-point refill may fall a hair short of the cost at exactly at+wait.
	for i := 0; i < 3 && b.lim.TokensAt(at.Add(wait)) < float64(cost); i++ {
		wait += time.Millisecond
	}
	wait = min(wait+at.Sub(now), maxWait)
	return &LimitedError{RetryAfter: wait}
}

// Remaining returns the points key's bucket holds at now (the burst for a key not seen, or
// idle long enough to be full), and how long until it is full again if nothing is spent.
func (l *Limiter) Remaining(key string, now time.Time) (points float64, untilFull time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	e, ok := l.buckets[key]
	if !ok {
		return float64(l.burst), 0
	}
	b := e.Value.(*bucket)
	at := b.last
	if now.After(at) {
		at = now
	}
	points = min(b.lim.TokensAt(at), float64(l.burst))
	untilFull = seconds((float64(l.burst) - points) / float64(l.limit))
	return points, untilFull
}

// Rate returns the points a bucket earns per second.
func (l *Limiter) Rate() float64 { return float64(l.limit) }

// Burst returns the most points a single request may cost.
func (l *Limiter) Burst() int { return l.burst }

// Len returns the number of buckets kept.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}

// bucket returns key's bucket, marked as used at now, creating it full (and making room for
// it) when there is none. l.mu must be held.
func (l *Limiter) bucket(key string, now time.Time) *bucket {
	if e, ok := l.buckets[key]; ok {
		b := e.Value.(*bucket)
		if now.After(b.last) {
			b.last = now
		}
		l.lru.MoveToFront(e)
		return b
	}
	for len(l.buckets) >= l.maxKeys {
		l.remove(l.lru.Back())
	}
	b := &bucket{key: key, lim: rate.NewLimiter(l.limit, l.burst), last: now}
	l.buckets[key] = l.lru.PushFront(b)
	return b
}

// evictIdle drops the buckets unused for idleTTL, oldest first. The list is in order of use,
// so it stops at the first bucket still in use; callers passing slightly out-of-order times
// only delay an eviction. l.mu must be held.
func (l *Limiter) evictIdle(now time.Time) {
	for e := l.lru.Back(); e != nil; e = l.lru.Back() {
		if now.Sub(e.Value.(*bucket).last) < l.idleTTL {
			return
		}
		l.remove(e)
	}
}

func (l *Limiter) remove(e *list.Element) {
	delete(l.buckets, e.Value.(*bucket).key)
	l.lru.Remove(e)
}

// maxWait caps durations computed from tiny rates, far from time.Duration's overflow.
const maxWait = 100 * 365 * 24 * time.Hour

// seconds converts s seconds to a duration, rounded up and capped at maxWait.
func seconds(s float64) time.Duration {
	if ns := math.Ceil(s * float64(time.Second)); ns < float64(maxWait) {
		return time.Duration(ns)
	}
	return maxWait
}

package limit

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var t0 = time.Unix(1_800_000_000, 0)

func TestAllow(t *testing.T) {
	type step struct {
		at    time.Duration // since t0
		key   string
		cost  int
		ok    bool
		retry time.Duration
	}
	// 10 points per second, burst 100.
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"burst then refusal", []step{
			{0, "a", 60, true, 0},
			{0, "a", 40, true, 0},
			{0, "a", 1, false, 100 * time.Millisecond},
			{0, "a", 50, false, 5 * time.Second},
		}},
		{"refill", []step{
			{0, "a", 100, true, 0},
			{0, "a", 30, false, 3 * time.Second},
			{2 * time.Second, "a", 30, false, time.Second},
			{3 * time.Second, "a", 30, true, 0},
			{3 * time.Second, "a", 1, false, 100 * time.Millisecond},
		}},
		{"refill caps at the burst", []step{
			{0, "a", 100, true, 0},
			{time.Hour, "a", 100, true, 0},
			{time.Hour, "a", 1, false, 100 * time.Millisecond},
		}},
		{"a refusal spends nothing", []step{
			{0, "a", 90, true, 0},
			{0, "a", 20, false, time.Second},
			{0, "a", 20, false, time.Second},
			{0, "a", 10, true, 0},
		}},
		{"per-key isolation", []step{
			{0, "a", 100, true, 0},
			{0, "a", 1, false, 100 * time.Millisecond},
			{0, "b", 100, true, 0},
			{0, "", 100, true, 0},
		}},
		{"cost larger than the burst", []step{
			{0, "a", 101, false, 0},
			{0, "a", 100, true, 0}, // the refused cost spent nothing
			{time.Hour, "a", 1_000_000, false, 0},
		}},
		{"zero and negative costs are free", []step{
			{0, "a", 100, true, 0},
			{0, "a", 0, true, 0},
			{0, "a", -5, true, 0},
			{0, "a", 1, false, 100 * time.Millisecond},
		}},
		{"retry after rounds up to the millisecond", []step{
			{0, "a", 100, true, 0},
			{50 * time.Millisecond, "a", 1, false, 50 * time.Millisecond},
			{50*time.Millisecond + 300*time.Microsecond, "a", 1, false, 50 * time.Millisecond},
			{100 * time.Millisecond, "a", 1, true, 0},
		}},
		{"an earlier time counts as the latest seen", []step{
			{10 * time.Second, "a", 100, true, 0},
			{5 * time.Second, "a", 1, false, 5*time.Second + 100*time.Millisecond},
			{10*time.Second + 100*time.Millisecond, "a", 1, true, 0},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := New(10, 100, time.Hour)
			for i, s := range tc.steps {
				ok, retry := l.Allow(s.key, s.cost, t0.Add(s.at))
				if ok != s.ok || retry != s.retry {
					t.Fatalf("step %d %+v: got (%v, %v)", i, s, ok, retry)
				}
			}
		})
	}
}

func TestTakeErrors(t *testing.T) {
	l := New(1, 5, 0)
	if err := l.Take("a", 6, t0); !errors.Is(err, ErrCostExceedsBurst) {
		t.Fatalf("cost > burst: %v", err)
	}
	if l.Len() != 0 {
		t.Fatalf("a cost larger than the burst created a bucket")
	}
	if err := l.Take("a", 5, t0); err != nil {
		t.Fatal(err)
	}
	var limited *LimitedError
	if err := l.Take("a", 2, t0); !errors.As(err, &limited) || limited.RetryAfter != 2*time.Second {
		t.Fatalf("got %v, want a LimitedError of 2s", err)
	}
	if l.Burst() != 5 {
		t.Fatalf("Burst %d", l.Burst())
	}
}

// TestRetryAfterIsEnough: waiting exactly RetryAfter always suffices, whatever the rates.
func TestRetryAfterIsEnough(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		rps := []float64{0.3, 1, 3.7, 10, 333.3, 1e6}[i%6]
		burst := 1 + r.IntN(500)
		l := New(rps, burst, time.Hour)
		now := t0
		for range 20 {
			cost := 1 + r.IntN(burst)
			ok, retry := l.Allow("k", cost, now)
			if !ok {
				if retry <= 0 {
					t.Fatalf("rate %v burst %d cost %d: refused with retry %v", rps, burst, cost, retry)
				}
				now = now.Add(retry)
				if ok, retry2 := l.Allow("k", cost, now); !ok {
					t.Fatalf("rate %v burst %d cost %d: refused again after %v (then %v)", rps, burst, cost, retry, retry2)
				}
			}
			now = now.Add(time.Duration(r.IntN(int(time.Second))))
		}
	}
}

func TestIdleEviction(t *testing.T) {
	l := New(10, 100, time.Minute)
	for i := range 10 {
		l.Allow(fmt.Sprint("k", i), 50, t0)
	}
	l.Allow("late", 100, t0.Add(30*time.Second))
	if n := l.Len(); n != 11 {
		t.Fatalf("%d buckets, want 11", n)
	}
	// A minute after t0 the first ten are idle; "late" is not.
	l.Allow("late", 0, t0.Add(time.Minute)) // free: touches nothing, evicts nothing
	if n := l.Len(); n != 11 {
		t.Fatalf("%d buckets after a free request, want 11", n)
	}
	l.Allow("other", 1, t0.Add(time.Minute))
	if n := l.Len(); n != 2 {
		t.Fatalf("%d buckets after eviction, want 2 (late, other)", n)
	}
	// "late" kept its debt: it spent 100 at 30s and has refilled 300 points' worth by now,
	// capped at 100, so it may spend 100 but not 101.
	if ok, _ := l.Allow("late", 100, t0.Add(time.Minute)); !ok {
		t.Fatal("late refused")
	}
	if ok, _ := l.Allow("late", 1, t0.Add(time.Minute)); ok {
		t.Fatal("late's bucket was reset")
	}
}

// TestIdleTTLNeverForgivesDebt: a TTL shorter than the refill time is raised to it, so an
// evicted and recreated bucket is never fuller than the one it replaces.
func TestIdleTTLNeverForgivesDebt(t *testing.T) {
	l := New(1, 100, time.Second) // refilling takes 100s
	l.Allow("a", 100, t0)
	l.Allow("b", 1, t0.Add(50*time.Second)) // would evict "a" with a 1s TTL
	if ok, retry := l.Allow("a", 100, t0.Add(50*time.Second)); ok || retry != 50*time.Second {
		t.Fatalf("got (%v, %v), want (false, 50s)", ok, retry)
	}
	l.Allow("b", 1, t0.Add(151*time.Second))
	if n := l.Len(); n != 1 {
		t.Fatalf("%d buckets after the refill time, want 1", n)
	}
}

func TestMaxKeys(t *testing.T) {
	l := New(10, 100, time.Hour, WithMaxKeys(3))
	for _, k := range []string{"a", "b", "c"} {
		l.Allow(k, 100, t0)
	}
	l.Allow("a", 1, t0) // refused, but marks "a" as recently used
	l.Allow("d", 1, t0) // evicts the least recently used: "b"
	if n := l.Len(); n != 3 {
		t.Fatalf("%d buckets, want 3", n)
	}
	if ok, _ := l.Allow("a", 1, t0); ok {
		t.Fatal("a was evicted")
	}
	if ok, _ := l.Allow("b", 100, t0); !ok {
		t.Fatal("b was not evicted (its bucket is still empty)")
	}
	if n := l.Len(); n != 3 {
		t.Fatalf("%d buckets, want 3", n)
	}
}

func TestBoundedMemory(t *testing.T) {
	l := New(10, 100, time.Hour, WithMaxKeys(1000))
	for i := range 10_000 {
		l.Allow(fmt.Sprint("k", i), 1, t0.Add(time.Duration(i)*time.Millisecond))
	}
	if n := l.Len(); n != 1000 {
		t.Fatalf("%d buckets, want 1000", n)
	}
	if n := New(1, 1, 0).maxKeys; n != DefaultMaxKeys {
		t.Fatalf("default max keys %d", n)
	}
}

// TestConcurrent: under -race, concurrent callers on shared and own keys never overspend.
func TestConcurrent(t *testing.T) {
	l := New(1, 1000, time.Hour, WithMaxKeys(50))
	var paid atomic.Int64
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				if ok, _ := l.Allow("shared", 1, t0); ok {
					paid.Add(1)
				}
				l.Allow(fmt.Sprint("own", g, "-", i%100), 1, t0.Add(time.Duration(i)*time.Millisecond))
			}
		}()
	}
	wg.Wait()
	// No time passes for "shared", so exactly the burst is paid, never more.
	if n := paid.Load(); n != 1000 {
		t.Fatalf("paid %d from a burst of 1000", n)
	}
	if n := l.Len(); n > 50 {
		t.Fatalf("%d buckets, want at most 50", n)
	}
}

func TestNewPanics(t *testing.T) {
	for _, tc := range []struct {
		rate  float64
		burst int
	}{{0, 1}, {-1, 1}, {1, 0}, {math.Inf(1), 1}, {math.NaN(), 1}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%v, %d) did not panic", tc.rate, tc.burst)
				}
			}()
			New(tc.rate, tc.burst, time.Minute)
		}()
	}
}

func TestTinyRate(t *testing.T) {
	l := New(1e-15, 10, 0)
	l.Allow("a", 10, t0)
	if ok, retry := l.Allow("a", 10, t0); ok || retry <= 0 || retry > maxWait {
		t.Fatalf("got (%v, %v)", ok, retry)
	}
}

func TestRemaining(t *testing.T) {
	l := New(100, 1000, time.Minute)
	t0 := time.Unix(1_000_000, 0)
	if p, d := l.Remaining("a", t0); p != 1000 || d != 0 {
		t.Fatalf("a new key: %v points, full in %v", p, d)
	}
	if err := l.Take("a", 600, t0); err != nil {
		t.Fatal(err)
	}
	if p, d := l.Remaining("a", t0); math.Abs(p-400) > 1e-6 || d != 6*time.Second {
		t.Fatalf("after 600 of 1000: %v points, full in %v", p, d)
	}
	if p, d := l.Remaining("a", t0.Add(2*time.Second)); math.Abs(p-600) > 1e-6 || d != 4*time.Second {
		t.Fatalf("2 s later: %v points, full in %v", p, d)
	}
	if p, _ := l.Remaining("a", t0.Add(time.Hour)); p != 1000 {
		t.Fatalf("an hour later: %v points", p)
	}
	if l.Rate() != 100 {
		t.Fatalf("rate %v", l.Rate())
	}
}

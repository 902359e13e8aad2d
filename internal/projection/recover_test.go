package projection_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
)

// fakeSource streams a fixed little graph, and can be told to panic, fail, or stream
// malformed records, as a torn read or a broken database would.
type fakeSource struct {
	mu        sync.Mutex
	mark      string
	trust     float64
	panicNext int // this many loads or polls panic
	failNext  int // this many loads fail
	malformed bool
	loads     atomic.Int64
}

func (s *fakeSource) stream(sink projection.Sink) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads.Add(1)
	if s.panicNext > 0 {
		s.panicNext--
		var l []int
		_ = l[1] // the panic the issue saw: index out of range [1] with length 0
	}
	if s.failNext > 0 {
		s.failNext--
		return "", errors.New("database unavailable")
	}
	// People first, then organisations (the order the store streams in).
	sink.AddPerson("a", "A", "", "o", nil, nil)
	sink.AddTie("a", "b", s.trust, "crm")
	if s.malformed {
		sink.Malformed("person \"a\": tie is not a [to, trust, source] triple")
	}
	sink.AddPerson("b", "B", "", "o", []string{string(ecograph.RoleDecisionMaker)}, nil)
	sink.AddOrganization(ecograph.Organization{ID: "o", Name: "O", Kind: ecograph.OrgClient})
	return s.mark, nil
}

func (s *fakeSource) StreamRouteGraph(_ context.Context, sink projection.Sink) (string, error) {
	return s.stream(sink)
}

func (s *fakeSource) StreamRouteDelta(_ context.Context, _ []string, sink projection.Sink) (string, error) {
	return s.stream(sink)
}

func (s *fakeSource) Bookmark(context.Context) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.mark, nil
}

func (s *fakeSource) set(fn func(s *fakeSource)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s)
}

func trustAB(t *testing.T, f *projection.Finder) float64 {
	t.Helper()
	r, err := f.Routes(context.Background(), "a", "b", 1, ecograph.DefaultRouteOptions())
	if err != nil || len(r) != 1 {
		t.Fatalf("route a-b: %v %v", r, err)
	}
	return r[0].Trust
}

// TestReloadPanicKeepsTheLastGoodProjection makes a reload panic: Refresh returns an error,
// the panic is counted and logged with its stack, and routes keep using the last good
// snapshot; the next reload succeeds.
func TestReloadPanicKeepsTheLastGoodProjection(t *testing.T) {
	src := &fakeSource{mark: "m1", trust: 0.5}
	var logs bytes.Buffer
	f := projection.New(src, projection.Config{}, slog.New(slog.NewTextHandler(&logs, nil)))
	if _, err := f.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	src.set(func(s *fakeSource) { s.panicNext, s.trust = 1, 0.9 })
	if _, err := f.Refresh(context.Background()); ecograph.ErrorCode(err) != ecograph.EINTERNAL {
		t.Fatalf("a panicking reload returned %v, want an EINTERNAL error", err)
	}
	if f.Panics() != 1 || f.Failures() != 1 {
		t.Fatalf("panics %d, failures %d, want 1 and 1", f.Panics(), f.Failures())
	}
	if !strings.Contains(logs.String(), "recovered a panic") || !strings.Contains(logs.String(), "recover_test.go") {
		t.Fatalf("the panic was not logged with its stack: %s", logs.String())
	}
	if got := trustAB(t, f); got != 0.5 {
		t.Fatalf("after the failed reload the route has trust %v, want the last good 0.5", got)
	}
	if _, err := f.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := trustAB(t, f); got != 0.9 {
		t.Fatalf("after a good reload the route has trust %v, want 0.9", got)
	}
}

// TestDeltaPanicIsAnErrorNotACrash makes the delta that a local write triggers panic: the
// route query gets an error, the process lives, and the write is still applied next time.
func TestDeltaPanicIsAnErrorNotACrash(t *testing.T) {
	src := &fakeSource{mark: "m1", trust: 0.5}
	f := projection.New(src, projection.Config{}, nil)
	if _, err := f.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	src.set(func(s *fakeSource) { s.panicNext, s.trust = 1, 0.8 })
	f.Touch("a")
	if _, err := f.Routes(context.Background(), "a", "b", 1, ecograph.DefaultRouteOptions()); ecograph.ErrorCode(err) != ecograph.EINTERNAL {
		t.Fatalf("route over a panicking delta: %v, want EINTERNAL", err)
	}
	if f.Panics() != 1 {
		t.Fatalf("panics %d, want 1", f.Panics())
	}
}

// TestPollerSurvivesPanicsAndFailures runs the poller over a source whose reloads panic and
// then fail several times in a row: it must keep going (backing off) and apply the change
// once the source is healthy, without ever taking the test process down.
func TestPollerSurvivesPanicsAndFailures(t *testing.T) {
	src := &fakeSource{mark: "m1", trust: 0.5}
	f := projection.New(src, projection.Config{PollInterval: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond}, nil)
	if _, err := f.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	src.set(func(s *fakeSource) { s.mark, s.trust, s.panicNext, s.failNext = "m2", 0.7, 3, 3 })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.Run(ctx); close(done) }()
	deadline := time.Now().Add(30 * time.Second) // a generous bound, not a timing assertion
	for trustAB(t, f) != 0.7 {
		if time.Now().After(deadline) {
			t.Fatalf("the poller never applied the change; panics %d, failures %d", f.Panics(), f.Failures())
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	<-done
	// Each failed reload counts once, though the poller's own guard sees it too.
	if f.Panics() != 3 || f.Failures() != 6 {
		t.Fatalf("panics %d (want 3), failures %d (want 6: 3 panicking and 3 failing reloads)", f.Panics(), f.Failures())
	}
}

// TestMalformedRecordsAreCountedAndSkipped streams a malformed record: the load succeeds
// with what was well formed and counts what it skipped.
func TestMalformedRecordsAreCountedAndSkipped(t *testing.T) {
	src := &fakeSource{mark: "m1", trust: 0.5, malformed: true}
	f := projection.New(src, projection.Config{}, nil)
	if _, err := f.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}
	if f.Malformed() != 1 {
		t.Fatalf("malformed %d, want 1", f.Malformed())
	}
	if got := trustAB(t, f); got != 0.5 {
		t.Fatalf("trust %v", got)
	}
}

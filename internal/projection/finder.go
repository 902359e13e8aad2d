// Package projection keeps an in-memory route graph (package route) fresh from Neo4j and
// answers route queries over it. Neo4j stays the single source of truth: the projection is
// derived state, rebuilt from the database whenever the database has changed, so API replicas
// keep nothing of their own and scale out freely.
//
// Snapshots: the projection is an immutable Snapshot behind an atomic pointer. A route query
// loads the pointer and searches; nothing it does waits for a lock. Deltas (a few people read
// afresh) build a new snapshot from the newest one and swap it in; a full reload builds a new
// snapshot off to the side, without any lock, while queries and deltas go on over the old one,
// and on its swap re-applies every delta that landed meanwhile (docs/scaling.md).
//
// Freshness: a write committed through this process names the people it touched (Touch); the
// next route query first re-reads just those people and their ties (a delta). Writes from
// anywhere else arrive through the change feed (Feed) when the database keeps one: every
// write transaction records the people it changed, in the same transaction, with a sequence
// number in commit order, and the poller applies them as deltas every PollInterval. Without a
// feed the poller compares the database's bookmark and answers a change with a full reload.
// In strict mode a query first reads the feed's head (one round trip) and waits until the
// snapshot has applied it: read-your-writes across replicas, without a full reload.
//
// It imports the domain and route; the database is behind the Source interface.
package projection

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/route"
	"golang.org/x/sync/singleflight"
)

// Source is where the projection comes from (implemented by cypher.Store).
type Source interface {
	// StreamRouteGraph streams every organisation, person and tie with positive trust into
	// sink and returns the database bookmark taken before the read.
	StreamRouteGraph(ctx context.Context, sink Sink) (string, error)
	// StreamRouteDelta streams every organisation and the given people with all their ties.
	StreamRouteDelta(ctx context.Context, ids []string, sink Sink) (string, error)
	// Bookmark returns the database's current bookmark; it changes exactly on a commit.
	Bookmark(ctx context.Context) (string, error)
}

// Feed is the database's change feed, which a Source may also implement: every write
// transaction appends, in the same transaction, the people whose data or ties it changed (and
// whether it changed an organisation), numbered 1, 2, 3, ... in commit order.
type Feed interface {
	// FeedHead returns the feed's position now: Epoch "" when the database keeps no feed.
	FeedHead(ctx context.Context) (FeedPos, error)
	// FeedChanges returns the changes after pos (at most limit of them, oldest first).
	FeedChanges(ctx context.Context, after FeedPos, limit int) (Changes, error)
}

// FeedPos is a position in the change feed. Epoch names the feed: it changes when the feed is
// created afresh (a wiped database), and Seq then starts again.
type FeedPos struct {
	Epoch string
	Seq   int64
}

// Changes is a run of the change feed right after a position: the changes numbered From..To
// without a hole (From 0: none visible yet; a change whose transaction is still committing
// ends the run), the union of the people they changed, whether any changed an organisation,
// and the feed's head when read. Pruned says the changes right after the position are gone:
// the reader must reload everything.
type Changes struct {
	Head     FeedPos
	From, To int64
	People   []string
	Orgs     bool
	Pruned   bool
}

// Sink receives the streamed graph: people each followed by their ties, and organisations,
// in any order. Malformed reports a record or tie the source skipped.
type Sink interface {
	AddOrganization(o ecograph.Organization)
	AddPerson(id, name, title, orgID string, roles, teamIDs []string)
	AddTie(a, b string, trust float64, source string)
	Malformed(reason string)
}

// Snapshot is one immutable projection and what it was built from.
type Snapshot struct {
	Graph *route.Graph
	Mark  string  // the database bookmark before the load; "" after a delta
	Gen   uint64  // the local write generation it reflects
	Feed  FeedPos // the change-feed position it reflects (Epoch "": no feed)
	// Load numbers the full load the snapshot descends from (1, 2, ...): a snapshot reflects
	// every write committed before its load started.
	Load     uint64
	LoadedAt time.Time // when the load or delta finished
	LoadTime time.Duration
	// decisionMakers lists each organisation's decision makers.
	decisionMakers map[string][]int32
	// people and orgs let a route be explained without another round trip. They are shared
	// by every request: never modify them.
	people map[string]*ecograph.Person
	orgs   map[string]*ecograph.Organization
}

// Config tunes the Finder.
type Config struct {
	// PollInterval is how often the background poller reads the change feed (or, without a
	// feed, compares bookmarks); default 1s.
	PollInterval time.Duration
	Strict       bool // every query sees every write committed before it, on any replica
	// MaxBackoff bounds the poller's wait after failed checks or reloads, which doubles from
	// PollInterval on each failure in a row; default 30s.
	MaxBackoff time.Duration
	// MaxDeltaPeople: a run of the feed that changed more people than this (and more than half
	// of the projection) is applied by a full reload; default 50,000.
	MaxDeltaPeople int
	// MaxSearches bounds the route searches that run at once; more queries wait (until their
	// context ends) for one to finish. A search is CPU-bound and borrows a scratch sized by the
	// graph (about 60 bytes a person: 60 MB at a million people), so searches beyond a few per
	// core add memory, not throughput. Default 2 x GOMAXPROCS.
	MaxSearches int
}

// Finder answers route queries over a Snapshot that it keeps fresh.
type Finder struct {
	src  Source
	feed Feed // nil when src keeps none
	cfg  Config
	log  *slog.Logger
	cur  atomic.Pointer[Snapshot]
	gen  atomic.Uint64 // bumped by Touch
	sf   singleflight.Group

	// mu serialises swaps: deltas, and the end of a full reload (which re-applies the deltas
	// that landed during it). It is never held while a full load reads the database, and
	// route queries never take it.
	mu        sync.Mutex
	reloading int                 // full loads in flight (under mu)
	since     map[string]struct{} // people applied by deltas while a full load ran (under mu)
	loads     atomic.Uint64       // full loads started

	pmu      sync.Mutex          // guards pending
	pending  map[string]struct{} // people touched by local writes and not applied yet
	lastFull atomic.Int64        // when the last full load finished, in Unix nanoseconds

	panics      atomic.Uint64 // panics recovered in loads, deltas and the poller
	malformed   atomic.Uint64 // records and ties skipped as malformed by loads and deltas
	failures    atomic.Uint64 // failed loads, deltas and bookmark checks
	fullReloads atomic.Uint64 // full loads that finished
	deltas      atomic.Uint64 // deltas applied (local writes and feed runs)
	feedApplied atomic.Uint64 // feed changes applied as deltas
	reloadWaits atomic.Uint64 // route queries that waited for a full reload (after the first)

	searches     chan struct{} // one token per route search running (Config.MaxSearches)
	searchWaits  atomic.Uint64 // route searches that waited for a token
	searchesBusy atomic.Int64  // route searches running now
}

// search runs fn, a route search, once fewer than Config.MaxSearches run; it gives up with
// ctx's error if ctx ends first.
func (f *Finder) search(ctx context.Context, fn func()) error {
	select {
	case f.searches <- struct{}{}:
	default:
		f.searchWaits.Add(1)
		select {
		case f.searches <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	f.searchesBusy.Add(1)
	defer func() {
		f.searchesBusy.Add(-1)
		<-f.searches
	}()
	fn()
	return nil
}

// SearchWaits returns how many route searches waited for another to finish (Config.MaxSearches).
func (f *Finder) SearchWaits() uint64 { return f.searchWaits.Load() }

// New returns a Finder over src; the first query (or Refresh) loads the projection. When src
// implements Feed, the finder follows the change feed whenever the database keeps one.
func New(src Source, cfg Config, log *slog.Logger) *Finder {
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	if cfg.MaxBackoff < cfg.PollInterval {
		cfg.MaxBackoff = max(30*time.Second, cfg.PollInterval)
	}
	if cfg.MaxDeltaPeople <= 0 {
		cfg.MaxDeltaPeople = 50_000
	}
	if cfg.MaxSearches <= 0 {
		cfg.MaxSearches = 2 * runtime.GOMAXPROCS(0)
	}
	f := &Finder{src: src, cfg: cfg, log: log, searches: make(chan struct{}, cfg.MaxSearches)}
	f.feed, _ = src.(Feed)
	return f
}

// Panics returns how many panics the finder has recovered (in loads, deltas and the poller)
// since it was made; Malformed how many records and ties its loads skipped as malformed; and
// Failures how many loads, deltas and bookmark checks failed. They feed the metrics.
func (f *Finder) Panics() uint64 { return f.panics.Load() }

// Malformed: see Panics.
func (f *Finder) Malformed() uint64 { return f.malformed.Load() }

// Failures: see Panics.
func (f *Finder) Failures() uint64 { return f.failures.Load() }

// FullReloads returns how many full loads finished (the first included): with a change feed
// they are the last resort (the first load, a wiped or pruned feed, a very large change).
func (f *Finder) FullReloads() uint64 { return f.fullReloads.Load() }

// Deltas returns how many deltas were applied; FeedChanges how many changes of the feed they
// covered.
func (f *Finder) Deltas() uint64 { return f.deltas.Load() }

// FeedChanges: see Deltas.
func (f *Finder) FeedChanges() uint64 { return f.feedApplied.Load() }

// ReloadWaits returns how many route queries waited for a full reload other than the first:
// with a change feed only a reset or pruned feed makes one wait, without one every strict
// query after a write does.
func (f *Finder) ReloadWaits() uint64 { return f.reloadWaits.Load() }

// safely runs job, turning a panic into an EINTERNAL error after logging it with its stack and
// counting it: no load, delta or poll may take the process down, and the last good snapshot
// stays in use.
func (f *Finder) safely(job string, fn func() (*Snapshot, error)) (*Snapshot, error) {
	return f.guard(job, true, fn)
}

// guard is safely; count says whether an error counts as a failure (the poller's does not:
// the reload or bookmark check it ran has counted it already).
func (f *Finder) guard(job string, count bool, fn func() (*Snapshot, error)) (s *Snapshot, err error) {
	defer func() {
		if v := recover(); v != nil {
			f.panics.Add(1)
			if f.log != nil {
				f.log.Error("route projection: recovered a panic", "job", job, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			}
			s, err = nil, ecograph.Errorf(ecograph.EINTERNAL, "route projection %s failed: %v", job, v)
			count = true
		}
		if err != nil && count {
			f.failures.Add(1)
		}
	}()
	return fn()
}

// Touch records that this process committed a write that changed the given people (their
// data or ties; none for a change to organisations or teams): the next query applies it.
func (f *Finder) Touch(people ...string) {
	f.pmu.Lock()
	if f.pending == nil {
		f.pending = map[string]struct{}{}
	}
	for _, id := range people {
		f.pending[id] = struct{}{}
	}
	f.pmu.Unlock()
	f.gen.Add(1)
}

// Current returns the snapshot in use (nil before the first load).
func (f *Finder) Current() *Snapshot { return f.cur.Load() }

// Refresh rebuilds the projection now (concurrent callers share one rebuild). Route queries
// go on over the current snapshot meanwhile.
func (f *Finder) Refresh(ctx context.Context) (*Snapshot, error) {
	v, err, _ := f.sf.Do("load", func() (any, error) {
		// The rebuild belongs to every waiter, so a single caller's cancellation must not
		// abort it.
		return f.safely("reload", func() (*Snapshot, error) { return f.load(context.WithoutCancel(ctx)) })
	})
	if err != nil {
		return nil, err
	}
	return v.(*Snapshot), nil
}

// load reads everything into a new snapshot without holding mu, then swaps it in with every
// delta applied meanwhile (to the old snapshot) applied again on top.
func (f *Finder) load(ctx context.Context) (*Snapshot, error) {
	n := f.loads.Add(1)
	f.mu.Lock()
	f.reloading++
	if f.since == nil {
		f.since = map[string]struct{}{}
	}
	f.mu.Unlock()
	done := false
	defer func() {
		if !done { // failed: stop collecting unless another load still runs
			f.mu.Lock()
			f.endReload()
			f.mu.Unlock()
		}
	}()
	start := time.Now()
	hint, tieHint := 1024, 16*1024
	if s := f.cur.Load(); s != nil {
		hint, tieHint = s.Graph.NumPeople(), s.Graph.NumTies()+s.Graph.NumTies()/64
	}
	var pos FeedPos
	if f.feed != nil {
		// Before the read: every change after pos is applied again after the swap.
		var err error
		if pos, err = f.feedStart(ctx); err != nil {
			return nil, err
		}
	}
	b := newBuilder(hint, tieHint)
	mark, err := f.src.StreamRouteGraph(ctx, b)
	if err != nil {
		return nil, err
	}
	s := b.snapshot(mark, 0, start)
	s.Feed, s.Load = pos, n
	f.noteMalformed(b, "reload")

	// A full load leaves garbage of about its own size (the stream's records, the builder's
	// maps and ties) and, on a reload, the old snapshot: hand it back to the system before
	// returning rather than when the runtime's scavenger gets to it (at 1M people: RSS 1.55 GB
	// when ready after a 3.2 GB peak; docs/benchmarks.md). Deferred before the unlock, it runs
	// after it: deltas do not wait for the collection. Full loads are rare.
	defer debug.FreeOSMemory()
	f.mu.Lock()
	defer f.mu.Unlock()
	done = true
	old := f.cur.Load()
	// Local writes not applied yet, and people that deltas applied to the old snapshot while
	// this load ran: the load may have read them before those writes.
	gen := f.gen.Load()
	ids := f.takePending()
	for id := range f.since {
		ids = append(ids, id)
	}
	f.endReload()
	if old != nil && old.Feed.Epoch == pos.Epoch && old.Feed.Seq > pos.Seq {
		// Deltas applied the feed past pos to the old snapshot: their people are in since.
		s.Feed = old.Feed
	}
	s.Gen = gen
	if len(ids) > 0 {
		c, err := f.deltaOn(ctx, s, ids)
		if err != nil {
			f.Touch(ids...) // the next query or poll applies them
		} else {
			s = c
		}
		if c != nil {
			c.Mark = mark // the delta re-read people the load may have missed: mark still names what it covers
		}
	}
	s.LoadTime = time.Since(start)
	f.cur.Store(s)
	f.fullReloads.Add(1)
	f.lastFull.Store(time.Now().UnixNano())
	if f.log != nil {
		f.log.Info("route projection loaded", "people", s.Graph.NumPeople(), "ties", s.Graph.NumTies(),
			"duration", s.LoadTime, "reapplied", len(ids))
	}
	return s, nil
}

// feedMargin is how many changes before the feed's head a full load looks at for ones still
// committing.
const feedMargin = 8

// feedStart returns the feed position a full load starts from, read before the load: the
// head, less the last changes whose transactions may still be committing (a change's number
// shows before its writes do; its :Change shows with them), which the load then applies again.
// Only those: re-applying, say, the last batches of a bulk import would cost a delta of
// thousands of people right after the load.
func (f *Finder) feedStart(ctx context.Context) (FeedPos, error) {
	head, err := f.feed.FeedHead(ctx)
	if err != nil || head.Epoch == "" || head.Seq == 0 {
		return head, err
	}
	from := FeedPos{Epoch: head.Epoch, Seq: max(0, head.Seq-feedMargin)}
	run, err := f.feed.FeedChanges(ctx, from, feedMargin)
	switch {
	case err != nil:
		return FeedPos{}, err
	case run.Head.Epoch != head.Epoch || run.From == 0 && !run.Pruned:
		return from, nil // reset meanwhile (the next poll reloads), or none visible yet
	case run.Pruned:
		// Pruning deleted changes just before the head (it keeps the newest only once
		// everything else is old): those committed long ago.
		return FeedPos{Epoch: head.Epoch, Seq: head.Seq - 1}, nil
	}
	return FeedPos{Epoch: head.Epoch, Seq: run.To}, nil
}

// endReload ends one load's collection of people applied meanwhile (under mu).
func (f *Finder) endReload() {
	f.reloading--
	if f.reloading == 0 {
		f.since = nil
	}
}

func (f *Finder) takePending() []string {
	f.pmu.Lock()
	defer f.pmu.Unlock()
	ids := make([]string, 0, len(f.pending))
	for id := range f.pending {
		ids = append(ids, id)
	}
	f.pending = nil
	return ids
}

// applyDelta applies the people touched by local writes to the newest snapshot.
func (f *Finder) applyDelta(ctx context.Context) (*Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	old := f.cur.Load()
	if old == nil {
		return nil, ecograph.Errorf(ecograph.EINTERNAL, "route projection: delta before the first load")
	}
	gen := f.gen.Load()
	ids := f.takePending()
	if old.Gen >= gen && len(ids) == 0 {
		return old, nil // another caller applied it
	}
	s, err := f.deltaOn(ctx, old, ids)
	if err != nil {
		f.Touch(ids...) // keep them pending for the next attempt
		return nil, err
	}
	s.Gen = max(gen, old.Gen)
	f.swap(s, ids)
	return s, nil
}

// swap makes s current after a delta over ids (under mu), noting them for loads in flight.
func (f *Finder) swap(s *Snapshot, ids []string) {
	if f.reloading > 0 {
		for _, id := range ids {
			f.since[id] = struct{}{}
		}
	}
	f.deltas.Add(1)
	f.cur.Store(s)
}

// deltaOn returns old with the given people (and all organisations) read afresh and everything
// else taken from old; it carries old's Gen, Feed and Load. Its Mark is "" because writes from
// elsewhere may have landed meanwhile.
func (f *Finder) deltaOn(ctx context.Context, old *Snapshot, ids []string) (*Snapshot, error) {
	start := time.Now()
	touched := make(map[string]bool, len(ids))
	for _, id := range ids {
		touched[id] = true
	}
	fresh := newBuilder(len(ids), 16*len(ids))
	if _, err := f.src.StreamRouteDelta(ctx, ids, fresh); err != nil {
		return nil, err
	}
	f.noteMalformed(fresh, "delta")
	for id := range touched {
		if old.people[id] == nil && fresh.people[id] == nil {
			delete(touched, id) // deleted before the projection ever had them: nothing to do
		}
	}
	s := trustOnlyDelta(old, fresh, touched, old.Gen, start)
	if s == nil {
		s = topologyDelta(old, fresh, touched, old.Gen, start)
	}
	if s == nil {
		b := newBuilder(old.Graph.NumPeople(), old.Graph.NumTies())
		b.orgs = fresh.orgs
		// The old snapshot's order first, so that indexes (and ties between equal routes) stay
		// stable across deltas.
		for i := int32(0); int(i) < old.Graph.NumPeople(); i++ {
			if id := old.Graph.ID(i); !touched[id] {
				b.addPerson(old.people[id])
			}
		}
		for _, id := range fresh.order {
			b.addPerson(fresh.people[id])
		}
		g := old.Graph
		g.ForEachTie(func(x, y int32, trust float64, source string) {
			a, c := g.ID(x), g.ID(y)
			if !touched[a] && !touched[c] {
				b.AddTie(a, c, trust, source)
			}
		})
		fresh.eachTie(b.AddTie)
		s = b.snapshot("", old.Gen, start)
	}
	s.Feed, s.Load = old.Feed, old.Load
	if f.log != nil {
		f.log.Debug("route projection delta applied", "people", len(ids), "duration", s.LoadTime)
	}
	return s, nil
}

// catchUp applies the change feed after the newest snapshot's position as one delta, or
// reloads everything when the feed was reset or pruned past it, or the run is very large.
func (f *Finder) catchUp(ctx context.Context, query bool) (*Snapshot, error) {
	s := f.cur.Load()
	if s == nil {
		return f.Refresh(ctx)
	}
	if s.Feed.Epoch == "" {
		return s, nil
	}
	ch, err := f.feed.FeedChanges(ctx, s.Feed, 10_000)
	if err != nil {
		return nil, err
	}
	if ch.Head.Epoch != s.Feed.Epoch || ch.Head.Seq < s.Feed.Seq || ch.Pruned {
		if f.log != nil {
			f.log.Warn("route projection: the change feed was reset or pruned past this replica; reloading everything",
				"at", s.Feed, "head", ch.Head, "from", ch.From)
		}
		if query {
			f.reloadWaits.Add(1)
		}
		return f.Refresh(ctx)
	}
	if ch.From == 0 {
		return s, nil // nothing new
	}
	if len(ch.People) > f.cfg.MaxDeltaPeople && 2*len(ch.People) > s.Graph.NumPeople() {
		if query {
			f.reloadWaits.Add(1)
		}
		return f.Refresh(ctx)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	cur := f.cur.Load()
	if cur.Feed.Epoch != s.Feed.Epoch || cur.Feed.Seq >= ch.To {
		return cur, nil // a reload or another catch-up got there first
	}
	// cur may be ahead of s (a reload swapped in); applying the run again is harmless.
	n, err := f.deltaOn(ctx, cur, ch.People)
	if err != nil {
		return nil, err
	}
	n.Feed = FeedPos{Epoch: cur.Feed.Epoch, Seq: ch.To}
	f.feedApplied.Add(uint64(ch.To - max(s.Feed.Seq, cur.Feed.Seq)))
	f.swap(n, ch.People)
	return n, nil
}

// followFeed applies the feed until the snapshot reflects head, or a load that started after
// load number since finished (it sees everything committed before head was read).
func (f *Finder) followFeed(ctx context.Context, head FeedPos, since uint64) (*Snapshot, error) {
	for tries := 0; ; {
		s := f.cur.Load()
		if s.Load > since || (s.Feed.Epoch == head.Epoch && s.Feed.Seq >= head.Seq) {
			return s, nil
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		// A catch-up in flight may have read the feed before head, or head's change may
		// still be committing: the loop then runs another one.
		if s.Feed.Epoch == head.Epoch && tries > 0 {
			time.Sleep(time.Millisecond)
		}
		tries++
		if _, err, _ := f.sf.Do("feed", func() (any, error) {
			return f.safely("feed", func() (*Snapshot, error) { return f.catchUp(context.WithoutCancel(ctx), true) })
		}); err != nil {
			return nil, err
		}
	}
}

// snapshot returns a snapshot that reflects every write this process committed (and, in
// strict mode, every write committed anywhere before the call).
func (f *Finder) snapshot(ctx context.Context) (*Snapshot, error) {
	s := f.cur.Load()
	if s == nil {
		var err error
		if s, err = f.Refresh(ctx); err != nil {
			return nil, err
		}
	}
	if s.Gen < f.gen.Load() {
		v, err, _ := f.sf.Do("delta", func() (any, error) {
			return f.safely("delta", func() (*Snapshot, error) { return f.applyDelta(context.WithoutCancel(ctx)) })
		})
		if err != nil {
			return nil, err
		}
		s = v.(*Snapshot)
	}
	if !f.cfg.Strict {
		return s, nil
	}
	since := f.loads.Load() // a load started after this sees every write committed before now
	if s.Feed.Epoch != "" {
		head, err := f.feed.FeedHead(ctx)
		if err != nil {
			return nil, err
		}
		if head.Epoch != "" {
			return f.followFeed(ctx, head, since)
		}
	}
	// No feed: compare the bookmark, and on a change wait for a load that started after this
	// call, never one already in flight (it may have read before the write this call must see).
	mark, err := f.src.Bookmark(ctx)
	if err != nil {
		return nil, err
	}
	if mark == s.Mark {
		return s, nil
	}
	f.reloadWaits.Add(1)
	for {
		s, err := f.Refresh(ctx)
		if err != nil || s.Load > since {
			return s, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// Run keeps the projection fresh until ctx ends: every PollInterval it applies the change
// feed, or without one compares the database's bookmark and reloads when it changed. A failed
// check or reload (an error or a recovered panic) keeps the last good snapshot and backs off:
// the wait doubles up to MaxBackoff, and returns to PollInterval after the next success.
func (f *Finder) Run(ctx context.Context) {
	wait := f.cfg.PollInterval
	t := time.NewTimer(wait)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := f.guard("poll", false, func() (*Snapshot, error) { return f.poll(ctx) }); err != nil && ctx.Err() == nil {
			wait = min(2*wait, f.cfg.MaxBackoff)
			if f.log != nil {
				f.log.Warn("route projection: poll failed; keeping the last good projection", "err", err, "retry_in", wait)
			}
		} else {
			wait = f.cfg.PollInterval
		}
		t.Reset(wait)
	}
}

// poll applies the feed, or compares the bookmark with the snapshot's and reloads when it
// changed.
func (f *Finder) poll(ctx context.Context) (*Snapshot, error) {
	s := f.cur.Load()
	if s == nil {
		return f.Refresh(ctx) // the first load failed or never ran: keep trying
	}
	if s.Feed.Epoch != "" {
		v, err, _ := f.sf.Do("feed", func() (any, error) {
			return f.safely("feed", func() (*Snapshot, error) { return f.catchUp(context.WithoutCancel(ctx), false) })
		})
		if err != nil {
			return nil, err
		}
		return v.(*Snapshot), nil
	}
	if f.feed != nil {
		// The database had no feed at the last load: start following one that appeared.
		if head, err := f.feed.FeedHead(ctx); err == nil && head.Epoch != "" {
			return f.Refresh(ctx)
		}
	}
	mark, err := f.src.Bookmark(ctx)
	if err != nil {
		f.failures.Add(1)
		return nil, err
	}
	// After a delta (Mark "") reload at most every MinFullInterval, so that a burst of
	// local writes does not turn into a burst of full loads.
	if mark != s.Mark && (s.Mark != "" || time.Since(f.lastFullLoad()) >= minFullInterval) {
		return f.Refresh(ctx)
	}
	return s, nil
}

// minFullInterval bounds how often the poller reloads everything after local deltas.
const minFullInterval = 5 * time.Second

func (f *Finder) lastFullLoad() time.Time { return time.Unix(0, f.lastFull.Load()) }

// builder collects a streamed graph (Sink) and what explains a route, and builds a snapshot.
// Ties are held until every person is known (a tie may name a person streamed later): their
// ends are interned as they arrive (idx numbers every id seen, names lists them) and each tie
// is kept as a route.IndexTie of those numbers, 24 bytes and no strings, which snapshot maps
// to the graph's indices in place and hands to route.Builder without a copy. At a million
// people and 18M ties, keeping each tie as three strings (as before) cost about 2 GB.
type builder struct {
	people map[string]*ecograph.Person
	order  []string // people ids in the order first added
	orgs   map[string]*ecograph.Organization

	idx     map[string]int32 // every id seen (people and tie ends) -> its number in names
	names   []string
	ties    []route.IndexTie // A, B: numbers in names; Src: number in sources
	sources []string
	srcIdx  map[string]uint32
	lastA   string // the last tie's first end and its number (a person's ties come together)
	lastAi  int32

	malformed int      // records and ties the source skipped
	reasons   []string // the first few reasons, for the log
}

// newBuilder returns a builder sized for about people people and ties ties.
func newBuilder(people, ties int) *builder {
	return &builder{people: make(map[string]*ecograph.Person, people), orgs: map[string]*ecograph.Organization{},
		idx: make(map[string]int32, people), ties: make([]route.IndexTie, 0, ties), srcIdx: map[string]uint32{}, lastAi: -1}
}

func (b *builder) AddOrganization(o ecograph.Organization) { b.orgs[o.ID] = &o }

func (b *builder) AddPerson(id, name, title, orgID string, roles, teamIDs []string) {
	p := &ecograph.Person{ID: id, Name: name, Title: title, OrganizationID: orgID,
		Roles: make([]ecograph.Role, len(roles)), TeamIDs: append([]string{}, teamIDs...)}
	for i, r := range roles {
		p.Roles[i] = ecograph.Role(r)
	}
	b.addPerson(p)
}

// addPerson holds p until snapshot, when every organisation is known: people and
// organisations may stream in either order. A person read twice (a concurrent re-create can
// show both nodes to a read-committed scan) keeps its first place and its last data.
func (b *builder) addPerson(p *ecograph.Person) {
	if _, ok := b.people[p.ID]; !ok {
		b.order = append(b.order, p.ID)
		b.intern(p.ID)
	}
	b.people[p.ID] = p
}

// intern returns id's number, giving it the next one when it is new.
func (b *builder) intern(id string) int32 {
	if i, ok := b.idx[id]; ok {
		return i
	}
	i := int32(len(b.names))
	b.names = append(b.names, id)
	b.idx[id] = i
	return i
}

func (b *builder) Malformed(reason string) {
	b.malformed++
	if len(b.reasons) < 5 {
		b.reasons = append(b.reasons, reason)
	}
}

// noteMalformed counts and logs what a load skipped.
func (f *Finder) noteMalformed(b *builder, job string) {
	if b.malformed == 0 {
		return
	}
	f.malformed.Add(uint64(b.malformed))
	if f.log != nil {
		f.log.Warn("route projection: skipped malformed records", "job", job, "count", b.malformed, "first", b.reasons)
	}
}

func (b *builder) AddTie(a, c string, trust float64, source string) {
	if b.lastAi < 0 || a != b.lastA {
		b.lastA, b.lastAi = a, b.intern(a)
	}
	src, ok := b.srcIdx[source]
	if !ok {
		src = uint32(len(b.sources))
		b.sources = append(b.sources, source)
		b.srcIdx[source] = src
	}
	b.ties = append(b.ties, route.IndexTie{A: b.lastAi, B: b.intern(c), Src: src, Trust: trust})
}

// eachTie calls fn with every tie added, in order.
func (b *builder) eachTie(fn func(a, c string, trust float64, source string)) {
	for _, t := range b.ties {
		fn(b.names[t.A], b.names[t.B], t.Trust, b.sources[t.Src])
	}
}

// snapshot builds the graph from everything added; the builder's ties are used up.
func (b *builder) snapshot(mark string, gen uint64, start time.Time) *Snapshot {
	rb := route.NewBuilder(len(b.order), 0)
	for _, id := range b.order {
		p := b.people[id]
		var kind ecograph.OrgKind
		if o := b.orgs[p.OrganizationID]; o != nil {
			kind = o.Kind
		}
		rb.AddPerson(p.ID, p.OrganizationID, kind, p.Roles)
	}
	// The graph index of every number: people by their place in order (ids in order are
	// distinct, so AddPerson gave order[i] index i); -1 for a tie end never added as a
	// person, whose ties AddTies leaves out as AddTie would.
	at := make([]int32, len(b.names))
	for i := range at {
		at[i] = -1
	}
	for i, id := range b.order {
		at[b.idx[id]] = int32(i)
	}
	srcAt := make([]uint32, len(b.sources))
	for i, name := range b.sources {
		srcAt[i] = rb.Source(name)
	}
	ties := b.ties
	for k, t := range ties {
		ties[k] = route.IndexTie{A: at[t.A], B: at[t.B], Src: srcAt[t.Src], Trust: t.Trust}
	}
	b.ties, b.idx, b.names, at = nil, nil, nil, nil
	rb.AddTies(ties)
	g := rb.Build()
	s := &Snapshot{Graph: g, Mark: mark, Gen: gen, decisionMakers: map[string][]int32{}, people: b.people, orgs: b.orgs}
	for i := int32(0); int(i) < g.NumPeople(); i++ {
		if g.HasRole(i, ecograph.RoleDecisionMaker) {
			s.decisionMakers[g.OrgID(i)] = append(s.decisionMakers[g.OrgID(i)], i)
		}
	}
	s.LoadedAt = time.Now()
	s.LoadTime = s.LoadedAt.Sub(start)
	return s
}

// visible returns the search's visibility mask over g for v (nil: everyone), and whether
// person i passes it.
func visible(g *route.Graph, v *ecograph.Visibility) func(i int32) bool {
	if v == nil {
		return nil
	}
	return func(i int32) bool { return v.Sees(g.ID(i), g.OrgID(i)) }
}

// routeOptions returns the engine's options for a search over v (vis, from visible). For a
// partner (v.OwnOrg set), minTrust is split by hop: a hop touching its own people needs o's
// minTrust, as the partner sees its value; any other hop, shown as a band, needs
// ecograph.HiddenMinTrust(minTrust), which depends on the band alone (no probing).
func routeOptions(g *route.Graph, o ecograph.RouteOptions, v *ecograph.Visibility, vis func(int32) bool) route.Options {
	opts := route.Options{RouteOptions: o, Visible: vis}
	if v != nil && v.OwnOrg != "" {
		own := v.OwnOrg
		opts.Own = func(i int32) bool { return g.OrgID(i) == own }
		opts.HiddenMinTrust = ecograph.HiddenMinTrust(o.MinTrust)
	}
	return opts
}

// Routes returns up to k best routes from one person to another, best first, over everyone.
// Errors: ENOTFOUND for an unknown person; EINVALID for bad options.
func (f *Finder) Routes(ctx context.Context, from, to string, k int, o ecograph.RouteOptions) ([]ecograph.Route, error) {
	set, err := f.VisibleRoutes(ctx, from, to, k, o, nil)
	if err != nil {
		return nil, err
	}
	return set.Routes, nil
}

// VisibleRoutes returns up to k best routes from one person to another, best first, over the
// people v lets the caller see (nil: everyone): no route passes through anyone else. The set
// carries the people on the routes as the same snapshot knew them.
// Errors: ENOTFOUND for an unknown person or one v hides; EINVALID for bad options.
func (f *Finder) VisibleRoutes(ctx context.Context, from, to string, k int, o ecograph.RouteOptions, v *ecograph.Visibility) (*ecograph.RouteSet, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	s, err := f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	g := s.Graph
	vis := visible(g, v)
	fi, ok := g.Index(from)
	if !ok || (vis != nil && !vis(fi)) {
		return nil, ecograph.NotFound("person", from)
	}
	ti, ok := g.Index(to)
	if !ok || (vis != nil && !vis(ti)) {
		return nil, ecograph.NotFound("person", to)
	}
	if fi == ti {
		return nil, ecograph.Invalid("to", "must differ from `from`")
	}
	opts := routeOptions(g, o, v, vis)
	var paths []route.Path
	err = f.search(ctx, func() {
		if k == 1 {
			if p, ok := g.Best(fi, ti, opts); ok {
				paths = []route.Path{p}
			}
		} else {
			paths = g.KBest(fi, ti, k, opts)
		}
	})
	if err != nil {
		return nil, err
	}
	return s.routeSet(paths), nil
}

// RoutesToDecisionMakers returns up to k routes from any of from, each ending at a different
// decision maker of the organisation, best first, over everyone. Unknown people in from are
// ignored unless none is known. Errors: ENOTFOUND when no person in from is known.
func (f *Finder) RoutesToDecisionMakers(ctx context.Context, from []string, org string, k int, o ecograph.RouteOptions) ([]ecograph.Route, error) {
	set, err := f.VisibleRoutesToDecisionMakers(ctx, from, org, k, o, nil)
	if err != nil {
		return nil, err
	}
	return set.Routes, nil
}

// VisibleRoutesToDecisionMakers is RoutesToDecisionMakers over the people v lets the caller
// see (nil: everyone); hidden people in from count as unknown.
func (f *Finder) VisibleRoutesToDecisionMakers(ctx context.Context, from []string, org string, k int, o ecograph.RouteOptions, v *ecograph.Visibility) (*ecograph.RouteSet, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	s, err := f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	g := s.Graph
	vis := visible(g, v)
	sources := make([]int32, 0, len(from))
	for _, id := range from {
		if i, ok := g.Index(id); ok && (vis == nil || vis(i)) {
			sources = append(sources, i)
		}
	}
	if len(sources) == 0 {
		if len(from) == 1 {
			return nil, ecograph.NotFound("person", from[0])
		}
		return s.routeSet(nil), nil
	}
	targets := s.decisionMakers[org]
	if len(targets) == 0 {
		return s.routeSet(nil), nil
	}
	var paths []route.Path
	if err := f.search(ctx, func() { paths = g.BestToTargets(sources, targets, k, routeOptions(g, o, v, vis)) }); err != nil {
		return nil, err
	}
	return s.routeSet(paths), nil
}

// routeSet turns paths over s into routes with the people on them and their organisations,
// all from s.
func (s *Snapshot) routeSet(paths []route.Path) *ecograph.RouteSet {
	set := &ecograph.RouteSet{Routes: make([]ecograph.Route, len(paths)),
		People: map[string]*ecograph.Person{}, Organizations: map[string]*ecograph.Organization{}}
	for i, p := range paths {
		r := s.Graph.Route(p)
		set.Routes[i] = r
		for _, id := range r.People {
			if p := s.people[id]; p != nil {
				set.People[id] = p
				if o := s.orgs[p.OrganizationID]; o != nil {
					set.Organizations[o.ID] = o
				}
			}
		}
	}
	return set
}

// DecisionMakers returns the ids of an organisation's decision makers in the snapshot.
func (s *Snapshot) DecisionMakers(org string) []string {
	out := make([]string, 0, len(s.decisionMakers[org]))
	for _, i := range s.decisionMakers[org] {
		out = append(out, s.Graph.ID(i))
	}
	sort.Strings(out)
	return out
}

// Poll runs one round of the background poller now (tests and tools).
func (f *Finder) Poll(ctx context.Context) error {
	_, err := f.guard("poll", false, func() (*Snapshot, error) { return f.poll(ctx) })
	return err
}

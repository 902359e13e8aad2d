// Package projection keeps an in-memory route graph (package route) fresh from Neo4j and
// answers route queries over it. Neo4j stays the single source of truth: the projection is
// derived state, rebuilt from the database whenever the database has changed, so API replicas
// keep nothing of their own and scale out freely.
//
// Freshness: a write committed through this process invalidates the projection at once, and
// the next route query waits for the rebuild. Writes from anywhere else (another replica, an
// import, an analyst in Neo4j Browser) change the database's bookmark, which a poller compares
// every PollInterval; in strict mode every route query compares it first (one round trip).
//
// It imports the domain and route; the database is behind the Source interface.
package projection

import (
	"context"
	"log/slog"
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
	// StreamRouteGraph streams every person, then every tie with positive trust, into sink
	// and returns the database bookmark taken before the read.
	StreamRouteGraph(ctx context.Context, sink Sink) (string, error)
	// Bookmark returns the database's current bookmark; it changes exactly on a commit.
	Bookmark(ctx context.Context) (string, error)
}

// Sink receives the streamed graph: organisations, then people, then ties.
type Sink interface {
	AddOrganization(o ecograph.Organization)
	AddPerson(id, name, title, orgID string, roles, teamIDs []string)
	AddTie(a, b string, trust float64, source string)
}

// Snapshot is one immutable projection and what it was built from.
type Snapshot struct {
	Graph    *route.Graph
	Mark     string    // the database bookmark before the load
	Gen      uint64    // the local write generation before the load
	LoadedAt time.Time // when the load finished
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
	PollInterval time.Duration // how often the background poller compares bookmarks; default 1s
	Strict       bool          // compare the bookmark before every query
}

// Finder answers route queries over a Snapshot that it keeps fresh.
type Finder struct {
	src  Source
	cfg  Config
	log  *slog.Logger
	cur  atomic.Pointer[Snapshot]
	gen  atomic.Uint64 // bumped by Invalidate
	sf   singleflight.Group
	mu   sync.Mutex // serialises loads
	stop chan struct{}
}

// New returns a Finder over src; the first query (or Refresh) loads the projection.
func New(src Source, cfg Config, log *slog.Logger) *Finder {
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = time.Second
	}
	return &Finder{src: src, cfg: cfg, log: log}
}

// Invalidate records that this process committed a write: the next query rebuilds first.
func (f *Finder) Invalidate() { f.gen.Add(1) }

// Current returns the snapshot in use (nil before the first load).
func (f *Finder) Current() *Snapshot { return f.cur.Load() }

// Refresh rebuilds the projection now (concurrent callers share one rebuild).
func (f *Finder) Refresh(ctx context.Context) (*Snapshot, error) {
	v, err, _ := f.sf.Do("load", func() (any, error) {
		// The rebuild belongs to every waiter, so a single caller's cancellation must not
		// abort it.
		return f.load(context.WithoutCancel(ctx))
	})
	if err != nil {
		return nil, err
	}
	return v.(*Snapshot), nil
}

func (f *Finder) load(ctx context.Context) (*Snapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	start := time.Now()
	gen := f.gen.Load()
	hint := 1024
	if s := f.cur.Load(); s != nil {
		hint = s.Graph.NumPeople()
	}
	b := &builder{b: route.NewBuilder(hint, hint*16), people: make(map[string]*ecograph.Person, hint),
		orgs: map[string]*ecograph.Organization{}}
	mark, err := f.src.StreamRouteGraph(ctx, b)
	if err != nil {
		return nil, err
	}
	g := b.b.Build()
	s := &Snapshot{Graph: g, Mark: mark, Gen: gen, LoadedAt: time.Now(), decisionMakers: map[string][]int32{},
		people: b.people, orgs: b.orgs}
	for i := int32(0); int(i) < g.NumPeople(); i++ {
		if g.HasRole(i, ecograph.RoleDecisionMaker) {
			s.decisionMakers[g.OrgID(i)] = append(s.decisionMakers[g.OrgID(i)], i)
		}
	}
	s.LoadTime = time.Since(start)
	f.cur.Store(s)
	if f.log != nil {
		f.log.Info("route projection loaded", "people", g.NumPeople(), "ties", g.NumTies(), "duration", s.LoadTime)
	}
	return s, nil
}

// snapshot returns a snapshot that reflects every write this process committed (and, in
// strict mode, every write committed anywhere before the call).
func (f *Finder) snapshot(ctx context.Context) (*Snapshot, error) {
	s := f.cur.Load()
	if s == nil || s.Gen < f.gen.Load() {
		return f.Refresh(ctx)
	}
	if f.cfg.Strict {
		mark, err := f.src.Bookmark(ctx)
		if err != nil {
			return nil, err
		}
		if mark != s.Mark {
			return f.Refresh(ctx)
		}
	}
	return s, nil
}

// Run polls the database's bookmark every PollInterval and rebuilds the projection when it
// changed, until ctx ends.
func (f *Finder) Run(ctx context.Context) {
	t := time.NewTicker(f.cfg.PollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s := f.cur.Load()
		if s == nil {
			continue
		}
		mark, err := f.src.Bookmark(ctx)
		if err != nil {
			if ctx.Err() == nil && f.log != nil {
				f.log.Warn("route projection: bookmark check failed", "err", err)
			}
			continue
		}
		if mark != s.Mark {
			if _, err := f.Refresh(ctx); err != nil && ctx.Err() == nil && f.log != nil {
				f.log.Warn("route projection: reload failed", "err", err)
			}
		}
	}
}

// builder adapts route.Builder to Sink and keeps what explains a route.
type builder struct {
	b      *route.Builder
	people map[string]*ecograph.Person
	orgs   map[string]*ecograph.Organization
}

func (b *builder) AddOrganization(o ecograph.Organization) { b.orgs[o.ID] = &o }

func (b *builder) AddPerson(id, name, title, orgID string, roles, teamIDs []string) {
	p := &ecograph.Person{ID: id, Name: name, Title: title, OrganizationID: orgID,
		Roles: make([]ecograph.Role, len(roles)), TeamIDs: append([]string{}, teamIDs...)}
	for i, r := range roles {
		p.Roles[i] = ecograph.Role(r)
	}
	b.people[id] = p
	var kind ecograph.OrgKind
	if o := b.orgs[orgID]; o != nil {
		kind = o.Kind
	}
	b.b.AddPerson(id, orgID, kind, p.Roles)
}

func (b *builder) AddTie(a, c string, trust float64, source string) { b.b.AddTie(a, c, trust, source) }

// Routes returns up to k best routes from one person to another, best first.
// Errors: ENOTFOUND for an unknown person; EINVALID for bad options.
func (f *Finder) Routes(ctx context.Context, from, to string, k int, o ecograph.RouteOptions) ([]ecograph.Route, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	s, err := f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	g := s.Graph
	fi, ok := g.Index(from)
	if !ok {
		return nil, ecograph.NotFound("person", from)
	}
	ti, ok := g.Index(to)
	if !ok {
		return nil, ecograph.NotFound("person", to)
	}
	if fi == ti {
		return nil, ecograph.Invalid("to", "must differ from `from`")
	}
	opts := route.Options{RouteOptions: o}
	var paths []route.Path
	if k == 1 {
		if p, ok := g.Best(fi, ti, opts); ok {
			paths = []route.Path{p}
		}
	} else {
		paths = g.KBest(fi, ti, k, opts)
	}
	return toRoutes(g, paths), nil
}

// RoutesToDecisionMakers returns up to k routes from any of from, each ending at a different
// decision maker of the organisation, best first. Unknown people in from are ignored unless
// none is known. Errors: ENOTFOUND when no person in from is known.
func (f *Finder) RoutesToDecisionMakers(ctx context.Context, from []string, org string, k int, o ecograph.RouteOptions) ([]ecograph.Route, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	s, err := f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	g := s.Graph
	sources := make([]int32, 0, len(from))
	for _, id := range from {
		if i, ok := g.Index(id); ok {
			sources = append(sources, i)
		}
	}
	if len(sources) == 0 {
		if len(from) == 1 {
			return nil, ecograph.NotFound("person", from[0])
		}
		return []ecograph.Route{}, nil
	}
	targets := s.decisionMakers[org]
	if len(targets) == 0 {
		return []ecograph.Route{}, nil
	}
	paths := g.BestToTargets(sources, targets, k, route.Options{RouteOptions: o})
	return toRoutes(g, paths), nil
}

func toRoutes(g *route.Graph, paths []route.Path) []ecograph.Route {
	out := make([]ecograph.Route, len(paths))
	for i, p := range paths {
		out[i] = g.Route(p)
	}
	return out
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

// Lookup returns the people with the given ids and their organisations as of the current
// snapshot; ids it does not know are left out (the caller falls back to the database).
func (f *Finder) Lookup(ids []string) (map[string]*ecograph.Person, map[string]*ecograph.Organization) {
	people := make(map[string]*ecograph.Person, len(ids))
	orgs := map[string]*ecograph.Organization{}
	s := f.cur.Load()
	if s == nil {
		return people, orgs
	}
	for _, id := range ids {
		if p := s.people[id]; p != nil {
			people[id] = p
			if o := s.orgs[p.OrganizationID]; o != nil {
				orgs[o.ID] = o
			}
		}
	}
	return people, orgs
}

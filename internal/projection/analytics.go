package projection

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/ona"
	"golang.org/x/sync/singleflight"
)

// TeamGraphSource reads what a team's cohesion is computed from (implemented by cypher.Store).
type TeamGraphSource interface {
	// FindTeamGraphs returns, per team id that exists and sc may see, its members, the ties
	// among them and the survey answers between them.
	FindTeamGraphs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.TeamGraph, error)
}

// MetricsWriter writes computed metrics back to the graph for analysts (implemented by
// cypher.Store).
type MetricsWriter interface {
	// WriteConnectorMetrics writes each person's betweenness and rank (ranks[i] for
	// scores[i]).
	WriteConnectorMetrics(ctx context.Context, scores []ecograph.ConnectorScore, ranks []int, exact bool, at time.Time) error
	// WriteTeamMetrics writes each team's cohesion and stage.
	WriteTeamMetrics(ctx context.Context, teams []ecograph.TeamMetrics, at time.Time) error
}

// AnalyticsConfig tunes Analytics.
type AnalyticsConfig struct {
	// Connectors sets the exact limit, the estimate's accuracy and seed, and the workers
	// (default: GOMAXPROCS).
	Connectors ona.ConnectorOptions
	// WriteBack, when set, receives the whole ecosystem's betweenness after each
	// computation that changed it, at most every WriteBackEvery (default 10 s).
	WriteBack      MetricsWriter
	WriteBackEvery time.Duration
	// WatchInterval is how often Run looks for a new snapshot (default 250 ms);
	// RecomputeEvery the least time between two of its background computations (default
	// 5 s), so that a stream of writes does not keep the cores busy.
	WatchInterval  time.Duration
	RecomputeEvery time.Duration
	// MaxStale: above the exact limit, a request may be answered with the estimate of an
	// older snapshot computed less than MaxStale ago (default 2 min; negative: never) while
	// the current one is computed in the background. Exact scores are always current.
	MaxStale time.Duration
}

// Analytics computes the network measures over the Finder's snapshot of the tie graph (and,
// for team cohesion, over a fresh read of the team): betweenness per scope is computed once
// per snapshot and cached until the graph changes; Run recomputes the whole ecosystem's in
// the background as soon as it does, so that requests find it ready.
type Analytics struct {
	f     *Finder
	teams TeamGraphSource
	cfg   AnalyticsConfig
	log   *slog.Logger
	sf    singleflight.Group

	mu    sync.Mutex
	cache map[string]connectorsEntry // by organisation id; "" for everyone

	st *structure // the structure of the latest snapshot asked for

	written     map[string]writtenMetric        // what the last write-back wrote, by person id
	writtenTeam map[string]ecograph.TeamMetrics // and by team id
	wroteAt     time.Time
}

type connectorsEntry struct {
	snap *Snapshot
	res  *ecograph.Connectors
}

type writtenMetric struct {
	betweenness float64
	rank        int
}

// maxCachedScopes bounds the cache: past it, results of older snapshots are dropped first.
const maxCachedScopes = 1024

// NewAnalytics returns the measures over f's snapshots, with team graphs read from teams.
func NewAnalytics(f *Finder, teams TeamGraphSource, cfg AnalyticsConfig, log *slog.Logger) *Analytics {
	if cfg.Connectors.Workers < 1 {
		cfg.Connectors.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.WriteBackEvery <= 0 {
		cfg.WriteBackEvery = 10 * time.Second
	}
	if cfg.WatchInterval <= 0 {
		cfg.WatchInterval = 250 * time.Millisecond
	}
	if cfg.RecomputeEvery <= 0 {
		cfg.RecomputeEvery = 5 * time.Second
	}
	if cfg.MaxStale == 0 {
		cfg.MaxStale = 2 * time.Minute
	}
	return &Analytics{f: f, teams: teams, cfg: cfg, log: log, cache: map[string]connectorsEntry{}}
}

// Connectors returns the betweenness of every person of the organisation org (every person
// when org is ""), over the ties among them with trust > 0, highest first: exact up to the
// configured limit of people, estimated above it. An organisation without people gives no
// scores. Errors: EINTERNAL when the snapshot cannot be loaded.
func (a *Analytics) Connectors(ctx context.Context, org string) (*ecograph.Connectors, error) {
	s, err := a.f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	return a.connectors(s, org)
}

func (a *Analytics) connectors(s *Snapshot, org string) (*ecograph.Connectors, error) {
	a.mu.Lock()
	e, ok := a.cache[org]
	a.mu.Unlock()
	if ok && e.snap == s {
		return e.res, nil
	}
	compute := func() (any, error) { return a.compute(s, org) }
	key := fmt.Sprintf("%p|%s", s, org)
	// An estimate of a slightly older graph is served while the new one is computed: it is
	// an estimate already, and computing one takes seconds (docs/analytics.md).
	if ok && !e.res.Exact && time.Since(e.res.ComputedAt) < a.cfg.MaxStale {
		go func() { _, _, _ = a.sf.Do(key, compute) }()
		return e.res, nil
	}
	v, err, _ := a.sf.Do(key, compute)
	if err != nil {
		return nil, err
	}
	return v.(*ecograph.Connectors), nil
}

// compute computes and caches the scores of org in s; a panic becomes an EINTERNAL error.
func (a *Analytics) compute(s *Snapshot, org string) (res any, err error) {
	defer func() {
		if p := recover(); p != nil {
			if a.log != nil {
				a.log.Error("analytics: recovered a panic", "scope", org, "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			}
			err = ecograph.Errorf(ecograph.EINTERNAL, "connectors: %v", p)
		}
	}()
	r := computeConnectors(s, org, a.cfg.Connectors)
	a.store(org, s, r)
	return r, nil
}

// store caches r for org unless a newer snapshot's result is there already.
func (a *Analytics) store(org string, s *Snapshot, r *ecograph.Connectors) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if e, ok := a.cache[org]; ok && e.snap.LoadedAt.After(s.LoadedAt) {
		return
	}
	if len(a.cache) >= maxCachedScopes {
		for k, e := range a.cache {
			if e.snap != s {
				delete(a.cache, k)
			}
		}
		if len(a.cache) >= maxCachedScopes {
			clear(a.cache)
		}
	}
	a.cache[org] = connectorsEntry{snap: s, res: r}
}

// computeConnectors computes the betweenness of org's people (everyone for "") in s. The
// people are numbered in id order, so that the same graph gives the same estimate whatever
// order the database streamed it in.
func computeConnectors(s *Snapshot, org string, o ona.ConnectorOptions) *ecograph.Connectors {
	start := time.Now()
	g := s.Graph
	var scope []int32
	for i := int32(0); int(i) < g.NumPeople(); i++ {
		if org == "" || g.OrgID(i) == org {
			scope = append(scope, i)
		}
	}
	slices.SortFunc(scope, func(x, y int32) int { return cmp.Compare(g.ID(x), g.ID(y)) })
	local := make([]int32, g.NumPeople())
	for i := range local {
		local[i] = -1
	}
	for j, i := range scope {
		local[i] = int32(j)
	}
	var edges []ona.Edge
	g.ForEachTie(func(x, y int32, trust float64, _ string) {
		if lx, ly := local[x], local[y]; lx >= 0 && ly >= 0 {
			edges = append(edges, ona.Edge{A: lx, B: ly, Trust: trust})
		}
	})
	c := ona.Connectors(ona.NewGraph(len(scope), edges), o)
	res := &ecograph.Connectors{Scores: make([]ecograph.ConnectorScore, len(scope)), Exact: c.Exact, Samples: c.Samples}
	if !c.Exact {
		res.Epsilon, res.Delta = c.Epsilon, c.Delta
	}
	for j, i := range scope {
		res.Scores[j] = ecograph.ConnectorScore{PersonID: g.ID(i), Betweenness: c.Values[j]}
	}
	RankConnectors(res.Scores)
	res.ComputedAt = time.Now()
	res.Took = res.ComputedAt.Sub(start)
	return res
}

// RankConnectors sorts scores highest first, then by person id. Scores that differ by less
// than 1e-12 (rounding in the sums) count as equal, so that people in symmetric positions
// come in id order.
func RankConnectors(scores []ecograph.ConnectorScore) {
	key := func(v float64) float64 { return math.Round(v * 1e12) }
	slices.SortFunc(scores, func(x, y ecograph.ConnectorScore) int {
		if c := cmp.Compare(key(y.Betweenness), key(x.Betweenness)); c != 0 {
			return c
		}
		return cmp.Compare(x.PersonID, y.PersonID)
	})
}

// TeamCohesion returns the cohesion of the team, read afresh with the caller's scope sc.
// Errors: ENOTFOUND when the team does not exist or sc may not see it.
func (a *Analytics) TeamCohesion(ctx context.Context, sc ecograph.Scope, team string) (*ecograph.Cohesion, error) {
	tgs, err := a.teams.FindTeamGraphs(ctx, sc, []string{team})
	if err != nil {
		return nil, err
	}
	tg := tgs[team]
	if tg == nil {
		return nil, ecograph.NotFound("team", team)
	}
	c := ona.TeamCohesion(tg)
	return &c, nil
}

// Run keeps the whole ecosystem's betweenness computed for the current snapshot, and writes
// it back when configured (with every team's cohesion and stage), until ctx ends. It applies local writes to the snapshot as they
// come (as a route query would); writes from elsewhere arrive through the Finder's poller.
func (a *Analytics) Run(ctx context.Context) {
	t := time.NewTicker(a.cfg.WatchInterval)
	defer t.Stop()
	var last *Snapshot
	var lastRun time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if time.Since(lastRun) < a.cfg.RecomputeEvery {
			continue
		}
		a.runOnce(ctx, &last, &lastRun)
	}
}

// runOnce is one round of Run; a panic in it (the write-back's included) is logged with its
// stack and the next round tries again: it must not end the process.
func (a *Analytics) runOnce(ctx context.Context, lastp **Snapshot, lastRunp *time.Time) {
	defer func() {
		if p := recover(); p != nil && a.log != nil {
			a.log.Error("analytics: recovered a panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		}
	}()
	last := *lastp
	defer func() { *lastp = last }()
	s, err := a.f.snapshot(ctx)
	if err != nil || s == last {
		return
	}
	v, err, _ := a.sf.Do(fmt.Sprintf("%p|", s), func() (any, error) { return a.compute(s, "") })
	if err != nil {
		return
	}
	res := v.(*ecograph.Connectors)
	last, *lastRunp = s, time.Now()
	if a.cfg.WriteBack != nil && time.Since(a.wroteAt) >= a.cfg.WriteBackEvery {
		err := a.writeBack(ctx, res)
		if err == nil && a.teams != nil {
			err = a.writeBackTeams(ctx, s)
		}
		if err != nil && ctx.Err() == nil {
			if a.log != nil {
				a.log.Warn("analytics: metrics write-back failed; retrying with the next change", "err", err)
			}
			last = nil
		}
	}
}

// teamMetricsBatch bounds the teams read at once for the write-back.
const teamMetricsBatch = 500

// writeBackTeams computes every team's cohesion and stage (the teams with a member in s, read
// with the full scope) and writes those that changed since the last write-back.
func (a *Analytics) writeBackTeams(ctx context.Context, s *Snapshot) error {
	st := a.structureOf(s)
	ids := st.orgTeams("")
	next := make(map[string]ecograph.TeamMetrics, len(ids))
	var changed []ecograph.TeamMetrics
	for lo := 0; lo < len(ids); lo += teamMetricsBatch {
		batch := ids[lo:min(lo+teamMetricsBatch, len(ids))]
		tgs, err := a.teams.FindTeamGraphs(ctx, ecograph.FullScope(), batch)
		if err != nil {
			return err
		}
		for _, id := range batch {
			tg := tgs[id]
			if tg == nil {
				continue
			}
			sig := st.teamSignals(tg)
			m := ecograph.TeamMetrics{TeamID: id, Density: sig.Cohesion.Density, AverageTrust: sig.Cohesion.AverageTrust,
				Reciprocity: sig.Cohesion.Reciprocity, Stage: ona.TeamMaturity(sig).Stage}
			next[id] = m
			if old, ok := a.writtenTeam[id]; !ok || !sameTeamMetrics(old, m) {
				changed = append(changed, m)
			}
		}
	}
	if len(changed) > 0 {
		if err := a.cfg.WriteBack.WriteTeamMetrics(ctx, changed, time.Now()); err != nil {
			return err
		}
		if a.log != nil {
			a.log.Info("analytics: wrote team metrics back", "teams", len(changed))
		}
	}
	a.writtenTeam = next
	return nil
}

func sameTeamMetrics(x, y ecograph.TeamMetrics) bool {
	if (x.Reciprocity == nil) != (y.Reciprocity == nil) || (x.Reciprocity != nil && *x.Reciprocity != *y.Reciprocity) {
		return false
	}
	return x.Density == y.Density && x.AverageTrust == y.AverageTrust && x.Stage == y.Stage
}

// writeBack writes the scores that changed since the last write-back. A write changes the
// database's bookmark, so the Finder reloads and Run computes again: from the same graph the
// same scores (the estimate's sample depends on the graph and the seed only), so nothing is
// written the second time and the loop settles.
func (a *Analytics) writeBack(ctx context.Context, res *ecograph.Connectors) error {
	var scores []ecograph.ConnectorScore
	var ranks []int
	next := make(map[string]writtenMetric, len(res.Scores))
	for i, sc := range res.Scores {
		m := writtenMetric{betweenness: sc.Betweenness, rank: i + 1}
		next[sc.PersonID] = m
		if old, ok := a.written[sc.PersonID]; !ok || old != m {
			scores = append(scores, sc)
			ranks = append(ranks, m.rank)
		}
	}
	a.wroteAt = time.Now()
	if len(scores) == 0 {
		a.written = next
		return nil
	}
	if err := a.cfg.WriteBack.WriteConnectorMetrics(ctx, scores, ranks, res.Exact, res.ComputedAt); err != nil {
		return err
	}
	a.written = next
	if a.log != nil {
		a.log.Info("analytics: wrote connector metrics back", "people", len(scores), "exact", res.Exact)
	}
	return nil
}

// structure is the whole tie graph of one snapshot as the structural measures need it:
// people numbered in id order, with their organisation, its kind and their teams.
type structure struct {
	snap   *Snapshot
	g      *ona.Graph
	ids    []string
	index  map[string]int32
	org    []int32 // index into orgIDs; -1: none
	orgIDs []string
	kind   []int8 // index into ecograph.OrgKinds; -1: unknown
	teams  map[string][]int32
	teamOf [][]string // each person's teams

	brokerOnce sync.Once
	brokerage  [][ona.NumKindPairs]int64

	eco      []ona.EcosystemPerson
	ecoMu    sync.Mutex
	ecoCache map[ona.EcosystemOptions][]ecograph.EcosystemMatch
}

// structureOf returns s's structure, built once per snapshot.
func (a *Analytics) structureOf(s *Snapshot) *structure {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.st != nil && a.st.snap == s {
		return a.st
	}
	g := s.Graph
	n := g.NumPeople()
	st := &structure{snap: s, ids: make([]string, n), index: make(map[string]int32, n), org: make([]int32, n),
		kind: make([]int8, n), teams: map[string][]int32{}, teamOf: make([][]string, n),
		eco: make([]ona.EcosystemPerson, n), ecoCache: map[ona.EcosystemOptions][]ecograph.EcosystemMatch{}}
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(g.ID(x), g.ID(y)) })
	local := make([]int32, n)
	orgIndex := map[string]int32{}
	for j, i := range order {
		id := g.ID(i)
		local[i] = int32(j)
		st.ids[j], st.index[id] = id, int32(j)
		st.org[j], st.kind[j] = -1, int8(slices.Index(ecograph.OrgKinds, g.OrgKind(i)))
		st.eco[j] = ona.EcosystemPerson{Ours: g.OrgKind(i) == ecograph.OrgOurs, Blocker: g.HasRole(i, ecograph.RoleBlocker),
			ClientDecision: g.OrgKind(i) == ecograph.OrgClient && g.HasRole(i, ecograph.RoleDecisionMaker)}
		if o := g.OrgID(i); o != "" {
			k, ok := orgIndex[o]
			if !ok {
				k = int32(len(st.orgIDs))
				orgIndex[o] = k
				st.orgIDs = append(st.orgIDs, o)
			}
			st.org[j] = k
		}
		if p := s.people[id]; p != nil {
			st.teamOf[j] = p.TeamIDs
			for _, t := range p.TeamIDs {
				st.teams[t] = append(st.teams[t], int32(j))
			}
		}
	}
	var edges []ona.Edge
	g.ForEachTie(func(x, y int32, trust float64, _ string) {
		edges = append(edges, ona.Edge{A: local[x], B: local[y], Trust: trust})
	})
	st.g = ona.NewGraph(n, edges)
	a.st = st
	return st
}

// orgPeople returns the people of organisation org ("" for everyone).
func (st *structure) orgPeople(org string) []int32 {
	var out []int32
	for v := range st.ids {
		if org == "" || (st.org[v] >= 0 && st.orgIDs[st.org[v]] == org) {
			out = append(out, int32(v))
		}
	}
	return out
}

// orgTeams returns the ids of the teams with a member at org ("" for every team), sorted.
func (st *structure) orgTeams(org string) []string {
	var out []string
	for t, members := range st.teams {
		for _, v := range members {
			if org == "" || (st.org[v] >= 0 && st.orgIDs[st.org[v]] == org) {
				out = append(out, t)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

func (st *structure) boundary(team string) ecograph.TeamBoundary {
	b := ona.GroupBoundary(st.g, st.teams[team], st.org)
	tb := ecograph.TeamBoundary{TeamID: team, Members: b.Members, Internal: b.Internal, External: b.External,
		CrossTeam: b.CrossTeam, Silo: b.Silo()}
	if ei, ok := b.EI(); ok {
		share, _ := b.ExternalShare()
		tb.EI, tb.ExternalShare = &ei, &share
	}
	return tb
}

// TeamBoundaries returns the E-I index of every team with a member at org ("" for every
// team), over the ties with trust > 0, by team id. Errors: EINTERNAL when the snapshot cannot
// be loaded.
func (a *Analytics) TeamBoundaries(ctx context.Context, org string) ([]ecograph.TeamBoundary, error) {
	s, err := a.f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	st := a.structureOf(s)
	teams := st.orgTeams(org)
	out := make([]ecograph.TeamBoundary, len(teams))
	for i, t := range teams {
		out[i] = st.boundary(t)
	}
	return out, nil
}

// Brokers returns the people who broker between organisations of kinds x and y (see
// ona.Brokerage), most pairs first, then by id; people who broker none are left out.
// Errors: EINVALID for an unknown kind.
func (a *Analytics) Brokers(ctx context.Context, x, y ecograph.OrgKind) ([]ecograph.BrokerScore, error) {
	pair, ok := ona.MakeKindPair(x, y)
	if !ok {
		return nil, ecograph.Invalid("between", "unknown organisation kinds %q and %q", x, y)
	}
	s, err := a.f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	st := a.structureOf(s)
	st.brokerOnce.Do(func() { st.brokerage = ona.Brokerage(st.g, st.kind, st.org) })
	var out []ecograph.BrokerScore
	for v, counts := range st.brokerage {
		if c := counts[pair.Index()]; c > 0 {
			out = append(out, ecograph.BrokerScore{PersonID: st.ids[v], Pairs: c})
		}
	}
	slices.SortFunc(out, func(p, q ecograph.BrokerScore) int {
		if c := cmp.Compare(q.Pairs, p.Pairs); c != 0 {
			return c
		}
		return cmp.Compare(p.PersonID, q.PersonID)
	})
	return out, nil
}

// maxEcoCache bounds the ecosystem matches cached per snapshot (one per threshold and blocker
// rule asked for).
const maxEcoCache = 64

// EcosystemMatches returns the new ties between our people and people outside that would
// most increase the client decision makers our organisation reaches over ties of trust >=
// minTrust (see ona.EcosystemMatches), the largest gain first; computed once per snapshot and
// options. Errors: EINTERNAL when the snapshot cannot be loaded.
func (a *Analytics) EcosystemMatches(ctx context.Context, minTrust float64, avoidBlockers bool) ([]ecograph.EcosystemMatch, error) {
	s, err := a.f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	st := a.structureOf(s)
	o := ona.EcosystemOptions{MinTrust: minTrust, AvoidBlockers: avoidBlockers}
	st.ecoMu.Lock()
	defer st.ecoMu.Unlock()
	if out, ok := st.ecoCache[o]; ok {
		return out, nil
	}
	ms := ona.EcosystemMatches(st.g, st.eco, o)
	out := make([]ecograph.EcosystemMatch, len(ms))
	for i, m := range ms {
		dms := make([]string, len(m.DecisionMakers))
		for j, v := range m.DecisionMakers {
			dms[j] = st.ids[v]
		}
		out[i] = ecograph.EcosystemMatch{OursID: st.ids[m.Ours], ExternalID: st.ids[m.External], DecisionMakerIDs: dms,
			Gain: m.Gain, Reached: m.Reached, RouteTrust: m.RouteTrust}
	}
	if len(st.ecoCache) >= maxEcoCache {
		clear(st.ecoCache)
	}
	st.ecoCache[o] = out
	return out, nil
}

// Bridges returns the bridges of the graph induced by org's people ("" for everyone) whose
// smaller side has at least minSide people, the largest smaller side first, then by the
// pair's ids. Errors: EINTERNAL when the snapshot cannot be loaded.
func (a *Analytics) Bridges(ctx context.Context, org string, minSide int) ([]ecograph.BridgeTie, error) {
	s, err := a.f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	st := a.structureOf(s)
	g := st.g
	people := st.orgPeople(org)
	if org != "" {
		local := make(map[int32]int32, len(people))
		for j, v := range people {
			local[v] = int32(j)
		}
		var edges []ona.Edge
		for _, v := range people {
			for _, x := range st.g.Neighbors(v) {
				if lx, ok := local[x]; ok && v < x {
					edges = append(edges, ona.Edge{A: local[v], B: lx, Trust: 1})
				}
			}
		}
		g = ona.NewGraph(len(people), edges)
	}
	var out []ecograph.BridgeTie
	for _, b := range ona.Bridges(g) {
		if b.Small >= minSide {
			out = append(out, ecograph.BridgeTie{PersonA: st.ids[people[b.A]], PersonB: st.ids[people[b.B]], Small: b.Small, Large: b.Large})
		}
	}
	return out, nil
}

// teamSignals returns what a team's stage is decided from: its cohesion as read (tg) and its
// boundary and external reach in st.
func (st *structure) teamSignals(tg *ecograph.TeamGraph) ona.TeamSignals {
	var members []int32
	for _, id := range tg.Members {
		if v, ok := st.index[id]; ok {
			members = append(members, v)
		}
	}
	return ona.TeamSignals{
		Cohesion: ona.TeamCohesion(tg),
		Boundary: ona.GroupBoundary(st.g, members, st.org),
		Reach:    ona.ExternalReach(st.g, members, st.org, st.kind),
	}
}

// TeamMaturity returns the maturity stage of a team that sc may see, with its checks and next
// steps. Errors: ENOTFOUND when the team does not exist or sc may not see it.
func (a *Analytics) TeamMaturity(ctx context.Context, sc ecograph.Scope, team string) (*ecograph.Maturity, error) {
	tgs, err := a.teams.FindTeamGraphs(ctx, sc, []string{team})
	if err != nil {
		return nil, err
	}
	tg := tgs[team]
	if tg == nil {
		return nil, ecograph.NotFound("team", team)
	}
	s, err := a.f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	m := ona.TeamMaturity(a.structureOf(s).teamSignals(tg))
	return &m, nil
}

// OrganizationMaturity returns the maturity stage of organisation org, from its teams (those
// with a member there, read with scope sc), its internal ties and its trusted external ties.
// The caller checks that org exists and may be seen.
func (a *Analytics) OrganizationMaturity(ctx context.Context, sc ecograph.Scope, org string) (*ecograph.Maturity, error) {
	s, err := a.f.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	st := a.structureOf(s)
	people := st.orgPeople(org)
	sig := ona.OrgSignals{People: len(people), OwnKind: -1}
	if len(people) > 0 {
		sig.OwnKind = st.kind[people[0]]
	}
	teams := st.orgTeams(org)
	if len(teams) > 0 {
		tgs, err := a.teams.FindTeamGraphs(ctx, sc, teams)
		if err != nil {
			return nil, err
		}
		for _, t := range teams {
			tg := tgs[t]
			if tg == nil || len(tg.Members) < 2 {
				continue
			}
			ts := st.teamSignals(tg)
			sig.Teams++
			if ona.TeamMaturity(ts).Stage != ecograph.StagePistol {
				sig.CollaborativeTeams++
			}
			sig.Answers += ts.Cohesion.Answers
			sig.Reciprocated += ts.Cohesion.Reciprocated
		}
	}
	for _, v := range people {
		trust := st.g.Trusts(v)
		for i, x := range st.g.Neighbors(v) {
			if x <= v || st.org[x] != st.org[v] {
				continue
			}
			sig.InternalTies++
			sig.TrustSum += trust[i]
			if !shareTeam(st.teamOf[v], st.teamOf[x]) {
				sig.CrossTeamTies++
			}
		}
	}
	sig.Reach = ona.ExternalReach(st.g, people, st.org, st.kind)
	m := ona.OrganizationMaturity(sig)
	return &m, nil
}

func shareTeam(a, b []string) bool {
	for _, t := range a {
		if slices.Contains(b, t) {
			return true
		}
	}
	return false
}

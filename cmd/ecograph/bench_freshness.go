package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"sort"
	"sync"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
)

// freshness measures how soon a write made through one replica is seen by the routes of the
// others (docs/scaling.md): three finders over the bench's database, each polling the change
// feed every c.PollInterval, writes of existing ties' trust at a steady rate through a random
// replica (the store, then Touch on that replica, as the resolvers do), and for every write
// the time from its commit until each other replica's snapshot carries it.
func (b *bench) freshness(ctx context.Context, c config, writes int, rate float64) error {
	adj, err := readAdjacency(filepath.Join(b.dir, "ties.csv"))
	if err != nil {
		return err
	}
	var pairs [][2]string
	for a, others := range adj {
		for _, z := range others {
			if a < z {
				pairs = append(pairs, [2]string{a, z})
			}
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0]+pairs[i][1] < pairs[j][0]+pairs[j][1] })
	// With --profile: the replicas' debug log (each delta's people and duration) and a CPU
	// profile of the writes and their application go into the profile directory.
	var logOut io.Writer = io.Discard
	if b.profile != "" {
		if err := os.MkdirAll(b.profile, 0o755); err != nil {
			return err
		}
		f, err := os.Create(filepath.Join(b.profile, "freshness.log"))
		if err != nil {
			return err
		}
		defer f.Close()
		logOut = f
	}
	logger := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelDebug}))
	const n = 3
	var replicas [n]*projection.Finder
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { stop(); wg.Wait() }() // stop the pollers and the watcher, then wait for them
	for i := range replicas {
		replicas[i] = projection.New(projectionSource{b.store}, projection.Config{PollInterval: c.PollInterval}, logger)
		if _, err := replicas[i].Refresh(ctx); err != nil {
			return err
		}
		wg.Add(1)
		go func() { defer wg.Done(); replicas[i].Run(runCtx) }()
	}
	feed := replicas[0].Current().Feed.Epoch != ""
	b.printf("## Freshness across replicas: %d replicas, %d tie writes at %.0f/s through a random replica\n\n", n, writes, rate)
	b.printf("poll interval %s, change feed: %v\n\n", c.PollInterval, feed)

	type pending struct {
		a, z    string
		trust   float64
		writer  int
		at      time.Time
		waiting [n]bool
	}
	var mu sync.Mutex
	var open []*pending
	var lat []time.Duration
	seen := func(s *projection.Snapshot, a, z string, trust float64) bool {
		g := s.Graph
		v, ok := g.Index(a)
		w, ok2 := g.Index(z)
		if !ok || !ok2 {
			return false
		}
		off, to, tr := g.Arcs()
		for e := off[v]; e < off[v+1]; e++ {
			if to[e] == w {
				return tr[e] == trust
			}
		}
		return false
	}
	wg.Add(1)
	go func() { // watch every replica's snapshot for the writes not seen yet
		defer wg.Done()
		for runCtx.Err() == nil {
			time.Sleep(2 * time.Millisecond)
			mu.Lock()
			keep := open[:0]
			for _, p := range open {
				left := false
				for r := range replicas {
					if p.waiting[r] && seen(replicas[r].Current(), p.a, p.z, p.trust) {
						p.waiting[r] = false
						lat = append(lat, time.Since(p.at))
					}
					left = left || p.waiting[r]
				}
				if left {
					keep = append(keep, p)
				}
			}
			open = keep
			mu.Unlock()
		}
	}()
	if b.profile != "" {
		f, err := os.Create(filepath.Join(b.profile, "freshness.cpu.pprof"))
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	shown := func(a, z string, trust float64) bool {
		for _, r := range replicas {
			if seen(r.Current(), a, z, trust) {
				return true
			}
		}
		return false
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 12))
	tick := time.NewTicker(time.Duration(float64(time.Second) / rate))
	defer tick.Stop()
	start := time.Now()
	for i := range writes {
		<-tick.C
		pr := pairs[rng.IntN(len(pairs))]
		writer := rng.IntN(n)
		// A value some replica already shows (a rerun over kept data writes the same values)
		// would be "seen" at once: draw until it is new everywhere.
		trust := 0.05 + 0.9*rng.Float64()
		for shown(pr[0], pr[1], trust) {
			trust = 0.05 + 0.9*rng.Float64()
		}
		if _, err := b.store.UpsertTie(ctx, ecograph.Tie{PersonA: pr[0], PersonB: pr[1], Trust: trust, Source: fmt.Sprint("fresh", i)}); err != nil {
			return err
		}
		at := time.Now()
		replicas[writer].Touch(pr[0], pr[1])
		p := &pending{a: pr[0], z: pr[1], trust: trust, writer: writer, at: at}
		for r := range replicas {
			p.waiting[r] = r != writer
		}
		mu.Lock()
		// A later write to the same pair supersedes an earlier one still open.
		keep := open[:0]
		for _, q := range open {
			if q.a != p.a || q.z != p.z {
				keep = append(keep, q)
			}
		}
		open = append(keep, p)
		mu.Unlock()
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		mu.Lock()
		left := len(open)
		mu.Unlock()
		if left == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	mu.Lock()
	defer mu.Unlock()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.printf("%d writes in %s; %d sightings on the other replicas: p50 %s, p99 %s, max %s; %d never seen within 60 s\n\n",
		writes, time.Since(start).Round(time.Millisecond), len(lat), pct(lat, 50), pct(lat, 99), pct(lat, 100), len(open))
	b.printf("| replica | full reloads | deltas | feed changes applied |\n|---|---|---|---|\n")
	for i, f := range replicas {
		b.printf("| %d | %d | %d | %d |\n", i, f.FullReloads(), f.Deltas(), f.FeedChanges())
	}
	b.printf("\n")
	return nil
}

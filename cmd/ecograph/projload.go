package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
)

// runProjectionLoad loads the route projection from the database as `ecograph serve` does at
// start and reports its time and the process's memory (docs/scaling.md, "Loading a million
// people"). --drain reads the same records into a sink that keeps nothing: the database's
// query, the Bolt transfer and the driver's decoding alone. --cpuprofile and --memprofile
// write pprof profiles of the load.
func runProjectionLoad(ctx context.Context, c config, args []string, stdout, stderr io.Writer) error {
	fl := newFlags("projection-load", stderr)
	drain := fl.Bool("drain", false, "only read the records (query, transfer, decoding); build nothing")
	repeat := fl.Int("repeat", 1, "load this many times in a row (the second load runs with the first still in use, as a reload does)")
	cpuProfile := fl.String("cpuprofile", "", "write a CPU profile of the load(s) to this file")
	memProfile := fl.String("memprofile", "", "write a heap profile (live objects after the last load) to this file")
	if err := parse(fl, args); err != nil {
		return err
	}
	if *repeat < 1 {
		return ecograph.Invalid("--repeat", "must be at least 1")
	}
	store, closeFn, err := openStore(ctx, c, 30*time.Second)
	if err != nil {
		return err
	}
	defer closeFn()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	src := projectionSource{store}
	finder := projection.New(src, projection.Config{}, nil)
	for i := range *repeat {
		start := time.Now()
		if *drain {
			var d drainSink
			if _, err := src.StreamRouteGraph(ctx, &d); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "drain %d: people=%d ties=%d orgs=%d malformed=%d duration=%s (first tie after %s, first organisation after %s) %s\n",
				i+1, d.people, d.ties, d.orgs, d.malformed, time.Since(start).Round(time.Millisecond),
				d.firstTie.Sub(start).Round(time.Millisecond), d.firstOrg.Sub(start).Round(time.Millisecond), memLine())
			continue
		}
		s, err := finder.Refresh(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "load %d: people=%d ties=%d duration=%s %s\n", i+1, s.Graph.NumPeople(), s.Graph.NumTies(),
			s.LoadTime.Round(time.Millisecond), memLine())
	}
	if *memProfile != "" {
		runtime.GC()
		f, err := os.Create(*memProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			return err
		}
	}
	runtime.KeepAlive(finder)
	return nil
}

// memLine reports the process's resident memory now and its peak (Linux), and the Go heap.
func memLine() string {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	out := fmt.Sprintf("heap_inuse=%dMB gc=%d", ms.HeapInuse>>20, ms.NumGC)
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && (f[0] == "VmRSS:" || f[0] == "VmHWM:") {
				var kb int64
				fmt.Sscan(f[1], &kb)
				out += fmt.Sprintf(" %s=%dMB", strings.ToLower(strings.TrimSuffix(f[0], ":")), kb>>10)
			}
		}
	}
	return out
}

// drainSink counts what a load streams and keeps nothing.
type drainSink struct {
	people, ties, orgs, malformed int
	firstTie, firstOrg            time.Time
}

func (d *drainSink) AddOrganization(ecograph.Organization) {
	if d.orgs == 0 {
		d.firstOrg = time.Now()
	}
	d.orgs++
}

func (d *drainSink) AddPerson(_, _, _, _ string, _, _ []string) { d.people++ }

func (d *drainSink) AddTie(_, _ string, _ float64, _ string) {
	if d.ties == 0 {
		d.firstTie = time.Now()
	}
	d.ties++
}

func (d *drainSink) Malformed(string) { d.malformed++ }

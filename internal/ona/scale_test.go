package ona

import (
	"bytes"
	"encoding/csv"
	"os"
	"sort"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/ecograph/ecograph/internal/gen"
)

// genGraph generates `ecograph gen --people n` in memory and returns its tie graph.
func genGraph(tb testing.TB, n int, tiesPerPerson float64) *Graph {
	var org, team, people, ties bytes.Buffer
	if _, err := gen.GenerateTo(gen.Config{People: n, Seed: 1, TiesPerPerson: tiesPerPerson},
		gen.Writers{Organizations: &org, Teams: &team, People: &people, Ties: &ties}); err != nil {
		tb.Fatal(err)
	}
	rows, err := csv.NewReader(&ties).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	index := map[string]int32{}
	id := func(s string) int32 {
		if i, ok := index[s]; ok {
			return i
		}
		index[s] = int32(len(index))
		return index[s]
	}
	var edges []Edge
	for _, r := range rows[1:] {
		t, _ := strconv.ParseFloat(r[2], 64)
		edges = append(edges, Edge{id(r[0]), id(r[1]), t})
	}
	return NewGraph(n, edges)
}

// TestScale times the measures on `ecograph gen` graphs; set ECOGRAPH_ONA_SCALE=10000 (or
// 100000) to run it.
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("ECOGRAPH_ONA_SCALE"))
	if n == 0 {
		t.Skip("set ECOGRAPH_ONA_SCALE to the number of people")
	}
	start := time.Now()
	g := genGraph(t, n, 18)
	t.Logf("generated %d people, %d ties in %s", g.N(), g.NumEdges(), time.Since(start))
	start, cpu := time.Now(), cpuTime()
	est := EstimateBetweenness(g, DefaultEpsilon, DefaultDelta, 1, 2)
	t.Logf("estimate: %d samples, VD<=%d, %s (cpu %s)", est.Samples, est.VertexDiameter, time.Since(start), cpuTime()-cpu)
	if n <= 20000 {
		start, cpu = time.Now(), cpuTime()
		exact := Betweenness(g, 2)
		t.Logf("exact: %s (cpu %s)", time.Since(start), cpuTime()-cpu)
		top := rankTop(exact, 10)
		for _, v := range top {
			t.Logf("  %d: exact %.5f estimate %.5f", v, exact[v], est.Values[v])
		}
		maxErr := 0.0
		for v := range exact {
			maxErr = max(maxErr, abs(exact[v]-est.Values[v]))
		}
		t.Logf("max error %.5f", maxErr)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func rankTop(v []float64, k int) []int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return v[idx[a]] > v[idx[b]] })
	return idx[:min(k, len(idx))]
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

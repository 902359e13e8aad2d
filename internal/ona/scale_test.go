package ona

import (
	"bytes"
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph/internal/gen"
	"github.com/ecograph/ecograph/internal/ona/nxcheck"
)

// genGraph generates `ecograph gen --people n` (seed 1) in memory and returns its tie graph
// with each person's organisation, kind and what ecosystem matches need of them.
func genGraph(tb testing.TB, n int, tiesPerPerson float64) (*Graph, []int32, []int8, []EcosystemPerson) {
	var orgs, teams, people, ties bytes.Buffer
	if _, err := gen.GenerateTo(gen.Config{People: n, Seed: 1, TiesPerPerson: tiesPerPerson},
		gen.Writers{Organizations: &orgs, Teams: &teams, People: &people, Ties: &ties}); err != nil {
		tb.Fatal(err)
	}
	read := func(b *bytes.Buffer) [][]string {
		rows, err := csv.NewReader(b).ReadAll()
		if err != nil {
			tb.Fatal(err)
		}
		return rows
	}
	col := func(header []string, name string) int {
		for i, h := range header {
			if h == name {
				return i
			}
		}
		tb.Fatalf("no column %s in %v", name, header)
		return -1
	}
	orgRows := read(&orgs)
	kindOf, orgIndex := map[string]int8{}, map[string]int32{}
	for _, r := range orgRows[1:] {
		k := r[col(orgRows[0], "kind")]
		kindOf[r[0]] = map[string]int8{"OURS": 0, "PARTNER": 1, "CLIENT": 2}[k]
		orgIndex[r[0]] = int32(len(orgIndex))
	}
	peopleRows := read(&people)
	index := map[string]int32{}
	org := make([]int32, 0, n)
	kind := make([]int8, 0, n)
	eco := make([]EcosystemPerson, 0, n)
	oc, rc := col(peopleRows[0], "organization_id"), col(peopleRows[0], "roles")
	for _, r := range peopleRows[1:] {
		index[r[0]] = int32(len(index))
		org = append(org, orgIndex[r[oc]])
		kind = append(kind, kindOf[r[oc]])
		roles := strings.Split(r[rc], ";")
		eco = append(eco, EcosystemPerson{Ours: kindOf[r[oc]] == 0, Blocker: slices.Contains(roles, "BLOCKER"),
			ClientDecision: kindOf[r[oc]] == 2 && slices.Contains(roles, "DECISION_MAKER")})
	}
	var edges []Edge
	for _, r := range read(&ties)[1:] {
		t, _ := strconv.ParseFloat(r[2], 64)
		edges = append(edges, Edge{index[r[0]], index[r[1]], t})
	}
	return NewGraph(len(index), edges), org, kind, eco
}

// BenchmarkAtScale times the measures on the `ecograph gen` ecosystem of
// ECOGRAPH_ONA_PEOPLE people (default 10,000; 18 ties per person: about 180,000 ties), with
// two workers, and NetworkX's betweenness on the same graph side by side (its time for 100
// sources, and that time scaled to every source: NetworkX has no faster exact method).
// `make bench` runs it once; `make bench-large` at 100,000 people.
func BenchmarkAtScale(b *testing.B) {
	n := 10000
	if s := os.Getenv("ECOGRAPH_ONA_PEOPLE"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	tpp := 18.0
	if n >= 100000 {
		tpp = 20 // 2M ties, as the route benchmark's large run
	}
	g, org, kind, eco := genGraph(b, n, tpp)
	b.Logf("ecograph gen --people %d: %d ties", g.N(), g.NumEdges())
	var exact []float64
	if n <= 20000 {
		b.Run("betweenness-exact", func(b *testing.B) {
			for b.Loop() {
				exact = Betweenness(g, 2)
			}
		})
	}
	b.Run("betweenness-estimate", func(b *testing.B) {
		var est Centrality
		for b.Loop() {
			est = EstimateBetweenness(g, DefaultEpsilon, DefaultDelta, 1, 2)
		}
		b.ReportMetric(float64(est.Samples), "samples")
		if exact != nil {
			worst := 0.0
			for v := range exact {
				worst = max(worst, abs(exact[v]-est.Values[v]))
			}
			b.ReportMetric(worst, "max-error")
			b.Logf("estimate: %d samples (VD <= %d), max error %.5f against exact (bound %v)", est.Samples, est.VertexDiameter, worst, DefaultEpsilon)
		}
	})
	b.Run("brokerage", func(b *testing.B) {
		for b.Loop() {
			Brokerage(g, kind, org)
		}
	})
	b.Run("ecosystem-matches", func(b *testing.B) {
		var m []EcosystemMatch
		for b.Loop() {
			m = EcosystemMatches(g, eco, EcosystemOptions{MinTrust: 0.7, AvoidBlockers: true})
		}
		b.ReportMetric(float64(len(m)), "matches")
		if len(m) > 0 {
			b.Logf("ecosystem matches at minTrust 0.7: %d, the best adds %d client decision makers (%d people)", len(m), m[0].Gain, m[0].Reached)
		}
	})
	b.Run("bridges", func(b *testing.B) {
		for b.Loop() {
			Bridges(g)
		}
	})
	b.Run("networkx-100-sources", func(b *testing.B) {
		edges := make([][2]int32, 0, g.NumEdges())
		for v := int32(0); int(v) < g.N(); v++ {
			for _, x := range g.Neighbors(v) {
				if v < x {
					edges = append(edges, [2]int32{v, x})
				}
			}
		}
		type tc struct {
			Kind  string     `json:"kind"`
			N     int        `json:"n"`
			Edges [][2]int32 `json:"edges"`
			K     int        `json:"k"`
		}
		for b.Loop() {
			var out []struct{ Seconds float64 }
			nxcheck.Run(b, []tc{{"time_betweenness", g.N(), edges, 100}}, &out)
			per := time.Duration(out[0].Seconds * float64(time.Second))
			b.ReportMetric(out[0].Seconds, "nx-s/100-sources")
			b.Logf("NetworkX %s: 100 sources in %s; all %d sources (exact) would take about %s", nxcheck.Version, per.Round(time.Millisecond),
				g.N(), (per * time.Duration(g.N()) / 100).Round(time.Second))
		}
	})
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

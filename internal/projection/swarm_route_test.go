package projection_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/route"
	"github.com/ecograph/ecograph/internal/swarm"
)

// TestPlanTrustsAgreeWithTheRouteEngine: the swarm plan's route trusts (swarm.Searcher over
// the route graph's own arcs) are the trust of the route engine's MOST_TRUSTED route, on
// random graphs with blockers, avoided people and minTrust, so the plan and `trustedRoute`
// never disagree.
func TestPlanTrustsAgreeWithTheRouteEngine(t *testing.T) {
	for seed := range uint64(600) {
		r := rand.New(rand.NewPCG(seed, 0x9A7))
		n := 3 + r.IntN(12)
		b := route.NewBuilder(n, 4*n)
		blocker := make([]bool, n)
		for i := range n {
			var roles []ecograph.Role
			if r.IntN(5) == 0 {
				roles, blocker[i] = []ecograph.Role{ecograph.RoleBlocker}, true
			}
			b.AddPerson(fmt.Sprint("p", i), "o", ecograph.OrgClient, roles)
		}
		for i := range n {
			for j := i + 1; j < n; j++ {
				if r.Float64() < 0.3 {
					b.AddTie(fmt.Sprint("p", i), fmt.Sprint("p", j), float64(1+r.IntN(10))/10, "s")
				}
			}
		}
		g := b.Build()
		o := ecograph.RouteOptions{Objective: ecograph.MostTrusted, MinTrust: []float64{0, 0.3, 0.5}[r.IntN(3)], MaxHops: 1 + r.IntN(6),
			AvoidBlockers: r.IntN(2) == 0}
		if r.IntN(3) == 0 {
			o.Avoid = []string{fmt.Sprint("p", r.IntN(n))}
		}
		off, to, trust := g.Arcs()
		reach := swarm.Reach{MinTrust: o.MinTrust, MaxHops: o.MaxHops, NoIntermediate: make([]bool, n)}
		for i := range n {
			reach.NoIntermediate[i] = (o.AvoidBlockers && blocker[i]) || (len(o.Avoid) > 0 && o.Avoid[0] == fmt.Sprint("p", i))
		}
		s := swarm.NewSearcher(&swarm.Graph{Off: off, To: to, Trust: trust, Sorted: true}, reach)
		for from := range int32(n) {
			got := map[int32]float64{}
			for _, x := range s.BestTrusts(from, 0) {
				got[x.Person] = x.Trust
			}
			for dst := range int32(n) {
				if dst == from {
					continue
				}
				p, ok := g.Best(from, dst, route.Options{RouteOptions: o})
				v, gok := got[dst]
				if ok != gok || (ok && math.Abs(v-p.TotalTrust) > 1e-9*p.TotalTrust) {
					t.Fatalf("seed %d, %d->%d %+v: searcher %v (%v), route engine %v (%v)", seed, from, dst, o, v, gok, p.TotalTrust, ok)
				}
			}
		}
	}
}

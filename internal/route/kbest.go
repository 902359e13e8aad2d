package route

import (
	"encoding/binary"
	"math"
	"slices"
)

// KBest returns up to k distinct routes from person from to person to, best first under o
// (the contract's trustedRoutes): the k best loopless routes. Among routes of equal value the
// order is unspecified. Unknown indices, from == to, k < 1 and endpoints that o.Visible
// rejects give nil.
//
// It is Yen's algorithm with Lawler's refinement: each new route is a root taken from an
// accepted route plus the best spur from the root's last person to `to` that avoids the root's
// people, the hops that accepted routes with the same root take next, and the hop budget the
// root leaves; a route accepted after deviating at position i only spurs from position i on.
// Every spur search is the exact constrained search that Best uses.
func (g *Graph) KBest(from, to int32, k int, o Options) []Path {
	if k < 1 {
		return nil
	}
	q := g.newQuery(o)
	defer q.release()
	if from == to || !q.endpoint(from) || !q.endpoint(to) {
		return nil
	}
	w, cost, ok := q.pair(from, to, q.maxHops, math.Inf(1))
	if !ok {
		return nil
	}
	type candidate struct {
		p    Path
		cost float64
		dev  int // the position the route deviates from its parent at
	}
	first, _ := g.path(w)
	accepted := []candidate{{first, cost, 0}}
	var pending []candidate // sorted, best first
	seen := map[string]struct{}{nodesKey(first.Nodes): {}}
	sc := q.sc
	q.banOn = true
	defer func() { q.banOn, q.banFirst = false, nil }()

	for len(accepted) < k {
		last := accepted[len(accepted)-1]
		rootCost := 0.0
		for i := 0; i < last.dev; i++ {
			rootCost += arcCost(last.p.Trust[i])
		}
		for i := last.dev; i < last.p.Len(); i++ {
			if i > last.dev {
				rootCost += arcCost(last.p.Trust[i-1])
			}
			// Once enough candidates are pending, a spur only matters if its route can beat
			// the last of those that would be accepted.
			maxHops, limit := q.maxHops-int32(i), math.Inf(1)
			if need := k - len(accepted); len(pending) >= need {
				worst := pending[need-1]
				if q.fewest {
					maxHops = min(maxHops, int32(worst.p.Len()-i))
				} else {
					limit = worst.cost - rootCost + costEps
				}
			}
			if maxHops < 1 {
				continue
			}
			root := last.p.Nodes[:i+1]
			sc.bump(&sc.banGen, 1, banField)
			for _, v := range root[:i] {
				sc.nodes[v].ban = sc.banGen
			}
			q.banFirst = q.banFirst[:0]
			for _, a := range accepted {
				if a.p.Len() > i && slices.Equal(a.p.Nodes[:i+1], root) {
					q.banFirst = append(q.banFirst, a.p.Nodes[i+1])
				}
			}
			spur, _, ok := q.pair(root[i], to, maxHops, limit)
			if !ok {
				continue
			}
			nodes := make([]int32, 0, i+len(spur.nodes))
			nodes = append(append(nodes, root[:i]...), spur.nodes...)
			key := nodesKey(nodes)
			if _, dup := seen[key]; dup {
				continue
			}
			seen[key] = struct{}{}
			// The hops are the root's, then the spur's; the cost is summed in route order.
			p := Path{
				Nodes:      nodes,
				Trust:      make([]float64, 0, len(nodes)-1),
				Sources:    make([]string, 0, len(nodes)-1),
				TotalTrust: 1,
			}
			p.Trust = append(p.Trust, last.p.Trust[:i]...)
			p.Sources = append(p.Sources, last.p.Sources[:i]...)
			for _, a := range spur.arcs {
				p.Trust = append(p.Trust, g.trust[a])
				p.Sources = append(p.Sources, g.sources[g.src[a]])
			}
			c := 0.0
			for _, t := range p.Trust {
				p.TotalTrust *= t
				c += arcCost(t)
			}
			j := len(pending)
			for j > 0 && q.better(c, p.Len(), pending[j-1].cost, pending[j-1].p.Len()) {
				j--
			}
			pending = slices.Insert(pending, j, candidate{p, c, i})
		}
		if len(pending) == 0 {
			break
		}
		accepted = append(accepted, pending[0])
		pending = slices.Delete(pending, 0, 1)
	}

	out := make([]Path, len(accepted))
	for i, a := range accepted {
		out[i] = a.p
	}
	return out
}

// nodesKey is a map key for a sequence of nodes.
func nodesKey(nodes []int32) string {
	b := make([]byte, 0, 4*len(nodes))
	for _, v := range nodes {
		b = binary.LittleEndian.AppendUint32(b, uint32(v))
	}
	return string(b)
}

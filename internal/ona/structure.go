package ona

import (
	"slices"

	"github.com/ecograph/ecograph"
)

// Structure across teams and organisations, over the ties with trust > 0 (a Graph).

// SiloShare is the share of a team's ties that must leave it for the team not to be a
// knowledge silo: below it (E-I index below 2*SiloShare-1 = -0.6), the team mostly talks to
// itself.
const SiloShare = 0.2

// Boundary counts a group's ties by whether they stay inside it.
type Boundary struct {
	Members int
	// Internal ties join two members; External ties join a member to a non-member, and
	// CrossTeam are the external ties to people of the members' own organisation (Boundary
	// of a team: the ties to the rest of its organisation).
	Internal, External, CrossTeam int
}

// EI returns Krackhardt and Stern's E-I index, (E-I)/(E+I) in [-1, 1] (-1: every tie stays
// inside, 1: every tie leaves), and false when the group has no ties.
func (b Boundary) EI() (float64, bool) {
	t := b.Internal + b.External
	if t == 0 {
		return 0, false
	}
	return float64(b.External-b.Internal) / float64(t), true
}

// ExternalShare returns E/(E+I), the share of the group's ties that leave it, and false when
// it has no ties.
func (b Boundary) ExternalShare() (float64, bool) {
	t := b.Internal + b.External
	if t == 0 {
		return 0, false
	}
	return float64(b.External) / float64(t), true
}

// Silo reports whether the group is a knowledge silo: it has ties, and fewer than SiloShare
// of them leave it. A group without ties is not a silo but a set of isolates.
func (b Boundary) Silo() bool {
	s, ok := b.ExternalShare()
	return ok && s < SiloShare
}

// GroupBoundary counts the ties of the group members (people of g, duplicates ignored); org
// gives each person's organisation (an index; -1 for none), for CrossTeam.
func GroupBoundary(g *Graph, members []int32, org []int32) Boundary {
	in := make(map[int32]bool, len(members))
	for _, m := range members {
		in[m] = true
	}
	b := Boundary{Members: len(in)}
	for m := range in {
		for _, x := range g.Neighbors(m) {
			switch {
			case in[x]:
				if m < x {
					b.Internal++
				}
			default:
				b.External++
				if org[x] >= 0 && org[x] == org[m] {
					b.CrossTeam++
				}
			}
		}
	}
	return b
}

// KindPair is an unordered pair of organisation kinds, as indices into ecograph.OrgKinds
// (A <= B).
type KindPair struct{ A, B int }

// NumKindPairs is the number of unordered pairs of organisation kinds (OURS, PARTNER,
// CLIENT): 6.
const NumKindPairs = 6

// Index returns the pair's index in 0..NumKindPairs-1.
func (p KindPair) Index() int {
	a, b := min(p.A, p.B), max(p.A, p.B)
	// (0,0) (0,1) (0,2) (1,1) (1,2) (2,2)
	return []int{0, 3, 5}[a] + b - a
}

// MakeKindPair returns the pair of two kinds; false if either is not a valid kind.
func MakeKindPair(x, y ecograph.OrgKind) (KindPair, bool) {
	a, b := slices.Index(ecograph.OrgKinds, x), slices.Index(ecograph.OrgKinds, y)
	if a < 0 || b < 0 {
		return KindPair{}, false
	}
	return KindPair{min(a, b), max(a, b)}, true
}

// Brokerage returns, for every person v and every pair of organisation kinds, how many
// pairs of v's neighbours v brokers between those kinds: unordered pairs {x, y} of v's
// neighbours at two different organisations, of the pair's kinds, that are not tied to each
// other (so that, as far as the graph knows, they reach each other through v). kind gives
// each person's organisation kind as an index into ecograph.OrgKinds (-1: unknown, never
// counted), org each person's organisation (an index).
//
// Time O(sum of degree^2): every neighbour pair is counted from the kinds' totals, and only
// tied pairs are visited.
func Brokerage(g *Graph, kind []int8, org []int32) [][NumKindPairs]int64 {
	n := g.N()
	out := make([][NumKindPairs]int64, n)
	stamp := make([]int32, n)
	for i := range stamp {
		stamp[i] = -1
	}
	var orgs []int64 // (org << 2 | kind) of v's neighbours, to count same-organisation pairs
	for v := int32(0); int(v) < n; v++ {
		var cnt [3]int64
		orgs = orgs[:0]
		for _, x := range g.Neighbors(v) {
			stamp[x] = v
			if k := kind[x]; k >= 0 {
				cnt[k]++
				orgs = append(orgs, int64(org[x])<<2|int64(k))
			}
		}
		// All pairs of neighbours by kinds; a pair of different kinds is always at two
		// organisations, a pair of one kind may be at one, which does not count.
		for a := range 3 {
			out[v][KindPair{a, a}.Index()] = cnt[a] * (cnt[a] - 1) / 2
			for b := a + 1; b < 3; b++ {
				out[v][KindPair{a, b}.Index()] = cnt[a] * cnt[b]
			}
		}
		slices.Sort(orgs)
		for i := 0; i < len(orgs); {
			j := i
			for j < len(orgs) && orgs[j] == orgs[i] {
				j++
			}
			k := int(orgs[i] & 3)
			out[v][KindPair{k, k}.Index()] -= int64(j-i) * int64(j-i-1) / 2
			i = j
		}
		// Less the pairs that are tied to each other (at two organisations).
		for _, x := range g.Neighbors(v) {
			if kind[x] < 0 {
				continue
			}
			for _, y := range g.Neighbors(x) {
				if y > x && stamp[y] == v && kind[y] >= 0 && org[x] != org[y] {
					out[v][KindPair{int(kind[x]), int(kind[y])}.Index()]--
				}
			}
		}
	}
	return out
}

// Bridge is a tie whose loss splits its connected component in two, of Small <= Large
// people.
type Bridge struct {
	A, B         int32 // A < B
	Small, Large int
}

// Bridges returns every bridge of g (Tarjan's low-link, iteratively, in O(n+m)), with the
// sizes of the two parts its loss leaves.
func Bridges(g *Graph) []Bridge {
	n := g.N()
	disc := make([]int32, n) // discovery time + 1; 0: not visited
	low := make([]int32, n)
	size := make([]int32, n) // people in the DFS subtree
	parent := make([]int32, n)
	next := make([]int32, n) // the next arc of v to look at
	var out []Bridge
	var stack []int32
	t := int32(0)
	comp := make([]int32, 0)
	for s := int32(0); int(s) < n; s++ {
		if disc[s] != 0 {
			continue
		}
		comp = comp[:0]
		start := len(out)
		t++
		disc[s], low[s], size[s], parent[s], next[s] = t, t, 1, -1, g.off[s]
		stack = append(stack[:0], s)
		comp = append(comp, s)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			if next[v] < g.off[v+1] {
				x := g.adj[next[v]]
				next[v]++
				switch {
				case disc[x] == 0:
					t++
					disc[x], low[x], size[x], parent[x], next[x] = t, t, 1, v, g.off[x]
					stack = append(stack, x)
					comp = append(comp, x)
				case x != parent[v]: // a simple graph: the tie to the parent is its only one
					low[v] = min(low[v], disc[x])
				}
				continue
			}
			stack = stack[:len(stack)-1]
			if p := parent[v]; p >= 0 {
				low[p] = min(low[p], low[v])
				size[p] += size[v]
				if low[v] > disc[p] {
					out = append(out, Bridge{A: min(p, v), B: max(p, v), Small: int(size[v])})
				}
			}
		}
		// Component size known only now: the other side is the rest of it.
		total := len(comp)
		for i := start; i < len(out); i++ {
			small, large := out[i].Small, total-out[i].Small
			out[i].Small, out[i].Large = min(small, large), max(small, large)
		}
	}
	// The most consequential first: the largest smaller side, then by the pair.
	slices.SortFunc(out, func(x, y Bridge) int {
		if x.Small != y.Small {
			return y.Small - x.Small
		}
		if x.A != y.A {
			return int(x.A - y.A)
		}
		return int(x.B - y.B)
	})
	return out
}

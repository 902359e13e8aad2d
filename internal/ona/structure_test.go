package ona

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ecograph/ecograph"
)

func TestKindPairIndex(t *testing.T) {
	seen := map[int]bool{}
	for a := range 3 {
		for b := a; b < 3; b++ {
			i := KindPair{a, b}.Index()
			if i < 0 || i >= NumKindPairs || seen[i] || (KindPair{b, a}).Index() != i {
				t.Fatalf("(%d,%d) -> %d", a, b, i)
			}
			seen[i] = true
		}
	}
	if p, ok := MakeKindPair(ecograph.OrgClient, ecograph.OrgOurs); !ok || p != (KindPair{0, 2}) {
		t.Fatalf("MakeKindPair(CLIENT, OURS) = %v %v", p, ok)
	}
	if _, ok := MakeKindPair("NOPE", ecograph.OrgOurs); ok {
		t.Fatal("an unknown kind makes no pair")
	}
}

func TestBoundary(t *testing.T) {
	// Team {0,1,2} of org 0; 3 is in org 0 too, 4 in org 1.
	g := NewGraph(5, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {0, 4, 1}, {1, 4, 1}, {3, 4, 1}})
	b := GroupBoundary(g, []int32{0, 1, 2, 2}, []int32{0, 0, 0, 0, 1})
	if b != (Boundary{Members: 3, Internal: 2, External: 3, CrossTeam: 1}) {
		t.Fatalf("%+v", b)
	}
	if ei, ok := b.EI(); !ok || ei != 0.2 {
		t.Fatalf("EI = %v %v, want 0.2", ei, ok)
	}
	if b.Silo() {
		t.Fatal("3 of 5 ties leave: not a silo")
	}
	silo := Boundary{Members: 6, Internal: 9, External: 2}
	if !silo.Silo() {
		t.Fatal("2 of 11 ties leave: a silo")
	}
	if (Boundary{Members: 3}).Silo() {
		t.Fatal("no ties: isolates, not a silo")
	}
	if _, ok := (Boundary{}).EI(); ok {
		t.Fatal("no ties: no E-I index")
	}
}

// structWorld adds organisations (with kinds) to a random world.
func structWorld(r *rand.Rand, w *world) (kind []int8, org []int32) {
	orgs := 1 + r.IntN(5)
	orgKind := make([]int8, orgs)
	for o := range orgKind {
		orgKind[o] = int8(r.IntN(4) - 1) // -1: unknown kind
	}
	for range w.n {
		o := int32(r.IntN(orgs))
		org = append(org, o)
		kind = append(kind, orgKind[o])
	}
	return kind, org
}

func TestBrokerageAgainstBruteForce(t *testing.T) {
	for _, seed := range seeds(t, 2000, 200) {
		r := rand.New(rand.NewPCG(seed, 0xB0))
		w := newWorld(r, r.IntN(14), 0.1+0.6*r.Float64(), 1)
		kind, org := structWorld(r, w)
		got := Brokerage(w.graph(), kind, org)
		for v := 0; v < w.n; v++ {
			var want [NumKindPairs]int64
			for x := 0; x < w.n; x++ {
				for y := x + 1; y < w.n; y++ {
					if x == v || y == v || !w.adj[v][x] || !w.adj[v][y] || w.adj[x][y] {
						continue
					}
					if kind[x] < 0 || kind[y] < 0 || org[x] == org[y] {
						continue
					}
					want[KindPair{int(kind[x]), int(kind[y])}.Index()]++
				}
			}
			if got[v] != want {
				t.Fatalf("seed=%d %v kinds %v orgs %v\nperson %d: %v, want %v", seed, w, kind, org, v, got[v], want)
			}
		}
	}
}

func TestBoundaryAgainstBruteForce(t *testing.T) {
	for _, seed := range seeds(t, 1000, 100) {
		r := rand.New(rand.NewPCG(seed, 0xE1))
		w := newWorld(r, 1+r.IntN(14), 0.1+0.6*r.Float64(), 1)
		_, org := structWorld(r, w)
		var members []int32
		in := map[int]bool{}
		for v := 0; v < w.n; v++ {
			if r.IntN(2) == 0 {
				members = append(members, int32(v))
				in[v] = true
			}
		}
		var want Boundary
		want.Members = len(in)
		for a := 0; a < w.n; a++ {
			for b := a + 1; b < w.n; b++ {
				if !w.adj[a][b] {
					continue
				}
				switch {
				case in[a] && in[b]:
					want.Internal++
				case in[a] || in[b]:
					want.External++
					if org[a] == org[b] {
						want.CrossTeam++
					}
				}
			}
		}
		if got := GroupBoundary(w.graph(), members, org); got != want {
			t.Fatalf("seed=%d %v members %v: %+v, want %+v", seed, w, members, got, want)
		}
	}
}

// bruteBridges removes each tie in turn and looks at the component it was in.
func (w *world) bruteBridges() []Bridge {
	component := func(skipA, skipB, s int) int {
		seen := map[int]bool{s: true}
		queue := []int{s}
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			for x := 0; x < w.n; x++ {
				if w.adj[v][x] && !seen[x] && !((v == skipA && x == skipB) || (v == skipB && x == skipA)) {
					seen[x] = true
					queue = append(queue, x)
				}
			}
		}
		return len(seen)
	}
	var out []Bridge
	for a := 0; a < w.n; a++ {
		for b := a + 1; b < w.n; b++ {
			if !w.adj[a][b] {
				continue
			}
			whole := component(-1, -1, a)
			sa := component(a, b, a)
			if sa == whole {
				continue // b still reachable: not a bridge
			}
			sb := whole - sa
			out = append(out, Bridge{A: int32(a), B: int32(b), Small: min(sa, sb), Large: max(sa, sb)})
		}
	}
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

func TestBridgesAgainstBruteForce(t *testing.T) {
	for _, seed := range seeds(t, 3000, 300) {
		r := rand.New(rand.NewPCG(seed, 0xB2))
		w := newWorld(r, r.IntN(16), 0.05+0.4*r.Float64(), 1+r.IntN(3))
		got, want := Bridges(w.graph()), w.bruteBridges()
		if !slices.Equal(got, want) {
			t.Fatalf("seed=%d %v\ngot  %v\nwant %v", seed, w, got, want)
		}
	}
}

func TestBridgesOfAChain(t *testing.T) {
	// Two triangles joined by a path 2-3-4: bridges 2-3 and 3-4.
	g := NewGraph(7, []Edge{{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {2, 3, 1}, {3, 4, 1}, {4, 5, 1}, {5, 6, 1}, {6, 4, 1}})
	got := Bridges(g)
	want := []Bridge{{2, 3, 3, 4}, {3, 4, 3, 4}}
	if !slices.Equal(got, want) {
		t.Fatalf("%v, want %v", got, want)
	}
}

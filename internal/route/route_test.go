package route

import (
	"math"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ecograph/ecograph"
)

// person and tie describe small hand-made graphs.
type person struct {
	id    string
	kind  ecograph.OrgKind
	roles []ecograph.Role
}

type tie struct {
	a, b  string
	trust float64
}

func buildGraph(t *testing.T, people []person, ties []tie) *Graph {
	t.Helper()
	b := NewBuilder(len(people), len(ties))
	for _, p := range people {
		kind := p.kind
		if kind == "" {
			kind = ecograph.OrgOurs
		}
		b.AddPerson(p.id, "org-"+string(kind), kind, p.roles)
	}
	for _, x := range ties {
		b.AddTie(x.a, x.b, x.trust, "test")
	}
	return b.Build()
}

// people returns plain people with the given ids.
func people(ids string) []person {
	var out []person
	for _, id := range strings.Fields(ids) {
		out = append(out, person{id: id})
	}
	return out
}

func idsOf(g *Graph, p Path) string {
	var ids []string
	for _, v := range p.Nodes {
		ids = append(ids, g.ID(v))
	}
	return strings.Join(ids, " ")
}

func mustIndex(t *testing.T, g *Graph, id string) int32 {
	t.Helper()
	v, ok := g.Index(id)
	if !ok {
		t.Fatalf("no person %q", id)
	}
	return v
}

func opts(mod func(o *ecograph.RouteOptions)) Options {
	o := ecograph.DefaultRouteOptions()
	if mod != nil {
		mod(&o)
	}
	return Options{RouteOptions: o}
}

var blocker = []ecograph.Role{ecograph.RoleBlocker}

func TestBest(t *testing.T) {
	tests := []struct {
		name   string
		people []person
		ties   []tie
		from   string
		to     string
		opts   Options
		want   string // the route's ids, "" for no route
		trust  float64
	}{
		{
			name:   "most trusted beats shorter",
			people: people("a b c d"),
			ties:   []tie{{"a", "d", 0.5}, {"a", "b", 0.9}, {"b", "c", 0.9}, {"c", "d", 0.9}},
			from:   "a", to: "d", opts: opts(nil),
			want: "a b c d", trust: 0.729,
		},
		{
			name:   "blocker in the middle is avoided",
			people: []person{{id: "a"}, {id: "b", roles: blocker}, {id: "c"}, {id: "d"}},
			ties:   []tie{{"a", "b", 0.9}, {"b", "c", 0.9}, {"a", "d", 0.5}, {"d", "c", 0.5}},
			from:   "a", to: "c", opts: opts(nil),
			want: "a d c", trust: 0.25,
		},
		{
			name:   "blocker allowed when avoidBlockers is false",
			people: []person{{id: "a"}, {id: "b", roles: blocker}, {id: "c"}, {id: "d"}},
			ties:   []tie{{"a", "b", 0.9}, {"b", "c", 0.9}, {"a", "d", 0.5}, {"d", "c", 0.5}},
			from:   "a", to: "c", opts: opts(func(o *ecograph.RouteOptions) { o.AvoidBlockers = false }),
			want: "a b c", trust: 0.81,
		},
		{
			name:   "blockers may be endpoints",
			people: []person{{id: "a", roles: blocker}, {id: "b"}, {id: "c", roles: blocker}},
			ties:   []tie{{"a", "b", 0.9}, {"b", "c", 0.8}},
			from:   "a", to: "c", opts: opts(nil),
			want: "a b c", trust: 0.72,
		},
		{
			name:   "only a blocker connects",
			people: []person{{id: "a"}, {id: "b", roles: blocker}, {id: "c"}},
			ties:   []tie{{"a", "b", 0.9}, {"b", "c", 0.8}},
			from:   "a", to: "c", opts: opts(nil),
			want: "",
		},
		{
			name:   "hop limit forces a less trusted route",
			people: people("a b c d e x"),
			ties: []tie{{"a", "b", 0.95}, {"b", "c", 0.95}, {"c", "d", 0.95}, {"d", "e", 0.95},
				{"a", "x", 0.6}, {"x", "e", 0.6}},
			from: "a", to: "e", opts: opts(func(o *ecograph.RouteOptions) { o.MaxHops = 3 }),
			want: "a x e", trust: 0.36,
		},
		{
			// Plain Dijkstra settles u through the cheap three-hop detour and then cannot reach
			// t within the limit; the exact answer reaches u directly.
			name:   "hop limit: a cheap long prefix must not hide a dearer short one",
			people: people("s a b u t y"),
			ties: []tie{{"s", "a", 0.99}, {"a", "b", 0.99}, {"b", "u", 0.99}, {"s", "u", 0.5},
				{"u", "t", 0.9}, {"s", "y", 0.5}, {"y", "t", 0.8}},
			from: "s", to: "t", opts: opts(func(o *ecograph.RouteOptions) { o.MaxHops = 3 }),
			want: "s u t", trust: 0.45,
		},
		{
			name:   "hop limit of one",
			people: people("a b c"),
			ties:   []tie{{"a", "b", 1}, {"b", "c", 1}},
			from:   "a", to: "c", opts: opts(func(o *ecograph.RouteOptions) { o.MaxHops = 1 }),
			want: "",
		},
		{
			name:   "equal trust: fewer hops wins",
			people: people("a b c d e"),
			ties: []tie{{"a", "b", 0.8}, {"b", "c", 0.5}, {"a", "d", 0.5}, {"d", "e", 1},
				{"e", "c", 0.8}, {"a", "c", 0.4}},
			from: "a", to: "c", opts: opts(nil),
			want: "a c", trust: 0.4,
		},
		{
			name:   "equal trust up to rounding: fewer hops wins",
			people: people("a b c d"),
			// 0.7*0.1 and 0.1*0.7 are 0.07 up to rounding; 0.07*(1-5e-10) is within 1e-9 of it.
			ties: []tie{{"a", "b", 0.7}, {"b", "d", 0.1}, {"a", "c", 0.1}, {"c", "d", 0.7}, {"a", "d", 0.07 * (1 - 5e-10)}},
			from: "a", to: "d", opts: opts(nil),
			want: "a d", trust: 0.07 * (1 - 5e-10),
		},
		{
			name:   "avoid list",
			people: people("a b c d"),
			ties:   []tie{{"a", "b", 0.9}, {"b", "c", 0.9}, {"a", "d", 0.5}, {"d", "c", 0.5}},
			from:   "a", to: "c", opts: opts(func(o *ecograph.RouteOptions) { o.Avoid = []string{"b", "nobody"} }),
			want: "a d c", trust: 0.25,
		},
		{
			name:   "avoided endpoints are still endpoints",
			people: people("a b c"),
			ties:   []tie{{"a", "b", 0.9}, {"b", "c", 0.9}},
			from:   "a", to: "c", opts: opts(func(o *ecograph.RouteOptions) { o.Avoid = []string{"a", "c"} }),
			want: "a b c", trust: 0.81,
		},
		{
			name:   "min trust applies to every hop",
			people: people("a b c d"),
			ties:   []tie{{"a", "b", 1}, {"b", "c", 0.49}, {"a", "d", 0.5}, {"d", "c", 0.5}},
			from:   "a", to: "c", opts: opts(func(o *ecograph.RouteOptions) { o.MinTrust = 0.5 }),
			want: "a d c", trust: 0.25,
		},
		{
			name:   "trust 1 cycles cost nothing and are never kept",
			people: people("a b c d t"),
			ties: []tie{{"a", "b", 1}, {"b", "c", 1}, {"c", "a", 1}, {"a", "d", 1}, {"b", "d", 1},
				{"c", "d", 1}, {"d", "t", 1}, {"c", "t", 0.99}},
			from: "a", to: "t", opts: opts(nil),
			want: "a d t", trust: 1,
		},
		{
			name:   "fewest hops prefers a short weak route",
			people: people("a b c d"),
			ties:   []tie{{"a", "b", 0.9}, {"b", "c", 0.9}, {"c", "d", 0.9}, {"a", "d", 0.1}},
			from:   "a", to: "d", opts: opts(func(o *ecograph.RouteOptions) { o.Objective = ecograph.FewestHops }),
			want: "a d", trust: 0.1,
		},
		{
			name:   "fewest hops: the most trusted of the shortest",
			people: people("a b c d e"),
			ties:   []tie{{"a", "b", 0.5}, {"b", "e", 0.5}, {"a", "c", 0.9}, {"c", "e", 0.6}, {"a", "d", 1}, {"d", "b", 1}},
			from:   "a", to: "e", opts: opts(func(o *ecograph.RouteOptions) { o.Objective = ecograph.FewestHops }),
			want: "a c e", trust: 0.54,
		},
		{
			name: "allowed organisation kinds restrict intermediates only",
			people: []person{{id: "a", kind: ecograph.OrgClient}, {id: "p", kind: ecograph.OrgPartner},
				{id: "o", kind: ecograph.OrgOurs}, {id: "c", kind: ecograph.OrgClient}},
			ties: []tie{{"a", "o", 0.9}, {"o", "c", 0.9}, {"a", "p", 0.5}, {"p", "c", 0.5}},
			from: "a", to: "c",
			opts: opts(func(o *ecograph.RouteOptions) { o.AllowedOrgKinds = []ecograph.OrgKind{ecograph.OrgPartner} }),
			want: "a p c", trust: 0.25,
		},
		{
			name:   "no tie at all",
			people: people("a b"),
			from:   "a", to: "b", opts: opts(nil),
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := buildGraph(t, tt.people, tt.ties)
			p, ok := g.Best(mustIndex(t, g, tt.from), mustIndex(t, g, tt.to), tt.opts)
			if tt.want == "" {
				if ok {
					t.Fatalf("Best = %s, want no route", idsOf(g, p))
				}
				return
			}
			if !ok {
				t.Fatalf("Best found no route, want %s", tt.want)
			}
			if got := idsOf(g, p); got != tt.want || math.Abs(p.TotalTrust-tt.trust) > 1e-12 {
				t.Fatalf("Best = %s (trust %v), want %s (trust %v)", got, p.TotalTrust, tt.want, tt.trust)
			}
			// KBest's first route has the same value.
			ks := g.KBest(p.Nodes[0], p.Nodes[len(p.Nodes)-1], 1, tt.opts)
			if len(ks) != 1 || ks[0].Len() != p.Len() || !sameTrust(ks[0].TotalTrust, p.TotalTrust) {
				t.Fatalf("KBest(k=1) = %v, Best %v", ks, p)
			}
		})
	}
}

func TestBestVisible(t *testing.T) {
	g := buildGraph(t, people("a b c d"), []tie{{"a", "b", 0.9}, {"b", "c", 0.9}, {"a", "d", 0.5}, {"d", "c", 0.5}})
	a, b, c := mustIndex(t, g, "a"), mustIndex(t, g, "b"), mustIndex(t, g, "c")
	o := opts(nil)
	t.Run("invisible intermediate", func(t *testing.T) {
		o.Visible = func(i int32) bool { return i != b }
		p, ok := g.Best(a, c, o)
		if !ok || idsOf(g, p) != "a d c" {
			t.Fatalf("Best = %s, %v; want a d c", idsOf(g, p), ok)
		}
	})
	t.Run("invisible endpoint", func(t *testing.T) {
		o.Visible = func(i int32) bool { return i != c }
		if p, ok := g.Best(a, c, o); ok {
			t.Fatalf("Best = %s, want no route", idsOf(g, p))
		}
		if ps := g.KBest(a, c, 3, o); len(ps) != 0 {
			t.Fatalf("KBest = %v, want none", ps)
		}
	})
	t.Run("bad indices", func(t *testing.T) {
		for _, x := range [][2]int32{{a, a}, {-1, c}, {a, 99}} {
			if _, ok := g.Best(x[0], x[1], opts(nil)); ok {
				t.Errorf("Best(%d, %d) found a route", x[0], x[1])
			}
			if ps := g.KBest(x[0], x[1], 3, opts(nil)); ps != nil {
				t.Errorf("KBest(%d, %d) = %v", x[0], x[1], ps)
			}
		}
		if ps := g.BestToTargets([]int32{-1, 99}, []int32{a, 42}, 3, opts(nil)); ps != nil {
			t.Errorf("BestToTargets with bad indices = %v", ps)
		}
	})
}

func TestKBest(t *testing.T) {
	// a-b-d: 0.9*0.9=0.81, a-c-d: 0.8*0.8=0.64, a-d: 0.6, a-b-c-d: 0.9*0.5*0.8=0.36,
	// a-c-b-d: 0.8*0.5*0.9=0.36.
	g := buildGraph(t, people("a b c d"), []tie{{"a", "b", 0.9}, {"b", "d", 0.9}, {"a", "c", 0.8},
		{"c", "d", 0.8}, {"a", "d", 0.6}, {"b", "c", 0.5}})
	a, d := mustIndex(t, g, "a"), mustIndex(t, g, "d")
	tests := []struct {
		name string
		k    int
		opts Options
		want []string
	}{
		{"most trusted", 10, opts(nil), []string{"a b d", "a c d", "a d", "a b c d|a c b d", "a b c d|a c b d"}},
		{"k cuts", 2, opts(nil), []string{"a b d", "a c d"}},
		{"fewest hops", 3, opts(func(o *ecograph.RouteOptions) { o.Objective = ecograph.FewestHops }),
			[]string{"a d", "a b d", "a c d"}},
		{"hop limit", 10, opts(func(o *ecograph.RouteOptions) { o.MaxHops = 2 }), []string{"a b d", "a c d", "a d"}},
		{"k zero", 0, opts(nil), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := g.KBest(a, d, tt.k, tt.opts)
			var got []string
			for _, p := range ps {
				got = append(got, idsOf(g, p))
			}
			if len(got) != len(tt.want) {
				t.Fatalf("KBest = %q, want %q", got, tt.want)
			}
			for i := range got {
				if !slices.Contains(strings.Split(tt.want[i], "|"), got[i]) {
					t.Fatalf("KBest = %q, want %q", got, tt.want)
				}
			}
			if len(got) == 5 && got[3] == got[4] {
				t.Fatalf("KBest repeats %q", got[3])
			}
		})
	}
}

func TestKBestZeroCostCycles(t *testing.T) {
	// Every tie has trust 1: all routes tie on trust, so they come by hops, and none repeats a
	// person however free the cycles are.
	g := buildGraph(t, people("a b c d"), []tie{{"a", "b", 1}, {"b", "c", 1}, {"c", "a", 1},
		{"a", "d", 1}, {"b", "d", 1}, {"c", "d", 1}})
	ps := g.KBest(mustIndex(t, g, "a"), mustIndex(t, g, "d"), 50, opts(nil))
	// a-d; a-b-d, a-c-d; a-b-c-d, a-c-b-d.
	var hops []int
	for _, p := range ps {
		hops = append(hops, p.Len())
		if p.TotalTrust != 1 {
			t.Errorf("%s has trust %v", idsOf(g, p), p.TotalTrust)
		}
	}
	if !slices.Equal(hops, []int{1, 2, 2, 3, 3}) {
		t.Fatalf("hops = %v, want [1 2 2 3 3]", hops)
	}
}

func TestBestToTargets(t *testing.T) {
	ps := []person{{id: "s1"}, {id: "s2"}, {id: "x"}, {id: "y", roles: blocker},
		{id: "dm1", kind: ecograph.OrgClient}, {id: "dm2", kind: ecograph.OrgClient}, {id: "dm3", kind: ecograph.OrgClient}}
	g := buildGraph(t, ps, []tie{{"s1", "x", 0.9}, {"x", "dm1", 0.9}, {"s2", "dm2", 0.7}, {"s1", "s2", 1},
		{"s2", "y", 1}, {"y", "dm3", 1}, {"dm1", "dm3", 0.1}})
	ix := func(ids ...string) []int32 {
		var out []int32
		for _, id := range ids {
			out = append(out, mustIndex(t, g, id))
		}
		return out
	}
	tests := []struct {
		name    string
		team    []string
		targets []string
		k       int
		opts    Options
		want    []string
	}{
		{"each target once, best first", []string{"s1", "s2"}, []string{"dm1", "dm2", "dm3", "dm1"}, 3, opts(nil),
			[]string{"s1 x dm1", "s2 dm2", "s1 x dm1 dm3"}},
		{"k cuts", []string{"s1", "s2"}, []string{"dm1", "dm2", "dm3"}, 1, opts(nil), []string{"s1 x dm1"}},
		{"team members are not targets", []string{"s1", "s2"}, []string{"s2", "dm2"}, 3, opts(nil), []string{"s2 dm2"}},
		{"blockers allowed", []string{"s1", "s2"}, []string{"dm3"}, 3,
			opts(func(o *ecograph.RouteOptions) { o.AvoidBlockers = false }), []string{"s2 y dm3"}},
		{"fewest hops", []string{"s1", "s2"}, []string{"dm1", "dm2", "dm3"}, 3,
			opts(func(o *ecograph.RouteOptions) { o.Objective = ecograph.FewestHops }),
			[]string{"s2 dm2", "s1 x dm1", "s1 x dm1 dm3"}},
		{"one member", []string{"s1"}, []string{"dm2"}, 3, opts(nil), []string{"s1 s2 dm2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, p := range g.BestToTargets(ix(tt.team...), ix(tt.targets...), tt.k, tt.opts) {
				got = append(got, idsOf(g, p))
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("BestToTargets = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestBuilder(t *testing.T) {
	b := NewBuilder(0, 0)
	b.AddPerson("a", "o1", ecograph.OrgOurs, nil)
	b.AddPerson("b", "o2", ecograph.OrgClient, []ecograph.Role{ecograph.RoleDecisionMaker})
	b.AddPerson("c", "o2", ecograph.OrgClient, nil)
	b.AddPerson("d", "o2", ecograph.OrgClient, nil)
	b.AddPerson("c", "o3", ecograph.OrgPartner, blocker) // replaces c
	b.AddTie("a", "b", 0.5, "old")
	b.AddTie("b", "a", 0.7, "new") // replaces a-b
	b.AddTie("a", "c", 0.9, "x")
	b.AddTie("c", "a", 0, "gone") // removes a-c
	b.AddTie("a", "nobody", 0.9, "x")
	b.AddTie("d", "d", 0.9, "x")
	b.AddTie("b", "d", 1.5, "x")
	b.AddTie("c", "d", math.NaN(), "x")
	b.AddTie("b", "c", 1, "ok")
	g := b.Build()

	if g.NumPeople() != 4 || g.NumTies() != 2 {
		t.Fatalf("people %d ties %d, want 4 and 2", g.NumPeople(), g.NumTies())
	}
	a, bi, c := mustIndex(t, g, "a"), mustIndex(t, g, "b"), mustIndex(t, g, "c")
	if _, ok := g.Index("nobody"); ok {
		t.Error("Index(nobody) found someone")
	}
	if g.OrgID(c) != "o3" || g.OrgKind(c) != ecograph.OrgPartner || !g.HasRole(c, ecograph.RoleBlocker) {
		t.Errorf("c = %s %s blocker=%v, want the replacement", g.OrgID(c), g.OrgKind(c), g.HasRole(c, ecograph.RoleBlocker))
	}
	if !g.HasRole(bi, ecograph.RoleDecisionMaker) || g.HasRole(a, ecograph.RoleDecisionMaker) || g.HasRole(a, "NOPE") {
		t.Error("HasRole is wrong")
	}
	if g.Degree(a) != 1 || g.Degree(bi) != 2 || g.Degree(c) != 1 {
		t.Errorf("degrees %d %d %d, want 1 2 1", g.Degree(a), g.Degree(bi), g.Degree(c))
	}
	p, ok := g.Best(a, bi, opts(nil))
	if !ok || p.Trust[0] != 0.7 || p.Sources[0] != "new" {
		t.Fatalf("Best(a, b) = %+v, want the replacing tie", p)
	}
	r := g.Route(p)
	want := ecograph.Route{People: []string{"a", "b"}, Hops: []ecograph.Hop{{From: "a", To: "b", Trust: 0.7, Source: "new"}}, Trust: 0.7, Length: 1}
	if !slices.Equal(r.People, want.People) || !slices.Equal(r.Hops, want.Hops) || r.Trust != want.Trust || r.Length != want.Length {
		t.Fatalf("Route = %+v, want %+v", r, want)
	}
	if _, ok := g.Best(a, c, opts(func(o *ecograph.RouteOptions) { o.AvoidBlockers = false })); !ok {
		t.Fatal("no route a-b-c")
	}
	defer func() {
		if recover() == nil {
			t.Error("a second Build did not panic")
		}
	}()
	b.Build()
}

// TestConcurrentSearches runs searches from many goroutines on one Graph; run with -race.
func TestConcurrentSearches(t *testing.T) {
	g, _ := syntheticGraph(2000, 7)
	want := make([]Path, 50)
	o := opts(nil)
	for i := range want {
		want[i], _ = g.Best(int32(i), int32(1999-i), o)
	}
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := range want {
				got, _ := g.Best(int32(i), int32(1999-i), o)
				if !slices.Equal(got.Nodes, want[i].Nodes) {
					t.Errorf("route %d differs between goroutines", i)
				}
				g.KBest(int32(i), int32(1999-i), 2, o)
			}
		})
	}
	wg.Wait()
}

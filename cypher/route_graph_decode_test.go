package cypher

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestDecodeRoutePersonTornAndMalformed feeds the decoder the records a torn or hand-edited
// graph can produce (issue 11: the old query's three tie lists came back with different
// lengths under a concurrent write, and the loader indexed one by the other and panicked).
// The decoder must never panic, keep every well-formed tie and say why it left the rest out.
func TestDecodeRoutePersonTornAndMalformed(t *testing.T) {
	triple := func(to string, trust any, src any) any { return []any{to, trust, src} }
	cases := []struct {
		name      string
		vals      []any
		wantErr   string
		wantTies  []routeTie
		wantSkips int
	}{
		{name: "the old three-list shape, torn", vals: []any{"a", "A", "", "o", []any{}, []any{},
			[]any{"b", "c"}, []any{0.5}, []any{"crm"}}, wantErr: "9 columns"},
		{name: "well formed", vals: []any{"a", "A", "T", "o", []any{"CONNECTOR"}, []any{"t1"},
			[]any{triple("b", 0.5, "crm"), triple("c", 1.0, nil)}},
			wantTies: []routeTie{{to: "b", trust: 0.5, source: "crm"}, {to: "c", trust: 1}}},
		{name: "integer trust from Neo4j Browser", vals: []any{"a", nil, nil, nil, nil, nil,
			[]any{triple("b", int64(1), "browser")}}, wantTies: []routeTie{{to: "b", trust: 1, source: "browser"}}},
		{name: "short and long triples", vals: []any{"a", "A", "", "o", nil, nil,
			[]any{[]any{"b", 0.5}, []any{"c", 0.5, "x", "y"}, triple("d", 0.25, "s")}},
			wantTies: []routeTie{{to: "d", trust: 0.25, source: "s"}}, wantSkips: 2},
		{name: "bad values", vals: []any{"a", "A", "", "o", nil, nil,
			[]any{triple("", 0.5, "s"), triple("b", "high", "s"), triple("c", 1.5, "s"), triple("d", math.NaN(), "s"),
				triple("e", -0.1, "s"), nil, "f", triple("g", 0.75, 3)}},
			wantTies: []routeTie{{to: "g", trust: 0.75}}, wantSkips: 7},
		{name: "ties not a list", vals: []any{"a", "A", "", "o", nil, nil, "b"}, wantSkips: 1},
		{name: "no id", vals: []any{nil, "A", "", "o", nil, nil, nil}, wantErr: "without an id"},
		{name: "empty id", vals: []any{"", "A", "", "o", nil, nil, nil}, wantErr: "without an id"},
		{name: "no columns", vals: nil, wantErr: "0 columns"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var p routePerson
			err := decodeRoutePerson(c.vals, &p)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(p.ties) != len(c.wantTies) {
				t.Fatalf("ties %+v, want %+v", p.ties, c.wantTies)
			}
			for i := range p.ties {
				if p.ties[i] != c.wantTies[i] {
					t.Fatalf("tie %d: %+v, want %+v", i, p.ties[i], c.wantTies[i])
				}
			}
			if len(p.skipped) != c.wantSkips {
				t.Fatalf("skipped %q, want %d reasons", p.skipped, c.wantSkips)
			}
		})
	}
}

// TestDecodeRoutePersonNeverPanics decodes random values of random shapes, reusing one
// routePerson as the loader does: no input may panic, and every tie kept is well formed.
func TestDecodeRoutePersonNeverPanics(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 7))
	var atom func(depth int) any
	atom = func(depth int) any {
		switch rng.IntN(8) {
		case 0:
			return nil
		case 1:
			return "p" + string(rune('a'+rng.IntN(3)))
		case 2:
			return ""
		case 3:
			return rng.Float64()*3 - 1
		case 4:
			return int64(rng.IntN(3) - 1)
		case 5:
			return math.NaN()
		default:
			if depth > 2 {
				return nil
			}
			l := make([]any, rng.IntN(5))
			for i := range l {
				l[i] = atom(depth + 1)
			}
			return l
		}
	}
	var p routePerson
	for i := 0; i < 20000; i++ {
		vals := make([]any, 5+rng.IntN(5))
		for j := range vals {
			vals[j] = atom(0)
		}
		if rng.IntN(2) == 0 && len(vals) == 7 {
			vals[0] = "x"
		}
		if err := decodeRoutePerson(vals, &p); err != nil {
			continue
		}
		for _, tie := range p.ties {
			if tie.to == "" || !(tie.trust > 0 && tie.trust <= 1) {
				t.Fatalf("kept a malformed tie %+v from %#v", tie, vals)
			}
		}
	}
}

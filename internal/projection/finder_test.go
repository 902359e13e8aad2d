package projection_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"sort"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/testdb"
)

type source struct{ *cypher.Store }

func (s source) StreamRouteGraph(ctx context.Context, sk projection.Sink) (string, error) {
	return s.Store.StreamRouteGraph(ctx, sk)
}

func (s source) StreamRouteDelta(ctx context.Context, ids []string, sk projection.Sink) (string, error) {
	return s.Store.StreamRouteDelta(ctx, ids, sk)
}

// edges lists the snapshot's ties among ids with the prefix, canonically, with their trust.
func edges(s *projection.Snapshot, prefix string) []string {
	var out []string
	g := s.Graph
	g.ForEachTie(func(a, b int32, trust float64, source string) {
		x, y := ecograph.TieKey(g.ID(a), g.ID(b))
		if len(x) > len(prefix) && x[:len(prefix)] == prefix {
			out = append(out, fmt.Sprintf("%s-%s:%g:%s", x, y, trust, source))
		}
	})
	sort.Strings(out)
	return out
}

// TestDeltaEqualsFullLoad makes random writes through the store, tells the finder which
// people they touched, and checks after each round that the delta-built snapshot holds
// exactly the ties, roles and organisations a full load from Neo4j holds.
func TestDeltaEqualsFullLoad(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rng := rand.New(rand.NewPCG(3, 5))
	for _, o := range []ecograph.Organization{{ID: p + "us", Name: "Us", Kind: ecograph.OrgOurs}, {ID: p + "them", Name: "Them", Kind: ecograph.OrgClient}} {
		if _, err := store.UpsertOrganization(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	const n = 12
	id := func(i int) string { return fmt.Sprintf("%sp%02d", p, i) }
	for i := 0; i < n; i++ {
		if _, err := store.UpsertPerson(ctx, ecograph.Person{ID: id(i), Name: "P", OrganizationID: p + "us"}); err != nil {
			t.Fatal(err)
		}
	}
	f := projection.New(source{store}, projection.Config{}, log)
	if _, err := f.Refresh(ctx); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 25; round++ {
		var touched []string
		for w := 0; w < 1+rng.IntN(4); w++ {
			a, b := rng.IntN(n), rng.IntN(n)
			switch op := rng.IntN(10); {
			case op < 5 && a != b:
				_, err := store.UpsertTie(ctx, ecograph.Tie{PersonA: id(a), PersonB: id(b), Trust: float64(rng.IntN(11)) / 10, Source: fmt.Sprint("r", round)})
				if ecograph.ErrorCode(err) == ecograph.EINVALID {
					continue // one of them was deleted in an earlier round
				} else if err != nil {
					t.Fatal(err)
				}
				touched = append(touched, id(a), id(b))
			case op < 7 && a != b:
				if _, err := store.DeleteTie(ctx, id(a), id(b)); err != nil {
					t.Fatal(err)
				}
				touched = append(touched, id(a), id(b))
			case op < 8:
				if _, err := store.DeletePerson(ctx, id(a)); err != nil {
					t.Fatal(err)
				}
				touched = append(touched, id(a))
			default:
				org := p + "us"
				if rng.IntN(2) == 0 {
					org = p + "them"
				}
				roles := []ecograph.Role{}
				if rng.IntN(3) == 0 {
					roles = append(roles, ecograph.RoleBlocker)
				}
				if _, err := store.UpsertPerson(ctx, ecograph.Person{ID: id(a), Name: fmt.Sprint("P", round), OrganizationID: org, Roles: roles}); err != nil {
					t.Fatal(err)
				}
				touched = append(touched, id(a))
			}
		}
		f.Touch(touched...)
		// A route query applies the delta.
		if _, err := f.Routes(ctx, id(0), id(1), 1, ecograph.DefaultRouteOptions()); err != nil && ecograph.ErrorCode(err) != ecograph.ENOTFOUND {
			t.Fatal(err)
		}
		delta := f.Current()
		full := projection.New(source{store}, projection.Config{}, log)
		want, err := full.Refresh(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got, exp := edges(delta, p), edges(want, p); fmt.Sprint(got) != fmt.Sprint(exp) {
			t.Fatalf("round %d: delta ties differ from a full load:\n got %v\nwant %v", round, got, exp)
		}
		for i := 0; i < n; i++ {
			a, aok := delta.Graph.Index(id(i))
			b, bok := want.Graph.Index(id(i))
			if aok != bok {
				t.Fatalf("round %d: %s present in delta %v, in full load %v", round, id(i), aok, bok)
			}
			if aok && (delta.Graph.OrgID(a) != want.Graph.OrgID(b) || delta.Graph.OrgKind(a) != want.Graph.OrgKind(b) ||
				delta.Graph.HasRole(a, ecograph.RoleBlocker) != want.Graph.HasRole(b, ecograph.RoleBlocker)) {
				t.Fatalf("round %d: %s differs between delta and full load", round, id(i))
			}
		}
	}
}

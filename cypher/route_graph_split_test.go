package cypher

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestSplitIDs checks the id ranges a full load reads at once: parts+1 bounds, nil at both
// ends, strictly increasing strings between, so that every id falls in exactly one range
// [b[i], b[i+1]), and the ranges are about even (none more than twice its share).
func TestSplitIDs(t *testing.T) {
	for seed := uint64(0); seed < 50; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		n := rng.IntN(5000)
		ids := map[string]string{}
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("p-%07d", rng.IntN(10*n+1))
			ids[fmt.Sprint("node", i)] = id
		}
		parts := 1 + rng.IntN(6)
		b := splitIDs(ids, parts)
		if b[0] != nil || b[len(b)-1] != nil || len(b) > parts+1 || len(b) < 2 {
			t.Fatalf("seed %d: bounds %v for %d parts", seed, b, parts)
		}
		for i := 1; i+2 < len(b); i++ {
			if b[i].(string) >= b[i+1].(string) {
				t.Fatalf("seed %d: bounds %v not increasing", seed, b)
			}
		}
		count := make([]int, len(b)-1)
		for _, id := range ids {
			in := 0
			for i := 0; i+1 < len(b); i++ {
				lo, hi := b[i], b[i+1]
				if (lo == nil || id >= lo.(string)) && (hi == nil || id < hi.(string)) {
					in++
					count[i]++
				}
			}
			if in != 1 {
				t.Fatalf("seed %d: id %s in %d ranges of %v", seed, id, in, b)
			}
		}
		if len(ids) >= 64*parts {
			if len(b) != parts+1 {
				t.Fatalf("seed %d: %d ranges for %d ids, want %d", seed, len(b)-1, len(ids), parts)
			}
			for i, c := range count {
				if c > 2*len(ids)/parts {
					t.Fatalf("seed %d: range %d holds %d of %d ids (%d parts)", seed, i, c, len(ids), parts)
				}
			}
		}
	}
}

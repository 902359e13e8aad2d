package importer

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestLastRowsExact checks lastRows against a plain map of keys on many random files, with
// the real hash and with hashes made to collide (a few buckets), where only the exact second
// pass can tell keys apart.
func TestLastRowsExact(t *testing.T) {
	hashes := map[string]func(string) uint64{
		"maphash": nil,
		"4 buckets": func(k string) uint64 {
			var h uint64
			for i := 0; i < len(k); i++ {
				h += uint64(k[i])
			}
			return h % 4
		},
		"one bucket": func(string) uint64 { return 7 },
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for name, hash := range hashes {
		for trial := range 200 {
			l := newLastRows()
			if hash != nil {
				l.hash = hash
			}
			want := map[string]int{}
			var rows []string
			n, keys := rng.IntN(60), 1+rng.IntN(40)
			for i := range n {
				k := fmt.Sprintf("k%d", rng.IntN(keys))
				rows = append(rows, k)
				want[k] = i + 2 // lines start after the header
			}
			for i, k := range rows {
				l.see(k, i+2)
			}
			if len(l.shared) > 0 {
				for i, k := range rows {
					l.seeExact(k, i+2)
				}
			}
			count := map[string]int{}
			for _, k := range rows {
				count[k]++
			}
			for i, k := range rows {
				if got := l.isLast(k, i+2); got != (want[k] == i+2) {
					t.Fatalf("%s, trial %d: isLast(%q, %d) = %v, want %v (rows %v)", name, trial, k, i+2, got, !got, rows)
				}
				if count[k] > 1 && l.lastLine(k) != want[k] {
					t.Fatalf("%s, trial %d: lastLine(%q) = %d, want %d (rows %v)", name, trial, k, l.lastLine(k), want[k], rows)
				}
			}
			if l.isLast("", 0) {
				t.Fatalf("%s: the empty key has a last row", name)
			}
		}
	}
}

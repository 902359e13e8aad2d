package swarm

import (
	"cmp"
	"slices"
)

// Reached is a person a search reached and the trust it reached them with.
type Reached struct {
	Person int32
	Trust  float64
}

// Searcher finds the most trusted routes from one person to everyone near enough, over one
// Graph and Reach; it keeps its scratch between calls. It is not safe for concurrent use.
type Searcher struct {
	g       *Graph
	r       Reach
	maxHops int
	val     []float64 // best trust found, valid when at[v] == stamp
	at      []uint32
	queued  []uint32 // queued[v] == round: v is in this round's next frontier already
	stamp   uint32   // one per call
	round   uint32   // one per round of any call
	front   []Reached
	next    []int32
	touched []int32
}

// NewSearcher returns a Searcher over g under r (MaxHops below 1 counts as 1).
func NewSearcher(g *Graph, r Reach) *Searcher {
	n := g.NumPeople()
	return &Searcher{g: g, r: r, maxHops: min(max(r.MaxHops, 1), 100), val: make([]float64, n), at: make([]uint32, n),
		queued: make([]uint32, n)}
}

// BestTrusts returns, by person, everyone other than from whom some route from `from` that
// meets the Reach reaches with trust (the product of its hops' trust) >= floor, with the
// highest such trust: the trust of the MOST_TRUSTED route between them. Routes are symmetric
// (an intermediate's rules do not depend on the direction), so this is also the best route
// from each of them to `from`. A floor above 0 bounds the search to the people that near:
// every hop of such a route has trust >= floor, and so does every prefix.
func (s *Searcher) BestTrusts(from int32, floor float64) []Reached {
	g, r := s.g, s.r
	lowest := r.lowest()
	if from < 0 || int(from) >= g.NumPeople() || (r.Absent != nil && r.Absent[from]) {
		return nil
	}
	// Layer by layer: after round h, val holds the best trust over routes of at most h hops,
	// and the frontier holds the people whose value round h improved, with that value. Best
	// walks are simple routes: a cycle's hops only lower the product.
	s.stamp++
	st := s.stamp
	s.touched = s.touched[:0]
	s.val[from], s.at[from] = 1, st
	s.front = append(s.front[:0], Reached{from, 1})
	for h := 1; h <= s.maxHops && len(s.front) > 0; h++ {
		s.next = s.next[:0]
		s.round++
		for _, f := range s.front {
			u := f.Person
			if u != from && r.NoIntermediate != nil && r.NoIntermediate[u] {
				continue
			}
			for e := g.Off[u]; e < g.Off[u+1]; e++ {
				w, t := g.To[e], g.Trust[e]
				x := f.Trust * t
				if t <= 0 || t < lowest || x < floor {
					if g.Sorted {
						break // the rest of the row is weaker still
					}
					continue
				}
				if !r.hop(u, w, t) || w == from || (r.Absent != nil && r.Absent[w]) || (s.at[w] == st && x <= s.val[w]) {
					continue
				}
				if s.at[w] != st {
					s.touched = append(s.touched, w)
				}
				s.val[w], s.at[w] = x, st
				if s.queued[w] != s.round {
					s.queued[w] = s.round
					s.next = append(s.next, w)
				}
			}
		}
		s.front = s.front[:0]
		for _, w := range s.next {
			s.front = append(s.front, Reached{w, s.val[w]})
		}
	}
	out := make([]Reached, len(s.touched))
	for i, v := range s.touched {
		out[i] = Reached{v, s.val[v]}
	}
	slices.SortFunc(out, func(a, b Reached) int { return cmp.Compare(a.Person, b.Person) })
	return out
}

// Candidate is someone who could join a swarm team and the targets they reach.
type Candidate struct {
	Person  int32
	Reaches []Reached // each target at most once
}

// Assignment is one member of a suggested team and the targets they are to work.
type Assignment struct {
	Person  int32
	Targets []Reached // highest trust first, then by target
}

// SuggestTeam picks a small team that covers every target some candidate reaches, and gives
// each member an assignment.
//
// The team is a greedy set cover (GreedyCover). Each covered target is then assigned to the
// member of the team who reaches it with the highest trust (equal trust: the member picked
// first), so that the best placed member works it; a member left with no target is dropped,
// since the others cover theirs. Members are listed in the order they were picked.
func SuggestTeam(cands []Candidate) []Assignment {
	picks := GreedyCover(cands)
	best := map[int32]int{} // target -> position in picks of its best member
	trust := map[int32]float64{}
	for k, i := range picks {
		for _, t := range cands[i].Reaches {
			if cur, ok := trust[t.Person]; !ok || t.Trust > cur {
				best[t.Person], trust[t.Person] = k, t.Trust
			}
		}
	}
	team := make([]Assignment, len(picks))
	for k, i := range picks {
		team[k].Person = cands[i].Person
		for _, t := range cands[i].Reaches {
			if best[t.Person] == k {
				team[k].Targets = append(team[k].Targets, t)
			}
		}
		slices.SortFunc(team[k].Targets, func(x, y Reached) int {
			if c := cmp.Compare(y.Trust, x.Trust); c != 0 {
				return c
			}
			return cmp.Compare(x.Person, y.Person)
		})
	}
	return slices.DeleteFunc(team, func(a Assignment) bool { return len(a.Targets) == 0 })
}

// GreedyCover returns, in the order picked, the candidates (by index) of a small set that
// reaches every target some candidate reaches: it repeatedly picks the candidate who reaches
// the most targets not reached yet (equal counts: the higher sum of trust over them, then the
// earlier candidate). Greedy set cover is not always the smallest set, but is within a factor
// ln(k)+1 of it, k being the most targets one candidate reaches; finding the smallest is
// NP-hard.
func GreedyCover(cands []Candidate) []int {
	covered := map[int32]bool{}
	for _, c := range cands {
		for _, t := range c.Reaches {
			covered[t.Person] = false
		}
	}
	left := len(covered)
	used := make([]bool, len(cands))
	var picks []int
	for left > 0 {
		best, bestN, bestSum := -1, 0, 0.0
		for i, c := range cands {
			if used[i] {
				continue
			}
			n, sum := 0, 0.0
			for _, t := range c.Reaches {
				if !covered[t.Person] {
					n++
					sum += t.Trust
				}
			}
			if n > bestN || (n == bestN && n > 0 && sum > bestSum) {
				best, bestN, bestSum = i, n, sum
			}
		}
		if best < 0 {
			break
		}
		used[best] = true
		picks = append(picks, best)
		for _, t := range cands[best].Reaches {
			if !covered[t.Person] {
				covered[t.Person] = true
				left--
			}
		}
	}
	return picks
}

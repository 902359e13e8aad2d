package gen

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strconv"

	"github.com/ecograph/ecograph"
)

// scope says where a tie lies: inside a team, elsewhere inside an organisation, or across
// organisations. It picks the trust law and the tie's source.
type scope uint8

const (
	scopeTeam scope = iota
	scopeOrg
	scopeCross
)

var sources = [...]string{scopeTeam: "gen:team", scopeOrg: "gen:org", scopeCross: "gen:cross"}

// trust draws a tie's trust for its scope: Beta-like, most ties weak to moderate, stronger
// inside teams.
func trust(r *rand.Rand, sc scope) float64 {
	switch sc {
	case scopeTeam:
		return kumaraswamy(r, 2, 3, 0.05, 1) // mean about 0.48
	case scopeOrg:
		return kumaraswamy(r, 1.5, 4, 0.05, 1) // mean about 0.35
	}
	return kumaraswamy(r, 1.3, 5, 0.05, 1) // mean about 0.27
}

// strongTrust is the trust of role ties: a blocker and the decision maker it guards, decision
// makers among themselves, a champion and its contact at OURS.
func strongTrust(r *rand.Rand) float64 {
	return kumaraswamy(r, 2, 2, 0.6, 0.98)
}

// tieSink writes ties as they are drawn and keeps only numbers: degrees, counts and a
// union-find over people for the largest component.
type tieSink struct {
	w       *bufio.Writer
	ids     []string
	deg     []int32
	parent  []int32
	size    []int32
	byScope [3]int
	count   int
	buf     []byte
}

func newTieSink(out io.Writer, ids []string) *tieSink {
	s := &tieSink{
		w:      bufio.NewWriterSize(out, 1<<20),
		ids:    ids,
		deg:    make([]int32, len(ids)),
		parent: make([]int32, len(ids)),
		size:   make([]int32, len(ids)),
		buf:    make([]byte, 0, 64),
	}
	for i := range s.parent {
		s.parent[i] = int32(i)
		s.size[i] = 1
	}
	s.w.WriteString("person_a,person_b,trust,source\n")
	return s
}

// write appends one tie; a must differ from b. Write errors are sticky in the bufio.Writer
// and surface at flush.
func (s *tieSink) write(a, b int32, t float64, sc scope) {
	if a > b {
		a, b = b, a
	}
	buf := append(s.buf[:0], s.ids[a]...)
	buf = append(buf, ',')
	buf = append(buf, s.ids[b]...)
	buf = append(buf, ',')
	buf = strconv.AppendFloat(buf, t, 'f', 3, 64)
	buf = append(buf, ',')
	buf = append(buf, sources[sc]...)
	buf = append(buf, '\n')
	s.w.Write(buf)
	s.buf = buf
	s.deg[a]++
	s.deg[b]++
	s.byScope[sc]++
	s.count++
	s.union(a, b)
}

func (s *tieSink) find(a int32) int32 {
	for s.parent[a] != a {
		s.parent[a] = s.parent[s.parent[a]]
		a = s.parent[a]
	}
	return a
}

func (s *tieSink) union(a, b int32) {
	a, b = s.find(a), s.find(b)
	if a == b {
		return
	}
	if s.size[a] < s.size[b] {
		a, b = b, a
	}
	s.parent[b] = a
	s.size[a] += s.size[b]
}

func (s *tieSink) stats() Stats {
	st := Stats{
		Ties:      s.count,
		TeamTies:  s.byScope[scopeTeam],
		OrgTies:   s.byScope[scopeOrg],
		CrossTies: s.byScope[scopeCross],
	}
	if len(s.deg) > 0 {
		d := slices.Clone(s.deg)
		slices.Sort(d)
		st.MaxDegree = int(d[len(d)-1])
		st.MedianDegree = int(d[len(d)/2])
	}
	for i := range s.parent {
		if s.parent[i] == int32(i) {
			st.LargestComponent = max(st.LargestComponent, int(s.size[i]))
		}
	}
	return st
}

func pairKey(a, b int32) uint64 {
	if a > b {
		a, b = b, a
	}
	return uint64(a)<<32 | uint64(b)
}

// sampler draws indices with probability proportional to their weights.
type sampler struct{ cum []float64 }

func (sm *sampler) reset(weights func(i int) float64, n int) {
	sm.cum = sm.cum[:0]
	total := 0.0
	for i := range n {
		total += weights(i)
		sm.cum = append(sm.cum, total)
	}
}

func (sm *sampler) total() float64 {
	if len(sm.cum) == 0 {
		return 0
	}
	return sm.cum[len(sm.cum)-1]
}

// draw returns an index of positive weight; the sampler's total must be positive.
func (sm *sampler) draw(r *rand.Rand) int {
	u := (1 - r.Float64()) * sm.total() // in (0, total]
	return min(sort.SearchFloat64s(sm.cum, u), len(sm.cum)-1)
}

func (w *world) sharesTeam(a, b int32) bool {
	for _, x := range w.teamsOf[a] {
		if slices.Contains(w.teamsOf[b], x) {
			return true
		}
	}
	return false
}

func (w *world) writeTies(cfg Config, out io.Writer) (*tieSink, error) {
	s := newTieSink(out, w.ids)
	w.writeIntraTies(cfg, s)
	w.writeCrossTies(cfg, s)
	return s, s.w.Flush()
}

// writeIntraTies draws the ties inside each organisation, one organisation at a time.
func (w *world) writeIntraTies(cfg Config, s *tieSink) {
	r := rng(cfg.Seed, streamIntra)
	seen := make(map[uint64]struct{})
	meanTarget := 2 * cfg.TiesPerPerson
	var sm sampler
	var dms, blockers []int32
	for oi := range w.orgs {
		o := &w.orgs[oi]
		clear(seen)
		start := s.count
		add := func(a, b int32, strong bool) bool {
			if a == b { // a second-team member can meet itself
				return false
			}
			k := pairKey(a, b)
			if _, ok := seen[k]; ok {
				return false
			}
			seen[k] = struct{}{}
			sc := scopeOrg
			if w.sharesTeam(a, b) {
				sc = scopeTeam
			}
			t := 0.0
			if strong {
				t = strongTrust(r)
			} else {
				t = trust(r, sc)
			}
			s.write(a, b, t, sc)
			return true
		}

		// Role ties first, so that their strong trust holds: decision makers know each other;
		// blockers guard every one of them.
		dms, blockers = dms[:0], blockers[:0]
		for p := o.first; p < o.first+o.n; p++ {
			if w.roles[p].has(ecograph.RoleDecisionMaker) {
				dms = append(dms, p)
			}
			if w.roles[p].has(ecograph.RoleBlocker) {
				blockers = append(blockers, p)
			}
		}
		for i, a := range dms {
			for _, b := range dms[i+1:] {
				add(a, b, true)
			}
			for _, b := range blockers {
				add(a, b, true)
			}
		}

		// A random spanning tree over each team, then one tie from each team to an
		// earlier one: every organisation is connected.
		for _, ti := range o.teams {
			m := w.teams[ti].members
			for k := 1; k < len(m); k++ {
				add(m[k], m[r.IntN(k)], false)
			}
		}
		for k := 1; k < len(o.teams); k++ {
			u := w.teams[o.teams[r.IntN(k)]].members
			add(w.teams[o.teams[k]].members[0], u[r.IntN(len(u))], false)
		}

		// Team ties: dense, Chung-Lu within the team.
		for _, ti := range o.teams {
			m := w.teams[ti].members
			for i, a := range m {
				for _, b := range m[i+1:] {
					p := min(0.9, 0.3*math.Sqrt(w.target[a]*w.target[b])/meanTarget)
					if r.Float64() < p {
						add(a, b, false)
					}
				}
			}
		}

		// Organisation ties: Chung-Lu over what remains of each person's in-organisation
		// target, at most 40% of the pairs still free.
		sm.reset(func(i int) float64 {
			p := o.first + int32(i)
			return max(0, w.orgShare[p]*w.target[p]-float64(s.deg[p]))
		}, int(o.n))
		pairs := int(o.n) * int(o.n-1) / 2
		want := min(int(0.4*float64(pairs-(s.count-start))), int(math.Round(sm.total()/2)))
		for added, tries := 0, 0; added < want && tries < 4*want+20; tries++ {
			a, b := o.first+int32(sm.draw(r)), o.first+int32(sm.draw(r))
			if a != b && add(a, b, false) {
				added++
			}
		}
	}
}

// writeCrossTies draws the ties between organisations until the total reaches the target,
// then joins every organisation not yet reachable from OURS to it.
func (w *world) writeCrossTies(cfg Config, s *tieSink) {
	r := rng(cfg.Seed, streamCross)
	seen := make(map[uint64]struct{})
	orgParent := make([]int32, len(w.orgs))
	for i := range orgParent {
		orgParent[i] = int32(i)
	}
	findOrg := func(a int32) int32 {
		for orgParent[a] != a {
			orgParent[a] = orgParent[orgParent[a]]
			a = orgParent[a]
		}
		return a
	}
	add := func(a, b int32, strong bool) bool {
		if w.orgOf[a] == w.orgOf[b] {
			return false
		}
		k := pairKey(a, b)
		if _, ok := seen[k]; ok {
			return false
		}
		seen[k] = struct{}{}
		t := 0.0
		if strong {
			t = strongTrust(r)
		} else {
			t = trust(r, scopeCross)
		}
		s.write(a, b, t, scopeCross)
		orgParent[findOrg(w.orgOf[a])] = findOrg(w.orgOf[b])
		return true
	}

	ours := w.orgs[0]
	var oursSampler sampler
	oursSampler.reset(func(i int) float64 { return w.target[ours.first+int32(i)] }, int(ours.n))
	drawOurs := func() int32 { return ours.first + int32(oursSampler.draw(r)) }

	// Champions are our advocates inside their institution: each has a strong tie to one or
	// two of our people.
	for p := range w.ids {
		if w.roles[p].has(ecograph.RoleChampion) {
			for range 1 + r.IntN(2) {
				add(int32(p), drawOurs(), true)
			}
		}
	}

	// Chung-Lu across organisations over each person's remaining target.
	want := int(math.Round(float64(len(w.ids))*cfg.TiesPerPerson)) - s.count
	if want > 0 {
		var sm sampler
		sm.reset(func(p int) float64 {
			return max(0.5, w.target[p]-float64(s.deg[p])) * w.crossMult[p]
		}, len(w.ids))
		for added, tries := 0, 0; added < want && tries < 3*want+1000; tries++ {
			if add(int32(sm.draw(r)), int32(sm.draw(r)), false) {
				added++
			}
		}
	}

	// Bridges: the best connected person of each organisation still apart knows one of us.
	for oi := range w.orgs {
		if findOrg(int32(oi)) == findOrg(0) {
			continue
		}
		o := w.orgs[oi]
		best := o.first
		for p := o.first; p < o.first+o.n; p++ {
			if w.target[p] > w.target[best] {
				best = p
			}
		}
		for !add(best, drawOurs(), false) {
		}
	}
}

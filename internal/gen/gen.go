// Package gen generates a synthetic but realistic ecosystem (organisations, teams, people with
// roles, and ties of trust) and writes it as the CSV import files of the contract
// (organizations.csv, teams.csv, people.csv, ties.csv), for demos, load tests and benchmarks.
//
// The output depends only on the Config: the same People, Seed and options give the same bytes
// on every run (math/rand/v2's PCG seeded from Config.Seed; no map order reaches the output).
// Across CPU architectures the last bits of math.Pow or fused multiply-adds may differ, and so
// may the output. The package imports the domain package and the standard library
// only, and does no I/O beyond the writers or directory it is given.
//
// # The model
//
// Organisations: exactly one OURS (about 3% of people), a few PARTNERs (People/1500, 3 to 12,
// unless Config.Partners says otherwise) and many CLIENTs whose sizes follow a truncated Pareto
// law (minimum 8 people, exponent 1.2, at most max(3% of people, min(10% of people, 300))),
// so that most clients are small (median about 14) and a few are large. Clients belong to
// sectors of a healthcare-centred ecosystem.
//
// Teams: each organisation is cut into teams of 4 to 20 people (mean about 9); an organisation
// of 6 or fewer people is one team. About 8% of people also belong to a second team of their
// organisation.
//
// Degrees: every person draws a weight from a Pareto law (exponent 1.6, truncated at 40 times
// the minimum), scaled so that the mean target degree is 2*TiesPerPerson. Influencers (x1.5),
// connectors (x1.5), experts and decision makers (x1.2) get larger targets; no target exceeds
// a tenth of the people. Ties are then drawn in layers, each a Chung-Lu style model (a pair's
// chance grows with the product of its targets):
//
//   - role ties, drawn first so that their strong trust holds: the decision makers of an
//     organisation know each other, and every blocker is tied to every one of them;
//   - inside each organisation, a random spanning tree over each team and one tie from each
//     team to an earlier one, so that every organisation is connected;
//   - team ties: every pair of team members with probability min(0.9, 0.3*sqrt(Di*Dj)/D̄),
//     which gives team densities around 0.3-0.6;
//   - organisation ties: pairs drawn with probability proportional to what remains of each
//     person's in-organisation target (95% of the target at CLIENTs, 70% at OURS and
//     PARTNERs, 50% for connectors), at most 40% of the organisation's free pairs, so
//     organisations are sparser than teams;
//   - cross-organisation ties: champions are tied strongly to 1-2 people at OURS; then pairs
//     in different organisations, drawn by remaining target times a multiplier (3 for
//     connectors, 2 at OURS, 1.5 at PARTNERs), until the total reaches People*TiesPerPerson;
//     last, every organisation not yet reachable from OURS gets one tie to it, so the whole
//     graph is one connected component.
//
// People in small organisations cannot reach their target inside them, so their remainder
// goes across: about 30% of all ties cross organisations at 10,000 people and more, nearer 40%
// at 2,000 (where every organisation is small), three quarters of a connector's.
//
// Every pair is drawn at most once (no duplicates in either order, no self ties). The result
// is heavy-tailed: at 10,000 people the median degree is about 25, the 99th percentile
// about 230 and the maximum about 780; at 100,000, 23, 260 and 910.
//
// Trust is drawn from Kumaraswamy (Beta-like) laws on [0.05, 1]: mean about 0.48 inside teams,
// 0.35 elsewhere in an organisation and 0.27 across organisations, so most ties are weak to
// moderate and few are strong; role ties (blocker and decision maker, decision makers among
// themselves, champion and OURS) are strong, in [0.6, 0.98]. Trust is written with 3
// decimals. A tie's source says which layer made it: gen:team (the two share a team), gen:org
// or gen:cross.
//
// Roles per organisation, each a share of its people rounded at random (so small
// organisations still get some): in CLIENTs, DECISION_MAKER 1.5% (at least 1), BLOCKER 1.5%
// (at least 1 from 30 people), CONNECTOR 4%, INFLUENCER 3%, INFORMATION_PROVIDER 3%, EXPERT 3%,
// CHAMPION 1%; PARTNERs and OURS have decision makers, connectors, experts, influencers and
// information providers but no blockers or champions. Decision makers and influencers are
// drawn among the best connected; DECISION_MAKER and BLOCKER exclude each other and every
// other role's holders are drawn among the rest, so the other roles may overlap.
//
// Ids: org-0001 (OURS is org-0001, then the partners, then the clients), team-0001-02 (the
// second team of org-0001), p-000001; every id of a kind has the same width, so string order
// is numeric order, and every tie is written with person_a < person_b.
package gen

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ecograph/ecograph"
)

// DefaultTiesPerPerson is the number of ties per person (each tie counted once) when
// Config.TiesPerPerson is 0. It matches the people graph of the LDBC Social Network Benchmark
// at scale factor 1: about 10,000 people and 180,000 knows edges.
const DefaultTiesPerPerson = 18

// MinPeople is the smallest population Generate accepts.
const MinPeople = 50

// Config says what to generate.
type Config struct {
	// People is the number of people, at least MinPeople.
	People int
	// Seed selects the ecosystem; the same Config gives the same files.
	Seed uint64
	// TiesPerPerson is the mean number of ties per person, each tie counted once (so the
	// mean degree is twice as much), at most (People-1)/4. 0 means DefaultTiesPerPerson.
	TiesPerPerson float64
	// Partners is the number of PARTNER organisations, at most People/20; 0 means
	// People/1500, at least 3 and at most 12.
	Partners int
}

// Stats describes what was generated.
type Stats struct {
	Organizations int
	Partners      int
	Clients       int
	Teams         int
	People        int
	Ties          int
	TeamTies      int // ties between people who share a team
	OrgTies       int // other ties inside an organisation
	CrossTies     int // ties between organisations
	MaxDegree     int
	MedianDegree  int
	// LargestComponent is the number of people in the largest connected component.
	LargestComponent int
}

// Writers receives the four CSV files. GenerateTo buffers its writes, so plain files are fine.
type Writers struct {
	Organizations io.Writer
	Teams         io.Writer
	People        io.Writer
	Ties          io.Writer
}

// File names, as the contract's import expects them.
const (
	OrganizationsFile = "organizations.csv"
	TeamsFile         = "teams.csv"
	PeopleFile        = "people.csv"
	TiesFile          = "ties.csv"
)

// Generate writes the four CSV files of the ecosystem cfg describes into dir (created if
// missing) and returns what it wrote. The files appear only once complete: they are written
// under temporary names and renamed at the end.
//
// It returns an EINVALID *ecograph.Error for a bad Config, and any I/O error, wrapped.
func Generate(cfg Config, dir string) (Stats, error) {
	if err := cfg.validate(); err != nil {
		return Stats{}, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return Stats{}, fmt.Errorf("gen: %w", err)
	}
	names := []string{OrganizationsFile, TeamsFile, PeopleFile, TiesFile}
	files := make([]*os.File, 0, len(names))
	cleanup := func() {
		for _, f := range files {
			f.Close()
			os.Remove(f.Name())
		}
	}
	for _, name := range names {
		f, err := os.Create(filepath.Join(dir, name+".tmp"))
		if err != nil {
			cleanup()
			return Stats{}, fmt.Errorf("gen: %w", err)
		}
		files = append(files, f)
	}
	st, err := GenerateTo(cfg, Writers{files[0], files[1], files[2], files[3]})
	if err != nil {
		cleanup()
		return Stats{}, err
	}
	for _, f := range files {
		if err := f.Close(); err != nil {
			cleanup()
			return Stats{}, fmt.Errorf("gen: %w", err)
		}
	}
	for i, f := range files {
		if err := os.Rename(f.Name(), filepath.Join(dir, names[i])); err != nil {
			return Stats{}, fmt.Errorf("gen: %w", err)
		}
	}
	return st, nil
}

// GenerateTo writes the ecosystem cfg describes to w and returns what it wrote.
//
// It returns an EINVALID *ecograph.Error for a bad Config, and the first write error, wrapped.
func GenerateTo(cfg Config, w Writers) (Stats, error) {
	if err := cfg.validate(); err != nil {
		return Stats{}, err
	}
	if cfg.TiesPerPerson == 0 {
		cfg.TiesPerPerson = DefaultTiesPerPerson
	}
	wd := build(cfg)
	if err := wd.writeOrganizations(w.Organizations); err != nil {
		return Stats{}, fmt.Errorf("gen: %s: %w", OrganizationsFile, err)
	}
	if err := wd.writeTeams(w.Teams); err != nil {
		return Stats{}, fmt.Errorf("gen: %s: %w", TeamsFile, err)
	}
	if err := wd.writePeople(w.People); err != nil {
		return Stats{}, fmt.Errorf("gen: %s: %w", PeopleFile, err)
	}
	ts, err := wd.writeTies(cfg, w.Ties)
	if err != nil {
		return Stats{}, fmt.Errorf("gen: %s: %w", TiesFile, err)
	}
	st := ts.stats()
	st.Organizations = len(wd.orgs)
	st.Teams = len(wd.teams)
	st.People = len(wd.ids)
	for _, o := range wd.orgs {
		switch o.kind {
		case ecograph.OrgPartner:
			st.Partners++
		case ecograph.OrgClient:
			st.Clients++
		}
	}
	return st, nil
}

func (c Config) validate() error {
	if c.People < MinPeople {
		return ecograph.Invalid("people", "must be at least %d, got %d", MinPeople, c.People)
	}
	if c.People >= 1<<31 {
		return ecograph.Invalid("people", "must be below 2^31, got %d", c.People)
	}
	if !(c.TiesPerPerson >= 0) || c.TiesPerPerson > float64(c.People-1)/4 {
		return ecograph.Invalid("tiesPerPerson", "must be in [0, (people-1)/4], got %v", c.TiesPerPerson)
	}
	if c.Partners < 0 || c.Partners > c.People/20 {
		return ecograph.Invalid("partners", "must be in [0, people/20], got %d", c.Partners)
	}
	return nil
}

// roleSet is a set of roles, bit i standing for ecograph.Roles[i].
type roleSet uint8

func bit(r ecograph.Role) roleSet {
	return 1 << slices.Index(ecograph.Roles, r)
}

func (s roleSet) has(r ecograph.Role) bool { return s&bit(r) != 0 }

func (s roleSet) String() string {
	var b strings.Builder
	for i, r := range ecograph.Roles {
		if s&(1<<i) != 0 {
			if b.Len() > 0 {
				b.WriteByte(';')
			}
			b.WriteString(string(r))
		}
	}
	return b.String()
}

type org struct {
	id, name, sector string
	kind             ecograph.OrgKind
	first, n         int32 // its people are first..first+n-1
	teams            []int32
}

type team struct {
	id, name string
	org      int32
	members  []int32 // its primary members in order, then second-team members
}

// world is the generated ecosystem without its ties. People are numbered from 0, contiguous
// per organisation.
type world struct {
	orgs  []org
	teams []team

	ids, names, titles []string
	orgOf              []int32
	roles              []roleSet
	teamsOf            [][]int32 // primary team first
	target             []float64 // target degree
	orgShare           []float64 // share of the target meant to lie inside the organisation
	crossMult          []float64 // weight multiplier for cross-organisation ties
}

// Random streams, one per stage, so that a change in one stage leaves the others' draws alone.
const (
	streamOrgs = iota + 1
	streamPeople
	streamIntra
	streamCross
)

func rng(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15*stream))
}

// pareto draws from a Pareto law with minimum 1 and exponent alpha.
func pareto(r *rand.Rand, alpha float64) float64 {
	return math.Pow(1-r.Float64(), -1/alpha)
}

// kumaraswamy draws from the Kumaraswamy(a, b) law on [lo, hi]: Beta-like, with a closed-form
// inverse distribution function.
func kumaraswamy(r *rand.Rand, a, b, lo, hi float64) float64 {
	u := r.Float64()
	x := math.Pow(1-math.Pow(1-u, 1/b), 1/a)
	return lo + (hi-lo)*x
}

// stochasticRound rounds x down or up with the probability of its fractional part.
func stochasticRound(r *rand.Rand, x float64) int {
	f := math.Floor(x)
	if r.Float64() < x-f {
		f++
	}
	return int(f)
}

func width(n, min int) int {
	return max(min, len(strconv.Itoa(n)))
}

func build(cfg Config) *world {
	n := cfg.People
	r := rng(cfg.Seed, streamOrgs)
	w := &world{}

	// Organisation sizes.
	oursSize := max(3, int(math.Round(0.03*float64(n))))
	partners := cfg.Partners
	if partners == 0 {
		partners = min(12, max(3, int(math.Round(float64(n)/1500))))
	}
	bigCap := max(oursSize, 8, int(min(0.1*float64(n), 300)))
	sizes := []int{oursSize}
	kinds := []ecograph.OrgKind{ecograph.OrgOurs}
	for range partners {
		s := min(bigCap, max(3, int(0.008*float64(n)*pareto(r, 1.5))))
		sizes = append(sizes, s)
		kinds = append(kinds, ecograph.OrgPartner)
	}
	rest := n
	for _, s := range sizes {
		rest -= s
	}
	for rest < 8 { // only for tiny populations: shrink the partners
		i := slices.Index(sizes, slices.Max(sizes[1:]))
		sizes[i]--
		rest++
	}
	const clientMin = 8
	for rest > 0 {
		s := min(bigCap, int(clientMin*pareto(r, 1.2)), rest)
		if rest-s < clientMin {
			s = rest
		}
		sizes = append(sizes, s)
		kinds = append(kinds, ecograph.OrgClient)
		rest -= s
	}

	orgWidth := width(len(sizes), 4)
	usedNames := map[string]bool{}
	uniqueName := func(stem, suffix string) string {
		name := stem + " " + suffix
		for k := 2; usedNames[name]; k++ {
			name = fmt.Sprintf("%s %s %d", stem, suffix, k)
		}
		usedNames[name] = true
		return name
	}
	first := int32(0)
	for i, s := range sizes {
		o := org{
			id:    fmt.Sprintf("org-%0*d", orgWidth, i+1),
			kind:  kinds[i],
			first: first,
			n:     int32(s),
		}
		first += int32(s)
		switch o.kind {
		case ecograph.OrgOurs:
			o.name, o.sector = uniqueName("Northstar", "Health Systems"), "Software"
		case ecograph.OrgPartner:
			sec := partnerSectors[r.IntN(len(partnerSectors))]
			o.name = uniqueName(orgStems[r.IntN(len(orgStems))], sec.suffixes[r.IntN(len(sec.suffixes))])
			o.sector = sec.name
		default:
			sec := clientSectors[r.IntN(len(clientSectors))]
			o.name = uniqueName(orgStems[r.IntN(len(orgStems))], sec.suffixes[r.IntN(len(sec.suffixes))])
			o.sector = sec.name
		}
		w.orgs = append(w.orgs, o)
	}

	// Teams: cut each organisation's people, in order, into teams.
	w.orgOf = make([]int32, n)
	w.teamsOf = make([][]int32, n)
	var teamSizes [][]int
	maxTeams := 0
	for _, o := range w.orgs {
		ts := splitTeams(r, int(o.n))
		teamSizes = append(teamSizes, ts)
		maxTeams = max(maxTeams, len(ts))
	}
	teamWidth := width(maxTeams, 2)
	for oi := range w.orgs {
		o := &w.orgs[oi]
		names := r.Perm(len(teamNames))
		p := o.first
		for k, s := range teamSizes[oi] {
			name := teamNames[names[k%len(names)]]
			if k >= len(names) {
				name += " " + strconv.Itoa(k/len(names)+1)
			}
			t := team{
				id:   fmt.Sprintf("team-%s-%0*d", o.id[len("org-"):], teamWidth, k+1),
				name: name,
				org:  int32(oi),
			}
			ti := int32(len(w.teams))
			for range s {
				t.members = append(t.members, p)
				w.orgOf[p] = int32(oi)
				w.teamsOf[p] = []int32{ti}
				p++
			}
			o.teams = append(o.teams, ti)
			w.teams = append(w.teams, t)
		}
		if len(o.teams) > 1 {
			for p := o.first; p < o.first+o.n; p++ {
				if r.Float64() < 0.08 {
					t := o.teams[r.IntN(len(o.teams))]
					if t != w.teamsOf[p][0] {
						w.teamsOf[p] = append(w.teamsOf[p], t)
						w.teams[t].members = append(w.teams[t].members, p)
					}
				}
			}
		}
	}

	// People: names, degree targets, roles, titles.
	r = rng(cfg.Seed, streamPeople)
	pw := width(n, 6)
	w.ids = make([]string, n)
	w.names = make([]string, n)
	w.titles = make([]string, n)
	w.roles = make([]roleSet, n)
	w.target = make([]float64, n)
	w.orgShare = make([]float64, n)
	w.crossMult = make([]float64, n)
	sum := 0.0
	for p := range n {
		w.ids[p] = fmt.Sprintf("p-%0*d", pw, p+1)
		w.names[p] = firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))]
		w.target[p] = min(pareto(r, 1.6), 40)
		sum += w.target[p]
	}
	scale := 2 * cfg.TiesPerPerson * float64(n) / sum
	for p := range n {
		w.target[p] *= scale
		switch w.orgs[w.orgOf[p]].kind {
		case ecograph.OrgOurs:
			w.orgShare[p], w.crossMult[p] = 0.7, 2
		case ecograph.OrgPartner:
			w.orgShare[p], w.crossMult[p] = 0.7, 1.5
		default:
			w.orgShare[p], w.crossMult[p] = 0.95, 1
		}
	}
	for oi := range w.orgs {
		w.assignRoles(r, oi)
	}
	// No one knows more than a tenth of everyone, nor more than the Pareto cap allows.
	maxTarget := min(40*scale, 0.1*float64(n))
	for p := range n {
		w.target[p] = min(w.target[p], maxTarget)
	}
	for p := range n {
		w.titles[p] = w.title(r, int32(p))
	}
	return w
}

// splitTeams cuts n people into team sizes of 4 to 20 (a remainder below 3 joins the last).
func splitTeams(r *rand.Rand, n int) []int {
	if n <= 6 {
		return []int{n}
	}
	var sizes []int
	for rest := n; rest > 0; {
		s := min(20, 4+int(-math.Log(1-r.Float64())*5), rest)
		if rest-s < 3 {
			s = rest
		}
		sizes = append(sizes, s)
		rest -= s
	}
	return sizes
}

// roleShare is the share of an organisation's people holding a role, and the least number
// of holders.
type roleShare struct {
	role    ecograph.Role
	share   float64
	least   int
	leastAt int // the least number applies from this organisation size on
}

var roleShares = map[ecograph.OrgKind][]roleShare{
	ecograph.OrgClient: {
		{ecograph.RoleDecisionMaker, 0.015, 1, 0},
		{ecograph.RoleBlocker, 0.015, 1, 30},
		{ecograph.RoleInfluencer, 0.03, 0, 0},
		{ecograph.RoleConnector, 0.04, 0, 0},
		{ecograph.RoleInformationProvider, 0.03, 0, 0},
		{ecograph.RoleExpert, 0.03, 0, 0},
		{ecograph.RoleChampion, 0.01, 0, 0},
	},
	ecograph.OrgPartner: {
		{ecograph.RoleDecisionMaker, 0.015, 1, 0},
		{ecograph.RoleInfluencer, 0.03, 0, 0},
		{ecograph.RoleConnector, 0.06, 0, 0},
		{ecograph.RoleInformationProvider, 0.02, 0, 0},
		{ecograph.RoleExpert, 0.05, 0, 0},
	},
	ecograph.OrgOurs: {
		{ecograph.RoleDecisionMaker, 0.01, 1, 0},
		{ecograph.RoleInfluencer, 0.03, 0, 0},
		{ecograph.RoleConnector, 0.08, 0, 0},
		{ecograph.RoleInformationProvider, 0.02, 0, 0},
		{ecograph.RoleExpert, 0.05, 0, 0},
	},
}

func (w *world) assignRoles(r *rand.Rand, oi int) {
	o := w.orgs[oi]
	exclusive := bit(ecograph.RoleDecisionMaker) | bit(ecograph.RoleBlocker)
	cands := make([]int32, 0, o.n)
	keys := make([]float64, o.n)
	for _, rs := range roleShares[o.kind] {
		k := stochasticRound(r, rs.share*float64(o.n))
		if int(o.n) >= rs.leastAt {
			k = max(k, rs.least)
		}
		cands = cands[:0]
		for p := o.first; p < o.first+o.n; p++ {
			if w.roles[p]&exclusive == 0 {
				cands = append(cands, p)
			}
		}
		k = min(k, len(cands))
		if k == 0 {
			continue
		}
		// Weighted sampling without replacement (Efraimidis-Spirakis): the k largest
		// log(U)/weight.
		for _, p := range cands {
			wt := 1.0
			switch rs.role {
			case ecograph.RoleDecisionMaker, ecograph.RoleInfluencer:
				wt = w.target[p]
			case ecograph.RoleConnector:
				wt = math.Sqrt(w.target[p])
			}
			keys[p-o.first] = math.Log(1-r.Float64()) / wt
		}
		slices.SortStableFunc(cands, func(a, b int32) int {
			ka, kb := keys[a-o.first], keys[b-o.first]
			switch {
			case ka > kb:
				return -1
			case ka < kb:
				return 1
			}
			return 0
		})
		for _, p := range cands[:k] {
			w.roles[p] |= bit(rs.role)
			switch rs.role {
			case ecograph.RoleDecisionMaker, ecograph.RoleExpert:
				w.target[p] *= 1.2
			case ecograph.RoleInfluencer:
				w.target[p] *= 1.5
			case ecograph.RoleConnector:
				w.target[p] *= 1.5
				w.orgShare[p] = 0.5
				w.crossMult[p] = 3
			}
		}
	}
}

func (w *world) title(r *rand.Rand, p int32) string {
	pick := func(l []string) string { return l[r.IntN(len(l))] }
	switch rs := w.roles[p]; {
	case rs.has(ecograph.RoleDecisionMaker):
		return pick(decisionMakerTitles)
	case rs.has(ecograph.RoleBlocker):
		return pick(blockerTitles)
	case w.teams[w.teamsOf[p][0]].members[0] == p:
		return "Head of " + w.teams[w.teamsOf[p][0]].name
	case rs.has(ecograph.RoleExpert):
		return pick(expertTitles)
	}
	switch w.orgs[w.orgOf[p]].kind {
	case ecograph.OrgOurs:
		return pick(oursTitles)
	case ecograph.OrgPartner:
		return pick(partnerTitles)
	}
	return pick(clientTitles)
}

func (w *world) writeOrganizations(out io.Writer) error {
	cw := csv.NewWriter(out)
	cw.Write([]string{"id", "name", "kind", "sector"})
	for _, o := range w.orgs {
		cw.Write([]string{o.id, o.name, string(o.kind), o.sector})
	}
	cw.Flush()
	return cw.Error()
}

func (w *world) writeTeams(out io.Writer) error {
	cw := csv.NewWriter(out)
	cw.Write([]string{"id", "name", "organization_id"})
	for _, t := range w.teams {
		cw.Write([]string{t.id, t.name, w.orgs[t.org].id})
	}
	cw.Flush()
	return cw.Error()
}

func (w *world) writePeople(out io.Writer) error {
	cw := csv.NewWriter(out)
	cw.Write([]string{"id", "name", "title", "organization_id", "roles", "teams"})
	var teams strings.Builder
	for p := range w.ids {
		teams.Reset()
		for i, t := range w.teamsOf[p] {
			if i > 0 {
				teams.WriteByte(';')
			}
			teams.WriteString(w.teams[t].id)
		}
		cw.Write([]string{w.ids[p], w.names[p], w.titles[p], w.orgs[w.orgOf[p]].id,
			w.roles[p].String(), teams.String()})
	}
	cw.Flush()
	return cw.Error()
}

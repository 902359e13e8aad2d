package gen

import (
	"bytes"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
)

// dataset is the four files as read back from disk, checked only by the test's own code.
type dataset struct {
	orgs   map[string]ecograph.Organization
	teams  map[string]ecograph.Team
	people map[string]ecograph.Person
	order  []string // people ids in file order
	ties   []ecograph.Tie
}

func readCSV(t *testing.T, path string, header []string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], header) {
		t.Fatalf("%s: header %v, want %v", path, rows[0], header)
	}
	return rows[1:]
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

func load(t *testing.T, dir string) *dataset {
	t.Helper()
	d := &dataset{
		orgs:   map[string]ecograph.Organization{},
		teams:  map[string]ecograph.Team{},
		people: map[string]ecograph.Person{},
	}
	for _, r := range readCSV(t, filepath.Join(dir, OrganizationsFile), []string{"id", "name", "kind", "sector"}) {
		if _, dup := d.orgs[r[0]]; dup {
			t.Fatalf("duplicate organisation %s", r[0])
		}
		o := ecograph.Organization{ID: r[0], Name: r[1], Kind: ecograph.OrgKind(r[2]), Sector: r[3]}
		if !o.Kind.Valid() || o.Name == "" || o.Sector == "" {
			t.Fatalf("bad organisation %v", r)
		}
		d.orgs[o.ID] = o
	}
	for _, r := range readCSV(t, filepath.Join(dir, TeamsFile), []string{"id", "name", "organization_id"}) {
		if _, dup := d.teams[r[0]]; dup {
			t.Fatalf("duplicate team %s", r[0])
		}
		if _, ok := d.orgs[r[2]]; !ok || r[1] == "" {
			t.Fatalf("team %v: unknown organisation or no name", r)
		}
		d.teams[r[0]] = ecograph.Team{ID: r[0], Name: r[1], OrganizationID: r[2]}
	}
	header := []string{"id", "name", "title", "organization_id", "roles", "teams"}
	for _, r := range readCSV(t, filepath.Join(dir, PeopleFile), header) {
		if _, dup := d.people[r[0]]; dup {
			t.Fatalf("duplicate person %s", r[0])
		}
		p := ecograph.Person{ID: r[0], Name: r[1], Title: r[2], OrganizationID: r[3], TeamIDs: split(r[5])}
		for _, role := range split(r[4]) {
			if !ecograph.Role(role).Valid() {
				t.Fatalf("person %s: unknown role %q", p.ID, role)
			}
			p.Roles = append(p.Roles, ecograph.Role(role))
		}
		if _, ok := d.orgs[p.OrganizationID]; !ok {
			t.Fatalf("person %s: unknown organisation %s", p.ID, p.OrganizationID)
		}
		if p.Name == "" || p.Title == "" || len(p.TeamIDs) == 0 {
			t.Fatalf("person %v: missing name, title or team", r)
		}
		for _, tid := range p.TeamIDs {
			tm, ok := d.teams[tid]
			if !ok || tm.OrganizationID != p.OrganizationID {
				t.Fatalf("person %s: team %s unknown or of another organisation", p.ID, tid)
			}
		}
		d.people[p.ID] = p
		d.order = append(d.order, p.ID)
	}
	for i, r := range readCSV(t, filepath.Join(dir, TiesFile), []string{"person_a", "person_b", "trust", "source"}) {
		tr, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			t.Fatalf("tie line %d: %v", i+2, err)
		}
		d.ties = append(d.ties, ecograph.Tie{PersonA: r[0], PersonB: r[1], Trust: tr, Source: r[3]})
	}
	return d
}

// checkTies checks every tie: known people, canonical order (so no self tie), no duplicate
// pair, trust in (0, 1], a source that matches where the tie lies.
func checkTies(t *testing.T, d *dataset) {
	t.Helper()
	seen := map[[2]string]bool{}
	for i, tie := range d.ties {
		line := i + 2
		if _, ok := d.people[tie.PersonA]; !ok {
			t.Fatalf("line %d: unknown person %s", line, tie.PersonA)
		}
		if _, ok := d.people[tie.PersonB]; !ok {
			t.Fatalf("line %d: unknown person %s", line, tie.PersonB)
		}
		if tie.PersonA >= tie.PersonB {
			t.Fatalf("line %d: %s >= %s (self tie or not canonical)", line, tie.PersonA, tie.PersonB)
		}
		a, b := ecograph.TieKey(tie.PersonA, tie.PersonB)
		if seen[[2]string{a, b}] {
			t.Fatalf("line %d: duplicate pair %s %s", line, a, b)
		}
		seen[[2]string{a, b}] = true
		if !(tie.Trust > 0 && tie.Trust <= 1) {
			t.Fatalf("line %d: trust %v outside (0, 1]", line, tie.Trust)
		}
		sameOrg := d.people[a].OrganizationID == d.people[b].OrganizationID
		if sameOrg == (tie.Source == "gen:cross") || !strings.HasPrefix(tie.Source, "gen:") {
			t.Fatalf("line %d: source %q for a tie inside one organisation: %v", line, tie.Source, sameOrg)
		}
	}
}

func generate(t *testing.T, cfg Config) (*dataset, Stats) {
	t.Helper()
	dir := t.TempDir()
	st, err := Generate(cfg, dir)
	if err != nil {
		t.Fatal(err)
	}
	return load(t, dir), st
}

func generateBytes(t *testing.T, cfg Config) [4][]byte {
	t.Helper()
	var b [4]bytes.Buffer
	if _, err := GenerateTo(cfg, Writers{&b[0], &b[1], &b[2], &b[3]}); err != nil {
		t.Fatal(err)
	}
	return [4][]byte{b[0].Bytes(), b[1].Bytes(), b[2].Bytes(), b[3].Bytes()}
}

func TestGenerateIsDeterministic(t *testing.T) {
	a := generateBytes(t, Config{People: 1500, Seed: 7})
	b := generateBytes(t, Config{People: 1500, Seed: 7})
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Errorf("file %d differs between two runs with the same seed", i)
		}
	}
	c := generateBytes(t, Config{People: 1500, Seed: 8})
	if bytes.Equal(a[3], c[3]) || bytes.Equal(a[2], c[2]) {
		t.Error("seeds 7 and 8 give the same people or ties")
	}

	// Generate writes the same bytes as GenerateTo.
	dir := t.TempDir()
	if _, err := Generate(Config{People: 1500, Seed: 7}, dir); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{OrganizationsFile, TeamsFile, PeopleFile, TiesFile} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, a[i]) {
			t.Errorf("%s differs from GenerateTo's output", name)
		}
	}
	if left, _ := filepath.Glob(filepath.Join(dir, "*.tmp")); len(left) > 0 {
		t.Errorf("temporary files left behind: %v", left)
	}
}

func TestGenerateRejectsBadConfig(t *testing.T) {
	for _, tc := range []struct {
		cfg   Config
		field string
	}{
		{Config{People: 10}, "people"},
		{Config{People: 1000, TiesPerPerson: -1}, "tiesPerPerson"},
		{Config{People: 1000, TiesPerPerson: 500}, "tiesPerPerson"},
		{Config{People: 1000, Partners: -1}, "partners"},
		{Config{People: 1000, Partners: 51}, "partners"},
	} {
		_, err := GenerateTo(tc.cfg, Writers{io.Discard, io.Discard, io.Discard, io.Discard})
		if ecograph.ErrorCode(err) != ecograph.EINVALID || ecograph.ErrorField(err) != tc.field {
			t.Errorf("%+v: got %v, want EINVALID on %s", tc.cfg, err, tc.field)
		}
	}
}

func TestGenerateSmallPopulations(t *testing.T) {
	for _, n := range []int{MinPeople, 51, 77, 120, 333} {
		d, st := generate(t, Config{People: n, Seed: uint64(n)})
		if len(d.people) != n || st.People != n {
			t.Errorf("People=%d: got %d people", n, len(d.people))
		}
		if st.LargestComponent != n {
			t.Errorf("People=%d: largest component %d", n, st.LargestComponent)
		}
		checkTies(t, d)
	}
}

func TestGenerate(t *testing.T) {
	const n = 2000
	d, st := generate(t, Config{People: n, Seed: 42})

	t.Run("counts", func(t *testing.T) {
		kinds := map[ecograph.OrgKind]int{}
		for _, o := range d.orgs {
			kinds[o.Kind]++
		}
		if kinds[ecograph.OrgOurs] != 1 || kinds[ecograph.OrgPartner] < 3 || kinds[ecograph.OrgClient] < 20 {
			t.Errorf("organisations by kind: %v", kinds)
		}
		if len(d.people) != n {
			t.Errorf("%d people, want %d", len(d.people), n)
		}
		if len(d.teams) < len(d.orgs) || len(d.teams) > n/3 {
			t.Errorf("%d teams for %d organisations", len(d.teams), len(d.orgs))
		}
		if ratio := float64(len(d.ties)) / n; ratio < 17 || ratio > 19 {
			t.Errorf("%.2f ties per person, want about 18", ratio)
		}
		want := Stats{Organizations: len(d.orgs), Partners: kinds[ecograph.OrgPartner],
			Clients: kinds[ecograph.OrgClient], Teams: len(d.teams), People: n, Ties: len(d.ties)}
		got := st
		got.TeamTies, got.OrgTies, got.CrossTies, got.MaxDegree, got.MedianDegree, got.LargestComponent = 0, 0, 0, 0, 0, 0
		if got != want {
			t.Errorf("stats %+v, files say %+v", st, want)
		}
		if st.TeamTies+st.OrgTies+st.CrossTies != st.Ties {
			t.Errorf("ties by scope do not add up: %+v", st)
		}
	})

	t.Run("ties", func(t *testing.T) { checkTies(t, d) })

	deg := map[string]int{}
	cross := map[string]int{}
	for _, tie := range d.ties {
		deg[tie.PersonA]++
		deg[tie.PersonB]++
		if tie.Source == "gen:cross" {
			cross[tie.PersonA]++
			cross[tie.PersonB]++
		}
	}

	t.Run("heavy-tailed degrees", func(t *testing.T) {
		var ds []int
		for _, id := range d.order {
			ds = append(ds, deg[id])
		}
		slices.Sort(ds)
		median, p99, top := ds[len(ds)/2], ds[len(ds)*99/100], ds[len(ds)-1]
		if top < 8*median || p99 < 4*median {
			t.Errorf("degrees not heavy-tailed: median %d, p99 %d, max %d", median, p99, top)
		}
		if st.MaxDegree != top || st.MedianDegree != median {
			t.Errorf("stats say max %d median %d, files %d %d", st.MaxDegree, st.MedianDegree, top, median)
		}
	})

	t.Run("heavy-tailed organisation sizes", func(t *testing.T) {
		size := map[string]int{}
		for _, p := range d.people {
			size[p.OrganizationID]++
		}
		var ss []int
		for _, o := range d.orgs {
			if o.Kind == ecograph.OrgClient {
				ss = append(ss, size[o.ID])
			}
		}
		slices.Sort(ss)
		if ss[0] < 3 || ss[len(ss)-1] < 5*ss[len(ss)/2] {
			t.Errorf("client sizes: min %d median %d max %d", ss[0], ss[len(ss)/2], ss[len(ss)-1])
		}
	})

	t.Run("density and trust by scope", func(t *testing.T) {
		// Pairs that share a team, pairs in one organisation, and pairs across.
		var teamPairs, orgPairs float64
		orgSize := map[string]float64{}
		for _, p := range d.people {
			orgSize[p.OrganizationID]++
		}
		teamSize := map[string]float64{}
		for _, p := range d.people {
			for _, tid := range p.TeamIDs {
				teamSize[tid]++
			}
		}
		for _, s := range teamSize {
			teamPairs += s * (s - 1) / 2
		}
		for _, s := range orgSize {
			orgPairs += s * (s - 1) / 2
		}
		allPairs := float64(n) * (n - 1) / 2
		var count, sum [3]float64
		for _, tie := range d.ties {
			k := slices.Index(sources[:], tie.Source)
			count[k]++
			sum[k] += tie.Trust
		}
		team := count[scopeTeam] / teamPairs
		org := count[scopeOrg] / (orgPairs - teamPairs)
		across := count[scopeCross] / (allPairs - orgPairs)
		if !(team > 1.5*org && org > 5*across) {
			t.Errorf("densities: team %.4f, organisation %.4f, across %.6f", team, org, across)
		}
		meanTeam, meanCross := sum[scopeTeam]/count[scopeTeam], sum[scopeCross]/count[scopeCross]
		if meanTeam < meanCross+0.1 {
			t.Errorf("mean trust in teams %.3f, across %.3f", meanTeam, meanCross)
		}
		var strong, weak int
		for _, tie := range d.ties {
			if tie.Trust > 0.8 {
				strong++
			}
			if tie.Trust < 0.5 {
				weak++
			}
		}
		if strong*10 > len(d.ties) || weak*10 < len(d.ties)*6 {
			t.Errorf("%d strong and %d weak of %d ties: trust not skewed", strong, weak, len(d.ties))
		}
	})

	t.Run("roles", func(t *testing.T) {
		count := map[ecograph.Role]int{}
		dms := map[string]map[string]bool{} // organisation -> its decision makers
		size := map[string]int{}
		for _, p := range d.people {
			size[p.OrganizationID]++
			for _, r := range p.Roles {
				count[r]++
			}
			if p.HasRole(ecograph.RoleDecisionMaker) {
				if p.HasRole(ecograph.RoleBlocker) {
					t.Errorf("%s is both decision maker and blocker", p.ID)
				}
				if dms[p.OrganizationID] == nil {
					dms[p.OrganizationID] = map[string]bool{}
				}
				dms[p.OrganizationID][p.ID] = true
			}
		}
		for _, o := range d.orgs {
			if o.Kind == ecograph.OrgClient && size[o.ID] >= 20 && len(dms[o.ID]) == 0 {
				t.Errorf("client %s of %d people has no decision maker", o.ID, size[o.ID])
			}
		}
		share := func(r ecograph.Role) float64 { return float64(count[r]) / n }
		for _, tc := range []struct {
			role   ecograph.Role
			lo, hi float64
		}{
			{ecograph.RoleDecisionMaker, 0.01, 0.06}, // at least one per organisation
			{ecograph.RoleBlocker, 0.005, 0.03},
			{ecograph.RoleConnector, 0.03, 0.07},
			{ecograph.RoleInfluencer, 0.015, 0.05},
			{ecograph.RoleInformationProvider, 0.015, 0.05},
			{ecograph.RoleExpert, 0.015, 0.06},
			{ecograph.RoleChampion, 0.002, 0.02},
		} {
			if s := share(tc.role); s < tc.lo || s > tc.hi {
				t.Errorf("%s: %.3f of people, want %.3f-%.3f", tc.role, s, tc.lo, tc.hi)
			}
		}

		// Every blocker is tied strongly to every decision maker of its organisation.
		strong := map[[2]string]float64{}
		for _, tie := range d.ties {
			strong[[2]string{tie.PersonA, tie.PersonB}] = tie.Trust
		}
		for _, p := range d.people {
			if !p.HasRole(ecograph.RoleBlocker) {
				continue
			}
			for dm := range dms[p.OrganizationID] {
				a, b := ecograph.TieKey(p.ID, dm)
				if tr, ok := strong[[2]string{a, b}]; !ok || tr < 0.6 {
					t.Errorf("blocker %s and decision maker %s: tie %v (present %v)", p.ID, dm, tr, ok)
				}
			}
		}

		// Connectors have a larger share of their ties across organisations than people
		// without a role.
		var connCross, connAll, plainCross, plainAll int
		for _, p := range d.people {
			switch {
			case p.HasRole(ecograph.RoleConnector):
				connCross += cross[p.ID]
				connAll += deg[p.ID]
			case len(p.Roles) == 0:
				plainCross += cross[p.ID]
				plainAll += deg[p.ID]
			}
		}
		cs, ps := float64(connCross)/float64(connAll), float64(plainCross)/float64(plainAll)
		if cs < ps+0.15 {
			t.Errorf("connectors: %.2f of ties across, people without a role %.2f", cs, ps)
		}
	})

	t.Run("largest component", func(t *testing.T) {
		adj := map[string][]string{}
		for _, tie := range d.ties {
			adj[tie.PersonA] = append(adj[tie.PersonA], tie.PersonB)
			adj[tie.PersonB] = append(adj[tie.PersonB], tie.PersonA)
		}
		seen := map[string]bool{}
		largest := 0
		for _, id := range d.order {
			if seen[id] {
				continue
			}
			seen[id] = true
			queue, size := []string{id}, 0
			for len(queue) > 0 {
				v := queue[0]
				queue = queue[1:]
				size++
				for _, u := range adj[v] {
					if !seen[u] {
						seen[u] = true
						queue = append(queue, u)
					}
				}
			}
			largest = max(largest, size)
		}
		if largest*10 <= n*9 {
			t.Errorf("largest component: %d of %d people", largest, n)
		}
		if largest != st.LargestComponent {
			t.Errorf("stats say largest component %d, files %d", st.LargestComponent, largest)
		}
	})
}

func TestGenerateTiesPerPerson(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 people")
	}
	for _, tc := range []struct {
		cfg  Config
		want float64
	}{
		{Config{People: 10000, Seed: 1}, DefaultTiesPerPerson},
		{Config{People: 3000, Seed: 1, TiesPerPerson: 5}, 5},
	} {
		st, err := GenerateTo(tc.cfg, Writers{io.Discard, io.Discard, io.Discard, io.Discard})
		if err != nil {
			t.Fatal(err)
		}
		ratio := float64(st.Ties) / float64(st.People)
		if ratio < 0.95*tc.want || ratio > 1.05*tc.want {
			t.Errorf("%+v: %.2f ties per person, want about %v", tc.cfg, ratio, tc.want)
		}
		if st.LargestComponent != st.People {
			t.Errorf("%+v: largest component %d of %d", tc.cfg, st.LargestComponent, st.People)
		}
	}
}

func BenchmarkGenerate10k(b *testing.B) {
	var ties int
	for b.Loop() {
		st, err := GenerateTo(Config{People: 10000, Seed: 1}, Writers{io.Discard, io.Discard, io.Discard, io.Discard})
		if err != nil {
			b.Fatal(err)
		}
		ties = st.Ties
	}
	b.ReportMetric(float64(ties)*float64(b.N)/b.Elapsed().Seconds(), "ties/s")
}

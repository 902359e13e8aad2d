// Package ldbc converts data of the LDBC Social Network Benchmark (Interactive v1 CSV layout:
// `|`-separated, a header row, integer ids) into the contract's CSV import files, so that the
// importer, the route queries and their tests can run on a real graph that nobody on the
// project wrote. See README.md for the mapping.
//
// In short: every Person becomes a person "ldbc-<id>"; every knows edge becomes a tie whose
// trust comes from LDBC Interactive complex read 14's interaction weight; a person works at
// their earliest employer, or else at the university they studied at, or else at the
// placeholder organisation "ldbc-org-none". Organisations are CLIENTs except the largest
// employer, which becomes OURS. LDBC has no teams and no roles: teams.csv has its header only
// and every person's roles and teams are empty.
//
// The package imports the domain package and the standard library only.
package ldbc

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/ecograph/ecograph"
)

// Ids and values the conversion writes.
const (
	PersonPrefix       = "ldbc-"         // a person's id is PersonPrefix + the LDBC id
	OrgPrefix          = "ldbc-org-"     // an organisation's id is OrgPrefix + the LDBC id
	NoOrganizationID   = "ldbc-org-none" // where people with neither job nor university work
	NoOrganizationName = "No known organisation"
	TieSource          = "ldbc:knows" // the source of every tie
)

// The LDBC files Convert reads, all required.
const (
	PersonFile         = "person_0_0.csv"
	KnowsFile          = "person_knows_person_0_0.csv"
	OrganisationFile   = "organisation_0_0.csv"
	WorkAtFile         = "person_workAt_organisation_0_0.csv"
	StudyAtFile        = "person_studyAt_organisation_0_0.csv"
	CommentCreatorFile = "comment_hasCreator_person_0_0.csv"
	PostCreatorFile    = "post_hasCreator_person_0_0.csv"
	ReplyToCommentFile = "comment_replyOf_comment_0_0.csv"
	ReplyToPostFile    = "comment_replyOf_post_0_0.csv"
)

// PersonID returns the id under which Convert writes the LDBC person with id n.
func PersonID(n int64) string { return PersonPrefix + strconv.FormatInt(n, 10) }

// OrganizationID returns the id under which Convert writes the LDBC organisation with id n.
func OrganizationID(n int64) string { return OrgPrefix + strconv.FormatInt(n, 10) }

// Weight values of LDBC Interactive complex read 14 ("trusted connection paths"): between
// two people who know each other, every comment by one that replies to a post by the other
// counts 1, every comment by one that replies to a comment by the other counts 0.5, in both
// directions.
const (
	ReplyToPostWeight    = 1.0
	ReplyToCommentWeight = 0.5
)

// TrustFromWeight maps an LDBC interaction weight w >= 0 to a tie's trust:
//
//	trust(w) = 1 - 0.5*exp(-w/2)
//
// Two people who know each other but never replied to each other get 0.5 (moderate: LDBC's
// knows is a declared acquaintance), one reply to a comment gives 0.61, one to a post 0.70,
// two replies to posts 0.82, four 0.93, and trust approaches 1 as replies accumulate. The map
// is strictly increasing, so an order by weight is an order by trust, and its values lie in
// [0.5, 1). Convert writes it with 4 decimals (so weights from about 18.5 on read 1.0000).
func TrustFromWeight(w float64) float64 {
	return 1 - 0.5*math.Exp(-w/2)
}

// Stats describes a conversion.
type Stats struct {
	People        int
	Organizations int // employers, universities and the placeholder, as written
	Ties          int
	RepliedTies   int // ties whose two people replied to each other at least once
	Employed      int // people placed at their earliest employer
	Students      int // people with no employer, placed at their university
	Unplaced      int // people placed at NoOrganizationID
	OursID        string
	MaxWeight     float64
}

// Convert reads the LDBC files in srcDir and writes organizations.csv, teams.csv, people.csv
// and ties.csv into outDir (created if missing). The files appear only once complete.
//
// Its errors name the file, line and problem: a missing file or column, a value that is not
// an integer, a reference to an unknown person, organisation, post or comment, a self knows
// edge. None is an *ecograph.Error: this is an operator's tool, not an API path.
func Convert(srcDir, outDir string) (Stats, error) {
	g, err := load(srcDir)
	if err != nil {
		return Stats{}, err
	}
	return g.write(outDir)
}

// ReadParams reads an LDBC parameter file of person pairs (such as interactive_13_param.txt
// or interactive_14_param.txt: a header `person1Id|person2Id` then one pair a line) and
// returns the pairs as converted person ids, in file order. The pairs may name people that
// are not in the data: the sample's third pair of query 13 does, for which LDBC expects no
// path.
//
// Its errors name the file and line of a malformed row.
func ReadParams(path string) ([][2]string, error) {
	var pairs [][2]string
	err := readTable(path, []string{"person1Id", "person2Id"}, func(rec []string, line int) error {
		a, err := parseID(rec, 0, "person1Id")
		if err != nil {
			return err
		}
		b, err := parseID(rec, 1, "person2Id")
		if err != nil {
			return err
		}
		pairs = append(pairs, [2]string{PersonID(a), PersonID(b)})
		return nil
	})
	return pairs, err
}

type person struct {
	id          int64
	first, last string
	job, school placement
}

// placement is a person's candidate organisation: the earliest by year, then the smallest id.
type placement struct {
	org  int64
	year int64
	set  bool
}

func (p *placement) offer(org, year int64) {
	if !p.set || year < p.year || (year == p.year && org < p.org) {
		*p = placement{org: org, year: year, set: true}
	}
}

type organisation struct {
	kind, name string
}

type pair struct{ a, b int64 } // a < b

func newPair(a, b int64) pair {
	if b < a {
		a, b = b, a
	}
	return pair{a, b}
}

// snb is the part of an LDBC data set the conversion needs.
type snb struct {
	people  []*person
	byID    map[int64]*person
	orgs    map[int64]organisation
	knows   []pair
	weights map[pair]float64
}

func load(dir string) (*snb, error) {
	g := &snb{byID: map[int64]*person{}, orgs: map[int64]organisation{}, weights: map[pair]float64{}}
	path := func(name string) string { return filepath.Join(dir, name) }

	err := readTable(path(PersonFile), []string{"id", "firstName", "lastName"}, func(rec []string, _ int) error {
		id, err := parseID(rec, 0, "id")
		if err != nil {
			return err
		}
		if g.byID[id] != nil {
			return fmt.Errorf("duplicate person %d", id)
		}
		p := &person{id: id, first: rec[1], last: rec[2]}
		g.people = append(g.people, p)
		g.byID[id] = p
		return nil
	})
	if err != nil {
		return nil, err
	}
	personAt := func(rec []string, i int, col string) (*person, error) {
		id, err := parseID(rec, i, col)
		if err != nil {
			return nil, err
		}
		p := g.byID[id]
		if p == nil {
			return nil, fmt.Errorf("%s: unknown person %d", col, id)
		}
		return p, nil
	}

	err = readTable(path(OrganisationFile), []string{"id", "type", "name"}, func(rec []string, _ int) error {
		id, err := parseID(rec, 0, "id")
		if err != nil {
			return err
		}
		if _, dup := g.orgs[id]; dup {
			return fmt.Errorf("duplicate organisation %d", id)
		}
		g.orgs[id] = organisation{kind: rec[1], name: strings.ReplaceAll(rec[2], "_", " ")}
		return nil
	})
	if err != nil {
		return nil, err
	}
	placements := []struct {
		file, yearCol string
		pick          func(*person) *placement
	}{
		{WorkAtFile, "workFrom", func(p *person) *placement { return &p.job }},
		{StudyAtFile, "classYear", func(p *person) *placement { return &p.school }},
	}
	for _, pl := range placements {
		err = readTable(path(pl.file), []string{"Person.id", "Organisation.id", pl.yearCol}, func(rec []string, _ int) error {
			p, err := personAt(rec, 0, "Person.id")
			if err != nil {
				return err
			}
			org, err := parseID(rec, 1, "Organisation.id")
			if err != nil {
				return err
			}
			if _, ok := g.orgs[org]; !ok {
				return fmt.Errorf("Organisation.id: unknown organisation %d", org)
			}
			year, err := parseID(rec, 2, pl.yearCol)
			if err != nil {
				return err
			}
			pl.pick(p).offer(org, year)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}

	seen := map[pair]bool{}
	err = readTable(path(KnowsFile), []string{"Person.id", "Person.id"}, func(rec []string, _ int) error {
		a, err := personAt(rec, 0, "Person.id")
		if err != nil {
			return err
		}
		b, err := personAt(rec, 1, "Person.id")
		if err != nil {
			return err
		}
		if a == b {
			return fmt.Errorf("person %d knows itself", a.id)
		}
		// A repeated pair, in either order, is one tie.
		if k := newPair(a.id, b.id); !seen[k] {
			seen[k] = true
			g.knows = append(g.knows, k)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, g.loadWeights(path)
}

// loadWeights sums LDBC query 14's weights over every reply between two different people.
// Only the pairs that know each other are used in the end.
func (g *snb) loadWeights(path func(string) string) error {
	creators := func(file, col string) (map[int64]int64, error) {
		m := map[int64]int64{}
		err := readTable(path(file), []string{col, "Person.id"}, func(rec []string, _ int) error {
			id, err := parseID(rec, 0, col)
			if err != nil {
				return err
			}
			who, err := parseID(rec, 1, "Person.id")
			if err != nil {
				return err
			}
			if g.byID[who] == nil {
				return fmt.Errorf("Person.id: unknown person %d", who)
			}
			m[id] = who
			return nil
		})
		return m, err
	}
	commentBy, err := creators(CommentCreatorFile, "Comment.id")
	if err != nil {
		return err
	}
	postBy, err := creators(PostCreatorFile, "Post.id")
	if err != nil {
		return err
	}
	replies := []struct {
		file, parentCol string
		parentBy        map[int64]int64
		weight          float64
	}{
		{ReplyToPostFile, "Post.id", postBy, ReplyToPostWeight},
		{ReplyToCommentFile, "Comment.id", commentBy, ReplyToCommentWeight},
	}
	for _, rp := range replies {
		err := readTable(path(rp.file), []string{"Comment.id", rp.parentCol}, func(rec []string, _ int) error {
			c, err := parseID(rec, 0, "Comment.id")
			if err != nil {
				return err
			}
			parent, err := parseID(rec, 1, rp.parentCol)
			if err != nil {
				return err
			}
			a, ok := commentBy[c]
			if !ok {
				return fmt.Errorf("comment %d has no creator", c)
			}
			b, ok := rp.parentBy[parent]
			if !ok {
				return fmt.Errorf("%s %d has no creator", rp.parentCol, parent)
			}
			if a != b {
				g.weights[newPair(a, b)] += rp.weight
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// organisationOf places a person; see the package comment.
func (g *snb) organisationOf(p *person) string {
	switch {
	case p.job.set:
		return OrganizationID(p.job.org)
	case p.school.set:
		return OrganizationID(p.school.org)
	}
	return NoOrganizationID
}

func (g *snb) write(outDir string) (Stats, error) {
	var st Stats
	// Who works where, and the largest employer (the smallest id among equals).
	employees := map[int64]int{}
	used := map[int64]bool{}
	placeholder := false
	for _, p := range g.people {
		switch {
		case p.job.set:
			st.Employed++
			employees[p.job.org]++
			used[p.job.org] = true
		case p.school.set:
			st.Students++
			used[p.school.org] = true
		default:
			st.Unplaced++
			placeholder = true
		}
	}
	ours, most := int64(-1), 0
	for id, n := range employees {
		if n > most || (n == most && id < ours) {
			ours, most = id, n
		}
	}

	// Organisations: OURS first, then by LDBC id, the placeholder last.
	ids := make([]int64, 0, len(used))
	for id := range used {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b int64) int {
		if (a == ours) != (b == ours) {
			if a == ours {
				return -1
			}
			return 1
		}
		return cmp.Compare(a, b)
	})
	orgRows := [][]string{{"id", "name", "kind", "sector"}}
	for _, id := range ids {
		kind := ecograph.OrgClient
		if id == ours {
			kind = ecograph.OrgOurs
			st.OursID = OrganizationID(id)
		}
		o := g.orgs[id]
		orgRows = append(orgRows, []string{OrganizationID(id), o.name, string(kind), o.kind})
	}
	if placeholder {
		orgRows = append(orgRows, []string{NoOrganizationID, NoOrganizationName, string(ecograph.OrgClient), "unknown"})
	}
	st.Organizations = len(orgRows) - 1

	peopleRows := [][]string{{"id", "name", "title", "organization_id", "roles", "teams"}}
	for _, p := range g.people {
		name := strings.TrimSpace(p.first + " " + p.last)
		peopleRows = append(peopleRows, []string{PersonID(p.id), name, "", g.organisationOf(p), "", ""})
	}
	st.People = len(g.people)

	tieRows := [][]string{{"person_a", "person_b", "trust", "source"}}
	for _, k := range g.knows {
		w := g.weights[k]
		if w > 0 {
			st.RepliedTies++
		}
		st.MaxWeight = max(st.MaxWeight, w)
		a, b := ecograph.TieKey(PersonID(k.a), PersonID(k.b))
		tieRows = append(tieRows, []string{a, b, strconv.FormatFloat(TrustFromWeight(w), 'f', 4, 64), TieSource})
	}
	st.Ties = len(g.knows)

	files := []struct {
		name string
		rows [][]string
	}{
		{"organizations.csv", orgRows},
		{"teams.csv", [][]string{{"id", "name", "organization_id"}}},
		{"people.csv", peopleRows},
		{"ties.csv", tieRows},
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return Stats{}, fmt.Errorf("ldbc: %w", err)
	}
	for i, f := range files {
		if err := writeCSV(filepath.Join(outDir, f.name+".tmp"), f.rows); err != nil {
			for _, done := range files[:i] {
				os.Remove(filepath.Join(outDir, done.name+".tmp"))
			}
			return Stats{}, err
		}
	}
	for _, f := range files {
		p := filepath.Join(outDir, f.name)
		if err := os.Rename(p+".tmp", p); err != nil {
			return Stats{}, fmt.Errorf("ldbc: %w", err)
		}
	}
	return st, nil
}

func writeCSV(path string, rows [][]string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("ldbc: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("ldbc: %w", cerr)
		}
		if err != nil {
			os.Remove(path)
		}
	}()
	w := csv.NewWriter(f)
	if err := w.WriteAll(rows); err != nil {
		return fmt.Errorf("ldbc: %s: %w", path, err)
	}
	return nil
}

// readTable reads a `|`-separated file whose header starts with the given columns and calls
// fn for every row, with its line number. Errors name the file and line.
func readTable(path string, header []string, fn func(rec []string, line int) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("ldbc: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '|'
	r.LazyQuotes = true
	r.ReuseRecord = true
	name := filepath.Base(path)
	head, err := r.Read()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("ldbc: %s: empty file, want a header", name)
	} else if err != nil {
		return fmt.Errorf("ldbc: %s: %w", name, err)
	}
	if len(head) < len(header) || !slices.Equal(head[:len(header)], header) {
		return fmt.Errorf("ldbc: %s line 1: header %q, want it to start with %q",
			name, strings.Join(head, "|"), strings.Join(header, "|"))
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("ldbc: %s: %w", name, err) // csv.ParseError names the line
		}
		line, _ := r.FieldPos(0)
		if err := fn(rec, line); err != nil {
			return fmt.Errorf("ldbc: %s line %d: %w", name, line, err)
		}
	}
}

func parseID(rec []string, i int, col string) (int64, error) {
	n, err := strconv.ParseInt(rec[i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s: %q is not an integer", col, rec[i])
	}
	return n, nil
}

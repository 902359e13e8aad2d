package ldbc

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
)

// sampleDir returns the LDBC sample, shipped in testdata (a copy of
// ../shared/ldbc-snb-sample, Apache License 2.0), or $LDBC_SNB_SAMPLE when set.
func sampleDir(t *testing.T) string {
	t.Helper()
	dir := "testdata/ldbc-snb-sample"
	if d := os.Getenv("LDBC_SNB_SAMPLE"); d != "" {
		dir = d
	}
	if _, err := os.Stat(filepath.Join(dir, PersonFile)); err != nil {
		t.Fatalf("LDBC SNB sample missing: %v", err)
	}
	return dir
}

func readRows(t *testing.T, path string, header ...string) [][]string {
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
		t.Fatalf("%s: header %v, want %v", path, rows, header)
	}
	return rows[1:]
}

// dataLines returns the lines of a `|` file after its header, split, by plain reading.
func dataLines(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		if !first && sc.Text() != "" {
			out = append(out, strings.Split(sc.Text(), "|"))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

type output struct {
	orgs   map[string][]string // id -> row
	people map[string][]string
	ties   map[[2]string]string // canonical pair -> trust as written
	rows   int
}

func readOutput(t *testing.T, dir string) output {
	t.Helper()
	o := output{orgs: map[string][]string{}, people: map[string][]string{}, ties: map[[2]string]string{}}
	for _, r := range readRows(t, filepath.Join(dir, "organizations.csv"), "id", "name", "kind", "sector") {
		if !ecograph.OrgKind(r[2]).Valid() || r[1] == "" {
			t.Errorf("organisation %v", r)
		}
		o.orgs[r[0]] = r
	}
	if rows := readRows(t, filepath.Join(dir, "teams.csv"), "id", "name", "organization_id"); len(rows) != 0 {
		t.Errorf("teams.csv has %d rows, want none", len(rows))
	}
	for _, r := range readRows(t, filepath.Join(dir, "people.csv"), "id", "name", "title", "organization_id", "roles", "teams") {
		if _, dup := o.people[r[0]]; dup {
			t.Errorf("duplicate person %s", r[0])
		}
		if _, ok := o.orgs[r[3]]; !ok {
			t.Errorf("person %s works at unknown %s", r[0], r[3])
		}
		if r[1] == "" || r[4] != "" || r[5] != "" {
			t.Errorf("person row %v", r)
		}
		o.people[r[0]] = r
	}
	for _, r := range readRows(t, filepath.Join(dir, "ties.csv"), "person_a", "person_b", "trust", "source") {
		o.rows++
		if _, ok := o.people[r[0]]; !ok {
			t.Errorf("tie %v: unknown person", r)
		}
		if _, ok := o.people[r[1]]; !ok {
			t.Errorf("tie %v: unknown person", r)
		}
		if r[0] >= r[1] || r[3] != TieSource {
			t.Errorf("tie %v: not canonical or wrong source", r)
		}
		tr, err := strconv.ParseFloat(r[2], 64)
		if err != nil || !(tr > 0 && tr <= 1) || tr < 0.5 {
			t.Errorf("tie %v: trust outside [0.5, 1]", r)
		}
		k := [2]string{r[0], r[1]}
		if _, dup := o.ties[k]; dup {
			t.Errorf("duplicate tie %v", k)
		}
		o.ties[k] = r[2]
	}
	return o
}

func TestConvertSample(t *testing.T) {
	src := sampleDir(t)
	out := t.TempDir()
	st, err := Convert(src, out)
	if err != nil {
		t.Fatal(err)
	}
	o := readOutput(t, out)

	// Counted independently: lines of the person file, unique unordered knows pairs.
	persons := dataLines(t, filepath.Join(src, PersonFile))
	pairs := map[[2]string]bool{}
	for _, l := range dataLines(t, filepath.Join(src, KnowsFile)) {
		a, b := ecograph.TieKey(PersonPrefix+l[0], PersonPrefix+l[1])
		pairs[[2]string{a, b}] = true
	}
	if len(persons) != 222 || len(pairs) != 825 {
		t.Errorf("the sample has %d persons and %d knows pairs; the README says 222 and 825", len(persons), len(pairs))
	}
	if len(o.people) != len(persons) || st.People != len(persons) {
		t.Errorf("%d people written (stats %d), want %d", len(o.people), st.People, len(persons))
	}
	if o.rows != len(pairs) || st.Ties != len(pairs) {
		t.Errorf("%d ties written (stats %d), want %d", o.rows, st.Ties, len(pairs))
	}
	for k := range pairs {
		if _, ok := o.ties[k]; !ok {
			t.Errorf("knows pair %v has no tie", k)
		}
	}
	for _, l := range persons {
		p := o.people[PersonPrefix+l[0]]
		if p == nil || p[1] != l[1]+" "+l[2] {
			t.Errorf("person %s: written %v", l[0], p)
		}
	}

	// Placement, counted with shell tools on the sample: 173 people have a job, 42 of the
	// other 49 studied, 7 did neither. Earliest employers: 538 (Jet Airways) and 539 have 4
	// people each; the smaller id is OURS.
	if st.Employed != 173 || st.Students != 42 || st.Unplaced != 7 {
		t.Errorf("placement: %+v", st)
	}
	var ours []string
	for id, r := range o.orgs {
		if r[2] == string(ecograph.OrgOurs) {
			ours = append(ours, id)
		}
	}
	if !slices.Equal(ours, []string{"ldbc-org-538"}) || st.OursID != "ldbc-org-538" || o.orgs["ldbc-org-538"][1] != "Jet Airways" {
		t.Errorf("OURS: %v (stats %q)", ours, st.OursID)
	}
	if o.orgs[NoOrganizationID] == nil {
		t.Error("no placeholder organisation for the 7 unplaced people")
	}
	// Person 8796093022220 works at 296 from 2009 and at 298 from 2010.
	if got := o.people["ldbc-8796093022220"][3]; got != "ldbc-org-296" {
		t.Errorf("person 8796093022220 works at %s, want ldbc-org-296", got)
	}

	// Weights checked by hand (grep and awk over the four reply files):
	// 150 (Alfonso Alvarez) and 228 (Asher Mamo) know each other. 150's comments
	// 137438963500, 137438963506, 68719486787, 68719486790 reply to 228's posts (4 x 1);
	// 228's comments 137438963744, 137438963752, 137438963753 reply to 150's posts (3 x 1);
	// 150's comments 206158433759, 206158433761, 68719485305, 68719485309 reply to 228's
	// comments and 228's 68719485299, 68719485300, 68719485308 to 150's (7 x 0.5).
	// w = 4 + 3 + 3.5 = 10.5.
	w := 10.5
	if got, want := o.ties[[2]string{"ldbc-150", "ldbc-228"}], strconv.FormatFloat(TrustFromWeight(w), 'f', 4, 64); got != want || want != "0.9974" {
		t.Errorf("trust(150, 228) = %s, want %s (w = %v)", got, want, w)
	}
	// 4398046511192 and 4398046511325 know each other and never replied: trust 0.5.
	if got := o.ties[[2]string{"ldbc-4398046511192", "ldbc-4398046511325"}]; got != "0.5000" {
		t.Errorf("trust of a pair that never replied = %s, want 0.5000", got)
	}
	// 340 of the 825 pairs replied at least once; the largest weight is 41-143's 24.5.
	var replied int
	for _, tr := range o.ties {
		if tr != "0.5000" {
			replied++
		}
	}
	if replied != 340 || st.RepliedTies != 340 || st.MaxWeight != 24.5 {
		t.Errorf("%d ties with replies (stats %d), max weight %v", replied, st.RepliedTies, st.MaxWeight)
	}

	// The same input gives the same bytes.
	again := t.TempDir()
	if _, err := Convert(src, again); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"organizations.csv", "teams.csv", "people.csv", "ties.csv"} {
		a, _ := os.ReadFile(filepath.Join(out, name))
		b, _ := os.ReadFile(filepath.Join(again, name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two conversions", name)
		}
	}
}

func TestReadParams(t *testing.T) {
	src := sampleDir(t)
	for _, tc := range []struct {
		file string
		want [][2]string
	}{
		{"interactive_13_param.txt", [][2]string{
			{"ldbc-8796093022357", "ldbc-8796093022390"},
			{"ldbc-8796093022390", "ldbc-8796093022357"},
			{"ldbc-3279", "ldbc-3280"},
		}},
		{"interactive_14_param.txt", [][2]string{
			{"ldbc-8796093022357", "ldbc-8796093022390"},
			{"ldbc-8796093022390", "ldbc-8796093022357"},
		}},
	} {
		path := filepath.Join(src, tc.file)
		got, err := ReadParams(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(dataLines(t, path)) || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %v, want %v", tc.file, got, tc.want)
		}
	}
}

func TestTrustFromWeight(t *testing.T) {
	for _, tc := range []struct{ w, want float64 }{
		{0, 0.5},
		{0.5, 1 - 0.5*math.Exp(-0.25)},
		{1, 1 - 0.5*math.Exp(-0.5)},
		{10.5, 0.997376},
	} {
		if got := TrustFromWeight(tc.w); math.Abs(got-tc.want) > 1e-6 {
			t.Errorf("TrustFromWeight(%v) = %v, want %v", tc.w, got, tc.want)
		}
	}
	prev := TrustFromWeight(0)
	for w := 0.5; w <= 60; w += 0.5 {
		tr := TrustFromWeight(w)
		if !(tr > prev && tr <= 1) {
			t.Fatalf("TrustFromWeight not increasing within (0, 1] at %v: %v after %v", w, tr, prev)
		}
		prev = tr
	}
}

// fixture writes a tiny LDBC data set; files maps a file to its lines after the header.
func fixture(t *testing.T, files map[string][]string) string {
	t.Helper()
	headers := map[string]string{
		PersonFile:         "id|firstName|lastName|gender",
		KnowsFile:          "Person.id|Person.id|creationDate",
		OrganisationFile:   "id|type|name|url",
		WorkAtFile:         "Person.id|Organisation.id|workFrom",
		StudyAtFile:        "Person.id|Organisation.id|classYear",
		CommentCreatorFile: "Comment.id|Person.id",
		PostCreatorFile:    "Post.id|Person.id",
		ReplyToCommentFile: "Comment.id|Comment.id",
		ReplyToPostFile:    "Comment.id|Post.id",
	}
	dir := t.TempDir()
	for name, header := range headers {
		lines := append([]string{header}, files[name]...)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func tinyFiles() map[string][]string {
	return map[string][]string{
		PersonFile: {"1|Ada|Lovelace|female", "2|Alan|Turing|male", "3|Grace|Hopper|female",
			"4|Edsger|Dijkstra|male"},
		// 1-2 listed twice (once reversed): one tie. 3-4 never replied.
		KnowsFile:        {"1|2|0", "2|3|0", "3|4|0", "2|1|0"},
		OrganisationFile: {"10|company|Big_Co|u", "11|company|Small_Co|u", "20|university|Uni|u"},
		// 1 works at 11 from 2005 and at 10 from 2001: 10. 2 at 11 and 10 from the same
		// year: the smaller id, 10. 3 only studied. 4: nothing.
		WorkAtFile:  {"1|11|2005", "1|10|2001", "2|11|2003", "2|10|2003"},
		StudyAtFile: {"3|20|1990"},
		// Posts 100 (by 1), 101 (by 2); comments 200 (by 2), 201 (by 1), 202 (by 3),
		// 203 (by 2), 204 (by 1).
		PostCreatorFile:    {"100|1", "101|2"},
		CommentCreatorFile: {"200|2", "201|1", "202|3", "203|2", "204|1"},
		// 200 (2) -> post 100 (1): 1-2 += 1. 201 (1) -> post 101 (2): 1-2 += 1.
		// 202 (3) -> post 101 (2): 2-3 += 1. 204 (1) -> post 100 (1): own post, ignored.
		ReplyToPostFile: {"200|100", "201|101", "202|101", "204|100"},
		// 203 (2) -> comment 202 (3): 2-3 += 0.5. 201 is a reply to a post, not here.
		ReplyToCommentFile: {"203|202"},
	}
}

func TestConvertWeights(t *testing.T) {
	out := t.TempDir()
	st, err := Convert(fixture(t, tinyFiles()), out)
	if err != nil {
		t.Fatal(err)
	}
	o := readOutput(t, out)
	trust := func(w float64) string { return strconv.FormatFloat(TrustFromWeight(w), 'f', 4, 64) }
	want := map[[2]string]string{
		{"ldbc-1", "ldbc-2"}: trust(2),
		{"ldbc-2", "ldbc-3"}: trust(1.5),
		{"ldbc-3", "ldbc-4"}: "0.5000",
	}
	if len(o.ties) != len(want) || o.rows != 3 {
		t.Errorf("ties %v, want %v", o.ties, want)
	}
	for k, v := range want {
		if o.ties[k] != v {
			t.Errorf("trust %v = %s, want %s", k, o.ties[k], v)
		}
	}
	works := map[string]string{"ldbc-1": "ldbc-org-10", "ldbc-2": "ldbc-org-10", "ldbc-3": "ldbc-org-20", "ldbc-4": NoOrganizationID}
	for p, org := range works {
		if got := o.people[p][3]; got != org {
			t.Errorf("%s works at %s, want %s", p, got, org)
		}
	}
	if o.orgs["ldbc-org-10"][2] != "OURS" || o.orgs["ldbc-org-10"][1] != "Big Co" || o.orgs["ldbc-org-20"][2] != "CLIENT" {
		t.Errorf("organisations: %v", o.orgs)
	}
	if o.orgs["ldbc-org-11"] != nil {
		t.Error("ldbc-org-11 employs no one here but was written")
	}
	if st.MaxWeight != 2 || st.RepliedTies != 2 || st.Organizations != 3 {
		t.Errorf("stats %+v", st)
	}
}

func TestConvertRejectsBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, file, line, wantErr string
	}{
		{"unknown person in knows", KnowsFile, "1|9|0", KnowsFile + " line 6: Person.id: unknown person 9"},
		{"self knows", KnowsFile, "3|3|0", "person 3 knows itself"},
		{"not an integer", WorkAtFile, "x|10|2001", WorkAtFile + " line 6: Person.id: \"x\" is not an integer"},
		{"unknown organisation", StudyAtFile, "4|99|2000", "unknown organisation 99"},
		{"reply to an unknown post", ReplyToPostFile, "203|999", "Post.id 999 has no creator"},
		{"short row", KnowsFile, "1", KnowsFile},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := tinyFiles()
			files[tc.file] = append(files[tc.file], tc.line)
			out := t.TempDir()
			_, err := Convert(fixture(t, files), out)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
			}
			if left, _ := os.ReadDir(out); len(left) != 0 {
				t.Errorf("files left behind: %v", left)
			}
		})
	}

	t.Run("missing file", func(t *testing.T) {
		dir := fixture(t, tinyFiles())
		os.Remove(filepath.Join(dir, CommentCreatorFile))
		if _, err := Convert(dir, t.TempDir()); err == nil || !strings.Contains(err.Error(), CommentCreatorFile) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("wrong header", func(t *testing.T) {
		dir := fixture(t, tinyFiles())
		os.WriteFile(filepath.Join(dir, KnowsFile), []byte("a|b\n1|2\n"), 0o644)
		if _, err := Convert(dir, t.TempDir()); err == nil || !strings.Contains(err.Error(), KnowsFile+" line 1: header") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("bad params", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "p.txt")
		os.WriteFile(path, []byte("person1Id|person2Id\n1|2\n3|x\n"), 0o644)
		if _, err := ReadParams(path); err == nil || !strings.Contains(err.Error(), "line 3: person2Id") {
			t.Fatalf("got %v", err)
		}
	})
}

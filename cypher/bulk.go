package cypher

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/importer"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// BulkSink is an importer.Sink that writes the graph as CSV files for Neo4j's offline
// importer (`neo4j-admin database import full`) instead of writing to a database: the
// importer checks, deduplicates and maps the rows exactly as for `ecograph import`, and
// BulkSink lays them out as the upsert_*.cypher queries would store them (the same labels,
// relationship types and properties, name keys included, a tie once per pair from the lower
// id to the higher). It is for an empty database: it answers that no id exists yet.
// Evidence (survey answers, interactions) is not bulk-loaded: load it with `ecograph import`
// once the database runs (it recomputes the trust of the ties it touches).
type BulkSink struct {
	dir       string
	files     map[string]*bulkFile
	topics    map[string]bool
	multiline bool // some value holds a line break: neo4j-admin needs --multiline-fields
	buf       []byte
}

var _ importer.Sink = (*BulkSink)(nil)

// The CSV files BulkSink writes: name, header (neo4j-admin's header format), and the
// --nodes/--relationships argument that loads it.
var bulkFiles = []struct{ name, header, arg string }{
	{"organizations", ":LABEL,id:ID(Organization),name,kind,sector", "--nodes="},
	{"teams", ":LABEL,id:ID(Team),name", "--nodes="},
	{"people", ":LABEL,id:ID(Person),name,nameKey,title,roles:string[]", "--nodes="},
	{"topics", ":LABEL,name:ID(Topic)", "--nodes="},
	{"works_at", ":START_ID(Person),:END_ID(Organization),:TYPE", "--relationships="},
	{"part_of", ":START_ID(Team),:END_ID(Organization),:TYPE", "--relationships="},
	{"member_of", ":START_ID(Person),:END_ID(Team),:TYPE", "--relationships="},
	{"has_expertise", ":START_ID(Person),:END_ID(Topic),:TYPE", "--relationships="},
	{"interested_in", ":START_ID(Organization),:END_ID(Topic),:TYPE", "--relationships="},
	{"ties", ":START_ID(Person),:END_ID(Person),:TYPE,prior:double,trust:double,source", "--relationships="},
}

type bulkFile struct {
	f    *os.File
	w    *bufio.Writer
	rows int64
}

// NewBulkSink creates dir (it must not exist or be empty) and the CSV files in it.
func NewBulkSink(dir string) (*BulkSink, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, ecograph.Invalid("out", "%s is not empty", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &BulkSink{dir: dir, files: map[string]*bulkFile{}, topics: map[string]bool{}}
	for _, bf := range bulkFiles {
		f, err := os.Create(filepath.Join(dir, bf.name+".csv"))
		if err != nil {
			s.Close()
			return nil, err
		}
		w := bufio.NewWriterSize(f, 1<<20)
		w.WriteString(bf.header + "\n")
		s.files[bf.name] = &bulkFile{f: f, w: w}
	}
	return s, nil
}

// quote is a CSV field always in quotes: neo4j-admin reads an unquoted empty field as no
// value, and the store keeps empty strings.
func (s *BulkSink) quote(v string) string {
	if strings.ContainsAny(v, "\r\n") {
		s.multiline = true
	}
	return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
}

func (s *BulkSink) row(file string, fields ...string) {
	bf := s.files[file]
	bf.w.WriteString(strings.Join(fields, ","))
	bf.w.WriteByte('\n')
	bf.rows++
}

// list is a string[] field: the values joined by ';' (neo4j-admin's array delimiter), which no
// role or topic holds. An empty list is an empty quoted field, which neo4j-admin stores as an
// empty array, as the store does.
func (s *BulkSink) list(vs []string) string { return s.quote(strings.Join(vs, ";")) }

func (s *BulkSink) topic(name string) {
	if !s.topics[name] {
		s.topics[name] = true
		s.row("topics", "Topic", s.quote(name))
	}
}

// ExistingIDs answers that none exists: the database is empty.
func (s *BulkSink) ExistingIDs(context.Context, importer.Kind, []string) (map[string]bool, error) {
	return map[string]bool{}, nil
}

// UpsertOrganizations writes organisations and their areas of interest.
func (s *BulkSink) UpsertOrganizations(_ context.Context, orgs []ecograph.Organization) error {
	for i := range orgs {
		o := orgRow(&orgs[i])
		s.row("organizations", string(LabelOrganization), s.quote(o["id"].(string)), s.quote(o["name"].(string)),
			s.quote(o["kind"].(string)), s.quote(o["sector"].(string)))
		if topics, ok := o["topics"].([]string); ok {
			for _, t := range topics {
				s.topic(t)
				s.row("interested_in", s.quote(orgs[i].ID), s.quote(t), "INTERESTED_IN")
			}
		}
	}
	return nil
}

// UpsertTeams writes teams and their organisation.
func (s *BulkSink) UpsertTeams(_ context.Context, teams []ecograph.Team) error {
	for _, t := range teams {
		s.row("teams", string(LabelTeam), s.quote(t.ID), s.quote(t.Name))
		s.row("part_of", s.quote(t.ID), s.quote(t.OrganizationID), "PART_OF")
	}
	return nil
}

// UpsertPeople writes people, their employer, teams and expertise.
func (s *BulkSink) UpsertPeople(_ context.Context, people []ecograph.Person) error {
	for i := range people {
		p := personRow(&people[i])
		s.row("people", string(LabelPerson), s.quote(p["id"].(string)), s.quote(p["name"].(string)),
			s.quote(p["nameKey"].(string)), s.quote(p["title"].(string)), s.list(p["roles"].([]string)))
		s.row("works_at", s.quote(people[i].ID), s.quote(people[i].OrganizationID), "WORKS_AT")
		seen := map[string]bool{}
		for _, t := range p["teamIds"].([]string) {
			if !seen[t] { // MERGE keeps one membership per team
				seen[t] = true
				s.row("member_of", s.quote(people[i].ID), s.quote(t), "MEMBER_OF")
			}
		}
		if topics, ok := p["topics"].([]string); ok {
			for _, t := range topics {
				s.topic(t)
				s.row("has_expertise", s.quote(people[i].ID), s.quote(t), "HAS_EXPERTISE")
			}
		}
	}
	return nil
}

// UpsertTies writes ties once per pair, from the lower id to the higher; a tie without
// evidence has its prior as its trust. The row is built in one reused buffer (tieRow's map
// and the quoting's strings cost a third of the conversion at 18M ties).
func (s *BulkSink) UpsertTies(_ context.Context, ties []ecograph.Tie) error {
	bf := s.files["ties"]
	buf := s.buf[:0]
	for i := range ties {
		a, b := ecograph.TieKey(ties[i].PersonA, ties[i].PersonB)
		buf = s.appendQuoted(buf[:0], a)
		buf = append(buf, ',')
		buf = s.appendQuoted(buf, b)
		buf = append(buf, ",TIE,"...)
		n := len(buf)
		buf = strconv.AppendFloat(buf, ties[i].Trust, 'g', -1, 64)
		buf = append(buf, ',')
		buf = append(buf, buf[n:len(buf)-1]...) // the trust again
		buf = append(buf, ',')
		buf = s.appendQuoted(buf, ties[i].Source)
		buf = append(buf, '\n')
		bf.w.Write(buf)
		bf.rows++
	}
	s.buf = buf
	return nil
}

// appendQuoted appends v as quote does.
func (s *BulkSink) appendQuoted(buf []byte, v string) []byte {
	if strings.ContainsAny(v, "\r\n") {
		s.multiline = true
	}
	buf = append(buf, '"')
	for {
		i := strings.IndexByte(v, '"')
		if i < 0 {
			break
		}
		buf = append(buf, v[:i+1]...)
		buf = append(buf, '"')
		v = v[i+1:]
	}
	buf = append(buf, v...)
	return append(buf, '"')
}

// UpsertSurveyAnswers refuses: evidence is imported online after the bulk load.
func (s *BulkSink) UpsertSurveyAnswers(context.Context, []ecograph.SurveyAnswer) error {
	return ecograph.Invalid("survey.csv", "evidence is not bulk-loaded; import it with `ecograph import` after the bulk load")
}

// UpsertInteractions refuses: evidence is imported online after the bulk load.
func (s *BulkSink) UpsertInteractions(context.Context, []ecograph.Interaction) ([]ecograph.Pair, error) {
	return nil, ecograph.Invalid("interactions.csv", "evidence is not bulk-loaded; import it with `ecograph import` after the bulk load")
}

// RetrustPairs has nothing to do: no evidence was written.
func (s *BulkSink) RetrustPairs(context.Context, []ecograph.Pair, io.Writer) error { return nil }

// Counts returns the rows written per file.
func (s *BulkSink) Counts() map[string]int64 {
	out := map[string]int64{}
	for name, bf := range s.files {
		out[name] = bf.rows
	}
	return out
}

// Close flushes and closes the files and writes import.args: the arguments of
// `neo4j-admin database import full` that load them (file names relative to the directory).
func (s *BulkSink) Close() error {
	var first error
	for _, bf := range bulkFiles {
		f := s.files[bf.name]
		if f == nil {
			continue
		}
		if err := f.w.Flush(); err != nil && first == nil {
			first = err
		}
		if err := f.f.Close(); err != nil && first == nil {
			first = err
		}
	}
	if first != nil {
		return first
	}
	var args strings.Builder
	for _, bf := range bulkFiles {
		if s.files[bf.name].rows > 0 {
			fmt.Fprintf(&args, "%s%s.csv\n", bf.arg, bf.name)
		}
	}
	fmt.Fprintf(&args, "--multiline-fields=%v\n", s.multiline)
	return os.WriteFile(filepath.Join(s.dir, "import.args"), []byte(args.String()), 0o644)
}

// HasNodes reports whether the database holds any node (a bulk load needs an empty one).
func (s *Store) HasNodes(ctx context.Context) (bool, error) {
	recs, err := s.read(ctx, "bulk_has_nodes", nil)
	if err != nil || len(recs) == 0 {
		return false, err
	}
	n, _, err := neo4j.GetRecordValue[int64](recs[0], "n")
	return n > 0, err
}

// BulkFinish is what FinishBulkLoad did and how long each step took.
type BulkFinish struct {
	Migrate     time.Duration // the migrations: constraints and indexes (their population), the change feed
	Roles       time.Duration // the empty-roles fix-up
	EmptyRoles  int64         // people given empty roles
	RoleBatches int
}

// FinishBulkLoad completes a bulk load once the server runs: the migrations (constraints and
// indexes), then what neo4j-admin cannot write (an empty roles list). The fix-up records the
// people it changed in the change feed itself (record_changes.cypher), as the importer does,
// so that the feed's trigger does not also collect its 50,000 property writes per batch.
func (s *Store) FinishBulkLoad(ctx context.Context) (out BulkFinish, err error) {
	start := time.Now()
	// BulkSink wrote every person's name key (fold.Key), so the backfill's scan of every
	// person is skipped.
	if err = s.migrate(ctx, false); err != nil {
		return out, err
	}
	out.Migrate = time.Since(start)
	start = time.Now()
	defer func() { out.Roles = time.Since(start) }()
	after := ""
	for {
		v, err := s.writeWith(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			recs, err := run(ctx, tx, "bulk_empty_roles", map[string]any{"after": after, "batch": 50000})
			if err != nil || len(recs) == 0 {
				return nil, err
			}
			ids, _, err := neo4j.GetRecordValue[[]any](recs[0], "ids")
			if err != nil {
				return nil, err
			}
			people := make([]string, 0, len(ids))
			for _, id := range ids {
				if str, ok := id.(string); ok {
					people = append(people, str)
				}
			}
			return recs[0], recordChanges(ctx, tx, people, false)
		}, recordedTx)
		if err != nil {
			return out, err
		}
		rec, _ := v.(*neo4j.Record)
		if rec == nil {
			return out, nil
		}
		last, isNil, err := neo4j.GetRecordValue[string](rec, "last")
		if err != nil || isNil {
			return out, err
		}
		ids, _, err := neo4j.GetRecordValue[[]any](rec, "ids")
		if err != nil {
			return out, err
		}
		out.EmptyRoles += int64(len(ids))
		out.RoleBatches++
		after = last
	}
}

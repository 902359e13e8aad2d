package importer

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
)

// Kind is the kind of node an id names when the importer asks a Sink which ids exist.
type Kind string

// The kinds of id that import files refer to.
const (
	Organization Kind = "Organization"
	Team         Kind = "Team"
	Person       Kind = "Person"
)

// Sink is what the importer writes to (implemented by cypher.Store). Each Upsert call gets
// one batch of at most Options.BatchSize values and must write it atomically (one managed
// transaction) and idempotently. A Sink must not keep the slices it is given; the importer
// does not keep the slices a Sink returns.
type Sink interface {
	// ExistingIDs reports which of ids already exist in the database as nodes of kind.
	ExistingIDs(ctx context.Context, kind Kind, ids []string) (map[string]bool, error)
	UpsertOrganizations(ctx context.Context, orgs []ecograph.Organization) error
	UpsertTeams(ctx context.Context, teams []ecograph.Team) error
	// UpsertPeople replaces each person's roles and team memberships with the given ones
	// (Roles and TeamIDs are never nil; they are empty when the row lists none), and their
	// topics when Topics is not nil (nil: the file has no topics column; leave them).
	// UpsertOrganizations treats Organization.Topics the same way.
	UpsertPeople(ctx context.Context, people []ecograph.Person) error
	// UpsertTies writes ties with PersonA < PersonB (ecograph.TieKey order). UpdatedAt is
	// left zero; the Sink decides whether and how to stamp it.
	UpsertTies(ctx context.Context, ties []ecograph.Tie) error
	// UpsertSurveyAnswers writes answers; one per respondent, alter and question, a later
	// one replacing.
	UpsertSurveyAnswers(ctx context.Context, answers []ecograph.SurveyAnswer) error
	// UpsertInteractions writes interactions, replacing those with the same id, and returns
	// the pairs of people whose evidence changed (every pair of participants, and pairs an
	// interaction no longer has).
	UpsertInteractions(ctx context.Context, interactions []ecograph.Interaction) ([]ecograph.Pair, error)
	// RetrustPairs recomputes the trust of the given pairs' ties with the trust model;
	// progress lines go to progress (may be nil).
	RetrustPairs(ctx context.Context, pairs []ecograph.Pair, progress io.Writer) error
}

// DefaultBatchSize is the batch size when Options.BatchSize is 0.
const DefaultBatchSize = 5000

// MaxRejections is how many rejections a FileSummary keeps; Rejected counts them all.
const MaxRejections = 1000

// Files lists the import files in the order Import loads them: evidence (survey answers,
// interactions) comes after the people and ties it refers to.
var Files = []string{organizationsFile.file, teamsFile.file, peopleFile.file, tiesFile.file,
	surveyFile.file, interactionsFile.file}

// Options tunes an import.
type Options struct {
	// BatchSize is the most rows one Upsert call gets; 0 means DefaultBatchSize.
	BatchSize int
	// Progress, when not nil, gets one line per written batch (the CLI passes stderr).
	Progress io.Writer
	// Now is the clock, read once per run, that survey and interaction times are checked
	// against (see MaxFutureSkew); nil means time.Now.
	Now func() time.Time
}

// Import loads the import files that exist in directory dir into sink; see ImportFS.
// It returns an EINVALID *ecograph.Error when dir is not a readable directory.
func Import(ctx context.Context, dir string, sink Sink, opts Options) (*Summary, error) {
	info, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return &Summary{}, ecograph.Invalid("dir", "import directory %s does not exist", dir)
	} else if err != nil {
		return &Summary{}, ecograph.Invalid("dir", "cannot read import directory: %v", err)
	} else if !info.IsDir() {
		return &Summary{}, ecograph.Invalid("dir", "%s is not a directory", dir)
	}
	return ImportFS(ctx, os.DirFS(dir), sink, opts)
}

// ImportFS loads the import files (Files) that exist at the root of fsys into sink, in
// dependency order and in batches. It always returns a non-nil Summary of the files it
// imported, and an error when:
//   - a file is malformed: an EINVALID *ecograph.Error naming the file, line and problem;
//     nothing of that file was written, the files before it were, the files after it were
//     not read;
//   - some rows were rejected: an EINVALID *ecograph.Error with their number (the Summary
//     has each one); every other row was written;
//   - none of Files exists in fsys, or Options are invalid: EINVALID;
//   - the Sink or ctx fails: that error, wrapped with the file and lines concerned.
//
// After the files, it calls Sink.RetrustPairs once with every pair of people whose evidence
// was written (Summary.Retrusted counts them), also when rows were rejected or a file was
// malformed, so that no written evidence is left out of trust; not after a Sink or ctx
// failure, whose import is to be run again (that recomputes every pair again).
func ImportFS(ctx context.Context, fsys fs.FS, sink Sink, opts Options) (*Summary, error) {
	sum := &Summary{}
	if opts.BatchSize < 0 {
		return sum, ecograph.Invalid("BatchSize", "must not be negative, got %d", opts.BatchSize)
	} else if opts.BatchSize == 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	im := &importer{sink: sink, opts: opts, now: opts.Now(), touched: newPairSet(),
		known: map[Kind]map[string]bool{Organization: {}, Team: {}, Person: {}}}
	err := im.importFiles(ctx, fsys, sum)
	if err == nil || ecograph.ErrorCode(err) == ecograph.EINVALID {
		if rerr := im.retrust(ctx, sum); rerr != nil && err != nil {
			return sum, fmt.Errorf("%w (after %s)", rerr, ecograph.ErrorMessage(err))
		} else if rerr != nil {
			return sum, rerr
		}
	}
	if err != nil {
		return sum, err
	}
	if n := sum.Rejected(); n > 0 {
		return sum, ecograph.Errorf(ecograph.EINVALID,
			"%d row(s) rejected and not written; all other rows were written (see the summary)", n)
	}
	return sum, nil
}

// fileStep imports one of Files.
type fileStep struct {
	file string
	run  func(context.Context, *importer, fs.FS) (*FileSummary, error)
}

func step[T any](s spec[T]) fileStep {
	return fileStep{s.file, func(ctx context.Context, im *importer, fsys fs.FS) (*FileSummary, error) {
		return importFile(ctx, im, fsys, s)
	}}
}

// importFiles imports the files of fsys in the order of Files, adding their summaries to sum.
func (im *importer) importFiles(ctx context.Context, fsys fs.FS, sum *Summary) error {
	steps := []fileStep{step(organizationsFile), step(teamsFile), step(peopleFile), step(tiesFile),
		step(surveyFile), step(interactionsFile)}
	found := false
	for _, st := range steps {
		if _, err := fs.Stat(fsys, st.file); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return malformed(st.file, 0, "cannot read: %v", err)
		}
		found = true
		fsum, err := st.run(ctx, im, fsys)
		if fsum != nil {
			sum.Files = append(sum.Files, *fsum)
		}
		if err != nil {
			return err
		}
	}
	if !found {
		return ecograph.Errorf(ecograph.EINVALID, "no import files found (want one or more of %s)",
			strings.Join(Files, ", "))
	}
	return nil
}

// retrust hands the pairs whose evidence the run wrote to Sink.RetrustPairs, in one call.
func (im *importer) retrust(ctx context.Context, sum *Summary) (err error) {
	n := im.touched.len()
	if n == 0 {
		return nil
	}
	start := time.Now()
	if im.opts.Progress != nil {
		fmt.Fprintf(im.opts.Progress, "trust: recomputing %d pair(s) of people whose evidence changed\n", n)
	}
	pairs := im.touched.list()
	im.touched = newPairSet() // the list holds the ids now; free the set before the long write
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("recomputing the trust of %d pair(s): internal error: %v\n%s", n, v, debug.Stack())
		}
	}()
	if err := im.sink.RetrustPairs(ctx, pairs, im.opts.Progress); err != nil {
		return fmt.Errorf("recomputing the trust of %d pair(s): %w", n, err)
	}
	sum.Retrusted = n
	sum.RetrustDuration = time.Since(start)
	return nil
}

// importer is the state of one import run.
type importer struct {
	sink Sink
	opts Options
	now  time.Time // the clock, read once for the whole run
	// known caches, per kind, whether an id exists: true for ids written by this import or
	// found in the database, false for ids the database lacks.
	known map[Kind]map[string]bool
	// touched holds the pairs of people whose evidence this run wrote.
	touched *pairSet
}

// pending is a row that passed its own checks and waits for its batch.
type pending[T any] struct {
	v    T
	line int
	refs []ref
}

// importFile imports one file in two passes: the first checks that the whole file is
// well-formed and finds the last row for each key; the second validates and writes.
func importFile[T any](ctx context.Context, im *importer, fsys fs.FS, s spec[T]) (*FileSummary, error) {
	start := time.Now()
	last, total, err := scan(ctx, fsys, s)
	if err != nil {
		return nil, err
	}

	fsum := &FileSummary{File: s.file}
	defer func() {
		fsum.Duration = time.Since(start)
		slices.SortStableFunc(fsum.Rejections, func(a, b Rejection) int { return a.Line - b.Line })
	}()
	t, err := openTable(fsys, s.file, s.columns)
	if err != nil {
		return fsum, err
	}
	defer t.Close()

	// Writes are pipelined: while one batch is being written, the next one is read, parsed
	// and its references checked (the database works on one core, this loop on the other).
	// At most one write is in flight, and its outcome is accounted for before the next starts.
	type written struct {
		pairs []ecograph.Pair
		err   error
	}
	inflight := (chan written)(nil)
	var inflightRows []T
	wait := func() error {
		if inflight == nil {
			return nil
		}
		w := <-inflight
		inflight = nil
		if w.err != nil {
			return w.err
		}
		im.touched.add(w.pairs)
		fsum.Written += len(inflightRows)
		if s.id != nil {
			for _, v := range inflightRows {
				im.known[s.defines][strings.Clone(s.id(v))] = true
			}
		}
		if im.opts.Progress != nil {
			rate := float64(fsum.Read) / max(time.Since(start).Seconds(), 1e-9)
			fmt.Fprintf(im.opts.Progress, "%s: %d/%d rows, %d written, %d rejected (%.0f rows/s)\n",
				s.file, fsum.Read, total, fsum.Written, fsum.Rejected, rate)
		}
		return nil
	}
	defer func() { _ = wait() }() // never leave a write running behind an early return

	batch := make([]pending[T], 0, min(im.opts.BatchSize, total))
	flushed := func() error {
		kept, lines, err := prepare(ctx, im, s, batch, fsum)
		batch = batch[:0]
		if err != nil {
			return err
		}
		if err := wait(); err != nil {
			return err
		}
		if len(kept) == 0 {
			return nil
		}
		inflight, inflightRows = make(chan written, 1), kept
		go func(done chan<- written) {
			// A panic in the sink must end the import with an error, not kill the process
			// half-way through a file.
			defer func() {
				if v := recover(); v != nil {
					done <- written{err: fmt.Errorf("%s: writing lines %s: internal error: %v\n%s", s.file, lines, v, debug.Stack())}
				}
			}()
			pairs, err := s.upsert(ctx, im.sink, kept)
			if err != nil {
				done <- written{err: fmt.Errorf("%s: writing lines %s: %w", s.file, lines, err)}
				return
			}
			done <- written{pairs: pairs}
		}(inflight)
		return nil
	}
	for {
		ok, err := t.next()
		if err != nil {
			return fsum, err
		} else if !ok {
			break
		}
		fsum.Read++
		v, refs, rej := s.parse(t, im.now)
		if rej != nil {
			fsum.reject(*rej)
			continue
		}
		if k := s.key(t); !last.isLast(k, t.line) {
			if s.replaces {
				fsum.Replaced++
			} else {
				fsum.reject(Rejection{Line: t.line, Column: s.columns[0],
					Reason: fmt.Sprintf("duplicate id %q: the row on line %d replaces this one", k, last.lastLine(k))})
			}
			continue
		}
		batch = append(batch, pending[T]{v, t.line, refs})
		if len(batch) == im.opts.BatchSize {
			if err := flushed(); err != nil {
				return fsum, err
			}
		}
	}
	if len(batch) > 0 {
		if err := flushed(); err != nil {
			return fsum, err
		}
	}
	if err := wait(); err != nil {
		return fsum, err
	}
	return fsum, nil
}

// scan reads the whole file once, without writing: it fails on a malformed file and
// returns which row is the last for each key (see lastRows), and the number of rows.
func scan[T any](ctx context.Context, fsys fs.FS, s spec[T]) (*lastRows, int, error) {
	last := newLastRows()
	n, err := eachKey(ctx, fsys, s, func(k string, line int) { last.see(k, line) })
	if err != nil {
		return nil, 0, err
	}
	if len(last.shared) > 0 {
		// Some hashes stand for more than one row: a repeated key, or (rarely) two keys with
		// one hash. A second read keeps those rows' keys themselves, so that the answer is
		// exact.
		if _, err := eachKey(ctx, fsys, s, last.seeExact); err != nil {
			return nil, 0, err
		}
	}
	return last, n, nil
}

// eachKey reads the whole file and calls fn with the key and line of every row that has a
// key; it returns the number of rows.
func eachKey[T any](ctx context.Context, fsys fs.FS, s spec[T], fn func(key string, line int)) (int, error) {
	t, err := openTable(fsys, s.file, s.columns)
	if err != nil {
		return 0, err
	}
	defer t.Close()
	n := 0
	for {
		ok, err := t.next()
		if err != nil {
			return 0, err
		} else if !ok {
			return n, nil
		}
		if n++; n%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return 0, fmt.Errorf("%s: %w", s.file, err)
			}
		}
		if k := s.key(t); k != "" {
			fn(k, t.line)
		}
	}
}

// lastRows knows, for every key of a file, the line of its last row. It keeps a 64-bit hash
// per key, not the key: a map without pointers, which the collector does not scan and which
// takes a fraction of the memory of one keyed by strings (bulk-csv at 100k people: peak RSS
// 884 MB before, 469 MB after). A hash seen on more than one row (a repeated key, or two keys
// with one hash) is "shared"; for those rows alone the keys themselves are kept, in a second
// read of the file (seeExact), so that answers are exact whatever the hashes.
type lastRows struct {
	hash   func(string) uint64
	line   map[uint64]int  // hash -> last line with that hash
	shared map[uint64]bool // hashes seen on more than one row
	exact  map[string]int  // key -> last line, for keys whose hash is shared
}

func newLastRows() *lastRows {
	seed := maphash.MakeSeed()
	return &lastRows{hash: func(k string) uint64 { return maphash.String(seed, k) }, line: map[uint64]int{}, shared: map[uint64]bool{}, exact: map[string]int{}}
}

func (l *lastRows) see(k string, line int) {
	h := l.hash(k)
	if _, ok := l.line[h]; ok {
		l.shared[h] = true
	}
	l.line[h] = line
}

func (l *lastRows) seeExact(k string, line int) {
	if l.shared[l.hash(k)] {
		l.exact[strings.Clone(k)] = line // a clone: a substring would keep its record alive
	}
}

// isLast reports whether the row of the file on line is the last with key k.
func (l *lastRows) isLast(k string, line int) bool {
	if k == "" {
		return false
	}
	h := l.hash(k)
	if l.shared[h] {
		return l.exact[k] == line
	}
	return l.line[h] == line // the one row with this hash
}

// lastLine returns the line of the last row with key k, a key that more than one row has.
func (l *lastRows) lastLine(k string) int { return l.exact[k] }

// prepare checks a batch's references and returns the rows to write (the others are
// rejected into fsum) and the batch's line range for messages.
func prepare[T any](ctx context.Context, im *importer, s spec[T], batch []pending[T], fsum *FileSummary) ([]T, string, error) {
	if err := ctx.Err(); err != nil {
		return nil, "", fmt.Errorf("%s: %w", s.file, err)
	}
	lines := fmt.Sprintf("%d-%d", batch[0].line, batch[len(batch)-1].line)
	if err := resolve(ctx, im, batch); err != nil {
		return nil, "", fmt.Errorf("%s: checking references of lines %s: %w", s.file, lines, err)
	}
	kept := make([]T, 0, len(batch))
rows:
	for _, p := range batch {
		for _, r := range p.refs {
			if !im.known[r.kind][r.id] {
				fsum.reject(Rejection{Line: r.line, Column: r.column,
					Reason: fmt.Sprintf("unknown %s %q: neither in this import nor in the database", kindWord(r.kind), r.id)})
				continue rows
			}
		}
		kept = append(kept, p.v)
	}
	return kept, lines, nil
}

// resolve makes sure im.known holds every id the batch refers to, asking the Sink, one call
// per kind and at most BatchSize ids per call, about those it has not seen yet.
func resolve[T any](ctx context.Context, im *importer, batch []pending[T]) error {
	ask := make(map[Kind][]string)
	asked := make(map[ref]bool)
	for _, p := range batch {
		for _, r := range p.refs {
			key := ref{kind: r.kind, id: r.id}
			if _, ok := im.known[r.kind][r.id]; ok || asked[key] {
				continue
			}
			asked[key] = true
			ask[r.kind] = append(ask[r.kind], r.id)
		}
	}
	for _, kind := range []Kind{Organization, Team, Person} {
		for ids := range slices.Chunk(ask[kind], im.opts.BatchSize) {
			found, err := im.sink.ExistingIDs(ctx, kind, ids)
			if err != nil {
				return err
			}
			for _, id := range ids {
				im.known[kind][strings.Clone(id)] = found[id]
			}
		}
	}
	return nil
}

func kindWord(k Kind) string { return strings.ToLower(string(k)) }

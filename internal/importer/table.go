package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"

	"github.com/ecograph/ecograph"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

// table reads one import file record by record: the header row first, then data rows with
// the physical line each of their fields starts on.
type table struct {
	file string
	f    io.Closer
	r    *csv.Reader
	cols map[string]int // header name (trimmed, lower case) -> field index
	rec  []string       // the current record; reused by the csv.Reader
	line int            // the line the current record starts on
}

// openTable opens file in fsys and reads its header, which must hold every one of columns.
// Errors are EINVALID *ecograph.Error values naming the file.
func openTable(fsys fs.FS, file string, columns []string) (*table, error) {
	f, err := fsys.Open(file)
	if err != nil {
		return nil, malformed(file, 0, "cannot open: %v", err)
	}
	t, err := newTable(file, f, columns)
	if err != nil {
		f.Close()
		return nil, err
	}
	t.f = f
	return t, nil
}

// newTable reads the header of the CSV text in rd.
func newTable(file string, rd io.Reader, columns []string) (*table, error) {
	br := bufio.NewReader(rd)
	if b, err := br.Peek(len(bom)); err == nil && bytes.Equal(b, bom) {
		if _, err := br.Discard(len(bom)); err != nil {
			return nil, malformed(file, 0, "cannot read: %v", err)
		}
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	t := &table{file: file, r: r}

	header, err := r.Read()
	if err == io.EOF {
		return nil, malformed(file, 1, "missing header row (want %s)", strings.Join(columns, ","))
	} else if err != nil {
		return nil, t.readError(err)
	}
	t.rec = header
	t.line = t.fieldLine(0)
	if err := t.checkUTF8(); err != nil {
		return nil, err
	}
	required := make(map[string]bool, len(columns))
	for _, c := range columns {
		required[c] = true
	}
	t.cols = make(map[string]int, len(header))
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.cols[name]; dup && required[name] {
			return nil, malformed(file, t.line, "column %q appears twice in the header", name)
		} else if !dup {
			t.cols[name] = i
		}
	}
	var missing []string
	for _, c := range columns {
		if _, ok := t.cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, malformed(file, t.line, "header lacks required column(s) %s (want %s)",
			strings.Join(missing, ","), strings.Join(columns, ","))
	}
	return t, nil
}

// Close closes the file under t.
func (t *table) Close() error {
	if t.f == nil {
		return nil
	}
	return t.f.Close()
}

// next reads the next data row. It returns false at the end of the file, and an EINVALID
// *ecograph.Error for broken quoting, invalid UTF-8 or a read error.
func (t *table) next() (bool, error) {
	rec, err := t.r.Read()
	if err == io.EOF {
		return false, nil
	} else if err != nil {
		return false, t.readError(err)
	}
	t.rec = rec
	t.line = t.fieldLine(0)
	return true, t.checkUTF8()
}

// get returns the trimmed value of column col in the current row; "" when the row is too
// short to have it.
func (t *table) get(col string) string {
	if i, ok := t.cols[col]; ok && i < len(t.rec) {
		return strings.TrimSpace(t.rec[i])
	}
	return ""
}

// has reports whether the header holds column col.
func (t *table) has(col string) bool {
	_, ok := t.cols[col]
	return ok
}

// lineOf returns the physical line on which column col of the current row starts (the row's
// first line when the row is too short to have it).
func (t *table) lineOf(col string) int {
	if i, ok := t.cols[col]; ok && i < len(t.rec) {
		return t.fieldLine(i)
	}
	return t.line
}

// reject returns a rejection of the current row for column col.
func (t *table) reject(col, format string, args ...any) *Rejection {
	return &Rejection{Line: t.lineOf(col), Column: col, Reason: fmt.Sprintf(format, args...)}
}

func (t *table) fieldLine(i int) int {
	if i >= len(t.rec) {
		i = len(t.rec) - 1
	}
	if i < 0 {
		return 0
	}
	line, _ := t.r.FieldPos(i)
	return line
}

func (t *table) checkUTF8() error {
	for i, v := range t.rec {
		if !utf8.ValidString(v) {
			return malformed(t.file, t.fieldLine(i), "invalid UTF-8 in field %d", i+1)
		}
	}
	return nil
}

func (t *table) readError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return malformed(t.file, pe.Line, "malformed CSV at column %d: %v", pe.Column, pe.Err)
	}
	return malformed(t.file, 0, "cannot read: %v", err)
}

// malformed returns the EINVALID error for a file that cannot be imported at all.
func malformed(file string, line int, format string, args ...any) *ecograph.Error {
	msg := fmt.Sprintf(format, args...)
	if line > 0 {
		msg = fmt.Sprintf("%s:%d: %s", file, line, msg)
	} else {
		msg = file + ": " + msg
	}
	return &ecograph.Error{Code: ecograph.EINVALID, Field: file, Message: msg}
}

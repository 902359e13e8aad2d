package importer

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// Summary reports an import, file by file, in the order the files were loaded. Files that
// did not exist are not listed.
type Summary struct {
	Files []FileSummary
	// Retrusted is how many pairs of people, those whose evidence (survey answers,
	// interactions) the import wrote, had their tie's trust recomputed by Sink.RetrustPairs.
	Retrusted       int
	RetrustDuration time.Duration
}

// FileSummary reports the import of one file. Read = Written + Rejected + Replaced once the
// file is done.
type FileSummary struct {
	File     string
	Read     int // data rows read (the header and empty lines not counted)
	Written  int // rows written to the Sink
	Rejected int // rows rejected; each is in Rejections, up to MaxRejections
	Replaced int // rows replaced by a later row for the same key (ties, survey answers, interactions)
	// Rejections are the rejected rows, by line, up to MaxRejections of them.
	Rejections []Rejection
	Duration   time.Duration
}

// Rejection says why a row was not written.
type Rejection struct {
	Line   int    // physical line in the file (1 is the header)
	Column string // the column at fault, as the contract names it
	Reason string
}

// rejectionsShown is how many rejections Write prints per file.
const rejectionsShown = 50

// Rejected returns the number of rejected rows in all files.
func (s *Summary) Rejected() int {
	n := 0
	for _, f := range s.Files {
		n += f.Rejected
	}
	return n
}

// Written returns the number of rows written from all files.
func (s *Summary) Written() int {
	n := 0
	for _, f := range s.Files {
		n += f.Written
	}
	return n
}

// Write prints s as a table (one line per file: rows read, written, rejected, replaced, time),
// then how many ties' trust was recomputed (when any), then the rejections as
// "file:line: column: reason", the first 50 per file.
func (s *Summary) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tREAD\tWRITTEN\tREJECTED\tREPLACED\tTIME")
	for _, f := range s.Files {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%v\n", f.File, f.Read, f.Written, f.Rejected, f.Replaced,
			f.Duration.Round(time.Millisecond))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if s.Retrusted > 0 {
		if _, err := fmt.Fprintf(w, "trust recomputed for %d pair(s) of people whose evidence changed (%v)\n",
			s.Retrusted, s.RetrustDuration.Round(time.Millisecond)); err != nil {
			return err
		}
	}
	for _, f := range s.Files {
		for i, r := range f.Rejections {
			if i == rejectionsShown {
				break
			}
			if _, err := fmt.Fprintf(w, "%s:%d: %s: %s\n", f.File, r.Line, r.Column, r.Reason); err != nil {
				return err
			}
		}
		if more := f.Rejected - min(len(f.Rejections), rejectionsShown); more > 0 {
			if _, err := fmt.Fprintf(w, "%s: ... and %d more rejected row(s)\n", f.File, more); err != nil {
				return err
			}
		}
	}
	return nil
}

func (f *FileSummary) reject(r Rejection) {
	f.Rejected++
	if len(f.Rejections) < MaxRejections {
		f.Rejections = append(f.Rejections, r)
	}
}

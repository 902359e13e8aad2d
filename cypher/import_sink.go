package cypher

import (
	"context"
	"io"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/importer"
)

// ImportSink adapts a Store to importer.Sink: the one adapter the CLI, the demo loader and
// tests share.
type ImportSink struct{ *Store }

var _ importer.Sink = ImportSink{}

var importLabels = map[importer.Kind]Label{
	importer.Organization: LabelOrganization,
	importer.Team:         LabelTeam,
	importer.Person:       LabelPerson,
}

// ExistingIDs reports which of ids exist as nodes of the importer's kind.
func (s ImportSink) ExistingIDs(ctx context.Context, kind importer.Kind, ids []string) (map[string]bool, error) {
	return s.Store.ExistingIDs(ctx, importLabels[kind], ids)
}

// RetrustPairs recomputes the given pairs' trust (Store.RetrustPairs).
func (s ImportSink) RetrustPairs(ctx context.Context, pairs []ecograph.Pair, progress io.Writer) error {
	_, err := s.Store.RetrustPairs(ctx, pairs, progress)
	return err
}

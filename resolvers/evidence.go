package resolvers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph/model"
	"github.com/ecograph/ecograph/internal/cursor"
	"github.com/vikstrous/dataloadgen"
)

// EvidenceStore is what the evidence resolvers read and write (implemented by cypher.Store).
// Writes recompute the trust of the ties they touch in the same transaction and return the
// pairs whose tie changed.
type EvidenceStore interface {
	LogInteraction(ctx context.Context, in ecograph.Interaction, replaceOthers bool) ([]ecograph.Pair, error)
	RecordSurveyAnswers(ctx context.Context, answers []ecograph.SurveyAnswer) ([]ecograph.Pair, error)
	SetTrustOverride(ctx context.Context, o ecograph.TrustOverride) error
	ClearTrustOverride(ctx context.Context, a, b string) error
	FindInteractions(ctx context.Context, sc ecograph.Scope, f ecograph.InteractionFilter) ([]*ecograph.Interaction, int, error)
	FindLastTouches(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Touch, error)
	FindContactWarnings(ctx context.Context, sc ecograph.Scope, organization string, ids []string, since time.Time) ([]*ecograph.ContactWarning, error)
	FindTieEvidence(ctx context.Context, pairs []ecograph.Pair) (map[ecograph.Pair]*ecograph.TieEvidence, error)
}

// evidenceLoaders batch the evidence look-ups of one request: the evidence of every hop of
// every route, and the last touches of a page of people, cost one query each.
type evidenceLoaders struct {
	TieEvidence *dataloadgen.Loader[ecograph.Pair, *ecograph.TieEvidence]
	LastTouch   *dataloadgen.Loader[string, *ecograph.Touch]
}

func newEvidenceLoaders(s EvidenceStore, sc ecograph.Scope) *evidenceLoaders {
	wait := dataloadgen.WithWait(500 * time.Microsecond)
	return &evidenceLoaders{
		TieEvidence: dataloadgen.NewMappedLoader(func(ctx context.Context, pairs []ecograph.Pair) (map[ecograph.Pair]*ecograph.TieEvidence, error) {
			return s.FindTieEvidence(ctx, pairs)
		}, wait),
		LastTouch: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]*ecograph.Touch, error) {
			return s.FindLastTouches(ctx, sc, ids)
		}, wait),
	}
}

// evidence returns the evidence store: the Store, when it is one (cypher.Store is).
func (r *Resolver) evidence() (EvidenceStore, error) {
	if es, ok := r.Store.(EvidenceStore); ok {
		return es, nil
	}
	return nil, ecograph.Errorf(ecograph.EINTERNAL, "no evidence store configured")
}

func (r *Resolver) now() time.Time {
	if r.Clock != nil {
		return r.Clock()
	}
	return time.Now()
}

// seesEvidence reports whether the caller may see evidence, interactions and notes: our roles
// only. A partner never sees them.
func seesEvidence(c *ecograph.Caller) bool { return !c.Scope().HidesTrust() }

// tieEvidence loads the evidence of the tie between a and b for the caller (nil for partners
// and where there is no tie).
func (r *Resolver) tieEvidence(ctx context.Context, a, b string) (*ecograph.TieEvidence, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil || !seesEvidence(c) {
		return nil, err
	}
	l := r.loaders(ctx).evidence
	if l == nil {
		return nil, nil
	}
	return nullIfNotFound(l.TieEvidence.Load(ctx, ecograph.MakePair(a, b)))
}

// interactions answers the three interaction lists (by person, organisation, account).
func (r *Resolver) interactions(ctx context.Context, f ecograph.InteractionFilter, first *int, after *string) (*model.InteractionConnection, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	pg, err := newPage(first)
	if err != nil {
		return nil, err
	}
	key, id, err := cursor.DecodeKey("after", "interaction", after)
	if err != nil {
		return nil, err
	}
	if key != "" {
		if f.AfterAt, err = time.Parse(time.RFC3339Nano, key); err != nil {
			return nil, ecograph.Invalid("after", "not a cursor of this list")
		}
		f.AfterID = id
	}
	conn := &model.InteractionConnection{Edges: []*model.InteractionEdge{}, PageInfo: pageInfo(false, "")}
	if !seesEvidence(c) {
		return conn, nil
	}
	es, err := r.evidence()
	if err != nil {
		return nil, err
	}
	f.Limit = pg.Limit()
	rows, n, err := es.FindInteractions(ctx, c.Scope(), f)
	if err != nil {
		return nil, err
	}
	rows, next := trim(pg, rows)
	last := ""
	for _, in := range rows {
		last = cursor.EncodeKey("interaction", in.At.UTC().Format(time.RFC3339Nano), in.ID)
		conn.Edges = append(conn.Edges, &model.InteractionEdge{Cursor: last, Node: in})
	}
	conn.PageInfo, conn.TotalCount = pageInfo(next, last), n
	return conn, nil
}

// withinDays validates a window in days (1..3650) and returns its start.
func (r *Resolver) since(withinDays *int) (time.Time, error) {
	d := int(ecograph.DefaultContactWindow / (24 * time.Hour))
	if withinDays != nil {
		d = *withinDays
	}
	if d < 1 || d > 3650 {
		return time.Time{}, ecograph.Invalid("withinDays", "must be in 1..3650, got %d", d)
	}
	return r.now().Add(-time.Duration(d) * 24 * time.Hour), nil
}

func newInteractionID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "ix-" + hex.EncodeToString(b[:])
}

// pairPeople lists the people of pairs, for the route finder's Touch.
func pairPeople(pairs []ecograph.Pair) []string {
	out := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		out = append(out, p.A, p.B)
	}
	return out
}

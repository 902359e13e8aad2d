package importer

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
)

// MaxFutureSkew is how far in the future (by Options.Now) an answered_at or at may lie: a
// day absorbs time zones and clocks that are a little off, while a date further ahead is a
// typo that would otherwise count as the freshest evidence for years.
const MaxFutureSkew = 24 * time.Hour

// Length limits of the free-text keys, as the API's writes have them
// (ecograph.Interaction.Validate, ecograph.SurveyAnswer.Validate).
const (
	maxKindLength     = 50
	maxQuestionLength = 100
)

var surveyFile = spec[ecograph.SurveyAnswer]{
	file:     "survey.csv",
	columns:  []string{"respondent_id", "alter_id", "question", "score", "answered_at"},
	replaces: true,
	key:      surveyKey,
	parse:    parseSurveyAnswer,
	upsert: func(ctx context.Context, s Sink, batch []ecograph.SurveyAnswer) ([]ecograph.Pair, error) {
		if err := s.UpsertSurveyAnswers(ctx, batch); err != nil {
			return nil, err
		}
		pairs := make([]ecograph.Pair, len(batch))
		for i, a := range batch {
			pairs[i] = ecograph.MakePair(a.Respondent, a.Alter)
		}
		return pairs, nil
	},
}

var interactionsFile = spec[ecograph.Interaction]{
	file:     "interactions.csv",
	columns:  []string{"id", "kind", "at", "participants", "organization_id", "sentiment"},
	replaces: true,
	key:      func(t *table) string { return t.get("id") },
	parse:    parseInteraction,
	upsert: func(ctx context.Context, s Sink, batch []ecograph.Interaction) ([]ecograph.Pair, error) {
		return s.UpsertInteractions(ctx, batch)
	},
}

// surveyKey is a survey row's identity: respondent, alter and normalised question, in that
// (directed) order.
func surveyKey(t *table) string {
	r, a, q := t.get("respondent_id"), t.get("alter_id"), normalQuestion(t.get("question"))
	if r == "" || a == "" || r == a || q == "" {
		return ""
	}
	return r + "\x00" + a + "\x00" + q
}

func normalQuestion(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func parseSurveyAnswer(t *table, now time.Time) (ecograph.SurveyAnswer, []ref, *Rejection) {
	a := ecograph.SurveyAnswer{
		Respondent: t.get("respondent_id"),
		Alter:      t.get("alter_id"),
		Question:   normalQuestion(t.get("question")),
	}
	if a.Respondent == "" {
		return a, nil, t.reject("respondent_id", "empty person id")
	} else if a.Alter == "" {
		return a, nil, t.reject("alter_id", "empty person id")
	} else if a.Respondent == a.Alter {
		return a, nil, t.reject("alter_id", "self-answer: respondent_id and alter_id are both %q", a.Respondent)
	} else if a.Question == "" {
		return a, nil, t.reject("question", "empty question")
	} else if len(a.Question) > maxQuestionLength {
		return a, nil, t.reject("question", "longer than %d bytes", maxQuestionLength)
	}
	s := t.get("score")
	if s == "" {
		return a, nil, t.reject("score", "empty score")
	}
	score, err := strconv.Atoi(s)
	if err != nil {
		return a, nil, t.reject("score", "not an integer: %q", s)
	} else if score < 1 || score > 5 {
		return a, nil, t.reject("score", "must be 1 to 5, got %d", score)
	}
	a.Score = score
	at, rej := parseTime(t, "answered_at", now)
	if rej != nil {
		return a, nil, rej
	}
	a.AnsweredAt = at
	refs := []ref{
		{Person, a.Respondent, "respondent_id", t.lineOf("respondent_id")},
		{Person, a.Alter, "alter_id", t.lineOf("alter_id")},
	}
	return a, refs, nil
}

func parseInteraction(t *table, now time.Time) (ecograph.Interaction, []ref, *Rejection) {
	it := ecograph.Interaction{
		ID:             t.get("id"),
		Kind:           strings.ToUpper(t.get("kind")),
		OrganizationID: t.get("organization_id"),
		Notes:          t.get("notes"),
	}
	if it.ID == "" {
		return it, nil, t.reject("id", "empty id")
	} else if len(it.ID) > ecograph.MaxIDLength {
		return it, nil, t.reject("id", "longer than %d bytes", ecograph.MaxIDLength)
	} else if it.Kind == "" {
		return it, nil, t.reject("kind", "empty kind")
	} else if len(it.Kind) > maxKindLength {
		return it, nil, t.reject("kind", "longer than %d bytes", maxKindLength)
	}
	at, rej := parseTime(t, "at", now)
	if rej != nil {
		return it, nil, rej
	}
	it.At = at

	// Repeated participants collapse into one, as repeated roles and teams do: listing
	// someone twice says nothing more about who met whom.
	line := t.lineOf("participants")
	for _, id := range splitList(t.get("participants")) {
		if !contains(it.Participants, id) {
			if len(it.Participants) == ecograph.MaxInteractionParticipants {
				return it, nil, t.reject("participants", "more than %d participants",
					ecograph.MaxInteractionParticipants)
			}
			it.Participants = append(it.Participants, id)
		}
	}
	if len(it.Participants) < 2 {
		return it, nil, t.reject("participants", "needs at least two distinct person ids, got %d",
			len(it.Participants))
	}
	slices.Sort(it.Participants)
	refs := make([]ref, 0, len(it.Participants)+1)
	for _, id := range it.Participants {
		refs = append(refs, ref{Person, id, "participants", line})
	}

	if s := t.get("sentiment"); s != "" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return it, nil, t.reject("sentiment", "not a number: %q", s)
		} else if !(v >= -1 && v <= 1) {
			return it, nil, t.reject("sentiment", "must be in [-1, 1], got %s", s)
		}
		it.Sentiment = &v
	}
	if it.OrganizationID != "" {
		refs = append(refs, ref{Organization, it.OrganizationID, "organization_id", t.lineOf("organization_id")})
	}
	if len(it.Notes) > ecograph.MaxTextLength {
		return it, nil, t.reject("notes", "longer than %d bytes", ecograph.MaxTextLength)
	}
	return it, refs, nil
}

// parseTime reads column col as an RFC 3339 time no later than now + MaxFutureSkew, in UTC.
func parseTime(t *table, col string, now time.Time) (time.Time, *Rejection) {
	s := t.get(col)
	if s == "" {
		return time.Time{}, t.reject(col, "empty time (want RFC 3339, such as 2025-03-01T09:30:00Z)")
	}
	at, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, t.reject(col, "not an RFC 3339 time (such as 2025-03-01T09:30:00Z): %q", s)
	}
	if limit := now.Add(MaxFutureSkew); at.After(limit) {
		return time.Time{}, t.reject(col, "%s is in the future (later than %s)", s,
			limit.UTC().Format(time.RFC3339))
	}
	return at.UTC(), nil
}

// pairSet is the set of pairs of people whose evidence an import changed. Ids are interned
// and a pair is one uint64, so that the three million pairs of a million interactions fit in
// tens of megabytes rather than hundreds.
type pairSet struct {
	index map[string]uint32
	ids   []string
	set   map[uint64]struct{}
}

func newPairSet() *pairSet {
	return &pairSet{index: map[string]uint32{}, set: map[uint64]struct{}{}}
}

func (s *pairSet) intern(id string) uint32 {
	if i, ok := s.index[id]; ok {
		return i
	}
	id = strings.Clone(id) // a substring would keep its whole CSV record alive
	i := uint32(len(s.ids))
	s.ids = append(s.ids, id)
	s.index[id] = i
	return i
}

// add puts the pairs in canonical order into the set; a pair of one person is dropped.
func (s *pairSet) add(pairs []ecograph.Pair) {
	for _, p := range pairs {
		if p.A == p.B {
			continue
		}
		p = ecograph.MakePair(p.A, p.B)
		s.set[uint64(s.intern(p.A))<<32|uint64(s.intern(p.B))] = struct{}{}
	}
}

func (s *pairSet) len() int { return len(s.set) }

// list returns the pairs sorted by A, then B, so that a run's calls are deterministic.
func (s *pairSet) list() []ecograph.Pair {
	out := make([]ecograph.Pair, 0, len(s.set))
	for k := range s.set {
		out = append(out, ecograph.Pair{A: s.ids[k>>32], B: s.ids[k&math.MaxUint32]})
	}
	slices.SortFunc(out, func(x, y ecograph.Pair) int {
		return cmp.Or(strings.Compare(x.A, y.A), strings.Compare(x.B, y.B))
	})
	return out
}

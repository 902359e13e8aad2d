package cypher

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/trust"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The trust model and its clock. Trust is computed "as of" the start of the current UTC day:
// evidence decays a day at a time, so recomputing (or re-importing the same files) within a
// day changes nothing, and RetrustStale moves every tie with evidence to the new day.

// SetTrustModel sets the trust model and the clock that every write of evidence uses (by
// default trust.DefaultParams and time.Now). Call it before the Store is used.
func (s *Store) SetTrustModel(m *trust.Model, now func() time.Time) {
	s.model, s.now = m, now
}

func (s *Store) trustModel() *trust.Model { return s.model }

// defaultTrustModel is the model a Store starts with (SetTrustModel replaces it).
func defaultTrustModel() *trust.Model {
	m, err := trust.New(trust.DefaultParams())
	if err != nil {
		panic(err) // the defaults are valid; internal/trust's tests check it
	}
	return m
}

// AsOf returns the time trust is computed as of: the start of the clock's current UTC day.
func (s *Store) AsOf() time.Time {
	now := time.Now
	if s.now != nil {
		now = s.now
	}
	return now().UTC().Truncate(24 * time.Hour)
}

// ixEntry is one interaction of a pair, as the model needs it and sorted by (at, id) so that
// every recomputation sums in the same order and gives bit-identical trust.
type ixEntry struct {
	id string
	it trust.Interaction
}

func sortEntries(l []ixEntry) {
	sort.Slice(l, func(i, j int) bool {
		if !l[i].it.At.Equal(l[j].it.At) {
			return l[i].it.At.Before(l[j].it.At)
		}
		return l[i].id < l[j].id
	})
}

func summarize(m *trust.Model, l []ixEntry) trust.Interactions {
	sortEntries(l)
	list := make([]trust.Interaction, len(l))
	for i := range l {
		list[i] = l[i].it
	}
	return trust.Summarize(list, m.Params().HalfLife)
}

// pairEvidence is one record of find_pair_evidence.
type pairEvidence struct {
	pair               ecograph.Pair
	tie                map[string]any // nil: no tie
	fromA, fromB       []trust.Answer
	interactions       []ixEntry
	answersA, answersB []ecograph.SurveyAnswer
}

func decodeAnswers(v any, respondent, alter string) ([]trust.Answer, []ecograph.SurveyAnswer) {
	l, _ := v.([]any)
	out := make([]trust.Answer, 0, len(l))
	dom := make([]ecograph.SurveyAnswer, 0, len(l))
	for _, x := range l {
		t, ok := x.([]any)
		if !ok || len(t) != 3 {
			continue
		}
		q, _ := t[0].(string)
		score, _ := t[1].(int64)
		at, _ := t[2].(time.Time)
		out = append(out, trust.Answer{Question: q, Score: int(score), At: at})
		dom = append(dom, ecograph.SurveyAnswer{Respondent: respondent, Alter: alter, Question: q, Score: int(score), AnsweredAt: at})
	}
	return out, dom
}

func decodeInteractions(v any) []ixEntry {
	l, _ := v.([]any)
	out := make([]ixEntry, 0, len(l))
	for _, x := range l {
		t, ok := x.([]any)
		if !ok || len(t) != 3 {
			continue
		}
		id, _ := t[0].(string)
		at, _ := t[1].(time.Time)
		e := ixEntry{id: id, it: trust.Interaction{At: at}}
		if s, ok := t[2].(float64); ok {
			e.it.Sentiment, e.it.HasSentiment = s, true
		}
		out = append(out, e)
	}
	return out
}

func readPairEvidence(ctx context.Context, tx neo4j.ManagedTransaction, pairs []ecograph.Pair, withInteractions bool) ([]pairEvidence, error) {
	params := make([]map[string]any, len(pairs))
	for i, p := range pairs {
		params[i] = map[string]any{"a": p.A, "b": p.B}
	}
	recs, err := run(ctx, tx, "find_pair_evidence", map[string]any{"pairs": params, "withInteractions": withInteractions})
	if err != nil {
		return nil, err
	}
	out := make([]pairEvidence, 0, len(recs))
	for _, r := range recs {
		out = append(out, decodePairEvidence(r.Values))
	}
	return out, nil
}

// decodePairEvidence decodes one record of find_pair_evidence.
func decodePairEvidence(v []any) pairEvidence {
	a, _ := v[0].(string)
	b, _ := v[1].(string)
	pe := pairEvidence{pair: ecograph.Pair{A: a, B: b}}
	pe.tie, _ = v[2].(map[string]any)
	pe.fromA, pe.answersA = decodeAnswers(v[3], a, b)
	pe.fromB, pe.answersB = decodeAnswers(v[4], b, a)
	pe.interactions = decodeInteractions(v[5])
	return pe
}

func num(m map[string]any, k string) (float64, bool) {
	switch x := m[k].(type) {
	case float64:
		return x, true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// evidenceOf turns a pair's evidence into the model's input. A tie that the model never
// computed (no confidence: imported before evidence existed, or written in Neo4j Browser)
// has its trust as its prior.
func evidenceOf(pe *pairEvidence, ix trust.Interactions) trust.Evidence {
	ev := trust.Evidence{FromA: pe.fromA, FromB: pe.fromB, Interactions: ix}
	if pe.tie != nil {
		if p, ok := num(pe.tie, "prior"); ok {
			ev.Prior, ev.HasPrior = p, true
		} else if _, computed := num(pe.tie, "confidence"); !computed {
			if t, ok := num(pe.tie, "trust"); ok {
				ev.Prior, ev.HasPrior = t, true
			}
		}
		if o, ok := num(pe.tie, "override"); ok {
			reason, _ := pe.tie["overrideReason"].(string)
			ev.Override = &trust.Override{Trust: o, Reason: reason}
		}
	}
	return ev
}

// trustRow is what write_tie_trust writes for a pair; nil when nothing would change.
func trustRow(pe *pairEvidence, ix trust.Interactions, r trust.Result, asOf time.Time) map[string]any {
	explanation := r.Explain()
	if pe.tie == nil && !r.Tie {
		return nil
	}
	if pe.tie != nil && r.Tie {
		t, _ := num(pe.tie, "trust")
		c, hasC := num(pe.tie, "confidence")
		n, _ := num(pe.tie, "ixCount")
		e, _ := pe.tie["explanation"].(string)
		at, _ := pe.tie["asOf"].(time.Time)
		if hasC && t == r.Trust && c == r.Confidence && int(n) == ix.Count && e == explanation && at.Equal(asOf) {
			return nil
		}
	}
	row := map[string]any{"a": pe.pair.A, "b": pe.pair.B, "tie": r.Tie, "trust": r.Trust, "confidence": r.Confidence,
		"ixCount": ix.Count, "ixLast": nil, "ixSentiment": nil, "explanation": explanation, "asOf": asOf}
	if ix.Count > 0 {
		row["ixLast"] = ix.Last.UTC()
	}
	if r.Interactions.Rated {
		row["ixSentiment"] = r.Interactions.Sentiment
	}
	return row
}

// retrustInTx recomputes the trust of pairs inside tx. With ix nil, each pair's interactions
// are read with its evidence (for the few pairs one write touches); otherwise ix holds them
// (bulk recomputation). It returns the pairs whose tie changed.
func (s *Store) retrustInTx(ctx context.Context, tx neo4j.ManagedTransaction, pairs []ecograph.Pair, ix map[ecograph.Pair][]ixEntry) ([]ecograph.Pair, error) {
	if len(pairs) == 0 {
		return nil, nil
	}
	m := s.trustModel()
	asOf := s.AsOf()
	if _, err := run(ctx, tx, "lock_people", map[string]any{"ids": pairPeopleSorted(pairs)}); err != nil {
		return nil, err
	}
	evs, err := readPairEvidence(ctx, tx, pairs, ix == nil)
	if err != nil {
		return nil, err
	}
	var rows []map[string]any
	var changed []ecograph.Pair
	for i := range evs {
		pe := &evs[i]
		list := pe.interactions
		if ix != nil {
			list = ix[pe.pair]
		}
		agg := summarize(m, list)
		r := m.Compute(evidenceOf(pe, agg), asOf)
		if row := trustRow(pe, agg, r, asOf); row != nil {
			rows = append(rows, row)
			changed = append(changed, pe.pair)
		}
	}
	if len(rows) > 0 {
		if _, err := run(ctx, tx, "write_tie_trust", map[string]any{"rows": rows}); err != nil {
			return nil, err
		}
	}
	return changed, nil
}

// pairPeopleSorted returns the people of pairs, sorted and without duplicates (the order
// lock_people takes their locks in, so that two recomputations cannot deadlock each other).
func pairPeopleSorted(pairs []ecograph.Pair) []string {
	ids := make([]string, 0, 2*len(pairs))
	for _, p := range pairs {
		ids = append(ids, p.A, p.B)
	}
	sort.Strings(ids)
	out := ids[:0]
	for i, id := range ids {
		if i == 0 || id != ids[i-1] {
			out = append(out, id)
		}
	}
	return out
}

// pairsOf returns every pair of the given people (canonical, deduplicated, sorted).
func pairsOf(people []string) []ecograph.Pair {
	var out []ecograph.Pair
	for i := range people {
		for j := i + 1; j < len(people); j++ {
			if people[i] != people[j] {
				out = append(out, ecograph.MakePair(people[i], people[j]))
			}
		}
	}
	return dedupePairs(out)
}

func dedupePairs(ps []ecograph.Pair) []ecograph.Pair {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].A != ps[j].A {
			return ps[i].A < ps[j].A
		}
		return ps[i].B < ps[j].B
	})
	out := ps[:0]
	for i, p := range ps {
		if i == 0 || p != ps[i-1] {
			out = append(out, p)
		}
	}
	return out
}

func interactionRow(in *ecograph.Interaction) map[string]any {
	row := map[string]any{"id": in.ID, "kind": in.Kind, "at": in.At.UTC(), "participants": in.Participants,
		"organizationId": nil, "accountId": nil, "sentiment": nil, "notes": nil, "loggedBy": nil}
	if in.OrganizationID != "" {
		row["organizationId"] = in.OrganizationID
	}
	if in.AccountID != "" {
		row["accountId"] = in.AccountID
	}
	if in.Sentiment != nil {
		row["sentiment"] = *in.Sentiment
	}
	if in.Notes != "" {
		row["notes"] = in.Notes
	}
	if in.LoggedBy != "" {
		row["loggedBy"] = in.LoggedBy
	}
	return row
}

// upsertInteractionsInTx writes interactions and returns the pairs whose evidence changed:
// every pair of participants of a changed interaction, before and after.
func upsertInteractionsInTx(ctx context.Context, tx neo4j.ManagedTransaction, ins []ecograph.Interaction) ([]ecograph.Pair, error) {
	rows := make([]map[string]any, len(ins))
	byID := make(map[string]*ecograph.Interaction, len(ins))
	for i := range ins {
		rows[i] = interactionRow(&ins[i])
		byID[ins[i].ID] = &ins[i]
	}
	recs, err := run(ctx, tx, "upsert_interactions", map[string]any{"rows": rows})
	if err != nil {
		return nil, err
	}
	var pairs []ecograph.Pair
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		changed, _ := r.Values[2].(bool)
		if !changed {
			continue
		}
		pairs = append(pairs, pairsOf(byID[id].Participants)...)
		var old []string
		old = appendStrings(old, r.Values[1])
		pairs = append(pairs, pairsOf(old)...)
	}
	return dedupePairs(pairs), nil
}

func asList(v any) []any { l, _ := v.([]any); return l }

// UpsertInteractions writes interactions (replacing those with the same id; unchanged ones
// are not written) in one transaction and returns the pairs whose evidence changed, for the
// importer to recompute once at the end of its run (RetrustPairs). New ids take a CREATE-only
// fast path; a concurrent writer creating the same id makes the batch fail (the constraint
// holds) and the import can be run again. Callers validate.
func (s *Store) UpsertInteractions(ctx context.Context, ins []ecograph.Interaction) ([]ecograph.Pair, error) {
	if len(ins) == 0 {
		return nil, nil
	}
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		ids := make([]string, len(ins))
		for i := range ins {
			ids[i] = ins[i].ID
		}
		recs, err := run(ctx, tx, "existing_interactions", map[string]any{"ids": ids})
		if err != nil {
			return nil, err
		}
		exists := idSet(recs)
		var old []ecograph.Interaction
		var rows []map[string]any
		var pairs []ecograph.Pair
		for i := range ins {
			// Every pair of every row, changed or not: a re-run after a failed import (or a
			// failed recomputation) must recompute what the first run wrote. A pair whose
			// trust is already right writes nothing.
			pairs = append(pairs, pairsOf(ins[i].Participants)...)
			if exists[ins[i].ID] {
				old = append(old, ins[i])
				continue
			}
			rows = append(rows, interactionRow(&ins[i]))
		}
		if len(rows) > 0 {
			if _, err := run(ctx, tx, "create_interactions", map[string]any{"rows": rows}); err != nil {
				return nil, err
			}
		}
		if len(old) > 0 {
			changed, err := upsertInteractionsInTx(ctx, tx, old)
			if err != nil {
				return nil, err
			}
			pairs = append(pairs, changed...)
		}
		return dedupePairs(pairs), nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]ecograph.Pair), nil
}

func answerRows(answers []ecograph.SurveyAnswer) []map[string]any {
	rows := make([]map[string]any, len(answers))
	for i, a := range answers {
		rows[i] = map[string]any{"respondent": a.Respondent, "alter": a.Alter, "question": a.Question,
			"score": a.Score, "answeredAt": a.AnsweredAt.UTC()}
	}
	return rows
}

// UpsertSurveyAnswers writes survey answers in one transaction, without recomputing trust
// (the importer does it once at the end of its run). Callers validate.
func (s *Store) UpsertSurveyAnswers(ctx context.Context, answers []ecograph.SurveyAnswer) error {
	return s.writeRows(ctx, "upsert_survey_answers", answerRows(answers))
}

// LogInteraction validates and writes one interaction (replacing one with the same id) and
// recomputes the trust of the ties between its participants in the same transaction. It
// returns the pairs whose tie changed. Unless replaceOthers, an existing interaction that
// someone else logged (or an import wrote) is not replaced.
// Errors: EINVALID naming the field (also for unknown people, organisation or account);
// EFORBIDDEN for someone else's interaction.
func (s *Store) LogInteraction(ctx context.Context, in ecograph.Interaction, replaceOthers bool) ([]ecograph.Pair, error) {
	if err := in.ValidateAt("input.", s.now()); err != nil {
		return nil, err
	}
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if !replaceOthers {
			recs, err := run(ctx, tx, "interaction_logged_by", map[string]any{"id": in.ID})
			if err != nil {
				return nil, err
			}
			if len(recs) > 0 {
				if by, _ := recs[0].Values[0].(string); by != in.LoggedBy || by == "" {
					return nil, ecograph.Errorf(ecograph.EFORBIDDEN, "interaction %q was logged by someone else (or imported); only an ADMIN may replace it", in.ID)
				}
			}
		}
		found, err := existingIn(ctx, tx, LabelPerson, in.Participants)
		if err != nil {
			return nil, err
		}
		for i, p := range in.Participants {
			if !found[p] {
				return nil, ecograph.Invalid(fmt.Sprintf("input.participants[%d]", i), "no person %q", p)
			}
		}
		if in.OrganizationID != "" {
			if found, err := existingIn(ctx, tx, LabelOrganization, []string{in.OrganizationID}); err != nil {
				return nil, err
			} else if !found[in.OrganizationID] {
				return nil, ecograph.Invalid("input.organization", "no organisation %q", in.OrganizationID)
			}
		}
		if in.AccountID != "" {
			if found, err := existingIn(ctx, tx, LabelAccount, []string{in.AccountID}); err != nil {
				return nil, err
			} else if !found[in.AccountID] {
				return nil, ecograph.Invalid("input.account", "no account %q", in.AccountID)
			}
		}
		pairs, err := upsertInteractionsInTx(ctx, tx, []ecograph.Interaction{in})
		if err != nil {
			return nil, err
		}
		return s.retrustInTx(ctx, tx, pairs, nil)
	})
	if err != nil {
		return nil, err
	}
	return v.([]ecograph.Pair), nil
}

// RecordSurveyAnswers validates and writes survey answers and recomputes the trust of their
// pairs in the same transaction; it returns the pairs whose tie changed.
// Errors: EINVALID naming the field (also for unknown people).
func (s *Store) RecordSurveyAnswers(ctx context.Context, answers []ecograph.SurveyAnswer) ([]ecograph.Pair, error) {
	var people []string
	pairs := make([]ecograph.Pair, 0, len(answers))
	for i := range answers {
		if err := answers[i].ValidateAt(fmt.Sprintf("input[%d].", i), s.now()); err != nil {
			return nil, err
		}
		people = append(people, answers[i].Respondent, answers[i].Alter)
		pairs = append(pairs, ecograph.MakePair(answers[i].Respondent, answers[i].Alter))
	}
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		found, err := existingIn(ctx, tx, LabelPerson, people)
		if err != nil {
			return nil, err
		}
		for i, a := range answers {
			if !found[a.Respondent] {
				return nil, ecograph.Invalid(fmt.Sprintf("input[%d].respondent", i), "no person %q", a.Respondent)
			}
			if !found[a.Alter] {
				return nil, ecograph.Invalid(fmt.Sprintf("input[%d].alter", i), "no person %q", a.Alter)
			}
		}
		if _, err := run(ctx, tx, "upsert_survey_answers", map[string]any{"rows": answerRows(answers)}); err != nil {
			return nil, err
		}
		return s.retrustInTx(ctx, tx, dedupePairs(pairs), nil)
	})
	if err != nil {
		return nil, err
	}
	return v.([]ecograph.Pair), nil
}

// SetTrustOverride sets (o.Trust in [0, 1]) the manual trust of the tie between o.PersonA and
// o.PersonB, with its reason, who and when, creating the tie when there is none, and
// recomputes the tie's trust in the same transaction.
// Errors: EINVALID naming the field (also for unknown people).
func (s *Store) SetTrustOverride(ctx context.Context, o ecograph.TrustOverride) error {
	if err := o.Validate("input."); err != nil {
		return err
	}
	return s.override(ctx, o.PersonA, o.PersonB, "input.personB", map[string]any{"trust": o.Trust, "reason": o.Reason, "by": o.By, "at": o.At.UTC()})
}

// ClearTrustOverride removes the manual trust of the tie between a and b (if any) and
// recomputes its trust from the evidence in the same transaction.
// Errors: EINVALID for unknown people.
func (s *Store) ClearTrustOverride(ctx context.Context, a, b string) error {
	if err := ecograph.ValidateID("personA", a); err != nil {
		return err
	}
	if err := ecograph.ValidateID("personB", b); err != nil {
		return err
	}
	if a == b {
		return ecograph.Invalid("personB", "must differ from personA")
	}
	return s.override(ctx, a, b, "personB", map[string]any{"trust": nil, "reason": nil, "by": nil, "at": nil})
}

func (s *Store) override(ctx context.Context, a, b, field string, params map[string]any) error {
	p := ecograph.MakePair(a, b)
	params["a"], params["b"] = p.A, p.B
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := run(ctx, tx, "set_trust_override", params)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 || recs[0].Values[0] != true {
			return nil, ecograph.Invalid(field, "no person %q or no person %q", a, b)
		}
		return s.retrustInTx(ctx, tx, []ecograph.Pair{p}, nil)
	})
	return err
}

// bulkThreshold is the number of pairs from which RetrustPairs streams every interaction once
// instead of reading each pair's interactions (an expand per pair).
const bulkThreshold = 2000

// retrustBatch is how many pairs one recomputation transaction covers.
const retrustBatch = 5000

func (s *Store) retrustBatches(ctx context.Context, pairs []ecograph.Pair, ix map[ecograph.Pair][]ixEntry, progress io.Writer) (int, error) {
	changed := 0
	start := time.Now()
	for i := 0; i < len(pairs); i += retrustBatch {
		batch := pairs[i:min(i+retrustBatch, len(pairs))]
		v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return s.retrustInTx(ctx, tx, batch, ix)
		})
		if err != nil {
			return changed, err
		}
		changed += len(v.([]ecograph.Pair))
		if progress != nil {
			fmt.Fprintf(progress, "trust: %d/%d pairs recomputed, %d ties changed (%s)\n", i+len(batch), len(pairs), changed,
				time.Since(start).Round(time.Millisecond))
		}
	}
	return changed, nil
}

// streamInteractions reads every interaction once and groups them by the pairs keep accepts.
func (s *Store) streamInteractions(ctx context.Context, keep func(ecograph.Pair) bool) (map[ecograph.Pair][]ixEntry, error) {
	out := map[ecograph.Pair][]ixEntry{}
	err := s.stream(ctx, "stream_interaction_pairs", nil, func(v []any) {
		id, _ := v[0].(string)
		at, _ := v[1].(time.Time)
		e := ixEntry{id: id, it: trust.Interaction{At: at}}
		if sv, ok := v[2].(float64); ok {
			e.it.Sentiment, e.it.HasSentiment = sv, true
		}
		people := appendStrings(nil, v[3])
		for _, p := range pairsOf(people) {
			if keep(p) {
				out[p] = append(out[p], e)
			}
		}
	})
	return out, err
}

// stream runs a read query in one transaction and hands each record's values to fn.
func (s *Store) stream(ctx context.Context, name string, params map[string]any, fn func([]any)) error {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
	defer session.Close(ctx)
	_, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, query(name), params)
		if err != nil {
			return nil, wrap(err, name)
		}
		for res.Next(ctx) {
			fn(res.Record().Values)
		}
		return nil, wrap(res.Err(), name)
	}, neo4j.WithTxTimeout(10*s.txTimeout))
	return err
}

// RetrustPairs recomputes the trust of the given pairs with the trust model, in batches, each
// batch in its own transaction; progress lines go to progress (may be nil). It returns how
// many ties changed.
func (s *Store) RetrustPairs(ctx context.Context, pairs []ecograph.Pair, progress io.Writer) (int, error) {
	pairs = dedupePairs(append([]ecograph.Pair(nil), pairs...))
	if len(pairs) == 0 {
		return 0, nil
	}
	if len(pairs) < bulkThreshold {
		return s.retrustBatches(ctx, pairs, nil, progress)
	}
	set := make(map[ecograph.Pair]bool, len(pairs))
	for _, p := range pairs {
		set[p] = true
	}
	_, changed, err := s.retrustBulk(ctx, set, false, progress)
	return changed, err
}

// Retrust recomputes the trust of every tie and of every pair with evidence (for when the
// model's parameters change), idempotently; with staleOnly, only ties computed from evidence
// as of an earlier day (the daily decay). Progress lines go to progress (may be nil). It
// returns the pairs considered and the ties changed.
func (s *Store) Retrust(ctx context.Context, staleOnly bool, progress io.Writer) (considered, changed int, err error) {
	set := map[ecograph.Pair]bool{}
	err = s.stream(ctx, "stream_evidence_pairs", map[string]any{"staleOnly": staleOnly, "asOf": s.AsOf()}, func(v []any) {
		a, _ := v[0].(string)
		b, _ := v[1].(string)
		if a != "" && b != "" && a != b {
			set[ecograph.MakePair(a, b)] = true
		}
	})
	if err != nil {
		return 0, 0, err
	}
	return s.retrustBulk(ctx, set, !staleOnly, progress)
}

// retrustBulk recomputes the pairs in set (with withInteractionPairs, also every pair with an
// interaction, which it adds to set) from one stream of every interaction. The stream is read
// before the batches write: an interaction logged meanwhile is missing from it, and a batch
// could overwrite the trust that the logging transaction computed. So afterwards, the pairs of
// every interaction written since the stream began are recomputed again, each from its own
// interactions (under the pair's locks, like any write).
func (s *Store) retrustBulk(ctx context.Context, set map[ecograph.Pair]bool, withInteractionPairs bool, progress io.Writer) (considered, changed int, err error) {
	recs, err := s.read(ctx, "db_time", nil)
	if err != nil || len(recs) == 0 {
		return 0, 0, err
	}
	since := recs[0].Values[0]
	keep := func(p ecograph.Pair) bool { return withInteractionPairs || set[p] }
	ix, err := s.streamInteractions(ctx, keep)
	if err != nil {
		return 0, 0, err
	}
	pairs := make([]ecograph.Pair, 0, len(set)+len(ix))
	for p := range set {
		pairs = append(pairs, p)
	}
	for p := range ix {
		if !set[p] {
			pairs = append(pairs, p)
		}
	}
	pairs = dedupePairs(pairs)
	if progress != nil {
		fmt.Fprintf(progress, "trust: %d pairs to recompute as of %s\n", len(pairs), s.AsOf().Format("2006-01-02"))
	}
	if changed, err = s.retrustBatches(ctx, pairs, ix, progress); err != nil {
		return len(pairs), changed, err
	}
	recs, err = s.read(ctx, "interactions_written_since", map[string]any{"since": since})
	if err != nil {
		return len(pairs), changed, err
	}
	var again []ecograph.Pair
	for _, r := range recs {
		for _, p := range pairsOf(appendStrings(nil, r.Values[0])) {
			if keep(p) {
				again = append(again, p)
			}
		}
	}
	n, err := s.retrustBatches(ctx, dedupePairs(again), nil, nil)
	return len(pairs), changed + n, err
}

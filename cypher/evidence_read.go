package cypher

import (
	"context"
	"sort"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/trust"
)

// toInteraction maps an Interaction node's properties.
func toInteraction(m map[string]any) *ecograph.Interaction {
	in := &ecograph.Interaction{}
	in.ID, _ = m["id"].(string)
	in.Kind, _ = m["kind"].(string)
	in.At, _ = m["at"].(time.Time)
	in.Participants = appendStrings(in.Participants, m["participants"])
	in.OrganizationID, _ = m["organizationId"].(string)
	in.AccountID, _ = m["accountId"].(string)
	if s, ok := m["sentiment"].(float64); ok {
		in.Sentiment = &s
	}
	in.Notes, _ = m["notes"].(string)
	in.LoggedBy, _ = m["loggedBy"].(string)
	return in
}

// FindInteractions returns a page of interactions, newest first, that f selects, and how many
// it selects in all. Partners get none: interactions and their notes are ours.
func (s *Store) FindInteractions(ctx context.Context, sc ecograph.Scope, f ecograph.InteractionFilter) ([]*ecograph.Interaction, int, error) {
	name, id := "find_interactions_by_person", f.PersonID
	switch {
	case f.OrganizationID != "":
		name, id = "find_interactions_by_organization", f.OrganizationID
	case f.AccountID != "":
		name, id = "find_interactions_by_account", f.AccountID
	}
	params := map[string]any{"id": id, "afterAt": nil, "afterId": f.AfterID, "limit": f.Limit}
	if !f.AfterAt.IsZero() {
		params["afterAt"] = f.AfterAt.UTC()
	}
	recs, err := s.read(ctx, name, scopeParams(sc, params))
	if err != nil || len(recs) == 0 {
		return []*ecograph.Interaction{}, 0, err
	}
	total, _ := recs[0].Values[0].(int64)
	page := asList(recs[0].Values[1])
	out := make([]*ecograph.Interaction, 0, len(page))
	for _, x := range page {
		if n, ok := x.(interface{ GetProperties() map[string]any }); ok {
			out = append(out, toInteraction(n.GetProperties()))
		}
	}
	return out, int(total), nil
}

// FindLastTouches returns, for each of the people that has one, their latest interaction with
// any of our people and who of ours took part. Partners get none.
func (s *Store) FindLastTouches(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Touch, error) {
	recs, err := s.read(ctx, "find_last_touches", scopeParams(sc, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ecograph.Touch, len(recs))
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		m, ok := r.Values[1].(map[string]any)
		if !ok {
			continue
		}
		t := &ecograph.Touch{PersonID: id, Interaction: toInteraction(m)}
		t.By = appendStrings(t.By, r.Values[2])
		sort.Strings(t.By)
		out[id] = t
	}
	return out, nil
}

// FindContactWarnings returns the decision makers (of organization, or of any organisation
// not ours when it is "", or only those in ids when ids is not nil) whom two or more of our
// people contacted since since. Partners get none.
func (s *Store) FindContactWarnings(ctx context.Context, sc ecograph.Scope, organization string, ids []string, since time.Time) ([]*ecograph.ContactWarning, error) {
	name, params := "find_contact_warnings", map[string]any{"organization": nil, "since": since.UTC()}
	if organization != "" {
		params["organization"] = organization
	}
	if ids != nil {
		name, params = "find_contact_warnings_for_people", map[string]any{"ids": ids, "since": since.UTC()}
	}
	recs, err := s.read(ctx, name, scopeParams(sc, params))
	if err != nil {
		return nil, err
	}
	out := make([]*ecograph.ContactWarning, 0, len(recs))
	for _, r := range recs {
		w := &ecograph.ContactWarning{Since: since}
		w.PersonID, _ = r.Values[0].(string)
		w.OurPeople = appendStrings(w.OurPeople, r.Values[1])
		sort.Strings(w.OurPeople)
		for _, x := range asList(r.Values[2]) {
			if m, ok := x.(map[string]any); ok {
				w.Interactions = append(w.Interactions, toInteraction(m))
			}
		}
		sort.Slice(w.Interactions, func(i, j int) bool { return w.Interactions[i].At.After(w.Interactions[j].At) })
		out = append(out, w)
	}
	return out, nil
}

// FindTieEvidence returns the evidence behind the ties between the given pairs (pairs
// without a tie are left out), with what the trust model made of it. Callers check that the
// caller may see evidence (our roles only).
func (s *Store) FindTieEvidence(ctx context.Context, pairs []ecograph.Pair) (map[ecograph.Pair]*ecograph.TieEvidence, error) {
	params := make([]map[string]any, len(pairs))
	for i, p := range pairs {
		params[i] = map[string]any{"a": p.A, "b": p.B}
	}
	recs, err := s.read(ctx, "find_pair_evidence", map[string]any{"pairs": params, "withInteractions": false})
	if err != nil {
		return nil, err
	}
	m := s.trustModel()
	out := make(map[ecograph.Pair]*ecograph.TieEvidence, len(recs))
	for _, r := range recs {
		if pe := decodePairEvidence(r.Values); pe.tie != nil {
			out[pe.pair] = tieEvidence(m, &pe, s.AsOf())
		}
	}
	return out, nil
}

// tieEvidence maps a tie's stored evidence. A tie the model never computed (prior only) gets
// its confidence and explanation from the model now; its trust is its stored value.
func tieEvidence(m *trust.Model, pe *pairEvidence, asOf time.Time) *ecograph.TieEvidence {
	e := &ecograph.TieEvidence{PersonA: pe.pair.A, PersonB: pe.pair.B}
	e.Answers = append(append(e.Answers, pe.answersA...), pe.answersB...)
	for _, x := range pe.answersA {
		for _, y := range pe.answersB {
			if x.Question == y.Question {
				e.Reciprocated += 2
			}
		}
	}
	if p, ok := num(pe.tie, "prior"); ok {
		e.Prior = &p
	}
	e.Trust, _ = num(pe.tie, "trust")
	if c, ok := num(pe.tie, "confidence"); ok {
		e.Confidence = c
		e.Explanation, _ = pe.tie["explanation"].(string)
	} else {
		r := m.Compute(evidenceOf(pe, trust.Interactions{}), asOf)
		e.Confidence, e.Explanation = r.Confidence, r.Explain()
		if e.Prior == nil {
			p := e.Trust
			e.Prior = &p
		}
	}
	if n, ok := num(pe.tie, "ixCount"); ok {
		e.Interactions = int(n)
	}
	if t, ok := pe.tie["ixLast"].(time.Time); ok {
		e.LastInteraction = &t
	}
	if s, ok := num(pe.tie, "ixSentiment"); ok {
		e.MeanSentiment = &s
	}
	if o, ok := num(pe.tie, "override"); ok {
		ov := &ecograph.TrustOverride{PersonA: pe.pair.A, PersonB: pe.pair.B, Trust: o}
		ov.Reason, _ = pe.tie["overrideReason"].(string)
		ov.By, _ = pe.tie["overrideBy"].(string)
		ov.At, _ = pe.tie["overrideAt"].(time.Time)
		e.Override = ov
	}
	return e
}

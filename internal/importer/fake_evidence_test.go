package importer

import (
	"context"
	"fmt"
	"io"
	"slices"

	"github.com/ecograph/ecograph"
)

// The evidence half of memSink: it keeps answers and interactions as the Sink contract
// says, and its trust "model" is a count of a pair's evidence, so that tests can see which
// ties were recomputed and that recomputing twice changes nothing.

func (s *memSink) UpsertSurveyAnswers(ctx context.Context, answers []ecograph.SurveyAnswer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("UpsertSurveyAnswers", len(answers)); err != nil {
		return err
	}
	for _, a := range answers {
		s.answers[[3]string{a.Respondent, a.Alter, a.Question}] = a
	}
	return nil
}

func (s *memSink) UpsertInteractions(ctx context.Context, interactions []ecograph.Interaction) ([]ecograph.Pair, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("UpsertInteractions", len(interactions)); err != nil {
		return nil, err
	}
	var pairs []ecograph.Pair
	for _, it := range interactions {
		if !slices.IsSorted(it.Participants) {
			return nil, fmt.Errorf("interaction %s: participants %v not sorted", it.ID, it.Participants)
		}
		// The pairs it no longer has, then every pair of its participants: in the order
		// given (b, a), so that the importer has to put them in canonical order.
		if old, ok := s.interactions[it.ID]; ok {
			pairs = append(pairs, allPairs(old.Participants)...)
		}
		pairs = append(pairs, allPairs(it.Participants)...)
		it.Participants = slices.Clone(it.Participants)
		s.interactions[it.ID] = it
	}
	return pairs, nil
}

// allPairs returns every pair of people in ids, the later one first.
func allPairs(ids []string) []ecograph.Pair {
	var out []ecograph.Pair
	for i := range ids {
		for j := i + 1; j < len(ids); j++ {
			out = append(out, ecograph.Pair{A: ids[j], B: ids[i]})
		}
	}
	return out
}

func (s *memSink) RetrustPairs(ctx context.Context, pairs []ecograph.Pair, progress io.Writer) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.call("RetrustPairs", len(pairs)); err != nil {
		return err
	}
	s.retrusts = append(s.retrusts, slices.Clone(pairs))
	for _, p := range pairs {
		n := s.evidence(p)
		key := [2]string{p.A, p.B}
		tie, ok := s.ties[key]
		if !ok && n == 0 {
			continue
		} else if !ok {
			tie = ecograph.Tie{PersonA: p.A, PersonB: p.B, Source: "evidence"}
		}
		tie.Trust = float64(n+1) / float64(n+2)
		s.ties[key] = tie
	}
	if progress != nil {
		fmt.Fprintf(progress, "retrust: %d pair(s)\n", len(pairs))
	}
	return nil
}

// evidence counts the answers (either way) and interactions of pair p.
func (s *memSink) evidence(p ecograph.Pair) int {
	n := 0
	for k := range s.answers {
		if ecograph.MakePair(k[0], k[1]) == p {
			n++
		}
	}
	for _, it := range s.interactions {
		if slices.Contains(it.Participants, p.A) && slices.Contains(it.Participants, p.B) {
			n++
		}
	}
	return n
}

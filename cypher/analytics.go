package cypher

import (
	"context"
	"fmt"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// FindTeamGraphs returns, for each team with one of the given ids that sc may see, its
// members, the ties among them (any trust) and the survey answers between them: what
// ona.TeamCohesion computes a team's cohesion from. Teams that do not exist or that sc may
// not see are absent.
func (s *Store) FindTeamGraphs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.TeamGraph, error) {
	recs, err := s.read(ctx, "find_team_graphs", scopeParams(sc, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ecograph.TeamGraph, len(recs))
	for _, rec := range recs {
		tg, err := toTeamGraph(rec)
		if err != nil {
			return nil, err
		}
		out[tg.TeamID] = tg
	}
	return out, nil
}

func toTeamGraph(rec *neo4j.Record) (*ecograph.TeamGraph, error) {
	id, _, err := neo4j.GetRecordValue[string](rec, "team")
	if err != nil {
		return nil, fmt.Errorf("cypher: find_team_graphs: team: %w", err)
	}
	tg := &ecograph.TeamGraph{TeamID: id}
	members, _, err := neo4j.GetRecordValue[[]any](rec, "members")
	if err != nil {
		return nil, fmt.Errorf("cypher: find_team_graphs: members: %w", err)
	}
	for _, m := range members {
		if s, ok := m.(string); ok {
			tg.Members = append(tg.Members, s)
		}
	}
	triples := func(col string, fn func(a, b string, v any)) error {
		l, _, err := neo4j.GetRecordValue[[]any](rec, col)
		if err != nil {
			return fmt.Errorf("cypher: find_team_graphs: %s: %w", col, err)
		}
		for _, x := range l {
			t, ok := x.([]any)
			if !ok || len(t) != 3 {
				return fmt.Errorf("cypher: find_team_graphs: %s: malformed entry %v", col, x)
			}
			a, okA := t[0].(string)
			b, okB := t[1].(string)
			if !okA || !okB {
				return fmt.Errorf("cypher: find_team_graphs: %s: entry without ids %v", col, x)
			}
			fn(a, b, t[2])
		}
		return nil
	}
	if err := triples("ties", func(a, b string, v any) {
		trust, _ := v.(float64)
		tg.Ties = append(tg.Ties, ecograph.Tie{PersonA: a, PersonB: b, Trust: trust})
	}); err != nil {
		return nil, err
	}
	if err := triples("answers", func(a, b string, v any) {
		q, _ := v.(string)
		tg.Answers = append(tg.Answers, ecograph.SurveyAnswer{Respondent: a, Alter: b, Question: q})
	}); err != nil {
		return nil, err
	}
	return tg, nil
}

// connectorMetricsBatch bounds the rows of one write-back transaction. Times go as UTC: the
// driver cannot send Go's Local zone.
const connectorMetricsBatch = 5000

// WriteConnectorMetrics writes each scored person's betweenness and rank (1 = highest, in the
// order given) to the graph as p.betweenness, p.connectorRank, p.betweennessExact and
// p.metricsAt, in batches; ranks are given with the scores (rank[i] for scores[i]).
func (s *Store) WriteConnectorMetrics(ctx context.Context, scores []ecograph.ConnectorScore, ranks []int, exact bool, at time.Time) error {
	for lo := 0; lo < len(scores); lo += connectorMetricsBatch {
		hi := min(lo+connectorMetricsBatch, len(scores))
		rows := make([]map[string]any, 0, hi-lo)
		for i := lo; i < hi; i++ {
			rows = append(rows, map[string]any{"id": scores[i].PersonID, "betweenness": scores[i].Betweenness, "rank": ranks[i]})
		}
		if _, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return run(ctx, tx, "write_connector_metrics", map[string]any{"rows": rows, "at": at.UTC(), "exact": exact})
		}); err != nil {
			return err
		}
	}
	return nil
}

// WriteTeamMetrics writes each team's density, average trust, reciprocity (removed when
// nil) and stage to the graph as t.density, t.averageTrust, t.reciprocity, t.stage and
// t.metricsAt, in batches.
func (s *Store) WriteTeamMetrics(ctx context.Context, teams []ecograph.TeamMetrics, at time.Time) error {
	for lo := 0; lo < len(teams); lo += connectorMetricsBatch {
		hi := min(lo+connectorMetricsBatch, len(teams))
		rows := make([]map[string]any, 0, hi-lo)
		for _, t := range teams[lo:hi] {
			var rec any
			if t.Reciprocity != nil {
				rec = *t.Reciprocity
			}
			rows = append(rows, map[string]any{"id": t.TeamID, "density": t.Density, "averageTrust": t.AverageTrust,
				"reciprocity": rec, "stage": string(t.Stage)})
		}
		if _, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return run(ctx, tx, "write_team_metrics", map[string]any{"rows": rows, "at": at.UTC()})
		}); err != nil {
			return err
		}
	}
	return nil
}

package cypher_test

import (
	"context"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestTeamGraphsAndMetricsWriteBack: FindTeamGraphs reads a team's members, every tie among
// them (trust 0 included) and the answers between them, within the caller's scope; the
// write-backs put the metrics on the nodes, idempotently.
func TestTeamGraphsAndMetricsWriteBack(t *testing.T) {
	s := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	ids := seed(t, s, p, 3)
	for _, tie := range []ecograph.Tie{{PersonA: ids[0], PersonB: ids[1], Trust: 0.7}, {PersonA: ids[1], PersonB: ids[2], Trust: 0}} {
		if _, err := s.UpsertTie(ctx, tie); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := neo4j.ExecuteQuery(ctx, s.Driver(), `MATCH (a:Person {id: $a}), (b:Person {id: $b})
		MERGE (a)-[r:ANSWERED {question: 'trust'}]->(b) SET r.score = 4, r.answeredAt = datetime()`,
		map[string]any{"a": ids[0], "b": ids[2]}, neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
	tgs, err := s.FindTeamGraphs(ctx, ecograph.FullScope(), []string{p + "team", p + "nothing"})
	if err != nil {
		t.Fatal(err)
	}
	tg := tgs[p+"team"]
	if len(tgs) != 1 || tg == nil || len(tg.Members) != 3 || len(tg.Ties) != 2 || len(tg.Answers) != 1 || tg.Answers[0].Question != "trust" {
		t.Fatalf("team graph: %+v", tgs)
	}
	// A partner sees no other organisation's team.
	other, err := s.FindTeamGraphs(ctx, ecograph.Scope{Role: ecograph.CallerPartner, OrgID: p + "partner"}, []string{p + "team"})
	if err != nil || len(other) != 0 {
		t.Fatalf("a partner read another organisation's team: %+v %v", other, err)
	}

	at := time.Now()
	rec := 0.5
	for range 2 { // idempotent
		if err := s.WriteConnectorMetrics(ctx, []ecograph.ConnectorScore{{PersonID: ids[1], Betweenness: 0.25}, {PersonID: p + "gone", Betweenness: 0.1}},
			[]int{1, 2}, true, at); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteTeamMetrics(ctx, []ecograph.TeamMetrics{{TeamID: p + "team", Density: 2.0 / 3, AverageTrust: 0.35,
			Reciprocity: &rec, Stage: ecograph.StagePistol}}, at); err != nil {
			t.Fatal(err)
		}
	}
	res, err := neo4j.ExecuteQuery(ctx, s.Driver(), `MATCH (p:Person {id: $p}), (t:Team {id: $t})
		RETURN p.betweenness AS b, p.connectorRank AS r, p.betweennessExact AS x, t.density AS d, t.reciprocity AS rec, t.stage AS st`,
		map[string]any{"p": ids[1], "t": p + "team"}, neo4j.EagerResultTransformer)
	if err != nil || len(res.Records) != 1 {
		t.Fatalf("%v %v", res, err)
	}
	m := res.Records[0].AsMap()
	if m["b"] != 0.25 || m["r"] != int64(1) || m["x"] != true || m["d"] != 2.0/3 || m["rec"] != 0.5 || m["st"] != "PISTOL" {
		t.Fatalf("written back: %v", m)
	}
	// No survey any more: reciprocity is removed.
	if err := s.WriteTeamMetrics(ctx, []ecograph.TeamMetrics{{TeamID: p + "team", Stage: ecograph.StagePistol}}, at); err != nil {
		t.Fatal(err)
	}
	res, err = neo4j.ExecuteQuery(ctx, s.Driver(), `MATCH (t:Team {id: $t}) RETURN t.reciprocity AS rec`,
		map[string]any{"t": p + "team"}, neo4j.EagerResultTransformer)
	if err != nil || res.Records[0].AsMap()["rec"] != nil {
		t.Fatalf("reciprocity after no survey: %v %v", res.Records, err)
	}
}

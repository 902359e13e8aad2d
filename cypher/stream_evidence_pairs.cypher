// StreamEvidencePairs: every pair that may need its trust recomputed: every tie, and every
// pair of people with a survey answer between them (interaction pairs come from
// stream_interaction_pairs). With $staleOnly, only ties computed from evidence before $asOf.
// Parameters: $staleOnly bool, $asOf datetime
// Columns: a string, b string
CALL () {
  MATCH (x:Person)-[t:TIE]->(y:Person)
  WHERE NOT $staleOnly OR (t.confidence IS NOT NULL AND (t.asOf IS NULL OR t.asOf < $asOf))
  RETURN x.id AS a, y.id AS b
  UNION
  MATCH (x:Person)-[:ANSWERED]->(y:Person)
  WHERE NOT $staleOnly
  RETURN x.id AS a, y.id AS b
}
RETURN a, b

// WriteConnectorMetrics: writes each person's whole-ecosystem betweenness and connector rank
// (1 = highest) back to the graph, for analysts who query and style by them in Neo4j Browser.
// Idempotent. People deleted meanwhile are skipped.
// Parameters: $rows [{id string, betweenness float, rank int}], $at datetime, $exact bool
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
SET p.betweenness = row.betweenness, p.connectorRank = row.rank, p.betweennessExact = $exact,
    p.metricsAt = $at

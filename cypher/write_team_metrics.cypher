// WriteTeamMetrics: writes each team's cohesion and maturity stage back to the graph, for
// analysts who query and style by them in Neo4j Browser. A null reciprocity (no survey
// answers) removes the property. Idempotent; teams deleted meanwhile are skipped.
// Parameters: $rows [{id string, density float, averageTrust float, reciprocity float|null,
//             stage string}], $at datetime
UNWIND $rows AS row
MATCH (t:Team {id: row.id})
SET t.density = row.density, t.averageTrust = row.averageTrust, t.reciprocity = row.reciprocity,
    t.stage = row.stage, t.metricsAt = $at

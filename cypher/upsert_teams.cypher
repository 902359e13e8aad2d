// UpsertTeams: creates or replaces teams; a team moves to the given organisation. Rows whose
// organisation does not exist are skipped (callers check first).
// Parameters: $rows [{id, name, organizationId}]
UNWIND $rows AS row
MATCH (o:Organization {id: row.organizationId})
MERGE (t:Team {id: row.id})
SET t.name = row.name
WITH t, o
CALL (t, o) {
  OPTIONAL MATCH (t)-[r:PART_OF]->(x:Organization) WHERE x <> o
  DELETE r
}
MERGE (t)-[:PART_OF]->(o)

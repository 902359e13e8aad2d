// UpsertOrganizations: creates or replaces organisations, one row each, and their areas of
// interest when the row has topics (a list replaces the organisation's topics, null leaves
// them).
// Parameters: $rows [{id, name, kind, sector, topics [string]|null}] (topics trimmed and
//             deduplicated)
UNWIND $rows AS row
MERGE (o:Organization {id: row.id})
SET o.name = row.name, o.kind = row.kind, o.sector = row.sector
WITH o, row
CALL (o, row) {
  OPTIONAL MATCH (o)-[i:INTERESTED_IN]->(t:Topic)
  WHERE row.topics IS NOT NULL AND NOT t.name IN row.topics
  DELETE i
}
CALL (o, row) {
  UNWIND coalesce(row.topics, []) AS name
  MERGE (t:Topic {name: name})
  MERGE (o)-[:INTERESTED_IN]->(t)
}

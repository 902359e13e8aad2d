// UpsertPeople: creates or replaces people: properties, employer, roles and team memberships
// (memberships not listed are removed), and expertise when the row has topics (a list replaces
// the person's topics, null leaves them). Rows whose organisation does not exist are skipped,
// and so are teams that do not exist (callers check first).
// Parameters: $rows [{id, name, nameKey, title, organizationId, roles [string], teamIds [string],
//                     topics [string]|null}]
//             (nameKey: the name's search key, fold.Key(name); topics trimmed and deduplicated)
UNWIND $rows AS row
MATCH (o:Organization {id: row.organizationId})
MERGE (p:Person {id: row.id})
SET p.name = row.name, p.nameKey = row.nameKey, p.title = row.title, p.roles = row.roles
WITH p, o, row
CALL (p, o) {
  OPTIONAL MATCH (p)-[w:WORKS_AT]->(x:Organization) WHERE x <> o
  DELETE w
}
MERGE (p)-[:WORKS_AT]->(o)
WITH p, row
CALL (p, row) {
  OPTIONAL MATCH (p)-[m:MEMBER_OF]->(t:Team) WHERE NOT t.id IN row.teamIds
  DELETE m
}
CALL (p, row) {
  UNWIND row.teamIds AS teamId
  MATCH (t:Team {id: teamId})
  MERGE (p)-[:MEMBER_OF]->(t)
}
CALL (p, row) {
  OPTIONAL MATCH (p)-[e:HAS_EXPERTISE]->(t:Topic)
  WHERE row.topics IS NOT NULL AND NOT t.name IN row.topics
  DELETE e
}
CALL (p, row) {
  UNWIND coalesce(row.topics, []) AS name
  MERGE (t:Topic {name: name})
  MERGE (p)-[:HAS_EXPERTISE]->(t)
}

// UpsertAccount: creates or replaces an account and its target (callers check that the
// target exists and is a CLIENT).
// Parameters: $id string, $name string, $target string
MATCH (t:Organization {id: $target})
MERGE (a:Account {id: $id})
SET a.name = $name
WITH a, t
CALL (a, t) {
  OPTIONAL MATCH (a)-[r:TARGETS]->(x:Organization) WHERE x <> t
  DELETE r
}
MERGE (a)-[:TARGETS]->(t)

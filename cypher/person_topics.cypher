// PersonTopics: a person's expertise, by topic name (after a write that left it unchanged).
// Parameters: $id string
// Columns: topics [string]
OPTIONAL MATCH (p:Person {id: $id})-[:HAS_EXPERTISE]->(t:Topic)
RETURN collect(t.name) AS topics

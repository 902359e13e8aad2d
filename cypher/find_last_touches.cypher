// FindLastTouches: for each person, the latest interaction they had with any of our people
// (organisations of kind OURS), and which of ours took part. Partners see none.
// Parameters: scope ($role, $org), $ids [string]
// Columns: id string, interaction map, by [string]
{{scope}}
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
WHERE scopeAll
CALL (p) {
  MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction)<-[:PARTICIPATED_IN]-(:Person)-[:WORKS_AT]->(:Organization {kind: 'OURS'})
  WITH DISTINCT i ORDER BY i.at DESC, i.id DESC LIMIT 1
  RETURN i
}
RETURN p.id AS id, i {.*} AS interaction,
       [(i)<-[:PARTICIPATED_IN]-(u:Person)-[:WORKS_AT]->(:Organization {kind: 'OURS'}) WHERE u <> p | u.id] AS by

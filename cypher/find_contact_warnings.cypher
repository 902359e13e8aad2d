// FindContactWarnings: decision makers (of one organisation, or of every client) whom two or
// more of our people contacted since $since: contacts that should have been orchestrated.
// Partners see none. Ordered by the number of our people, most first, then person id.
// Parameters: scope ($role, $org), $organization string|null, $since datetime
// Columns: id string, ours [string], interactions [interaction map] (newest first)
{{scope}}
MATCH (dm:Person)-[:WORKS_AT]->(o:Organization)
WHERE scopeAll AND 'DECISION_MAKER' IN dm.roles AND o.kind <> 'OURS'
  AND ($organization IS NULL OR o.id = $organization)
MATCH (dm)-[:PARTICIPATED_IN]->(i:Interaction)<-[:PARTICIPATED_IN]-(u:Person)-[:WORKS_AT]->(:Organization {kind: 'OURS'})
WHERE i.at >= $since
WITH dm, collect(DISTINCT u.id) AS ours, collect(DISTINCT i) AS ixs
WHERE size(ours) >= 2
RETURN dm.id AS id, ours, [x IN ixs[0..50] | x {.*}] AS interactions
ORDER BY size(ours) DESC, id

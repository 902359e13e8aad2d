// FindContactWarnings (for people): which of the given people are decision makers (not ours)
// whom two or more of our people contacted since $since. Starts from the ids (index seeks).
// Partners see none. Ordered by the number of our people, most first, then person id.
// Parameters: scope ($role, $org), $ids [string], $since datetime
// Columns: id string, ours [string], interactions [interaction map] (newest first)
{{scope}}
UNWIND $ids AS pid
MATCH (dm:Person {id: pid})-[:WORKS_AT]->(o:Organization)
WHERE scopeAll AND 'DECISION_MAKER' IN dm.roles AND o.kind <> 'OURS'
MATCH (dm)-[:PARTICIPATED_IN]->(i:Interaction)<-[:PARTICIPATED_IN]-(u:Person)-[:WORKS_AT]->(:Organization {kind: 'OURS'})
WHERE i.at >= $since
WITH dm, collect(DISTINCT u.id) AS ours, collect(DISTINCT i) AS ixs
WHERE size(ours) >= 2
RETURN dm.id AS id, ours, [x IN ixs[0..50] | x {.*}] AS interactions
ORDER BY size(ours) DESC, id

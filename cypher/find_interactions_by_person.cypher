// FindInteractions (by person): the interactions a person took part in, newest first, after
// the cursor (at, id), with their total. Partners see none (our interactions are private).
// Parameters: scope ($role, $org), $id, $afterAt datetime|null, $afterId, $limit
// Columns: total int, page [interaction map]
{{scope}}
MATCH (p:Person {id: $id})-[:PARTICIPATED_IN]->(i:Interaction)
WHERE scopeAll
WITH i ORDER BY i.at DESC, i.id DESC
WITH collect(i) AS rows
RETURN size(rows) AS total,
       [x IN rows WHERE $afterAt IS NULL OR x.at < $afterAt OR (x.at = $afterAt AND x.id < $afterId)][0..$limit] AS page

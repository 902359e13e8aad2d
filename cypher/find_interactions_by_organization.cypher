// FindInteractions (by organisation): the interactions about an organisation or with any of
// its people, newest first, after the cursor (at, id), with their total. Partners see none.
// Parameters: scope ($role, $org), $id, $afterAt datetime|null, $afterId, $limit
// Columns: total int, page [interaction map]
{{scope}}
MATCH (o:Organization {id: $id})
WHERE scopeAll
CALL (o) {
  MATCH (o)<-[:ABOUT]-(i:Interaction) RETURN i
  UNION
  MATCH (o)<-[:WORKS_AT]-(:Person)-[:PARTICIPATED_IN]->(i:Interaction) RETURN i
}
WITH i ORDER BY i.at DESC, i.id DESC
WITH collect(i) AS rows
RETURN size(rows) AS total,
       [x IN rows WHERE $afterAt IS NULL OR x.at < $afterAt OR (x.at = $afterAt AND x.id < $afterId)][0..$limit] AS page

// FindInteractions (by organisation): a page of the interactions about an organisation or
// with any of its people, newest first, after the cursor (at, id), and how many there are in
// all. Partners see none. Only the page is sorted (ORDER BY ... LIMIT keeps the top rows).
// Parameters: scope ($role, $org), $id, $afterAt datetime|null, $afterId, $limit
// Columns: total int, page [interaction node]
{{scope}}
MATCH (o:Organization {id: $id})
WHERE scopeAll
CALL (o) {
  CALL (o) {
    MATCH (o)<-[:ABOUT]-(i:Interaction) RETURN i
    UNION
    MATCH (o)<-[:WORKS_AT]-(:Person)-[:PARTICIPATED_IN]->(i:Interaction) RETURN i
  }
  WITH count(i) AS total, collect(i) AS rows
  RETURN total,
         [x IN rows WHERE $afterAt IS NULL OR x.at < $afterAt OR (x.at = $afterAt AND x.id < $afterId)] AS after
}
CALL (after) {
  UNWIND after AS i
  WITH i ORDER BY i.at DESC, i.id DESC LIMIT $limit
  RETURN collect(i) AS page
}
RETURN total, page

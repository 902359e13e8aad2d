// FindInteractions (by person): a page of the interactions a person took part in, newest
// first, after the cursor (at, id), and how many there are in all. Partners see none (our
// interactions are private). Only the page is sorted (ORDER BY ... LIMIT keeps the top rows);
// the total is the person's degree.
// Parameters: scope ($role, $org), $id, $afterAt datetime|null, $afterId, $limit
// Columns: total int, page [interaction node]
{{scope}}
MATCH (p:Person {id: $id})
WHERE scopeAll
CALL (p) {
  MATCH (p)-[:PARTICIPATED_IN]->(i:Interaction)
  WHERE $afterAt IS NULL OR i.at < $afterAt OR (i.at = $afterAt AND i.id < $afterId)
  WITH i ORDER BY i.at DESC, i.id DESC LIMIT $limit
  RETURN collect(i) AS page
}
RETURN COUNT { (p)-[:PARTICIPATED_IN]->(:Interaction) } AS total, page

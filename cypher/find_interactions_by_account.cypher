// FindInteractions (by account): a page of the interactions logged for an account, newest
// first, after the cursor (at, id), and how many there are in all. Partners see none.
// Parameters: scope ($role, $org), $id, $afterAt datetime|null, $afterId, $limit
// Columns: total int, page [interaction node]
{{scope}}
MATCH (a:Account {id: $id})
WHERE scopeAll
CALL (a) {
  MATCH (a)<-[:FOR_ACCOUNT]-(i:Interaction)
  WHERE $afterAt IS NULL OR i.at < $afterAt OR (i.at = $afterAt AND i.id < $afterId)
  WITH i ORDER BY i.at DESC, i.id DESC LIMIT $limit
  RETURN collect(i) AS page
}
RETURN COUNT { (a)<-[:FOR_ACCOUNT]-(:Interaction) } AS total, page

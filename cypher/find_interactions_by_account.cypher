// FindInteractions (by account): the interactions logged for an account, newest first, after
// the cursor (at, id), with their total. Partners see none.
// Parameters: scope ($role, $org), $id, $afterAt datetime|null, $afterId, $limit
// Columns: total int, page [interaction map]
{{scope}}
MATCH (a:Account {id: $id})<-[:FOR_ACCOUNT]-(i:Interaction)
WHERE scopeAll
WITH i ORDER BY i.at DESC, i.id DESC
WITH collect(i) AS rows
RETURN size(rows) AS total,
       [x IN rows WHERE $afterAt IS NULL OR x.at < $afterAt OR (x.at = $afterAt AND x.id < $afterId)][0..$limit] AS page

// FinishBulkLoad: gives people without roles the empty list `ecograph import` stores
// (neo4j-admin reads an empty array field as no property), one batch of ids after $after at a
// time, in id order (the person_id index), so that the whole pass reads each person once.
// Parameters: $after string, $batch int
// Columns: last string|null (the batch's last id; null when done), n int (people changed)
MATCH (p:Person) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $batch
WITH collect(p) AS ps
CALL (ps) {
  UNWIND ps AS p
  WITH p WHERE p.roles IS NULL
  SET p.roles = []
  RETURN count(p) AS n
}
RETURN ps[-1].id AS last, n

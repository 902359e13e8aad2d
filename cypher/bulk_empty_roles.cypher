// FinishBulkLoad: gives people without roles the empty list `ecograph import` stores
// (neo4j-admin reads an empty array field as no property), one batch of ids after $after at a
// time, in id order (the person_id index), so that the whole pass reads each person once.
// The caller runs it with the metadata that makes the change feed's trigger skip the
// transaction and records the changed people itself (the trigger's cost grows with the
// transaction's changes: 50,000 property writes a batch).
// Parameters: $after string, $batch int
// Columns: last string|null (the batch's last id; null when done), ids [string] (people changed)
MATCH (p:Person) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $batch
WITH collect(p) AS ps
CALL (ps) {
  UNWIND ps AS p
  WITH p WHERE p.roles IS NULL
  SET p.roles = []
  RETURN collect(p.id) AS ids
}
RETURN ps[-1].id AS last, ids

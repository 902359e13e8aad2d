// FinishBulkLoad: gives people without roles the empty list `ecograph import` stores
// (neo4j-admin reads an empty array field as no property), one batch at a time.
// Parameters: $batch int
// Columns: n int (people changed; 0 when done)
MATCH (p:Person) WHERE p.roles IS NULL
WITH p LIMIT $batch
SET p.roles = []
RETURN count(p) AS n

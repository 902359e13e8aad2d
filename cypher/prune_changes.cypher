// PruneChanges: deletes up to $batch changes written before $before, oldest first, but never
// the last one (the feed's head stays readable). Returns how many it deleted.
// Parameters: $before datetime, $batch int
// Columns: deleted int
MATCH (f:ChangeFeed {id: 'routes'})
MATCH (c:Change) WHERE c.seq < f.seq AND c.at < $before
WITH c ORDER BY c.seq LIMIT $batch
DELETE c
RETURN count(*) AS deleted

// FeedChanges: the change feed's head, its oldest change still kept, and the changes after
// $after, oldest first, at most $limit. The caller keeps only the run that follows $after
// without a hole: a change is read through the index on Change.seq, and a transaction that is
// still committing may show its feed number before its Change (and its other writes); a change
// seen through the index belongs to a transaction whose writes are all visible.
// Parameters: $after int, $limit int
// Columns: epoch string|null (null: no feed), head int, oldest int|null,
//          changes [{seq, people, orgs}]
OPTIONAL MATCH (f:ChangeFeed {id: 'routes'})
WITH f.epoch AS epoch, coalesce(f.seq, 0) AS head
RETURN epoch, head,
  COLLECT { MATCH (c:Change) WHERE c.seq >= 0 WITH c ORDER BY c.seq LIMIT 1 RETURN c.seq }[0] AS oldest,
  COLLECT {
    MATCH (c:Change) WHERE c.seq > $after
    WITH c ORDER BY c.seq LIMIT $limit
    RETURN {seq: c.seq, people: c.people, orgs: c.orgs}
  } AS changes

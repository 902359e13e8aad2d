// FeedHead: the change feed's epoch (null: no feed) and last number.
// Columns: epoch string|null, head int
OPTIONAL MATCH (f:ChangeFeed {id: 'routes'})
RETURN f.epoch AS epoch, coalesce(f.seq, 0) AS head

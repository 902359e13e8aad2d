// RecordChanges: appends one change to the change feed, as change_feed_trigger does, for a
// bulk write that names its people itself (the importer) and runs with the transaction
// metadata {ecographFeed: 'recorded'}, which makes the trigger skip it: the trigger's cost
// grows with the transaction's changes, this with its people. It records nothing when the
// database keeps no feed (no feed node: the trigger creates it).
// Parameters: $people [string], $orgs bool
MATCH (f:ChangeFeed {id: 'routes'})
SET f.locked = true
WITH f
SET f.seq = f.seq + 1
CREATE (:Change {seq: f.seq, people: $people, orgs: $orgs, at: datetime()})
REMOVE f.locked

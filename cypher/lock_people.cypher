// LockPeople: takes the write lock of each given person, in id order, for the rest of the
// transaction, so that recomputing a pair's trust (read the evidence, then write the tie)
// cannot interleave with another writer of the same pair: the second waits and then reads
// what the first committed.
// Parameters: $ids [string] (sorted)
UNWIND $ids AS id
MATCH (p:Person {id: id})
SET p._lock = true
REMOVE p._lock

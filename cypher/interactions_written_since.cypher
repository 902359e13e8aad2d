// InteractionsWrittenSince: the participants of every interaction written (created or
// changed) at or after $since, so that a bulk recomputation can redo the pairs a concurrent
// writer touched while it streamed.
// Parameters: $since datetime
// Columns: participants [string]
MATCH (i:Interaction)
WHERE i.writtenAt >= $since
RETURN i.participants AS participants

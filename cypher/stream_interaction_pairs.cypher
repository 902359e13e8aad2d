// StreamInteractionPairs: every interaction's participants, time and sentiment, for bulk
// trust recomputation (grouped by pair in Go: one scan instead of one expand per pair).
// Columns: id string, at datetime, sentiment float|null, participants [string]
MATCH (i:Interaction)
RETURN i.id AS id, i.at AS at, i.sentiment AS sentiment, i.participants AS participants

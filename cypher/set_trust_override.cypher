// SetTrustOverride: sets (with $trust) or clears (with $trust null) the manual override of the
// tie between two people, with who and why; setting one creates the tie when there is none.
// Parameters: $a, $b (a < b), $trust float|null, $reason string|null, $by string|null,
//             $at datetime|null
// Columns: found bool (both people exist)
OPTIONAL MATCH (a:Person {id: $a})
OPTIONAL MATCH (b:Person {id: $b})
CALL (a, b) {
  WITH * WHERE a IS NOT NULL AND b IS NOT NULL AND $trust IS NOT NULL
  MERGE (a)-[t:TIE]-(b)
  ON CREATE SET t.source = 'override'
  SET t.override = $trust, t.overrideReason = $reason, t.overrideBy = $by, t.overrideAt = $at
}
CALL (a, b) {
  WITH * WHERE a IS NOT NULL AND b IS NOT NULL AND $trust IS NULL
  OPTIONAL MATCH (a)-[t:TIE]-(b)
  REMOVE t.override, t.overrideReason, t.overrideBy, t.overrideAt
}
RETURN a IS NOT NULL AND b IS NOT NULL AS found

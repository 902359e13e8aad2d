// WriteTieTrust: writes what the trust model made of each pair's evidence. A pair the model
// makes a tie gets one (MERGE locks both people, so concurrent writers never make two); a tie
// the model no longer supports (no prior, no override, too little evidence) is deleted, and
// never one that has a prior or an override (the people are locked: see lock_people).
// Parameters: $rows [{a, b, tie bool, trust, confidence, ixCount int, ixLast datetime|null,
//             ixSentiment float|null, explanation, asOf datetime}]
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
CALL (a, b, row) {
  WITH * WHERE row.tie
  MERGE (a)-[t:TIE]-(b)
  ON CREATE SET t.source = 'evidence'
  SET t.trust = row.trust, t.confidence = row.confidence, t.ixCount = row.ixCount,
      t.ixLast = row.ixLast, t.ixSentiment = row.ixSentiment, t.explanation = row.explanation,
      t.asOf = row.asOf
}
CALL (a, b, row) {
  WITH * WHERE NOT row.tie
  OPTIONAL MATCH (a)-[t:TIE]-(b)
  WHERE t.prior IS NULL AND t.override IS NULL
  DELETE t
}

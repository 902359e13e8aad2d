// FindPairEvidence: what the trust model needs for each pair, and what the tie holds now.
// With $withInteractions, the pair's interactions too (an expand-into per pair: fine for the
// handful of pairs a write touches; bulk recomputation streams interactions instead).
// Parameters: $pairs [{a, b}], $withInteractions bool
// Columns: a, b, tie {trust, prior, confidence, override, overrideReason, overrideBy,
//          overrideAt, source, ixCount, ixLast, ixSentiment, explanation, asOf}|null, fromA [[question, score, answeredAt]],
//          fromB (likewise), interactions [[id, at, sentiment|null]]
UNWIND $pairs AS pr
MATCH (a:Person {id: pr.a})
MATCH (b:Person {id: pr.b})
OPTIONAL MATCH (a)-[t:TIE]-(b)
WITH pr, a, b, head(collect(t)) AS t
RETURN pr.a AS a, pr.b AS b,
       CASE WHEN t IS NULL THEN null
            ELSE t {.trust, .prior, .confidence, .override, .overrideReason, .overrideBy, .overrideAt,
                    .source, .ixCount, .ixLast, .ixSentiment, .explanation, .asOf} END AS tie,
       [(a)-[r:ANSWERED]->(b) | [r.question, r.score, r.answeredAt]] AS fromA,
       [(b)-[r:ANSWERED]->(a) | [r.question, r.score, r.answeredAt]] AS fromB,
       CASE WHEN $withInteractions
            THEN [(a)-[:PARTICIPATED_IN]->(i:Interaction)<-[:PARTICIPATED_IN]-(b) | [i.id, i.at, i.sentiment]]
            ELSE [] END AS interactions

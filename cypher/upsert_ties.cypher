// UpsertTies: creates or replaces ties. A tie is stored once, from the lower id to the higher
// (callers put a < b), and read undirected. MERGE locks both people before it creates the
// relationship (LockingMerge in the plan), so concurrent upserts of one pair never create two.
// Rows naming an unknown person are skipped (callers check first). The row's trust is the
// tie's prior (the imported or CRM value); a tie without other evidence (never computed by the
// trust model: no confidence) takes it as its trust at once, and the pairs of ties with
// evidence are returned, for the caller to recompute in the same transaction.
// Columns: a, b (ties with evidence whose prior changed)
// The MERGE is undirected (a tie made from evidence or in Neo4j Browser may point either way;
// a directed MERGE would add a second one); it still locks both people.
// Parameters: $rows [{a, b, trust, source}]
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[t:TIE]-(b)
WITH row, t, t.prior AS old
SET t.prior = row.trust, t.source = row.source,
    t.trust = CASE WHEN t.confidence IS NULL THEN row.trust ELSE t.trust END
WITH row, t, old
WHERE t.confidence IS NOT NULL AND (old IS NULL OR old <> row.trust)
RETURN row.a AS a, row.b AS b

// UpsertTies: creates or replaces ties. A tie is stored once, from the lower id to the higher
// (callers put a < b), and read undirected. MERGE locks both people before it creates the
// relationship (LockingMerge in the plan), so concurrent upserts of one pair never create two.
// Rows naming an unknown person are skipped (callers check first).
// Parameters: $rows [{a, b, trust, source}]
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
MERGE (a)-[t:TIE]->(b)
SET t.trust = row.trust, t.source = row.source

// UpsertTies: creates or replaces ties. A tie is stored once, from the lower id to the higher
// (callers put a < b), and read undirected. Both people are write-locked first so that
// concurrent upserts of one pair never create two relationships. Rows naming an unknown
// person are skipped (callers check first).
// Parameters: $rows [{a, b, trust, source}]
UNWIND $rows AS row
MATCH (a:Person {id: row.a})
MATCH (b:Person {id: row.b})
SET a.tieLock = true, b.tieLock = true
REMOVE a.tieLock, b.tieLock
MERGE (a)-[t:TIE]->(b)
SET t.trust = row.trust, t.source = row.source, t.updatedAt = datetime()

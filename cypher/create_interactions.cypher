// CreateInteractions: the importer's fast path for interactions that do not exist yet
// (checked in the same transaction with existing_interactions): CREATE, no MERGE, no eager
// comparisons. Measured about 3x faster than upsert_interactions for new rows. Participants,
// organisations and accounts that do not exist are skipped (callers check first).
// Parameters: $rows (as upsert_interactions)
UNWIND $rows AS row
CREATE (i:Interaction {id: row.id, kind: row.kind, at: row.at, participants: row.participants,
                       sentiment: row.sentiment, organizationId: row.organizationId,
                       accountId: row.accountId, notes: row.notes, loggedBy: row.loggedBy,
                       writtenAt: datetime()})
WITH i, row
CALL (i, row) {
  UNWIND row.participants AS pid
  MATCH (p:Person {id: pid})
  CREATE (p)-[:PARTICIPATED_IN]->(i)
}
CALL (i, row) {
  MATCH (o:Organization {id: row.organizationId})
  CREATE (i)-[:ABOUT]->(o)
}
CALL (i, row) {
  MATCH (a:Account {id: row.accountId})
  CREATE (i)-[:FOR_ACCOUNT]->(a)
}

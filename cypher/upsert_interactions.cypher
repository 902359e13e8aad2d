// UpsertInteractions: creates or replaces interactions by id, with their participants
// (PARTICIPATED_IN), the organisation they were about (ABOUT) and the account they were for
// (FOR_ACCOUNT). An interaction whose every field is unchanged is not written at all, so a
// re-import changes nothing. Participants, organisations and accounts that do not exist are
// skipped (callers check first).
// Parameters: $rows [{id, kind, at datetime, participants [string] (sorted), organizationId
//             string|null, accountId string|null, sentiment float|null, notes string|null,
//             loggedBy string|null}]
// Columns: id string, old [string] (the participants before; [] when new), changed bool
UNWIND $rows AS row
MERGE (i:Interaction {id: row.id})
WITH i, row, coalesce(i.participants, []) AS old,
     i.kind IS NOT NULL AND i.kind = row.kind AND i.at = row.at AND i.participants = row.participants
       AND coalesce(i.sentiment, 9.0) = coalesce(row.sentiment, 9.0)
       AND coalesce(i.organizationId, '') = coalesce(row.organizationId, '')
       AND coalesce(i.accountId, '') = coalesce(row.accountId, '')
       AND coalesce(i.notes, '') = coalesce(row.notes, '') AS same
CALL (i, row, same) {
  WITH * WHERE NOT same
  SET i.kind = row.kind, i.at = row.at, i.participants = row.participants,
      i.sentiment = row.sentiment, i.organizationId = row.organizationId,
      i.accountId = row.accountId, i.notes = row.notes,
      i.loggedBy = coalesce(row.loggedBy, i.loggedBy), i.writtenAt = datetime()
  WITH i, row
  CALL (i, row) {
    OPTIONAL MATCH (p:Person)-[r:PARTICIPATED_IN]->(i) WHERE NOT p.id IN row.participants
    DELETE r
  }
  CALL (i, row) {
    UNWIND row.participants AS pid
    MATCH (p:Person {id: pid})
    MERGE (p)-[:PARTICIPATED_IN]->(i)
  }
  CALL (i, row) {
    OPTIONAL MATCH (i)-[r:ABOUT|FOR_ACCOUNT]->()
    DELETE r
  }
  CALL (i, row) {
    MATCH (o:Organization {id: row.organizationId})
    MERGE (i)-[:ABOUT]->(o)
  }
  CALL (i, row) {
    MATCH (a:Account {id: row.accountId})
    MERGE (i)-[:FOR_ACCOUNT]->(a)
  }
}
RETURN row.id AS id, old, NOT same AS changed

// DeleteAccount: deletes an account with its swarm, target and shares (interactions and
// introductions that were for it keep its id), and records, when it existed, an UNSHARE event
// for each share it had and then a DELETE event. Event ids come from the caller ($event, and
// $event + '-' + the partner's id), so a retried transaction writes them once.
// Parameters: $account, $by, $event string, $at datetime
// Columns: found bool
OPTIONAL MATCH (a:Account {id: $account})
OPTIONAL MATCH (a)-[s:SHARED_WITH]->(p:Organization)
WITH a, collect(p.id) AS partners
CALL (a, partners) {
  WITH a, partners WHERE a IS NOT NULL
  FOREACH (pid IN partners |
    MERGE (u:AuditEvent {id: $event + '-' + pid})
    SET u.at = $at, u.by = $by, u.action = 'UNSHARE', u.accountId = $account, u.partnerId = pid)
  // The DELETE sorts after the UNSHAREs at the same instant (newest first: it comes first).
  MERGE (e:AuditEvent {id: $event + '~delete'})
  SET e.at = $at, e.by = $by, e.action = 'DELETE', e.accountId = $account
}
WITH a, a IS NOT NULL AS found
DETACH DELETE a
RETURN found

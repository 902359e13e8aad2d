// UnshareAccount: withdraws an account's share with a partner and records the change when
// there was one.
// Parameters: $account, $partner, $by, $event string, $at datetime
// Columns: removed int
OPTIONAL MATCH (:Account {id: $account})-[s:SHARED_WITH]->(:Organization {id: $partner})
DELETE s
WITH count(s) AS removed
CALL (removed) {
  WITH removed WHERE removed > 0
  MERGE (e:AuditEvent {id: $event})
  SET e.at = $at, e.by = $by, e.action = 'UNSHARE', e.accountId = $account, e.partnerId = $partner
}
RETURN removed

// ShareAccount: shares an account with a partner at a level (replacing an earlier level) and
// records the change; the event id comes from the caller so a retried transaction writes it
// once.
// Parameters: $account, $partner, $level, $by, $event string, $at datetime
MATCH (a:Account {id: $account})
MATCH (p:Organization {id: $partner})
MERGE (a)-[s:SHARED_WITH]->(p)
SET s.level = $level, s.at = $at, s.by = $by
MERGE (e:AuditEvent {id: $event})
SET e.at = $at, e.by = $by, e.action = 'SHARE', e.accountId = $account, e.partnerId = $partner,
    e.level = $level

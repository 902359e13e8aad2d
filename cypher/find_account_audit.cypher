// FindAccountAudit: an account's share changes, newest first. Callers check the role.
// Parameters: $account string, $limit int
// Columns: event {id, at, by, action, accountId, partnerId, level}
MATCH (e:AuditEvent {accountId: $account})
RETURN e {.id, .at, .by, .action, .accountId, .partnerId, .level} AS event
ORDER BY e.at DESC, e.id DESC
LIMIT $limit

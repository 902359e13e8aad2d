// accountAudit reads an account's events.
CREATE INDEX audit_event_account IF NOT EXISTS FOR (e:AuditEvent) ON (e.accountId)

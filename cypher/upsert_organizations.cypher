// UpsertOrganizations: creates or replaces organisations, one row each.
// Parameters: $rows [{id, name, kind, sector}]
UNWIND $rows AS row
MERGE (o:Organization {id: row.id})
SET o.name = row.name, o.kind = row.kind, o.sector = row.sector

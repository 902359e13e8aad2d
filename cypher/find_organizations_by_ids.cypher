// FindOrganizationsByIDs: the organisations with the given ids.
// Parameters: $ids [string]
// Columns: org {id, name, kind, sector}
UNWIND $ids AS id
MATCH (o:Organization {id: id})
RETURN o {.id, .name, .kind, .sector} AS org

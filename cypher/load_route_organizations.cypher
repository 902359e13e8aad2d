// LoadRouteGraph and LoadRouteDelta (2/2): every organisation. Read after the people, so that
// every organisation a person named (committed before that read) is here too.
// Columns: id string, name string, kind string, sector string
MATCH (o:Organization)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.sector AS sector

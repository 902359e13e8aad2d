// LoadRouteGraph (1/2) and LoadRouteDelta: every organisation.
// Columns: id string, name string, kind string, sector string
MATCH (o:Organization)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.sector AS sector

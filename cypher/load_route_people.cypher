// LoadRouteGraph (1/2): every person with what route constraints need.
// Columns: id string, org string, kind string, roles [string]
MATCH (p:Person)
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
RETURN p.id AS id, o.id AS org, o.kind AS kind, coalesce(p.roles, []) AS roles

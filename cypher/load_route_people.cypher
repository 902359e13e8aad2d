// LoadRouteGraph (1/3): every person with what routes need to be searched and explained, and
// the person's node (elementId) in this read, by which load_route_ties names them. One record
// per person. Ties are read by load_route_ties, by node: reading each tie's other end's id
// property was half of the database's time for the whole load (1M people, 18M ties).
// Columns: id, node string, name, title, org (string|null), roles [string], teams [string]
MATCH (p:Person)
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
RETURN p.id AS id, elementId(p) AS node, p.name AS name, p.title AS title, o.id AS org,
       coalesce(p.roles, []) AS roles, [(p)-[:MEMBER_OF]->(t:Team) | t.id] AS teams

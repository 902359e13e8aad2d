// LoadRouteGraph (2/3): every person with what routes need to be searched and explained.
// Columns: id string, name string, title string, org string, roles [string], teams [string]
MATCH (p:Person)
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
RETURN p.id AS id, p.name AS name, p.title AS title, o.id AS org, coalesce(p.roles, []) AS roles,
       [(p)-[:MEMBER_OF]->(t:Team) | t.id] AS teams

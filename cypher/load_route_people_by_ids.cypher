// LoadRouteDelta (1/2): the given people as load_route_people reads them, but with every tie
// of theirs (either direction), so that their adjacency can be replaced in the projection.
// Unknown ids return no row (the person was deleted).
// Parameters: $ids [string]
// Columns: as load_route_people
UNWIND $ids AS id
MATCH (p:Person {id: id})
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
RETURN p.id AS id, p.name AS name, p.title AS title, o.id AS org, coalesce(p.roles, []) AS roles,
       [(p)-[:MEMBER_OF]->(t:Team) | t.id] AS teams,
       [(p)-[t:TIE]-(b:Person) WHERE t.trust > 0 | [b.id, t.trust, t.source]] AS ties

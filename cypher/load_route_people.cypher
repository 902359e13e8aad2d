// LoadRouteGraph (1/2): every person with what routes need to be searched and explained, and
// their ties with positive trust, each tie once (each stored relationship read from its
// start node, whichever way it points). One record per person:
// measured 3x faster than one record per tie (10k people, 210k ties: 1.3 s against 3.9 s).
// A tie is one [to, trust, source] triple from ONE pattern comprehension: Neo4j reads under
// read committed, so two comprehensions over the same ties may see different ties when a
// write commits between them (issue 11: lists of different lengths crashed the loader).
// Columns: id, name, title, org (string|null), roles [string], teams [string],
//          ties [[to string, trust float, source string|null]]
MATCH (p:Person)
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
RETURN p.id AS id, p.name AS name, p.title AS title, o.id AS org, coalesce(p.roles, []) AS roles,
       [(p)-[:MEMBER_OF]->(t:Team) | t.id] AS teams,
       [(p)-[t:TIE]->(b:Person) WHERE t.trust > 0 | [b.id, t.trust, t.source]] AS ties

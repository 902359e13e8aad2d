// LoadRouteGraph (2/3): the ties with positive trust of every person whose id is in [$lo, $hi)
// (a null bound: unbounded), each tie once (each stored relationship read from its start node,
// whichever way it points), the other end named by its node (elementId; load_route_people
// maps nodes to ids): no property of the other end is read. The loader reads a few id ranges
// at once, each in its own transaction. One record per person: measured 3x faster than one
// record per tie (10k people, 210k ties: 1.3 s against 3.9 s). A tie is one [node, trust,
// source] triple from ONE pattern comprehension: Neo4j reads under read committed, so two
// comprehensions over the same ties may see different ties when a write commits between them
// (issue 11: lists of different lengths crashed the loader).
// Parameters: $lo string|null, $hi string|null
// Columns: node string, ties [[node string, trust float, source string|null]]
MATCH (p:Person)
WHERE ($lo IS NULL OR p.id >= $lo) AND ($hi IS NULL OR p.id < $hi)
RETURN elementId(p) AS node,
       [(p)-[t:TIE]->(b:Person) WHERE t.trust > 0 | [elementId(b), t.trust, t.source]] AS ties

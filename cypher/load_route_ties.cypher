// LoadRouteGraph (3/3): every tie with positive trust, each once.
// Columns: a string, b string, trust float, source string
MATCH (a:Person)-[t:TIE]->(b:Person)
WHERE t.trust > 0
RETURN a.id AS a, b.id AS b, t.trust AS trust, t.source AS source

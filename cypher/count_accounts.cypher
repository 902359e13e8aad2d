// CountAccounts: how many accounts the caller may see (see FindAccounts; a connection's
// totalCount).
// Parameters: scope ($role, $org)
// Columns: n int
{{scope}}
MATCH (a:Account)-[:TARGETS]->(t:Organization)
OPTIONAL MATCH (a)-[s:SHARED_WITH]->(:Organization {id: scopeOwn})
WITH * WHERE scopeOurs OR (s IS NOT NULL AND t.kind = 'CLIENT')
RETURN count(a) AS n

// FindAccounts: a page of the accounts the caller may see, by id (see FindAccountsByIDs).
// Parameters: scope ($role, $org), $after string ("" for the first page), $limit int
// Columns: account {id, name, targetId, level}
{{scope}}
MATCH (a:Account)-[:TARGETS]->(t:Organization)
WHERE a.id > $after
OPTIONAL MATCH (a)-[s:SHARED_WITH]->(:Organization {id: scopeOwn})
WITH * WHERE scopeOurs OR (s IS NOT NULL AND t.kind = 'CLIENT')
RETURN a {.id, .name, targetId: t.id, level: s.level} AS account
ORDER BY a.id
LIMIT $limit

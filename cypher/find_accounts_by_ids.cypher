// FindAccountsByIDs: the accounts with the given ids that the caller may see: all for our
// roles, those shared with it for a partner (with its share level).
// Parameters: scope ($role, $org), $ids [string]
// Columns: account {id, name, targetId, level}
{{scope}}
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:TARGETS]->(t:Organization)
OPTIONAL MATCH (a)-[s:SHARED_WITH]->(:Organization {id: scopeOwn})
WITH * WHERE scopeOurs OR (s IS NOT NULL AND t.kind = 'CLIENT')
RETURN a {.id, .name, targetId: t.id, level: s.level} AS account

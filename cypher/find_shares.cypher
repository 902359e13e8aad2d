// FindShares: each account's shares, by partner id. A partner sees only its own.
// Parameters: scope ($role, $org), $ids [string] (account ids)
// Columns: account string, partner string, level string, at datetime, by string
{{scope}}
UNWIND $ids AS id
MATCH (a:Account {id: id})-[s:SHARED_WITH]->(p:Organization)
WHERE scopeOurs OR p.id = scopeOwn
RETURN a.id AS account, p.id AS partner, s.level AS level, s.at AS at, s.by AS by
ORDER BY a.id, p.id

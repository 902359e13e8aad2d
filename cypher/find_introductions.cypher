// FindIntroductions: the introductions the caller may see that match every filter given, by
// id. Our roles see every one; a partner those addressed to its own people (whose introducer
// works at its organisation), whatever the account.
// Parameters: scope ($role, $org), $ids [string]|null, $account, $introducer, $requester,
//             $status string|null, $limit int
// Columns: introduction {all properties}
{{scope}}
MATCH (x:Introduction)
WHERE ($ids IS NULL OR x.id IN $ids)
  AND ($account IS NULL OR x.accountId = $account)
  AND ($introducer IS NULL OR x.introducerId = $introducer)
  AND ($requester IS NULL OR x.requesterId = $requester)
  AND ($status IS NULL OR x.status = $status)
  AND (scopeOurs OR EXISTS { MATCH (:Person {id: x.introducerId})-[:WORKS_AT]->(:Organization {id: scopeOwn}) })
RETURN x {.*} AS introduction
ORDER BY x.id
LIMIT $limit

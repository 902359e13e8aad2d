// FindIntroductionEvents: the audit trail of each introduction the caller may see (as in
// find_introductions), oldest first.
// Parameters: scope ($role, $org), $ids [string]
// Columns: introduction string, event {id, at, by, action, reason}
{{scope}}
UNWIND $ids AS id
MATCH (x:Introduction {id: id})<-[:OF]-(e:IntroductionEvent)
WHERE scopeOurs OR EXISTS { MATCH (:Person {id: x.introducerId})-[:WORKS_AT]->(:Organization {id: scopeOwn}) }
RETURN id AS introduction, e {.id, .at, .by, .action, .reason} AS event
ORDER BY id, e.at, e.id

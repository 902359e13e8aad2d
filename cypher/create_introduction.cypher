// CreateIntroduction: writes a new introduction request, links it to its people (and account)
// for exploration in Neo4j Browser, and records its REQUEST event. Callers check the
// references first (introduction_refs), in the same transaction. Ids come from the caller, so
// a retried transaction writes one introduction and one event.
// Parameters: $row {id, requesterId, introducerId, targetId, route, accountId, note, status,
//             requestedAt, requestedBy}, $event {id, at, by, action, reason}
MATCH (r:Person {id: $row.requesterId})
MATCH (i:Person {id: $row.introducerId})
MATCH (t:Person {id: $row.targetId})
MERGE (x:Introduction {id: $row.id})
SET x += $row
MERGE (r)-[:REQUESTED]->(x)
MERGE (x)-[:THROUGH]->(i)
MERGE (x)-[:TO]->(t)
WITH x
OPTIONAL MATCH (a:Account {id: $row.accountId})
FOREACH (_ IN CASE WHEN a IS NULL THEN [] ELSE [1] END | MERGE (x)-[:FOR_ACCOUNT]->(a))
MERGE (e:IntroductionEvent {id: $event.id})
SET e += $event, e.introductionId = x.id
MERGE (e)-[:OF]->(x)

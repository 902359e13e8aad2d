// CountReachablePeople: for each account the caller may see, how many of its target's
// people the swarm reaches: people of the target with a tie of positive trust to a swarm
// member. A count only: no names, no values.
// Parameters: scope ($role, $org), $ids [string] (account ids)
// Columns: account string, n int
{{scope}}
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:TARGETS]->(t:Organization)
OPTIONAL MATCH (a)-[s:SHARED_WITH]->(:Organization {id: scopeOwn})
WITH * WHERE scopeOurs OR s IS NOT NULL
OPTIONAL MATCH (t)<-[:WORKS_AT]-(p:Person)-[tie:TIE]-(:Person)-[:SWARMS_ON]->(a)
WHERE tie.trust > 0
RETURN a.id AS account, count(DISTINCT p) AS n

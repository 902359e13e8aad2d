// CountTiesMatching: how many of one person's ties FindTies lists with the same minTrust
// (a connection's totalCount): ties to people the caller may see, ranked by the trust the
// caller sees (hidden values rank as 0).
// Parameters: scope ($role, $org), $id string, $minTrust float
// Columns: n int
{{scope}}
MATCH (me:Person {id: $id})-[:WORKS_AT]->(mo:Organization)
WHERE scopeAll OR mo.id IN scopePeopleOrgs OR me.id IN scopePeople
MATCH (me)-[t:TIE]-(other:Person)-[:WORKS_AT]->(o:Organization)
WHERE scopeAll OR o.id IN scopePeopleOrgs OR other.id IN scopePeople
WITH t, scopeTrust OR mo.id = scopeOwn OR o.id = scopeOwn AS shown
WITH CASE WHEN shown THEN t.trust ELSE 0.0 END AS rank
WHERE rank >= $minTrust
RETURN count(*) AS n

// FindTies: a page of one person's ties to people the caller may see (none when the caller
// may not see the person), by the trust the caller sees, best first, then by the other
// person's id. A partner sees the trust of ties that touch its own organisation's people;
// any other tie's trust is hidden (null) and ranks as 0, so neither its order, nor minTrust,
// nor a cursor reveals it; nor does its source where that would say that we hold private
// evidence or an override ('evidence', 'override'). The cursor is the last row's (rank, id).
// Parameters: scope ($role, $org), $id string, $minTrust float, $afterTrust float|null,
//             $afterId string, $limit int
// Columns: trust float|null, rank float, source string,
//          person {id, name, title, roles, organizationId, teamIds, topics}
{{scope}}
MATCH (me:Person {id: $id})-[:WORKS_AT]->(mo:Organization)
WHERE scopeAll OR mo.id IN scopePeopleOrgs OR me.id IN scopePeople
MATCH (me)-[t:TIE]-(other:Person)-[:WORKS_AT]->(o:Organization)
WHERE scopeAll OR o.id IN scopePeopleOrgs OR other.id IN scopePeople
WITH *, scopeTrust OR mo.id = scopeOwn OR o.id = scopeOwn AS shown
WITH *, CASE WHEN shown THEN t.trust ELSE 0.0 END AS rank
WHERE rank >= $minTrust
  AND ($afterTrust IS NULL OR rank < $afterTrust OR (rank = $afterTrust AND other.id > $afterId))
WITH *
ORDER BY rank DESC, other.id
LIMIT $limit
RETURN CASE WHEN shown THEN t.trust END AS trust, rank,
       CASE WHEN shown OR NOT t.source IN ['evidence', 'override'] THEN t.source END AS source,
       other {.id, .name, .title, .roles, organizationId: o.id,
              topics: [(other)-[:HAS_EXPERTISE]->(tp:Topic) | tp.name],
              teamIds: [(other)-[:MEMBER_OF]->(tm:Team)-[:PART_OF]->(to:Organization)
                        WHERE scopeAll OR to.id IN scopeTeamOrgs | tm.id]} AS person

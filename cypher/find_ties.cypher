// FindTies: a page of one person's ties, best trust first, then by the other person's id.
// The cursor is the last row's (trust, id): rows after it have lower trust, or equal trust
// and a greater id.
// Parameters: $id string, $minTrust float, $afterTrust float|null, $afterId string, $limit int
// Columns: trust float, source string, person {id, name, title, roles, organizationId, teamIds}
MATCH (:Person {id: $id})-[t:TIE]-(other:Person)
WHERE t.trust >= $minTrust
  AND ($afterTrust IS NULL OR t.trust < $afterTrust
       OR (t.trust = $afterTrust AND other.id > $afterId))
WITH t, other
ORDER BY t.trust DESC, other.id
LIMIT $limit
OPTIONAL MATCH (other)-[:WORKS_AT]->(o:Organization)
RETURN t.trust AS trust, t.source AS source,
       other {.id, .name, .title, .roles, organizationId: o.id,
              teamIds: [(other)-[:MEMBER_OF]->(tm:Team) | tm.id]} AS person

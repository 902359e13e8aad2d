// CountPeopleMatching: how many people the caller may see match FindPeople's filters (a
// connection's totalCount).
// Parameters: scope ($role, $org), $organization, $team, $personRole, $nameKey (each
//             string|null)
// Columns: n int
//
// The candidates come from FindPeople's branches (the organisation, the team, a partner's
// visible organisations and people, the name's text index, or everyone), unpaged.
{{scope}}
CALL (scopeAll, scopePeopleOrgs, scopePeople) {
  WITH *, true AS branch WHERE $organization IS NOT NULL
  MATCH (p:Person)-[:WORKS_AT]->(o:Organization {id: $organization})
  RETURN p, o
  UNION ALL
  WITH *, true AS branch WHERE $organization IS NULL AND $team IS NOT NULL
  MATCH (:Team {id: $team})<-[:MEMBER_OF]-(p:Person)-[:WORKS_AT]->(o:Organization)
  RETURN p, o
  UNION ALL
  WITH *, true AS branch WHERE $organization IS NULL AND $team IS NULL AND scopeAll AND size($nameKey) >= 3
  MATCH (p:Person)-[:WORKS_AT]->(o:Organization)
  WHERE p.nameKey CONTAINS $nameKey
  RETURN p, o
  UNION ALL
  WITH *, true AS branch WHERE $organization IS NULL AND $team IS NULL AND NOT scopeAll
  UNWIND scopePeopleOrgs AS visible
  MATCH (p:Person)-[:WORKS_AT]->(o:Organization {id: visible})
  RETURN p, o
  UNION ALL
  WITH *, true AS branch WHERE $organization IS NULL AND $team IS NULL AND NOT scopeAll
  UNWIND scopePeople AS visible
  MATCH (p:Person {id: visible})-[:WORKS_AT]->(o:Organization)
  WHERE NOT o.id IN scopePeopleOrgs
  RETURN p, o
  UNION ALL
  WITH *, true AS branch WHERE $organization IS NULL AND $team IS NULL AND scopeAll AND coalesce(size($nameKey), 0) < 3
  MATCH (p:Person)-[:WORKS_AT]->(o:Organization)
  RETURN p, o
}
WITH * WHERE (scopeAll OR o.id IN scopePeopleOrgs OR p.id IN scopePeople)
  AND ($organization IS NULL OR o.id = $organization)
  AND ($personRole IS NULL OR $personRole IN p.roles)
  AND ($nameKey IS NULL OR p.nameKey CONTAINS $nameKey)
  AND ($team IS NULL OR EXISTS {
        (p)-[:MEMBER_OF]->(:Team {id: $team})-[:PART_OF]->(to:Organization)
        WHERE scopeAll OR to.id IN scopeTeamOrgs })
RETURN count(p) AS n

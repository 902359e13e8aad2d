// CountPeopleMatching: how many people the caller may see match FindPeople's filters (a
// connection's totalCount).
// Parameters: scope ($role, $org), $organization, $team, $personRole, $nameKey (each
//             string|null)
// Columns: n int
{{scope}}
MATCH (p:Person)-[:WORKS_AT]->(o:Organization)
WHERE (scopeAll OR o.id IN scopePeopleOrgs OR p.id IN scopePeople)
  AND ($organization IS NULL OR o.id = $organization)
  AND ($personRole IS NULL OR $personRole IN p.roles)
  AND ($nameKey IS NULL OR p.nameKey CONTAINS $nameKey)
  AND ($team IS NULL OR EXISTS {
        (p)-[:MEMBER_OF]->(:Team {id: $team})-[:PART_OF]->(to:Organization)
        WHERE scopeAll OR to.id IN scopeTeamOrgs })
RETURN count(p) AS n

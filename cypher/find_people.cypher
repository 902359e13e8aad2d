// FindPeople: a page of the people the caller may see, by id, filtered.
// Parameters: scope ($role, $org), $organization, $team, $personRole, $nameContains (each
//             string|null), $after string, $limit int
// Columns: person {id, name, title, roles, organizationId, teamIds}
{{scope}}
MATCH (p:Person)-[:WORKS_AT]->(o:Organization)
WHERE p.id > $after
  AND (scopeAll OR o.id IN scopePeopleOrgs OR p.id IN scopePeople)
  AND ($organization IS NULL OR o.id = $organization)
  AND ($personRole IS NULL OR $personRole IN p.roles)
  AND ($nameContains IS NULL OR toLower(p.name) CONTAINS toLower($nameContains))
  AND ($team IS NULL OR EXISTS {
        (p)-[:MEMBER_OF]->(:Team {id: $team})-[:PART_OF]->(to:Organization)
        WHERE scopeAll OR to.id IN scopeTeamOrgs })
RETURN p {.id, .name, .title, .roles, organizationId: o.id,
          teamIds: [(p)-[:MEMBER_OF]->(t:Team)-[:PART_OF]->(to:Organization)
                    WHERE scopeAll OR to.id IN scopeTeamOrgs | t.id]} AS person
ORDER BY p.id
LIMIT $limit

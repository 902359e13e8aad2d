// FindPeopleByName: a page of the people the caller may see, by name ignoring case and
// accents (Person.nameKey), then by id, filtered as in FindPeople.
// Parameters: scope ($role, $org), $organization, $team, $personRole, $nameKey (each
//             string|null), $afterKey string and $after string (the previous page's last
//             row; both "" for the first page), $limit int
// Columns: person {id, name, title, roles, organizationId, teamIds, nameKey}
{{scope}}
MATCH (p:Person)-[:WORKS_AT]->(o:Organization)
WHERE (p.nameKey > $afterKey OR (p.nameKey = $afterKey AND p.id > $after))
  AND (scopeAll OR o.id IN scopePeopleOrgs OR p.id IN scopePeople)
  AND ($organization IS NULL OR o.id = $organization)
  AND ($personRole IS NULL OR $personRole IN p.roles)
  AND ($nameKey IS NULL OR p.nameKey CONTAINS $nameKey)
  AND ($team IS NULL OR EXISTS {
        (p)-[:MEMBER_OF]->(:Team {id: $team})-[:PART_OF]->(to:Organization)
        WHERE scopeAll OR to.id IN scopeTeamOrgs })
RETURN p {.id, .name, .title, .roles, .nameKey, organizationId: o.id,
          teamIds: [(p)-[:MEMBER_OF]->(t:Team)-[:PART_OF]->(to:Organization)
                    WHERE scopeAll OR to.id IN scopeTeamOrgs | t.id]} AS person
ORDER BY p.nameKey, p.id
LIMIT $limit

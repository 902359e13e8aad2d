// FindPeople: a page of people by id, filtered.
// Parameters: $organization, $team, $role, $nameContains (each string|null), $after string,
//             $limit int
// Columns: person {id, name, title, roles, organizationId, teamIds}
MATCH (p:Person)-[:WORKS_AT]->(o:Organization)
WHERE p.id > $after
  AND ($organization IS NULL OR o.id = $organization)
  AND ($role IS NULL OR $role IN p.roles)
  AND ($nameContains IS NULL OR toLower(p.name) CONTAINS toLower($nameContains))
  AND ($team IS NULL OR EXISTS { (p)-[:MEMBER_OF]->(:Team {id: $team}) })
RETURN p {.id, .name, .title, .roles, organizationId: o.id,
          teamIds: [(p)-[:MEMBER_OF]->(t:Team) | t.id]} AS person
ORDER BY p.id
LIMIT $limit

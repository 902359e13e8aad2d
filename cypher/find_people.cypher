// FindPeople: a page of the people the caller may see, by id, filtered.
// Parameters: scope ($role, $org), $organization, $team, $personRole, $nameKey (each
//             string|null; $nameKey is the search text folded like Person.nameKey), $after
//             string ("" for the first page), $limit int
// Columns: person {id, name, title, roles, organizationId, teamIds, topics, nameKey}
//
// The candidates come from the most selective place the filters allow; each branch is guarded
// by which filters are set, so exactly one runs and no person comes twice: the organisation's
// people, the team's members, for a partner the organisations and people it may see, for our
// roles the name's text index (3 characters or more: the index works on trigrams) or else
// every person in id order, stopping at the end of the page. The filters below the branches
// then apply to all.
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
  WHERE p.id > $after
    AND ($personRole IS NULL OR $personRole IN p.roles)
    AND ($nameKey IS NULL OR p.nameKey CONTAINS $nameKey)
  RETURN p, o
  ORDER BY p.id
  LIMIT $limit
}
WITH * WHERE p.id > $after
  AND (scopeAll OR o.id IN scopePeopleOrgs OR p.id IN scopePeople)
  AND ($organization IS NULL OR o.id = $organization)
  AND ($personRole IS NULL OR $personRole IN p.roles)
  AND ($nameKey IS NULL OR p.nameKey CONTAINS $nameKey)
  AND ($team IS NULL OR EXISTS {
        (p)-[:MEMBER_OF]->(:Team {id: $team})-[:PART_OF]->(to:Organization)
        WHERE scopeAll OR to.id IN scopeTeamOrgs })
WITH * ORDER BY p.id LIMIT $limit
RETURN p {.id, .name, .title, .roles, .nameKey, organizationId: o.id,
          topics: [(p)-[:HAS_EXPERTISE]->(tp:Topic) | tp.name],
          teamIds: [(p)-[:MEMBER_OF]->(t:Team)-[:PART_OF]->(to:Organization)
                    WHERE scopeAll OR to.id IN scopeTeamOrgs | t.id]} AS person
ORDER BY p.id

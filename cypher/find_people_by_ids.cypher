// FindPeopleByIDs: the people with the given ids that the caller may see, in no particular
// order. Teams the caller may not see are left out of teamIds.
// Parameters: scope ($role, $org), $ids [string]
// Columns: person {id, name, title, roles, organizationId, teamIds, topics}
{{scope}}
UNWIND $ids AS id
MATCH (p:Person {id: id})
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
WITH *
WHERE scopeAll OR o.id IN scopePeopleOrgs OR p.id IN scopePeople
RETURN p {.id, .name, .title, .roles, organizationId: o.id,
          topics: [(p)-[:HAS_EXPERTISE]->(tp:Topic) | tp.name],
          teamIds: [(p)-[:MEMBER_OF]->(t:Team)-[:PART_OF]->(to:Organization)
                    WHERE scopeAll OR to.id IN scopeTeamOrgs | t.id]} AS person

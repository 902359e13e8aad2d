// FindSwarmMembers: each account's swarm members that the caller may see, by id. A partner
// sees them only on accounts shared with it at NAMES or ROUTES, and only ours and its own.
// Parameters: scope ($role, $org), $ids [string] (account ids)
// Columns: account string, person {id, name, title, roles, organizationId, teamIds, topics}
{{scope}}
UNWIND $ids AS id
MATCH (a:Account {id: id})<-[:SWARMS_ON]-(p:Person)-[:WORKS_AT]->(o:Organization)
OPTIONAL MATCH (a)-[s:SHARED_WITH]->(:Organization {id: scopeOwn})
WITH * WHERE scopeAll
  OR ((scopeOurs OR s.level IN ['NAMES', 'ROUTES'])
      AND (o.id IN scopePeopleOrgs OR p.id IN scopePeople))
RETURN a.id AS account,
       p {.id, .name, .title, .roles, organizationId: o.id,
          topics: [(p)-[:HAS_EXPERTISE]->(tp:Topic) | tp.name],
          teamIds: [(p)-[:MEMBER_OF]->(t:Team)-[:PART_OF]->(to:Organization)
                    WHERE scopeAll OR to.id IN scopeTeamOrgs | t.id]} AS person
ORDER BY a.id, p.id

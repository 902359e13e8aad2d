// FindExpertise: for each of an organisation's topics, the people of OURS organisations that
// the caller may see whose expertise holds the topic, ignoring case (topics are few: every
// Topic is compared), by id.
// Parameters: scope ($role, $org), $id string (the organisation)
// Columns: topic string, people [{id, name, title, roles, organizationId, teamIds, topics}]
{{scope}}
MATCH (:Organization {id: $id})-[:INTERESTED_IN]->(ct:Topic)
OPTIONAL MATCH (x:Topic) WHERE toLower(x.name) = toLower(ct.name)
OPTIONAL MATCH (x)<-[:HAS_EXPERTISE]-(p:Person)-[:WORKS_AT]->(o:Organization {kind: 'OURS'})
WHERE scopeAll OR o.id IN scopePeopleOrgs OR p.id IN scopePeople
WITH ct, p, o, scopeAll, scopeTeamOrgs ORDER BY p.id
WITH ct, collect(DISTINCT CASE WHEN p IS NOT NULL THEN p {.id, .name, .title, .roles, organizationId: o.id,
          topics: [(p)-[:HAS_EXPERTISE]->(tp:Topic) | tp.name],
          teamIds: [(p)-[:MEMBER_OF]->(t:Team)-[:PART_OF]->(to:Organization)
                    WHERE scopeAll OR to.id IN scopeTeamOrgs | t.id]} END) AS people
RETURN ct.name AS topic, people

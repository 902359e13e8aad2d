// FindCoverage: for each account, the target's people that the caller may see, each with
// the visible swarm members tied to them (trust > 0), by person id. No trust values. A
// partner gets rows at NAMES and ROUTES only.
// Parameters: scope ($role, $org), $ids [string] (account ids)
// Columns: account string, person {id, name, title, roles, organizationId, teamIds, topics},
//          coveredBy [string] (person ids)
{{scope}}
UNWIND $ids AS id
MATCH (a:Account {id: id})-[:TARGETS]->(t:Organization)<-[:WORKS_AT]-(p:Person)
OPTIONAL MATCH (a)-[s:SHARED_WITH]->(:Organization {id: scopeOwn})
WITH * WHERE scopeAll OR (s.level IN ['NAMES', 'ROUTES'] AND t.id IN scopePeopleOrgs)
RETURN a.id AS account,
       p {.id, .name, .title, .roles, organizationId: t.id,
          topics: [(p)-[:HAS_EXPERTISE]->(tp:Topic) | tp.name],
          teamIds: [(p)-[:MEMBER_OF]->(tm:Team)-[:PART_OF]->(to:Organization)
                    WHERE scopeAll OR to.id IN scopeTeamOrgs | tm.id]} AS person,
       [(p)-[tie:TIE]-(m:Person)-[:SWARMS_ON]->(a)
        WHERE tie.trust > 0
          AND (scopeAll OR m.id IN scopePeople OR EXISTS { (m)-[:WORKS_AT]->(mo:Organization) WHERE mo.id IN scopePeopleOrgs })
        | m.id] AS coveredBy
ORDER BY a.id, p.id

// FindPeopleByIDs: the people with the given ids, in no particular order.
// Parameters: $ids [string]
// Columns: person {id, name, title, roles, organizationId, teamIds}
UNWIND $ids AS id
MATCH (p:Person {id: id})
OPTIONAL MATCH (p)-[:WORKS_AT]->(o:Organization)
RETURN p {.id, .name, .title, .roles, organizationId: o.id,
          teamIds: [(p)-[:MEMBER_OF]->(t:Team) | t.id]} AS person

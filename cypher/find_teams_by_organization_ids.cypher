// FindTeamsByOrganizationIDs: the teams of each organisation, by name.
// Parameters: $ids [string]
// Columns: team {id, name, organizationId}
UNWIND $ids AS id
MATCH (t:Team)-[:PART_OF]->(o:Organization {id: id})
RETURN t {.id, .name, organizationId: o.id} AS team
ORDER BY t.name, t.id

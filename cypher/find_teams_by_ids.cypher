// FindTeamsByIDs: the teams with the given ids.
// Parameters: $ids [string]
// Columns: team {id, name, organizationId}
UNWIND $ids AS id
MATCH (t:Team {id: id})-[:PART_OF]->(o:Organization)
RETURN t {.id, .name, organizationId: o.id} AS team

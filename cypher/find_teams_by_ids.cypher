// FindTeamsByIDs: the teams with the given ids that the caller may see.
// Parameters: scope ($role, $org), $ids [string]
// Columns: team {id, name, organizationId}
{{scope}}
UNWIND $ids AS id
MATCH (t:Team {id: id})-[:PART_OF]->(o:Organization)
WHERE scopeAll OR o.id IN scopeTeamOrgs
RETURN t {.id, .name, organizationId: o.id} AS team

// FindTeamsByOrganizationIDs: the teams of each organisation, by name, where the caller may
// see them.
// Parameters: scope ($role, $org), $ids [string]
// Columns: team {id, name, organizationId}
{{scope}}
UNWIND $ids AS id
MATCH (t:Team)-[:PART_OF]->(o:Organization {id: id})
WHERE scopeAll OR o.id IN scopeTeamOrgs
RETURN t {.id, .name, organizationId: o.id} AS team
ORDER BY t.name, t.id

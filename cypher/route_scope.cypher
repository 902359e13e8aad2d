// RouteScope: whom a route search may pass through for the caller. Our roles search what
// they may read; a partner searches its own organisation, the targets of accounts shared
// with it at ROUTES, and those accounts' swarm members who are ours or its own.
// Parameters: scope ($role, $org)
// Columns: all bool, own string|null, orgs [string], people [string]
{{scope}}
CALL (scopeOwn) {
  OPTIONAL MATCH (own:Organization {id: scopeOwn})<-[:SHARED_WITH {level: 'ROUTES'}]-(a:Account)-[:TARGETS]->(t:Organization)
  WHERE t.kind = 'CLIENT'
  OPTIONAL MATCH (a)<-[:SWARMS_ON]-(m:Person)-[:WORKS_AT]->(mo:Organization)
  WHERE mo.kind = 'OURS' OR mo = own
  RETURN collect(DISTINCT t.id) AS routeOrgs, collect(DISTINCT m.id) AS routePeople
}
RETURN scopeAll AS all, scopeOwn AS own,
       CASE WHEN $role = 'PARTNER' THEN scopeTeamOrgs + routeOrgs ELSE scopePeopleOrgs END AS orgs,
       CASE WHEN $role = 'PARTNER' THEN routePeople ELSE scopePeople END AS people

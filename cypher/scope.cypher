// Scope: what the caller may see, computed from the graph. The Store prepends this to every
// read query that filters by caller (scoped in Go), so the filter runs inside the query.
// Parameters: $role string (ADMIN, ANALYST, SELLER, PARTNER; anything else sees nothing),
//             $org string|null
// Binds: scopeAll bool (sees every organisation, person, team, tie),
//        scopeOurs bool (one of our roles: sees every account),
//        scopeTrust bool (sees every trust value),
//        scopeOwn string|null (a partner's own organisation, kind PARTNER),
//        scopeOrgs [string] (organisations visible as nodes),
//        scopePeopleOrgs [string] (organisations whose people are visible),
//        scopeTeamOrgs [string] (organisations whose teams are visible),
//        scopePeople [string] (people visible beyond scopePeopleOrgs: swarm members)
// Our roles (ADMIN, ANALYST, SELLER) read the whole graph: sellers work with partners'
// people as connectors and introducers (the demo's "the distributor opens the payer's door").
// PARTNER: its own organisation in full; the targets of accounts shared with it
// (their people at NAMES and ROUTES); the swarm members of those accounts who are ours or its
// own (NAMES and ROUTES); never another partner's people. Only CLIENT targets count, so an
// account aimed at a partner organisation never opens that partner's people to another.
CALL () {
  OPTIONAL MATCH (own:Organization {id: $org})
  WHERE $role = 'PARTNER' AND own.kind = 'PARTNER'
  OPTIONAL MATCH (own)<-[s:SHARED_WITH]-(:Account)-[:TARGETS]->(t:Organization)
  WHERE t.kind = 'CLIENT'
  WITH own, collect(DISTINCT t.id) AS shared,
       collect(DISTINCT CASE WHEN s.level IN ['NAMES', 'ROUTES'] THEN t.id END) AS named
  OPTIONAL MATCH (own)<-[s:SHARED_WITH]-(a:Account)<-[:SWARMS_ON]-(m:Person)-[:WORKS_AT]->(mo:Organization)
  WHERE s.level IN ['NAMES', 'ROUTES'] AND (mo.kind = 'OURS' OR mo = own)
    AND EXISTS { (a)-[:TARGETS]->(:Organization {kind: 'CLIENT'}) }
  RETURN own.id AS partnerOwn, shared, named,
         CASE WHEN own IS NULL THEN [] ELSE [own.id] END AS ownList,
         collect(DISTINCT m.id) AS partnerPeople, collect(DISTINCT mo.id) AS memberOrgs
}
WITH $role IN ['ADMIN', 'ANALYST', 'SELLER'] AS scopeAll, $role IN ['ADMIN', 'ANALYST', 'SELLER'] AS scopeOurs,
     $role IN ['ADMIN', 'ANALYST', 'SELLER'] AS scopeTrust, partnerOwn AS scopeOwn,
     ownList + shared + memberOrgs AS scopeOrgs, ownList + named AS scopePeopleOrgs,
     ownList AS scopeTeamOrgs, partnerPeople AS scopePeople

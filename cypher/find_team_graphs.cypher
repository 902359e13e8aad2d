// FindTeamGraphs: for each team the caller may see, what its cohesion is computed from: its
// members, every tie between two of them (whatever its trust; a missing trust reads as 0) and
// every survey answer between two of them. Ties and answers are read from the members, so a
// team costs its members' degrees, not the graph's size.
// Parameters: scope ($role, $org), $ids [string]
// Columns: team string, members [string], ties [[a string, b string, trust float]],
//          answers [[respondent string, alter string, question string]]
{{scope}}
UNWIND $ids AS id
MATCH (t:Team {id: id})-[:PART_OF]->(o:Organization)
WHERE scopeAll OR o.id IN scopeTeamOrgs
CALL (t) {
  OPTIONAL MATCH (m:Person)-[:MEMBER_OF]->(t)
  RETURN collect(DISTINCT m.id) AS members
}
CALL (t) {
  MATCH (a:Person)-[:MEMBER_OF]->(t)
  MATCH (a)-[r:TIE]->(b:Person)
  WHERE a <> b AND EXISTS { (b)-[:MEMBER_OF]->(t) }
  RETURN collect([a.id, b.id, toFloat(coalesce(r.trust, 0))]) AS ties
}
CALL (t) {
  MATCH (a:Person)-[:MEMBER_OF]->(t)
  MATCH (a)-[r:ANSWERED]->(b:Person)
  WHERE a <> b AND EXISTS { (b)-[:MEMBER_OF]->(t) }
  RETURN collect([a.id, b.id, r.question]) AS answers
}
RETURN t.id AS team, members, ties, answers

// FindIntroducers: who could introduce someone to $to: every person other than $to and $from
// who works at an OURS or PARTNER organisation and has a tie to $to (of any trust, 0
// included) and, when $from is given, a tie to $from too. Only people the caller may see
// (the scope) and whom its route searches may pass through ($all, or working at one of
// $orgs, or listed in $people: the route scope) take part. One row when $to (and $from, when
// given) exists and is visible that way; no row otherwise.
// Parameters: scope ($role, $org), $to string, $from string|null, $all bool, $orgs [string],
//             $people [string]
// Columns: toOrg string, fromOrg string|null,
//          candidates [{id, org, toTrust, toSource, fromTrust, fromSource}]
{{scope}}
MATCH (t:Person {id: $to})-[:WORKS_AT]->(tOrg:Organization)
WHERE scopeAll OR ((tOrg.id IN scopePeopleOrgs OR t.id IN scopePeople) AND ($all OR tOrg.id IN $orgs OR t.id IN $people))
OPTIONAL MATCH (f:Person {id: $from})-[:WORKS_AT]->(fOrg:Organization)
WHERE scopeAll OR ((fOrg.id IN scopePeopleOrgs OR f.id IN scopePeople) AND ($all OR fOrg.id IN $orgs OR f.id IN $people))
WITH scopeAll, scopePeopleOrgs, scopePeople, t, tOrg, f, fOrg
WHERE $from IS NULL OR f IS NOT NULL
CALL (scopeAll, scopePeopleOrgs, scopePeople, t, f) {
  MATCH (t)-[rt:TIE]-(p:Person)-[:WORKS_AT]->(po:Organization)
  WHERE p <> t AND po.kind IN ['OURS', 'PARTNER'] AND (f IS NULL OR p <> f)
    AND (scopeAll OR ((po.id IN scopePeopleOrgs OR p.id IN scopePeople) AND ($all OR po.id IN $orgs OR p.id IN $people)))
  OPTIONAL MATCH (f)-[rf:TIE]-(p)
  WITH p, po, rt, rf
  WHERE f IS NULL OR rf IS NOT NULL
  RETURN collect({id: p.id, org: po.id, toTrust: toFloat(coalesce(rt.trust, 0.0)), toSource: rt.source,
                  fromTrust: CASE WHEN rf IS NULL THEN null ELSE toFloat(coalesce(rf.trust, 0.0)) END,
                  fromSource: rf.source}) AS candidates
}
RETURN tOrg.id AS toOrg, fOrg.id AS fromOrg, candidates

// IntroductionRefs: what a new introduction names, checked inside the write that creates it:
// whether each person exists, the introducer's tie to the person to meet, the ties along the
// route (one per hop), the account, and the accounts that target the organisation of the
// person to meet (to infer the account when none is given).
// Parameters: $requester, $introducer, $to string, $route [string] (empty: none),
//             $account string|null
// Columns: requester, introducer, to bool, introducerTie bool, routeTies [bool],
//          account bool, targetAccounts [string]
OPTIONAL MATCH (r:Person {id: $requester})
OPTIONAL MATCH (i:Person {id: $introducer})
OPTIONAL MATCH (t:Person {id: $to})
OPTIONAL MATCH (t)-[:WORKS_AT]->(tOrg:Organization)
OPTIONAL MATCH (a:Account {id: $account})
RETURN r IS NOT NULL AS requester, i IS NOT NULL AS introducer, t IS NOT NULL AS to,
       CASE WHEN i IS NULL OR t IS NULL THEN false ELSE EXISTS { (i)-[:TIE]-(t) } END AS introducerTie,
       [k IN range(0, size($route) - 2) |
        EXISTS { MATCH (:Person {id: $route[k]})-[:TIE]-(:Person {id: $route[k + 1]}) }] AS routeTies,
       a IS NOT NULL AS account,
       CASE WHEN tOrg IS NULL THEN [] ELSE [(acc:Account)-[:TARGETS]->(tOrg) | acc.id] END AS targetAccounts

// CountOrganizationsMatching: how many organisations the caller may see, optionally of one
// kind (a connection's totalCount).
// Parameters: scope ($role, $org), $kind string|null
// Columns: n int
{{scope}}
MATCH (o:Organization)
WHERE ($kind IS NULL OR o.kind = $kind)
  AND (scopeAll OR o.id IN scopeOrgs)
RETURN count(o) AS n

// FindOrganizations: a page of the organisations the caller may see, by id, optionally of one
// kind.
// Parameters: scope ($role, $org), $kind string|null, $after string ("" for the first page),
//             $limit int
// Columns: org {id, name, kind, sector, topics}
{{scope}}
MATCH (o:Organization)
WHERE ($kind IS NULL OR o.kind = $kind) AND o.id > $after
  AND (scopeAll OR o.id IN scopeOrgs)
RETURN o {.id, .name, .kind, .sector,
          topics: [(o)-[:INTERESTED_IN]->(tp:Topic) | tp.name]} AS org
ORDER BY o.id
LIMIT $limit

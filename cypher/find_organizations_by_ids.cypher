// FindOrganizationsByIDs: the organisations with the given ids that the caller may see.
// Parameters: scope ($role, $org), $ids [string]
// Columns: org {id, name, kind, sector, topics}
{{scope}}
UNWIND $ids AS id
MATCH (o:Organization {id: id})
WHERE scopeAll OR o.id IN scopeOrgs
RETURN o {.id, .name, .kind, .sector,
          topics: [(o)-[:INTERESTED_IN]->(tp:Topic) | tp.name]} AS org

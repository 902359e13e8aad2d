// FindOrganizations: a page of organisations by id, optionally of one kind.
// Parameters: $kind string|null, $after string ("" for the first page), $limit int
// Columns: org {id, name, kind, sector}
MATCH (o:Organization)
WHERE ($kind IS NULL OR o.kind = $kind) AND o.id > $after
RETURN o {.id, .name, .kind, .sector} AS org
ORDER BY o.id
LIMIT $limit

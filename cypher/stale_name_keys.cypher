// StaleNameKeys (BackfillNameKeys' read): people whose search key may not be their name's:
// none yet, or one that is not even the lower-cased name. A key that equals the lower-cased
// name is right for every name without accents, so only those with accents (and the
// missing or stale) come back, to be folded in Go.
// Parameters: $after string (the last id of the previous batch), $limit int
// Columns: id string, name string, nameKey string|null
MATCH (p:Person)
WHERE p.id > $after AND p.name IS NOT NULL
  AND (p.nameKey IS NULL OR p.nameKey <> toLower(p.name))
RETURN p.id AS id, p.name AS name, p.nameKey AS nameKey
ORDER BY p.id
LIMIT $limit

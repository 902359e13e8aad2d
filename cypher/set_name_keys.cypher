// SetNameKeys (BackfillNameKeys' write): sets people's search keys, unless the name changed
// since it was read (the writer of the new name wrote its key).
// Parameters: $rows [{id, name, nameKey}]
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
WHERE p.name = row.name
SET p.nameKey = row.nameKey

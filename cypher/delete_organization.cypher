// DeleteOrganization: deletes an organisation that has no people and no teams.
// Parameters: $id string
// Columns: found bool, blocked bool (people or teams remain; nothing deleted)
OPTIONAL MATCH (o:Organization {id: $id})
WITH o, CASE WHEN o IS NULL THEN false
             ELSE EXISTS { (o)<-[:WORKS_AT|PART_OF]-() } END AS blocked
CALL (o, blocked) {
  WITH o WHERE o IS NOT NULL AND NOT blocked
  DETACH DELETE o
}
RETURN o IS NOT NULL AS found, blocked

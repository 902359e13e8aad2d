// DeletePerson: deletes a person with their ties and memberships.
// Parameters: $id string
// Columns: found bool
OPTIONAL MATCH (p:Person {id: $id})
WITH p, p IS NOT NULL AS found
DETACH DELETE p
RETURN found

// ExistingInteractions: which of the given interaction ids exist.
// Parameters: $ids [string]
// Columns: id string
UNWIND $ids AS id
MATCH (i:Interaction {id: id})
RETURN i.id AS id

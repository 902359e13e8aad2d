// ExistingIDs: which of the given ids exist as nodes of the label, chosen from a fixed map in
// Go (never from input) and substituted for the {{label}} placeholder.
// Parameters: $ids [string]
// Columns: id string
UNWIND $ids AS id
MATCH (n:{{label}} {id: id})
RETURN n.id AS id

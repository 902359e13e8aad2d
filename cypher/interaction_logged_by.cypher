// InteractionLoggedBy: who logged an interaction (no row when it does not exist; null for an
// import).
// Parameters: $id
// Columns: loggedBy string|null
MATCH (i:Interaction {id: $id})
RETURN i.loggedBy AS loggedBy

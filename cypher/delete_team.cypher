// DeleteTeam: deletes a team and its memberships.
// Parameters: $id string
// Columns: found bool
OPTIONAL MATCH (t:Team {id: $id})
WITH t, t IS NOT NULL AS found
DETACH DELETE t
RETURN found

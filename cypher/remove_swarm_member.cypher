// RemoveSwarmMember: a person leaves an account's swarm.
// Parameters: $account string, $person string
// Columns: removed int
OPTIONAL MATCH (:Person {id: $person})-[r:SWARMS_ON]->(:Account {id: $account})
DELETE r
RETURN count(r) AS removed

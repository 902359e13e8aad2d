// AddSwarmMember: a person joins an account's swarm (idempotent).
// Parameters: $account string, $person string
MATCH (a:Account {id: $account})
MATCH (p:Person {id: $person})
MERGE (p)-[:SWARMS_ON]->(a)

// OrganizationTopics: an organisation's areas of interest, by topic name (after a write that
// left them unchanged).
// Parameters: $id string
// Columns: topics [string]
OPTIONAL MATCH (o:Organization {id: $id})-[:INTERESTED_IN]->(t:Topic)
RETURN collect(t.name) AS topics

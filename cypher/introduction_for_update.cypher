// IntroductionForUpdate: one introduction as it stands, and its introducer's organisation,
// read inside the write that moves it on (the caller checks the step against them).
// Parameters: $id string
// Columns: introduction {all properties}, introducerOrg string|null
MATCH (x:Introduction {id: $id})
OPTIONAL MATCH (:Person {id: x.introducerId})-[:WORKS_AT]->(o:Organization)
RETURN x {.*} AS introduction, o.id AS introducerOrg

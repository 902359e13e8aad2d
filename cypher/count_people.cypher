// CountPeople: how many people the database holds (from the count store: constant time).
// Columns: n int
MATCH (p:Person) RETURN count(p) AS n

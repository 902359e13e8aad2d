// DeleteTie: deletes the tie between two people, in either order.
// Parameters: $a string, $b string
// Columns: deleted int
OPTIONAL MATCH (:Person {id: $a})-[t:TIE]-(:Person {id: $b})
DELETE t
RETURN count(t) AS deleted

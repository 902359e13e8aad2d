// HasNodes (the bulk load's is-the-database-empty check, no caller): how many nodes the database
// holds, from the count store (constant time).
// Columns: n int
MATCH (n)
RETURN count(n) AS n

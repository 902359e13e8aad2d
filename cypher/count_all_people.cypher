// CountAllPeople (CountPeopleMatching without filters, for our roles, who see everyone): how
// many people work somewhere, from the count store (constant time). Every person the lists
// show has exactly one WORKS_AT, so this is the unfiltered list's length.
// Columns: n int
MATCH (:Person)-[r:WORKS_AT]->()
RETURN count(r) AS n

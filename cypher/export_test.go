package cypher

// SetAfterPerson makes s call fn after each person record of a route-graph read, so that a
// test can commit a write between the loader's reads.
func SetAfterPerson(s *Store, fn func(id string)) { s.afterPerson = fn }

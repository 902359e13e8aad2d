package cypher

// SetAfterPerson makes s call fn after each person record of a route-graph read, so that a
// test can commit a write between the loader's reads.
// It also makes the read fetch one record at a time, so that the server has not computed the
// later records before the hook runs.
func SetAfterPerson(s *Store, fn func(id string)) {
	s.afterPerson = fn
	s.fetchSize = 0
	if fn != nil {
		s.fetchSize = 1
	}
}

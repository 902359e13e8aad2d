package demo

// Account is one of the demo's accounts: a client institution that our people and a
// partner's work together, shared with that partner. The import files hold no accounts, so
// `ecograph serve --demo-if-empty` (what `make run` runs) creates these after the import.
type Account struct {
	ID, Name, Target string
	// Swarm lists the people working the account, by id.
	Swarm []string
	// Partner is the organisation the account is shared with, at Level (COUNTS, NAMES or
	// ROUTES).
	Partner, Level string
}

// Accounts returns the demo's accounts. St. Mary's cardiology is worked by Anna Keller, Lukas
// Meier and Markus Weber with MediLog's Nina Baumann, and shared with MediLog at ROUTES: a
// MediLog token sees Anna's route to Thomas Brenner (story 1 of STORIES.md), with the trust
// of the hops that do not touch MediLog's people shown as bands.
func Accounts() []Account {
	return []Account{{
		ID: "acct-st-marys-cardiology", Name: "St. Mary's cardiology", Target: "org-st-marys",
		Swarm:   []string{"p-anna-keller", "p-lukas-meier", "p-markus-weber", "p-nina-baumann"},
		Partner: "org-medilog", Level: "ROUTES",
	}}
}

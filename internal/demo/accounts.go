package demo

// Account is one of the demo's accounts: a client institution that our people and partners'
// people work together, shared with partners at levels. The import files hold no accounts, so
// `ecograph serve --demo-if-empty` (what `make run` runs) creates these after the import.
type Account struct {
	ID, Name, Target string
	// Swarm lists the people working the account, by id.
	Swarm []string
	// Shares lists the partner organisations the account is shared with, each at a level.
	Shares []Share
}

// Share is a demo account's share with a partner organisation at a level (COUNTS, NAMES or
// ROUTES).
type Share struct{ Partner, Level string }

// Accounts returns the demo's accounts, so that a partner token sees something on day one,
// at each share level (STORIES.md, "What a partner sees"):
//
//   - St. Mary's cardiology, worked by Anna Keller, Lukas Meier, Markus Weber and MediLog's
//     Nina Baumann and Andreas Moser, shared with MediLog at ROUTES: a MediLog token sees
//     routes from its people to St. Mary's decision makers (story 1), with the trust of the
//     hops that do not touch MediLog's people shown as bands.
//   - Helvetia payer access, worked by Sara Lehmann, Daniel Brunner and Nina Baumann, shared
//     with MediLog at NAMES (story 3): MediLog sees Martin Huber and who covers him, but no
//     route to him.
//   - Alpine hospital group, worked by Jonas Frei and CuraNet's Chiara Fontana, shared with
//     MediLog at COUNTS (the account, its target, how many people the swarm reaches) and with
//     CuraNet at ROUTES.
//   - Bern CVI trials, worked by Beatrice Favre and TrialPath's Simon Wyss, shared with
//     TrialPath at ROUTES.
func Accounts() []Account {
	return []Account{{
		ID: "acct-st-marys-cardiology", Name: "St. Mary's cardiology", Target: "org-st-marys",
		Swarm:  []string{"p-anna-keller", "p-lukas-meier", "p-markus-weber", "p-nina-baumann", "p-andreas-moser"},
		Shares: []Share{{"org-medilog", "ROUTES"}},
	}, {
		ID: "acct-helvetia-payer-access", Name: "Helvetia payer access", Target: "org-helvetia",
		Swarm:  []string{"p-sara-lehmann", "p-daniel-brunner", "p-nina-baumann"},
		Shares: []Share{{"org-medilog", "NAMES"}},
	}, {
		ID: "acct-alpine-group", Name: "Alpine hospital group", Target: "org-alpine",
		Swarm:  []string{"p-jonas-frei", "p-chiara-fontana"},
		Shares: []Share{{"org-medilog", "COUNTS"}, {"org-curanet", "ROUTES"}},
	}, {
		ID: "acct-bern-cvi-trials", Name: "Bern CVI trials", Target: "org-bern-cvi",
		Swarm:  []string{"p-beatrice-favre", "p-simon-wyss"},
		Shares: []Share{{"org-trialpath", "ROUTES"}},
	}}
}

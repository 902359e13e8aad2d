//go:build ignore

// gen writes the demo ecosystem's CSV files into data/. It is deterministic (its own
// pseudo-random generator, a fixed seed, no map iteration in output order), so
// `go generate ./internal/demo` reproduces the files byte for byte. STORIES.md explains
// the stories the data is built to tell; demo_test.go checks that they hold.
package main

import (
	"encoding/csv"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

type org struct{ id, name, kind, sector string }

// member is a named person; filler is n people drawn from the name pools.
type member struct {
	name, title, roles string
	alsoIn             []string // further teams
}
type filler struct {
	title, roles string
	n            int
}

// team is a unit and how its members are tied to each other: each pair with probability
// density, trust uniform in [lo, hi].
type team struct {
	id, name, org    string
	density, lo, hi  float64
	members          []member
	fillers          []filler
	noTiesWithinTeam []string // member ids left out of the team's ties (isolates)
}

var orgs = []org{
	{"org-helix", "Helix Medical", "OURS", "medtech"},
	{"org-medilog", "MediLog Distribution AG", "PARTNER", "distribution"},
	{"org-curanet", "CuraNet Digital Health", "PARTNER", "digital health"},
	{"org-trialpath", "TrialPath CRO", "PARTNER", "clinical research"},
	{"org-st-marys", "St. Mary's University Hospital", "CLIENT", "hospital"},
	{"org-alpine", "Alpine Hospital Group", "CLIENT", "hospital group"},
	{"org-helvetia", "Helvetia Health Insurance", "CLIENT", "payer"},
	{"org-bern-cvi", "Bern Cardiovascular Research Institute", "CLIENT", "research"},
	{"org-rhenus", "Rhenus Pharma Basel", "CLIENT", "pharma"},
}

// teamless lists people who belong to no team, per organisation.
var teamless = map[string][]member{
	"org-helix": {
		{"Claire Dubois", "Chief Executive Officer", "DECISION_MAKER", nil},
		{"Oliver Hartmann", "Chief Commercial Officer", "DECISION_MAKER", nil},
		{"Regula Widmer", "Vice President Sales Switzerland", "", nil},
		{"Adrian Suter", "Head of Sales Operations", "INFORMATION_PROVIDER", nil},
		{"Beatrice Favre", "Chief Medical Officer", "EXPERT", nil},
	},
	"org-medilog":   {{"Urs Bachmann", "Managing Director", "DECISION_MAKER", nil}},
	"org-curanet":   {{"Priya Nair", "Chief Executive Officer", "DECISION_MAKER", nil}},
	"org-bern-cvi":  {{"Yvonne Kälin", "Institute Manager", "BLOCKER", nil}, {"Samuel Egli", "Grants Officer", "INFORMATION_PROVIDER", nil}},
	"org-trialpath": {{"Kevin O'Brien", "Managing Director", "DECISION_MAKER", nil}},
}

var teams = []team{
	// Helix Medical (ours)
	{id: "team-hs-north", name: "Hospital Sales North", org: "org-helix", density: 0.7, lo: 0.6, hi: 0.9,
		members: []member{
			{"Stefan Gerber", "Head of Hospital Sales North", "", nil},
			{"Anna Keller", "Senior Account Manager", "", nil},
		},
		fillers: []filler{{"Account Manager", "", 4}, {"Clinical Specialist", "EXPERT", 2}, {"Inside Sales Representative", "", 1}}},
	{id: "team-hs-south", name: "Hospital Sales South", org: "org-helix", density: 0.2, lo: 0.3, hi: 0.6,
		members: []member{
			{"Patrick Roth", "Head of Hospital Sales South", "", nil},
			{"Jonas Frei", "Account Manager", "", nil},
			{"Tim Schneider", "Junior Account Manager", "", nil},
		},
		fillers:          []filler{{"Account Manager", "", 4}, {"Clinical Specialist", "EXPERT", 2}},
		noTiesWithinTeam: []string{"p-tim-schneider"}},
	{id: "team-key-accounts", name: "Key Accounts", org: "org-helix", density: 1, lo: 0.8, hi: 0.95,
		members: []member{
			{"Julia Brunner", "Head of Key Accounts", "", nil},
			{"Markus Weber", "Key Account Manager, University Hospitals", "CONNECTOR", nil},
		},
		fillers: []filler{{"Key Account Manager", "", 3}, {"Key Account Analyst", "INFORMATION_PROVIDER", 1}}},
	{id: "team-medical-affairs", name: "Medical Affairs", org: "org-helix", density: 0.8, lo: 0.65, hi: 0.9,
		members: []member{
			{"Matthias Steiner", "Head of Medical Affairs", "EXPERT", nil},
			{"Lukas Meier", "Medical Science Liaison, Cardiology", "CONNECTOR;EXPERT", nil},
		},
		fillers: []filler{{"Medical Science Liaison", "EXPERT", 3}, {"Medical Information Manager", "INFORMATION_PROVIDER", 1},
			{"Clinical Evidence Manager", "EXPERT", 1}}},
	{id: "team-marketing", name: "Marketing", org: "org-helix", density: 0.55, lo: 0.5, hi: 0.85,
		members: []member{
			{"Fabienne Rochat", "Head of Marketing", "", nil},
			{"Raphael Bernasconi", "Digital Marketing Manager", "CONNECTOR", nil},
			{"Mirjam Lüthi", "Market Insights Analyst", "INFORMATION_PROVIDER", []string{"team-market-access"}},
		},
		fillers: []filler{{"Product Manager Cardiology", "EXPERT", 2}, {"Product Manager Imaging", "EXPERT", 1},
			{"Marketing Communications Specialist", "", 2}, {"Event Manager", "", 1}}},
	{id: "team-market-access", name: "Market Access", org: "org-helix", density: 0.75, lo: 0.6, hi: 0.9,
		members: []member{
			{"Daniel Brunner", "Head of Market Access", "", nil},
			{"Sara Lehmann", "Market Access Manager, Payers", "CONNECTOR", nil},
		},
		fillers: []filler{{"Health Economics Manager", "EXPERT", 2}, {"Pricing and Reimbursement Manager", "", 1}}},

	// Partners
	{id: "team-medilog-sales", name: "MediLog Field Sales", org: "org-medilog", density: 0.6, lo: 0.55, hi: 0.85,
		members: []member{
			{"Andreas Moser", "Head of Field Sales", "DECISION_MAKER", nil},
			{"Nina Baumann", "Senior Sales Representative, Payers and Hospitals", "CONNECTOR", nil},
		},
		fillers: []filler{{"Sales Representative", "", 4}, {"Tender Specialist", "EXPERT", 1}}},
	{id: "team-medilog-ops", name: "MediLog Logistics and Customer Service", org: "org-medilog", density: 0.7, lo: 0.55, hi: 0.85,
		fillers: []filler{{"Head of Logistics", "", 1}, {"Customer Service Agent", "INFORMATION_PROVIDER", 3}, {"Supply Chain Planner", "", 1}}},
	{id: "team-curanet-partnerships", name: "CuraNet Partnerships", org: "org-curanet", density: 0.9, lo: 0.6, hi: 0.85,
		members: []member{{"Chiara Fontana", "Head of Partnerships", "CONNECTOR", nil}},
		fillers: []filler{{"Partner Manager", "", 2}}},
	{id: "team-curanet-product", name: "CuraNet Product and Clinical", org: "org-curanet", density: 0.6, lo: 0.55, hi: 0.85,
		fillers: []filler{{"Chief Medical Officer", "EXPERT", 1}, {"Product Manager", "", 2}, {"Data Scientist", "EXPERT", 2},
			{"Clinical Implementation Specialist", "", 2}}},
	{id: "team-trialpath-ops", name: "TrialPath Clinical Operations", org: "org-trialpath", density: 0.6, lo: 0.55, hi: 0.85,
		members: []member{{"Simon Wyss", "Director Clinical Operations", "CONNECTOR", nil}},
		fillers: []filler{{"Clinical Research Associate", "", 4}, {"Study Manager", "", 2}}},
	{id: "team-trialpath-bd", name: "TrialPath Business Development", org: "org-trialpath", density: 1, lo: 0.6, hi: 0.8,
		fillers: []filler{{"Head of Business Development", "", 1}, {"Business Development Manager", "", 1}}},

	// St. Mary's University Hospital
	{id: "team-stm-board", name: "St. Mary's Executive Board", org: "org-st-marys", density: 0.9, lo: 0.6, hi: 0.85,
		members: []member{
			{"Katharina Sommer", "Medical Director", "DECISION_MAKER", nil},
			{"Peter Hofmann", "Chief Financial Officer", "DECISION_MAKER", nil},
		},
		fillers: []filler{{"Chief Operating Officer", "INFLUENCER", 1}, {"Head of Quality", "INFLUENCER", 1}}},
	{id: "team-stm-cardiology", name: "St. Mary's Department of Cardiology", org: "org-st-marys", density: 0.6, lo: 0.6, hi: 0.9,
		members: []member{
			{"Thomas Brenner", "Head of Cardiology", "DECISION_MAKER", nil},
			{"Claudia Vogt", "Executive Assistant to the Head of Cardiology", "BLOCKER", nil},
			{"Sofia Rossi", "Senior Consultant, Interventional Cardiology", "CONNECTOR;CHAMPION", nil},
			{"Corinne Studer", "Clinical Research Coordinator", "INFORMATION_PROVIDER", []string{"team-stm-radiology"}},
		},
		fillers: []filler{{"Consultant Cardiologist", "INFLUENCER", 2}, {"Consultant Cardiologist", "EXPERT", 1},
			{"Resident Physician, Cardiology", "INFORMATION_PROVIDER", 3}, {"Cath Lab Nurse", "INFORMATION_PROVIDER", 2}}},
	{id: "team-stm-nursing", name: "St. Mary's Nursing Directorate", org: "org-st-marys", density: 0.6, lo: 0.6, hi: 0.85,
		members: []member{{"Ursula Baumgartner", "Director of Nursing", "CONNECTOR;INFLUENCER", nil}},
		fillers: []filler{{"Ward Manager", "INFLUENCER", 3}, {"Nurse Educator", "EXPERT;CHAMPION", 1},
			{"Clinical Nurse Specialist", "INFORMATION_PROVIDER", 2}}},
	{id: "team-stm-procurement", name: "St. Mary's Procurement and Supply", org: "org-st-marys", density: 0.7, lo: 0.55, hi: 0.85,
		members: []member{{"Reto Kaufmann", "Head of Procurement", "BLOCKER", nil}},
		fillers: []filler{{"Strategic Buyer, Medical Devices", "INFORMATION_PROVIDER", 2}, {"Contract Manager", "", 1},
			{"Value Analysis Manager", "INFLUENCER", 1}}},
	{id: "team-stm-radiology", name: "St. Mary's Radiology", org: "org-st-marys", density: 0.6, lo: 0.55, hi: 0.85,
		fillers: []filler{{"Head of Radiology", "INFLUENCER", 1}, {"Consultant Radiologist", "EXPERT", 2},
			{"Radiographer", "INFORMATION_PROVIDER", 2}}},

	// Alpine Hospital Group
	{id: "team-alpine-exec", name: "Alpine Group Executive Board", org: "org-alpine", density: 0.8, lo: 0.6, hi: 0.85,
		members: []member{
			{"Elena Marchetti", "Chief Medical Officer", "DECISION_MAKER", nil},
			{"Christian Berger", "Group Chief Executive Officer", "DECISION_MAKER", nil},
			{"Sandra Wolf", "Executive Assistant to the CEO", "BLOCKER", nil},
		},
		fillers: []filler{{"Chief Financial Officer", "INFLUENCER", 1}, {"Director of Strategy", "INFLUENCER", 1}}},
	{id: "team-alpine-quality", name: "Alpine Quality and Patient Safety", org: "org-alpine", density: 0.8, lo: 0.6, hi: 0.85,
		members: []member{{"Giulia Conti", "Director of Quality and Patient Safety", "CONNECTOR", nil}},
		fillers: []filler{{"Quality Manager", "INFORMATION_PROVIDER", 2}, {"Patient Safety Officer", "", 1}}},
	{id: "team-alpine-cardiac", name: "Alpine Cardiac Surgery and Cardiology", org: "org-alpine", density: 0.55, lo: 0.55, hi: 0.85,
		members: []member{
			{"Michael Lang", "Head of Cardiac Surgery", "INFLUENCER;EXPERT;CHAMPION", nil},
			{"Marco Colombo", "Consultant Cardiac Surgeon", "INFLUENCER", nil},
		},
		fillers: []filler{{"Consultant Cardiologist", "EXPERT", 2}, {"Perfusionist", "", 1}, {"Resident Physician", "INFORMATION_PROVIDER", 2}}},
	{id: "team-alpine-procurement", name: "Alpine Group Procurement", org: "org-alpine", density: 0.7, lo: 0.55, hi: 0.85,
		members: []member{{"Roman Graf", "Head of Group Procurement", "BLOCKER", nil}},
		fillers: []filler{{"Category Manager, Medical Devices", "INFORMATION_PROVIDER", 2}, {"Buyer", "", 1}}},

	// Helvetia Health Insurance (payer)
	{id: "team-helvetia-medical", name: "Helvetia Medical Directorate", org: "org-helvetia", density: 0.7, lo: 0.6, hi: 0.85,
		members: []member{{"Martin Huber", "Medical Director", "DECISION_MAKER", nil}},
		fillers: []filler{{"Medical Advisor", "EXPERT", 2}, {"Medical Advisor", "INFLUENCER;CHAMPION", 1}}},
	{id: "team-helvetia-contracts", name: "Helvetia Provider Contracting and Reimbursement", org: "org-helvetia", density: 0.65, lo: 0.55, hi: 0.85,
		members: []member{
			{"Monika Zimmermann", "Head of Provider Contracting", "BLOCKER", nil},
			{"Philipp Marti", "Head of Reimbursement", "DECISION_MAKER", nil},
		},
		fillers: []filler{{"Contract Manager", "INFORMATION_PROVIDER", 3}, {"Reimbursement Specialist", "", 2}}},
	{id: "team-helvetia-heor", name: "Helvetia Health Economics", org: "org-helvetia", density: 0.8, lo: 0.6, hi: 0.85,
		fillers: []filler{{"Head of Health Economics", "INFLUENCER;EXPERT", 1}, {"Health Economist", "EXPERT", 2},
			{"Data Analyst", "INFORMATION_PROVIDER", 1}}},

	// Bern Cardiovascular Research Institute
	{id: "team-bern-cvi-lab", name: "Interventional Research Lab", org: "org-bern-cvi", density: 0.7, lo: 0.6, hi: 0.9,
		members: []member{
			{"Hannah Wagner", "Institute Director", "DECISION_MAKER", nil},
			{"Nicolas Mercier", "Principal Investigator", "EXPERT;INFLUENCER", nil},
		},
		fillers: []filler{{"Principal Investigator", "EXPERT;CHAMPION", 1}, {"Postdoctoral Researcher", "EXPERT", 3}}},
	{id: "team-bern-cvi-imaging", name: "Cardiac Imaging Group", org: "org-bern-cvi", density: 0.75, lo: 0.6, hi: 0.9,
		fillers: []filler{{"Group Leader, Cardiac Imaging", "EXPERT;CONNECTOR", 1}, {"Imaging Scientist", "EXPERT", 1},
			{"PhD Student", "INFORMATION_PROVIDER", 3}}},

	// Rhenus Pharma Basel
	{id: "team-rhenus-cardio", name: "Rhenus Cardiometabolic Research", org: "org-rhenus", density: 0.7, lo: 0.6, hi: 0.85,
		members: []member{{"Felix Albrecht", "Head of Cardiometabolic Research", "DECISION_MAKER", nil}},
		fillers: []filler{{"Senior Scientist", "EXPERT", 3}, {"Clinical Development Lead", "INFLUENCER;CHAMPION", 1},
			{"Biomarker Scientist", "", 1}}},
	{id: "team-rhenus-procurement", name: "Rhenus Global R&D Procurement", org: "org-rhenus", density: 0.8, lo: 0.55, hi: 0.8,
		members: []member{{"Verena Haas", "Head of R&D Procurement", "BLOCKER", nil}},
		fillers: []filler{{"Sourcing Manager", "INFORMATION_PROVIDER", 2}}},
	{id: "team-rhenus-medical", name: "Rhenus Medical Affairs Switzerland", org: "org-rhenus", density: 0.7, lo: 0.6, hi: 0.85,
		members: []member{{"Luca Ferrari", "Country Medical Director", "DECISION_MAKER", nil}},
		fillers: []filler{{"Medical Manager", "INFLUENCER", 2}, {"Medical Science Liaison", "CONNECTOR", 1}}},
}

// story lists the ties the stories rest on; they override any generated tie on the pair.
var story = []struct {
	a, b   string
	trust  float64
	source string
}{
	// Story 1: Anna Keller to the Head of Cardiology at St. Mary's.
	{"p-anna-keller", "p-claudia-vogt", 0.8, "crm"},
	{"p-claudia-vogt", "p-thomas-brenner", 0.95, "survey"},
	{"p-anna-keller", "p-lukas-meier", 0.9, "survey"},
	{"p-lukas-meier", "p-sofia-rossi", 0.85, "interactions"},
	{"p-sofia-rossi", "p-thomas-brenner", 0.8, "survey"},
	// Story 2: Jonas Frei to Alpine's Chief Medical Officer.
	{"p-jonas-frei", "p-marco-colombo", 0.3, "crm"},
	{"p-marco-colombo", "p-elena-marchetti", 0.5, "survey"},
	{"p-jonas-frei", "p-patrick-roth", 0.9, "survey"},
	{"p-patrick-roth", "p-daniel-brunner", 0.85, "survey"},
	{"p-daniel-brunner", "p-giulia-conti", 0.8, "crm"},
	{"p-giulia-conti", "p-elena-marchetti", 0.9, "survey"},
	// Story 3: a distributor's rep who knows the payer's Medical Director.
	{"p-sara-lehmann", "p-nina-baumann", 0.85, "interactions"},
	{"p-nina-baumann", "p-martin-huber", 0.9, "crm"},
	{"p-daniel-brunner", "p-martin-huber", 0.4, "crm"},
	// Story 4: Tim Schneider came from Marketing and kept his ties there only.
	{"p-tim-schneider", "p-fabienne-rochat", 0.7, "survey"},
	{"p-tim-schneider", "p-raphael-bernasconi", 0.65, "survey"},
	// Blockers guard their decision makers.
	{"p-reto-kaufmann", "p-peter-hofmann", 0.9, "survey"},
	{"p-reto-kaufmann", "p-katharina-sommer", 0.85, "survey"},
	{"p-sandra-wolf", "p-christian-berger", 0.95, "survey"},
	{"p-roman-graf", "p-christian-berger", 0.85, "survey"},
	{"p-monika-zimmermann", "p-martin-huber", 0.9, "survey"},
	{"p-monika-zimmermann", "p-philipp-marti", 0.85, "survey"},
	{"p-yvonne-kaelin", "p-hannah-wagner", 0.9, "survey"},
	{"p-verena-haas", "p-felix-albrecht", 0.85, "survey"},
	{"p-verena-haas", "p-luca-ferrari", 0.8, "survey"},
	// Strong ties across the ecosystem.
	{"p-markus-weber", "p-ursula-baumgartner", 0.9, "interactions"},
	{"p-raphael-bernasconi", "p-chiara-fontana", 0.8, "interactions"},
	{"p-simon-wyss", "p-nicolas-mercier", 0.85, "crm"},
	{"p-matthias-steiner", "p-felix-albrecht", 0.7, "crm"},
	{"p-oliver-hartmann", "p-urs-bachmann", 0.85, "crm"},
	{"p-beatrice-favre", "p-hannah-wagner", 0.6, "crm"},
}

// cover says which of our and our partners' teams know people at which organisations:
// each member gets between lo and hi ties, of trust 0.15 to 0.45, to people there.
var cover = []struct {
	from   []string
	to     []string
	lo, hi int
}{
	{[]string{"team-hs-north"}, []string{"org-st-marys", "org-bern-cvi"}, 1, 3},
	{[]string{"team-hs-south"}, []string{"org-alpine"}, 1, 3},
	{[]string{"team-key-accounts"}, []string{"org-st-marys", "org-rhenus", "org-alpine"}, 2, 4},
	{[]string{"team-medical-affairs"}, []string{"org-st-marys", "org-bern-cvi", "org-rhenus"}, 1, 3},
	{[]string{"team-market-access"}, []string{"org-helvetia", "org-alpine"}, 1, 3},
	{[]string{"team-marketing"}, []string{"org-curanet"}, 0, 2},
	{[]string{"team-medilog-sales"}, []string{"org-st-marys", "org-alpine", "org-helvetia"}, 1, 3},
	{[]string{"team-medilog-sales", "team-medilog-ops"}, []string{"org-helix"}, 1, 2},
	{[]string{"team-curanet-partnerships", "team-curanet-product"}, []string{"org-helix"}, 1, 2},
	{[]string{"team-curanet-product"}, []string{"org-st-marys", "org-helvetia"}, 0, 2},
	{[]string{"team-trialpath-ops", "team-trialpath-bd"}, []string{"org-bern-cvi", "org-rhenus", "org-helix"}, 1, 2},
	{[]string{"team-bern-cvi-lab", "team-bern-cvi-imaging"}, []string{"org-st-marys"}, 0, 2},
	{[]string{"team-alpine-procurement"}, []string{"org-helvetia"}, 0, 1},
}

// guarded people get no generated ties outside their own teams, so that the stories'
// routes stay what STORIES.md says.
var guarded = []string{"p-thomas-brenner", "p-claudia-vogt", "p-elena-marchetti", "p-jonas-frei",
	"p-martin-huber", "p-tim-schneider"}

var firstNames = []string{
	"Laura", "Sarah", "Lea", "Sandra", "Petra", "Andrea", "Barbara", "Martina", "Nicole", "Simone",
	"Francesca", "Valentina", "Camille", "Léa", "Chloé", "Manon", "Céline", "Isabelle", "Nathalie",
	"Sophie", "Franziska", "Eva", "Lisa", "Mia", "Emma", "Olivia", "Aylin", "Carla", "Daniela",
	"Jasmin", "Noemi", "Alessia", "Maja", "Ines", "Rahel", "Tamara", "Elif", "Mei", "Ana", "Zoe",
	"Stefanie", "Gabriela", "Esther", "Irene", "Marta", "Sabine", "Lena", "Johanna", "Aurélie", "Nadia",
	"David", "Michael", "Peter", "Simon", "Beat", "Matteo", "Alessandro", "Giorgio", "Paolo", "Julien",
	"Mathieu", "Pierre", "Antoine", "Florian", "Fabian", "Benjamin", "Dominik", "Sandro", "Yannick",
	"Ravi", "Mehmet", "Noah", "Elias", "Jan", "Tobias", "Lorenzo", "Cédric", "Thierry", "Hans",
	"Jürg", "René", "Kai", "Ivan", "Milan", "Omar", "Sebastian", "Manuel", "Lars", "Erik", "Hugo",
	"Vincent", "Rafael", "Timo", "Jakob", "Silvan", "Pascal", "Gian", "Nils", "Leon", "Arjun",
}

var lastNames = []string{
	"Müller", "Schmid", "Meyer", "Fischer", "Zimmer", "Widmer", "Suter", "Bühler", "Bürki", "Hess",
	"Fankhauser", "Bianchi", "Romano", "Galli", "Moretti", "Rochat", "Bonvin", "Girard", "Perrin",
	"Blanc", "Chevalier", "Morel", "Fontaine", "Koch", "Becker", "Schulz", "Richter", "Neumann",
	"Schwarz", "Krüger", "Kuhn", "Vogel", "Frank", "Schäfer", "Jung", "Brandt", "Patel", "Nguyen",
	"Yilmaz", "Kowalski", "Novak", "Silva", "Costa", "Petrović", "Horvat", "Ahmed", "Kim",
	"Andersson", "Jensen", "Nielsen", "Ammann", "Arnold", "Bieri", "Christen", "Da Silva", "Eberle",
	"Flückiger", "Gasser", "Gut", "Imhof", "Jäggi", "Kunz", "Lanz", "Lehner", "Maurer", "Nussbaum",
	"Ott", "Pfister", "Rey", "Rüegg", "Sutter", "Tanner", "Thalmann", "Ulrich", "Vonlanthen",
	"Wälti", "Zbinden", "Zürcher", "Aebi", "Bolliger", "Caduff", "Dietrich", "Feller", "Gisler",
	"Hauser", "Iseli", "Jost", "Küng", "Locher", "Mathys", "Nef", "Oberholzer", "Probst", "Räber",
	"Sieber", "Tschanz", "Urech", "Vetsch", "Walther", "Zaugg",
}

// rng is splitmix64: tiny, and its output never changes between Go releases.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9E3779B97F4A7C15
	z := r.s
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

type person struct {
	id, name, title, org, roles string
	teams                       []string
}

type tie struct {
	trust  float64
	source string
}

func main() {
	r := &rng{s: 20260518}
	var people []person
	byID := map[string]*person{}
	usedNames := map[string]bool{}
	add := func(name, title, orgID, roles string, teamIDs []string) {
		p := person{id: "p-" + slug(name), name: name, title: title, org: orgID, roles: roles, teams: teamIDs}
		if byID[p.id] != nil {
			log.Fatalf("duplicate person id %s", p.id)
		}
		usedNames[name] = true
		people = append(people, p)
		byID[p.id] = &people[len(people)-1]
	}
	// Named people first, so that the fillers' names never take theirs.
	for _, o := range orgs {
		for _, m := range teamless[o.id] {
			usedNames[m.name] = true
		}
	}
	for _, t := range teams {
		for _, m := range t.members {
			usedNames[m.name] = true
		}
	}
	randomName := func() string {
		for {
			name := firstNames[r.intn(len(firstNames))] + " " + lastNames[r.intn(len(lastNames))]
			if !usedNames[name] {
				return name
			}
		}
	}
	for _, o := range orgs {
		for _, m := range teamless[o.id] {
			add(m.name, m.title, o.id, m.roles, nil)
		}
		for _, t := range teams {
			if t.org != o.id {
				continue
			}
			for _, m := range t.members {
				add(m.name, m.title, o.id, m.roles, append([]string{t.id}, m.alsoIn...))
			}
			for _, f := range t.fillers {
				for range f.n {
					add(randomName(), f.title, o.id, f.roles, []string{t.id})
				}
			}
		}
	}
	// byID points into people; it is complete only now that people no longer grows.
	for i := range people {
		byID[people[i].id] = &people[i]
	}

	ties := map[[2]string]tie{}
	isGuarded := func(id string) bool { return slices.Contains(guarded, id) }
	isDM := func(id string) bool { return strings.Contains(byID[id].roles, "DECISION_MAKER") }
	put := func(a, b string, trust float64, source string) {
		if a == b {
			return
		}
		if b < a {
			a, b = b, a
		}
		if _, ok := ties[[2]string{a, b}]; ok {
			return
		}
		// Decision makers are hard to get close to: generated ties to them stay moderate.
		if isDM(a) || isDM(b) {
			trust = 0.45 + (trust-0.3)/0.6*0.15
			trust = math.Max(0.45, math.Min(0.6, trust))
		}
		ties[[2]string{a, b}] = tie{math.Round(trust*100) / 100, source}
	}
	for _, s := range story {
		a, b := s.a, s.b
		if byID[a] == nil || byID[b] == nil {
			log.Fatalf("story tie %s-%s names an unknown person", a, b)
		}
		if b < a {
			a, b = b, a
		}
		ties[[2]string{a, b}] = tie{s.trust, s.source}
	}

	// Inside teams: dense and trusted (as each team's density and range say).
	memberOf := func(teamID string) []string {
		var ids []string
		for _, p := range people {
			if slices.Contains(p.teams, teamID) {
				ids = append(ids, p.id)
			}
		}
		return ids
	}
	for _, t := range teams {
		ids := memberOf(t.id)
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				u, v := r.float(), r.float()
				if slices.Contains(t.noTiesWithinTeam, ids[i]) || slices.Contains(t.noTiesWithinTeam, ids[j]) || u >= t.density {
					continue
				}
				put(ids[i], ids[j], t.lo+v*(t.hi-t.lo), "survey")
			}
		}
	}
	// Inside organisations, across teams: moderate and sparser.
	for i := range people {
		for j := i + 1; j < len(people); j++ {
			p, q := people[i], people[j]
			u, v := r.float(), r.float()
			if p.org != q.org || isGuarded(p.id) || isGuarded(q.id) || sharesTeam(p, q) {
				continue
			}
			prob := 0.06
			if len(p.teams) == 0 || len(q.teams) == 0 {
				prob = 0.25
			}
			if u < prob {
				put(p.id, q.id, 0.35+v*0.35, "interactions")
			}
		}
	}
	// Across organisations: sparse and weak, where our people and partners cover accounts.
	for _, c := range cover {
		var targets []string
		for _, p := range people {
			if slices.Contains(c.to, p.org) && !isGuarded(p.id) {
				targets = append(targets, p.id)
			}
		}
		for _, p := range people {
			if !intersects(p.teams, c.from) || isGuarded(p.id) {
				continue
			}
			n := c.lo + r.intn(c.hi-c.lo+1)
			for range n {
				q := targets[r.intn(len(targets))]
				put(p.id, q, 0.15+r.float()*0.3, "crm")
			}
		}
	}

	dir := "data"
	write(filepath.Join(dir, "organizations.csv"), []string{"id", "name", "kind", "sector", "topics"}, func(emit func(...string)) {
		for _, o := range orgs {
			emit(o.id, o.name, o.kind, o.sector, strings.Join(orgTopics[o.id], ";"))
		}
	})
	write(filepath.Join(dir, "teams.csv"), []string{"id", "name", "organization_id"}, func(emit func(...string)) {
		for _, t := range teams {
			emit(t.id, t.name, t.org)
		}
	})
	expertise := personTopics(people)
	write(filepath.Join(dir, "people.csv"), []string{"id", "name", "title", "organization_id", "roles", "teams", "topics"}, func(emit func(...string)) {
		for i, p := range people {
			emit(p.id, p.name, p.title, p.org, p.roles, strings.Join(p.teams, ";"), strings.Join(expertise[i], ";"))
		}
	})
	keys := make([][2]string, 0, len(ties))
	for k := range ties {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]string) int { return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1]) })
	write(filepath.Join(dir, "ties.csv"), []string{"person_a", "person_b", "trust", "source"}, func(emit func(...string)) {
		for _, k := range keys {
			t := ties[k]
			emit(k[0], k[1], strconv.FormatFloat(t.trust, 'f', -1, 64), t.source)
		}
	})
	answers, interactions := evidence(people, byID, keys, ties)
	fmt.Printf("demo: %d organisations, %d teams, %d people, %d ties, %d survey answers, %d interactions\n",
		len(orgs), len(teams), len(people), len(ties), answers, interactions)
}

// orgTopics are the client institutions' areas of interest (the swarm plan's expertise
// section matches our people's expertise to them).
var orgTopics = map[string][]string{
	"org-st-marys": {"cardiology", "interventional cardiology", "hospital procurement"},
	"org-alpine":   {"hospital procurement", "orthopaedics", "digital health"},
	"org-helvetia": {"health economics", "reimbursement", "value-based care"},
	"org-bern-cvi": {"cardiology", "clinical trials", "cardiac imaging"},
	"org-rhenus":   {"clinical trials", "regulatory affairs", "drug-device combination"},
}

// teamTopics is the expertise pool of our teams: the k-th member of a team (in people.csv
// order, by their first team) gets the pool's entries k and k+1 (mod its size), so that
// expertise spreads over everyone, not only the stories' people. No random numbers: the
// generator's stream, and so every id, tie and trust, stays as it was.
var teamTopics = map[string][]string{
	"team-hs-north":        {"cardiology", "interventional cardiology", "hospital procurement"},
	"team-hs-south":        {"orthopaedics", "hospital procurement"},
	"team-key-accounts":    {"hospital procurement", "value-based care", "clinical trials"},
	"team-medical-affairs": {"cardiology", "clinical trials", "cardiac imaging", "regulatory affairs"},
	"team-market-access":   {"health economics", "reimbursement", "value-based care"},
	"team-marketing":       {"digital health"},
}

// personTopics returns each person's expertise, by index in people.
func personTopics(people []person) [][]string {
	out := make([][]string, len(people))
	seen := map[string]int{}
	for i, p := range people {
		if len(p.teams) == 0 {
			continue
		}
		pool := teamTopics[p.teams[0]]
		if len(pool) == 0 {
			continue
		}
		k := seen[p.teams[0]]
		seen[p.teams[0]]++
		out[i] = append(out[i], pool[k%len(pool)])
		if len(pool) > 1 {
			out[i] = append(out[i], pool[(k+1)%len(pool)])
		}
	}
	return out
}

// evidenceTeams are our teams whose members answered the ONA survey and log their contacts
// with clients. Key Accounts and Hospital Sales South are left out (story 4 tells their
// cohesion from ties.csv alone), and so are Market Access, where story 3 starts, and Marketing, which shares people with it.
var evidenceTeams = []string{"team-hs-north", "team-medical-affairs"}

// evidence writes survey.csv and interactions.csv: our survey answers about teammates whose
// tie came from the survey, and our meetings, calls and emails with the client people we
// have CRM ties to. People in the stories' ties are left out, so that no date moves a story
// (demo_test checks that the stories hold whatever trust the evidence gives). It draws from
// its own random stream, so the other files do not change.
func evidence(people []person, byID map[string]*person, keys [][2]string, ties map[[2]string]tie) (int, int) {
	r := &rng{s: 20261129}
	inStory := map[string]bool{}
	for _, s := range story {
		inStory[s.a], inStory[s.b] = true, true
	}
	for _, g := range guarded {
		inStory[g] = true
	}
	inTeams := func(id string) bool { return intersects(byID[id].teams, evidenceTeams) }
	day := func(month, d int) string {
		return fmt.Sprintf("2026-%02d-%02dT%02d:%02d:00Z", month, d, 8+r.intn(9), 15*r.intn(4))
	}
	var answers [][]string
	var interactions [][]string
	kinds := []string{"MEETING", "CALL", "EMAIL", "MEETING", "EVENT"}
	for _, k := range keys {
		a, b := k[0], k[1]
		if inStory[a] || inStory[b] {
			continue
		}
		t := ties[k]
		pa, pb := byID[a], byID[b]
		switch {
		case t.source == "survey" && inTeams(a) && inTeams(b) && sharesTeam(*pa, *pb):
			// Both answer "how much do you trust ...?" near the tie's value; a third of the
			// pairs also answer the advice question, and one in five answers go unanswered
			// by the other person (one-sided).
			score := func() string { return strconv.Itoa(max(1, min(5, int(math.Round(1+4*t.trust))+r.intn(3)-1))) }
			answers = append(answers, []string{a, b, "trust", score(), day(3, 2+r.intn(20))})
			if r.intn(5) != 0 {
				answers = append(answers, []string{b, a, "trust", score(), day(3, 2+r.intn(20))})
			}
			if r.intn(3) == 0 {
				answers = append(answers, []string{a, b, "advice", score(), day(3, 2+r.intn(20))})
			}
		case t.source == "crm" && byID[a].org != "org-helvetia" && byID[b].org != "org-helvetia" &&
			(inTeams(a) && byID[b].org != byID[a].org || inTeams(b) && byID[a].org != byID[b].org):
			// Not with the payer: story 3's long route to its other decision maker would
			// change with the evidence's date.
			ours, client := a, b
			if !inTeams(a) {
				ours, client = b, a
			}
			for i, n := 0, 1+r.intn(3); i < n; i++ {
				sentiment := ""
				if r.intn(4) != 0 {
					sentiment = strconv.FormatFloat(math.Round((r.float()*1.4-0.4)*10)/10, 'f', -1, 64)
				}
				interactions = append(interactions, []string{fmt.Sprintf("ix-%04d", len(interactions)+1),
					kinds[r.intn(len(kinds))], day(1+r.intn(11), 1+r.intn(28)), ours + ";" + client, byID[client].org, sentiment})
			}
		}
	}
	write(filepath.Join("data", "survey.csv"), []string{"respondent_id", "alter_id", "question", "score", "answered_at"}, func(emit func(...string)) {
		for _, a := range answers {
			emit(a...)
		}
	})
	write(filepath.Join("data", "interactions.csv"), []string{"id", "kind", "at", "participants", "organization_id", "sentiment"}, func(emit func(...string)) {
		for _, in := range interactions {
			emit(in...)
		}
	})
	return len(answers), len(interactions)
}

func sharesTeam(p, q person) bool { return intersects(p.teams, q.teams) }

func intersects(a, b []string) bool {
	for _, v := range a {
		if slices.Contains(b, v) {
			return true
		}
	}
	return false
}

func write(path string, header []string, rows func(emit func(...string))) {
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	w := csv.NewWriter(f)
	if err := w.Write(header); err != nil {
		log.Fatal(err)
	}
	rows(func(rec ...string) {
		if err := w.Write(rec); err != nil {
			log.Fatal(err)
		}
	})
	w.Flush()
	if err := w.Error(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
}

// slug turns a name into the readable ASCII part of an id: "Yvonne Kälin" -> "yvonne-kaelin".
func slug(name string) string {
	repl := strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue",
		"é", "e", "è", "e", "ê", "e", "à", "a", "ç", "c", "ï", "i", "ô", "o", "ć", "c", "ß", "ss")
	s := strings.ToLower(repl.Replace(name))
	var b strings.Builder
	dash := false
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case c == ' ' || c == '-':
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

package gen

// Word lists for names and titles. They hold no commas or quotes, so that they read the same
// in every CSV dialect; titles that do hold a comma are quoted by encoding/csv.

var firstNames = []string{
	"Aiko", "Alice", "Amara", "Ana", "Andrea", "Anton", "Arjun", "Astrid", "Ben", "Bruno",
	"Camille", "Carlos", "Chen", "Chiara", "Daniel", "David", "Elena", "Elif", "Emil", "Emma",
	"Fatima", "Felix", "Freya", "Gabriel", "Grace", "Hana", "Hannah", "Hugo", "Ines", "Ivan",
	"Jakob", "James", "Jana", "Javier", "Jin", "Johan", "Julia", "Kai", "Karin", "Kenji",
	"Lars", "Laura", "Lea", "Leon", "Lina", "Lucas", "Luca", "Maja", "Marco", "Maria",
	"Mateo", "Mei", "Mia", "Nadia", "Nils", "Noah", "Nora", "Olga", "Omar", "Paula",
	"Pedro", "Priya", "Rafael", "Ravi", "Rosa", "Sara", "Sofia", "Stefan", "Tariq", "Thomas",
	"Tomas", "Valentina", "Victor", "Wei", "Yara", "Yusuf", "Zoe", "Zofia",
}

var lastNames = []string{
	"Achterberg", "Adeyemi", "Andersen", "Bauer", "Becker", "Berg", "Bianchi", "Brown", "Castillo",
	"Chen", "Costa", "Dahl", "Dubois", "Eriksson", "Fischer", "Fontaine", "Garcia", "Gruber",
	"Haas", "Hansen", "Hoffmann", "Horvath", "Ito", "Jansen", "Jensen", "Kaya", "Keller", "Kim",
	"Kowalski", "Kumar", "Lambert", "Larsen", "Lee", "Lindqvist", "Lopez", "Martin", "Meyer",
	"Moreau", "Muller", "Nakamura", "Nielsen", "Novak", "Nowak", "Okafor", "Olsen", "Patel",
	"Peeters", "Petrov", "Rossi", "Sato", "Schmidt", "Schneider", "Silva", "Singh", "Smith",
	"Svensson", "Tanaka", "Torres", "Vogel", "Wagner", "Walker", "Weber", "Wolf", "Yilmaz",
	"Zhang", "Zimmermann",
}

// Organisation names are a stem and a suffix from the organisation's sector.
var orgStems = []string{
	"Alder", "Alpine", "Amber", "Apex", "Arbor", "Aster", "Atlas", "Aurora", "Beacon", "Birch",
	"Blue Ridge", "Boreal", "Brightwater", "Cedar", "Clearview", "Cobalt", "Crescent", "Crown",
	"Delta", "Eastgate", "Elm", "Evergreen", "Fairhaven", "Falcon", "Fjord", "Granite",
	"Harbor", "Hawthorn", "Highland", "Horizon", "Iris", "Juniper", "Kestrel", "Lakeside",
	"Linden", "Lumen", "Maple", "Meadow", "Meridian", "Milestone", "Northgate", "Oak", "Orion",
	"Pacific", "Pinnacle", "Polaris", "Prairie", "Quarry", "Redwood", "Riverside", "Sable",
	"Saint Mary", "Sequoia", "Silverline", "Skyline", "Solstice", "Sterling", "Stonebridge",
	"Summit", "Tidewater", "Trinity", "Unity", "Valley", "Vantage", "Westbrook", "Willow",
	"Zenith",
}

type sector struct {
	name     string
	suffixes []string
}

// clientSectors are the sectors of CLIENT organisations: an ecosystem around healthcare and
// the industries the product brief names.
var clientSectors = []sector{
	{"Healthcare", []string{"Hospital", "Medical Center", "Clinic", "Health"}},
	{"Health Insurance", []string{"Health Insurance", "Care Plan", "Mutual"}},
	{"Pharmaceuticals", []string{"Pharma", "Therapeutics", "Biosciences"}},
	{"Medical Devices", []string{"Medical", "Devices", "Diagnostics"}},
	{"Manufacturing", []string{"Industries", "Manufacturing", "Works"}},
	{"Professional Services", []string{"Advisory", "Partners", "Associates"}},
	{"Public Sector", []string{"County Council", "Health Authority", "Agency"}},
	{"Research", []string{"University", "Research Institute", "Laboratories"}},
	{"Logistics", []string{"Logistics", "Supply", "Distribution"}},
	{"Banking", []string{"Bank", "Savings", "Capital"}},
}

var partnerSectors = []sector{
	{"IT Services", []string{"Integration", "Systems", "Digital"}},
	{"Consulting", []string{"Consulting", "Advisors", "Group"}},
	{"Distribution", []string{"Distribution", "Channel", "Solutions"}},
}

// teamNames are generic departments; an organisation with more teams numbers the repeats.
var teamNames = []string{
	"Procurement", "Finance", "IT Infrastructure", "Operations", "Legal", "Research",
	"Clinical Operations", "Quality", "Sales", "Marketing", "Human Resources", "Security",
	"Data and Analytics", "Customer Service", "Strategy", "Engineering", "Facilities",
	"Supply Chain", "Compliance", "Medical Affairs", "Product", "Partnerships", "Nursing",
	"Pharmacy", "Radiology", "Laboratory", "Patient Services", "Innovation", "Risk",
	"Communications",
}

var decisionMakerTitles = []string{
	"Chief Executive Officer", "Chief Financial Officer", "Chief Information Officer",
	"Chief Operating Officer", "Chief Medical Officer", "Managing Director", "VP Procurement",
	"VP Operations", "Director of Purchasing", "Head of Strategy",
}

var blockerTitles = []string{
	"Head of Legal", "Procurement Manager", "Information Security Officer", "Compliance Manager",
	"Executive Assistant", "Chief of Staff", "Enterprise Architect", "Budget Controller",
}

var expertTitles = []string{
	"Principal Engineer", "Senior Scientist", "Lead Architect", "Senior Consultant",
	"Clinical Specialist", "Data Scientist", "Subject Matter Expert",
}

var clientTitles = []string{
	"Analyst", "Senior Analyst", "Specialist", "Coordinator", "Manager", "Senior Manager",
	"Engineer", "Project Manager", "Consultant", "Administrator", "Officer", "Advisor",
}

var oursTitles = []string{
	"Account Executive", "Key Account Manager", "Sales Engineer", "Solutions Architect",
	"Customer Success Manager", "Product Specialist", "Sales Director", "Business Developer",
	"Inside Sales Representative", "Partner Manager",
}

var partnerTitles = []string{
	"Consultant", "Senior Consultant", "Alliance Manager", "Delivery Manager", "Engineer",
	"Solutions Architect", "Account Manager", "Project Manager",
}

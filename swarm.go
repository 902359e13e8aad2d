package ecograph

// IntroducerCandidate is a person with a tie to the person an introduction is for (and, when
// the introduction has a requester, a tie to the requester too), as the store reads it.
type IntroducerCandidate struct {
	PersonID       string
	OrganizationID string
	ToTrust        float64 // the tie to the target
	ToSource       string
	FromTrust      *float64 // the tie to the requester; nil without one
	FromSource     string
}

// ShownTie is a tie's trust as a caller is shown it: the value, or for a partner and a tie
// private to us, its band's floor (Exact false).
type ShownTie struct {
	Trust  float64
	Exact  bool
	Source string
}

// Introducer is a ranked introducer: who, where they work, and the trust the ranking used.
type Introducer struct {
	PersonID       string
	OrganizationID string
	// Trust is the tie's trust to the target, or with a requester the product
	// trust(requester, person) * trust(person, target), both as shown to the caller.
	Trust float64
	// Exact is false when a factor of Trust is a band's floor.
	Exact bool
	To    ShownTie  // the tie to the target
	From  *ShownTie // the tie to the requester; nil without one
}

// IntroducerSet is the candidates for one introduction and what ranking them needs.
type IntroducerSet struct {
	Candidates []IntroducerCandidate
	// ToOrg and FromOrg are the organisations of the target and the requester ("" without).
	ToOrg, FromOrg string
}

// CriticalPerson is a person whose absence alone would leave decision makers without a route
// from our people: a single point of failure.
type CriticalPerson struct {
	PersonID       string
	DecisionMakers []string // the decision makers that hang on the person, by id
}

// CriticalSet is the single points of failure of one organisation, found over one snapshot
// of the graph, with the people named and their organisations as that snapshot knew them
// (as in RouteSet).
type CriticalSet struct {
	// Critical is ordered by the number of decision makers, most first, then by person id.
	Critical []CriticalPerson
	// Reached and Unreached are the organisation's decision makers (that the caller may see)
	// with and without a route under the options, by id.
	Reached, Unreached []string
	People             map[string]*Person
	Organizations      map[string]*Organization
}

// AccountRisk is an account whose reached decision makers all hang on one person: each of
// HangsOn alone, if absent, would leave none of them reached.
type AccountRisk struct {
	AccountID      string
	HangsOn        []string // people, by id
	DecisionMakers []string // the target's reached decision makers, by id
}

// SwarmPlan is the plan for working one client institution, computed over one snapshot of
// the graph: who is who there, who of ours and our partners' knows them, where the gaps are,
// who guards the doors and who can open them, whom the account hangs on, and a suggested
// team. People are named by id; People and Organizations hold them as the snapshot knew them.
type SwarmPlan struct {
	OrganizationID string
	MinRouteTrust  float64 // the route trust a target counts as covered at
	ByRole         []RoleGroup
	Coverage       []PersonCoverage
	// Gaps are the decision makers no route from our people reaches with trust >=
	// MinRouteTrust; Uncovered the decision makers and influencers in that case. By id.
	Gaps, Uncovered []string
	Blockers        []BlockerPlan
	Connectors      []ConnectorPlan
	Team            []SwarmAssignment
	Critical        []CriticalPerson
	People          map[string]*Person
	Organizations   map[string]*Organization
}

// RoleGroup is an institution's people who hold one role, by id.
type RoleGroup struct {
	Role   Role
	People []string
}

// PlanTie is a tie from a plan's person to PersonID, as the caller is shown it.
type PlanTie struct {
	PersonID string
	ShownTie
}

// PersonCoverage is one of the institution's people and their ties to our people and our
// partners' people, most trusted first.
type PersonCoverage struct {
	PersonID string
	Ties     []PlanTie
}

// BlockerPlan is one of the institution's blockers: the decision makers they are tied to
// (Guards) and the people of ours they trust most (to turn a blocker into a connector).
type BlockerPlan struct {
	PersonID    string
	Guards      []string
	TrustedOurs []PlanTie
}

// ConnectorPlan is one of the institution's connectors: the decision makers they are tied to
// and their ties to our people and our partners' people.
type ConnectorPlan struct {
	PersonID       string
	DecisionMakers []string
	Ours           []PlanTie
}

// SwarmAssignment is a member of a suggested swarm team and the targets (decision makers and
// influencers) they are to work, each with the trust of their best route to it.
type SwarmAssignment struct {
	PersonID string
	Targets  []PlanTarget
}

// PlanTarget is a target of an assignment and the trust of the best route to it, as shown
// (a band's floor for partners: Exact false).
type PlanTarget struct {
	PersonID string
	Trust    float64
	Exact    bool
}

// TopicExpertise is one of an institution's topics and our people whose expertise holds it
// (ignoring case), by id.
type TopicExpertise struct {
	Topic  string
	People []*Person
}

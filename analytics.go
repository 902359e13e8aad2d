package ecograph

import "time"

// ConnectorScore is one person's betweenness centrality in a scope (see Connectors).
type ConnectorScore struct {
	PersonID    string
	Betweenness float64
}

// Connectors is the betweenness centrality of every person in a scope (an organisation's
// people, or everyone), over the ties with trust > 0, by hop count, normalised for undirected
// graphs; highest first, then by person id.
type Connectors struct {
	Scores []ConnectorScore
	// People maps the scored people's ids to the people as the graph snapshot the scores were
	// computed from knew them; shared, never modify.
	People map[string]*Person
	// Exact is true when the scores are exact. Otherwise they are an estimate: with
	// probability at least 1-Delta every score is within Epsilon of its exact value, from
	// Samples sampled shortest paths.
	Exact          bool
	Epsilon, Delta float64
	Samples        int
	ComputedAt     time.Time
	Took           time.Duration
}

// TeamGraph is what a team's cohesion is computed from: its members, the ties among them
// (every tie, whatever its trust) and the survey answers between them, as read.
type TeamGraph struct {
	TeamID  string
	Members []string
	Ties    []Tie
	Answers []SurveyAnswer
}

// Cohesion is how tightly a team's members are knit (see ona.TeamCohesion for the exact
// definitions, which are the contract's).
type Cohesion struct {
	TeamID  string
	Members int
	// Ties is the number of ties among the members; Density their share of the members'
	// n(n-1)/2 pairs (0 below two members); AverageTrust their mean trust (0 without ties).
	Ties         int
	Density      float64
	AverageTrust float64
	// Answers is the number of survey answers (respondent, alter, question) between two
	// members; Reciprocated how many of them have their reverse answer; Reciprocity the
	// share, nil when there are no answers.
	Answers      int
	Reciprocated int
	Reciprocity  *float64
	// Isolates are the members with no tie to another member, by id.
	Isolates []string
}

// MaturityStage is how far a team or an organisation is on the way from individual selling
// to ecosystem enablement. The stages cannot be skipped: each requires the one before.
type MaturityStage string

// The maturity stages, in order.
const (
	// StagePistol: individuals sell on their own; the house is not in order yet.
	StagePistol MaturityStage = "PISTOL"
	// StageCollaborative: a cohesive, trusting team that shares across its boundaries.
	StageCollaborative MaturityStage = "COLLABORATIVE"
	// StageEcosystemReady: collaborative, and connected by trusted ties to other
	// organisations through its own connectors.
	StageEcosystemReady MaturityStage = "ECOSYSTEM_READY"
)

// MaturityCheck is one documented threshold of a stage and how the team or organisation
// measured against it.
type MaturityCheck struct {
	Name      string        // e.g. "density"
	Stage     MaturityStage // the stage the check belongs to
	Value     *float64      // nil when it cannot be measured (no survey answers, no ties)
	Threshold float64
	AtMost    bool // the value must be <= Threshold (else >=)
	Passed    bool
	Reason    string // the measurement in words
	NextStep  string // what would pass it
}

// Maturity is a stage with the checks it was decided by and what would move it on.
type Maturity struct {
	Stage     MaturityStage
	Checks    []MaturityCheck
	NextSteps []string
}

// TeamBoundary is a team's ties (trust > 0) split by whether they stay inside it: Internal
// between two members, External from a member to anyone else, CrossTeam the external ones to
// people of the members' own organisation.
type TeamBoundary struct {
	TeamID                        string
	Members                       int
	Internal, External, CrossTeam int
	// EI is the E-I index (E-I)/(E+I) and ExternalShare E/(E+I); nil without ties.
	EI, ExternalShare *float64
	// Silo: fewer than ona.SiloShare of the team's ties leave it.
	Silo bool
}

// BrokerScore is how many pairs of otherwise unconnected people, at two organisations of the
// asked kinds, a person is the tie between.
type BrokerScore struct {
	PersonID string
	Pairs    int64
}

// BridgeTie is a tie (trust > 0) whose loss splits its group in two parts of Small <= Large
// people.
type BridgeTie struct {
	PersonA, PersonB string
	Small, Large     int
}

// TeamMetrics is what is written back to a Team node for analysts: its cohesion and stage.
type TeamMetrics struct {
	TeamID       string
	Density      float64
	AverageTrust float64
	Reciprocity  *float64
	Stage        MaturityStage
}

// EcosystemMatch is a new tie between one of our people and someone outside whose making
// would add client decision makers to those our organisation reaches over trusted ties (see
// ona.EcosystemMatches for the exact definitions).
type EcosystemMatch struct {
	OursID, ExternalID string
	// DecisionMakerIDs are the client decision makers the tie adds to the reach, by id; Gain
	// their number; Reached the number of people it adds.
	DecisionMakerIDs []string
	Gain, Reached    int
	// RouteTrust is the trust of the most trusted existing route from OursID to ExternalID
	// (0: none).
	RouteTrust float64
}

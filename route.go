package ecograph

// RouteObjective says what a route search optimises.
type RouteObjective string

// The route objectives.
const (
	// MostTrusted: the highest product of trust; among equal trust (within 1e-9 relative), the
	// fewest hops.
	MostTrusted RouteObjective = "MOST_TRUSTED"
	// FewestHops: the fewest hops; among those, the highest trust.
	FewestHops RouteObjective = "FEWEST_HOPS"
)

// Limits of a route search.
const (
	DefaultMaxHops = 6
	MaxMaxHops     = 10
	MaxRoutesK     = 50
)

// RouteOptions constrains a route search.
type RouteOptions struct {
	Objective     RouteObjective
	MinTrust      float64  // every hop's trust >= MinTrust
	MaxHops       int      // 1..MaxMaxHops
	AvoidBlockers bool     // no intermediate person with role BLOCKER
	Avoid         []string // people that may not be intermediates
	// AllowedOrgKinds, when not empty, restricts the organisations (by kind) that
	// intermediate people may work at.
	AllowedOrgKinds []OrgKind
}

// DefaultRouteOptions returns the contract's defaults.
func DefaultRouteOptions() RouteOptions {
	return RouteOptions{Objective: MostTrusted, MinTrust: 0, MaxHops: DefaultMaxHops, AvoidBlockers: true}
}

// Validate returns an EINVALID *Error naming the first option out of range.
func (o *RouteOptions) Validate() error {
	switch o.Objective {
	case MostTrusted, FewestHops:
	default:
		return Invalid("options.objective", "must be MOST_TRUSTED or FEWEST_HOPS")
	}
	if !(o.MinTrust >= 0 && o.MinTrust <= 1) {
		return Invalid("options.minTrust", "must be in [0, 1], got %v", o.MinTrust)
	}
	if o.MaxHops < 1 || o.MaxHops > MaxMaxHops {
		return Invalid("options.maxHops", "must be in 1..%d, got %d", MaxMaxHops, o.MaxHops)
	}
	for _, k := range o.AllowedOrgKinds {
		if !k.Valid() {
			return Invalid("options.throughKinds", "unknown organisation kind %q", k)
		}
	}
	return nil
}

// Hop is one tie of a route, walked from From to To.
type Hop struct {
	From   string
	To     string
	Trust  float64
	Source string
}

// Route is a simple path over ties. People runs from the route's start to its end; Trust is
// the product of its hops' trust and Length its number of hops.
type Route struct {
	People []string
	Hops   []Hop
	Trust  float64
	Length int
}

// RouteSet is routes found over one snapshot of the graph, with the people on them and their
// organisations as that same snapshot knew them, so that a route and its explanation always
// agree even while writes land. An organisation may be missing when it was deleted while the
// snapshot was read.
type RouteSet struct {
	Routes        []Route
	People        map[string]*Person
	Organizations map[string]*Organization
}

package ecograph

import (
	"context"
	"io"
	"strconv"
	"time"
)

// Scope is what a read may see: the caller's role and organisation. Every read query of the
// store takes it and filters inside Cypher; it never widens with input (arguments, cursors).
type Scope struct {
	Role  CallerRole
	OrgID string // the partner's organisation; "" for our own roles
}

// FullScope is the scope of internal readers (CLI, importer, tests): everything.
func FullScope() Scope { return Scope{Role: CallerAdmin} }

// Scope returns the read scope of the caller.
func (c *Caller) Scope() Scope { return Scope{Role: c.Role, OrgID: c.OrgID} }

// HidesTrust reports whether trust values between people outside the caller's own
// organisation are private to it (PARTNER callers).
func (s Scope) HidesTrust() bool {
	return s.Role != CallerAdmin && s.Role != CallerAnalyst && s.Role != CallerSeller
}

// RequireRole returns the caller in ctx when their role is one of roles; EUNAUTHORIZED
// without a caller, EFORBIDDEN for any other role.
func RequireRole(ctx context.Context, action string, roles ...CallerRole) (*Caller, error) {
	c, err := RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range roles {
		if c.Role == r {
			return c, nil
		}
	}
	return nil, Errorf(EFORBIDDEN, "role %s may not %s", c.Role, action)
}

// ShareLevel is how much of an account a partner sees.
type ShareLevel string

// The share levels, each granting what the previous one does and more.
const (
	// ShareCounts: the account exists, its target, and how many of the target's people the
	// swarm reaches.
	ShareCounts ShareLevel = "COUNTS"
	// ShareNames: also the target's people, their roles and which swarm members cover them,
	// without trust values.
	ShareNames ShareLevel = "NAMES"
	// ShareRoutes: also routes from the partner's people into the target through the swarm,
	// with trust shown as a band on hops that do not touch the partner's own people.
	ShareRoutes ShareLevel = "ROUTES"
)

// Valid reports whether l is a share level.
func (l ShareLevel) Valid() bool { return l == ShareCounts || l == ShareNames || l == ShareRoutes }

// MarshalGQL writes l as a GraphQL enum value.
func (l ShareLevel) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(l))) }

// UnmarshalGQL reads l from a GraphQL enum value; EINVALID if it is not a share level.
func (l *ShareLevel) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !ShareLevel(s).Valid() {
		return Invalid("level", "unknown share level %s", describe(v))
	}
	*l = ShareLevel(s)
	return nil
}

// Account is a client institution we work as a target: our people and partners' people
// join its swarm, and it may be shared with partners at a level.
type Account struct {
	ID       string
	Name     string
	TargetID string
	// Level is the caller's share level when the caller is a partner; "" otherwise.
	Level ShareLevel
}

// Validate returns an EINVALID *Error naming the first bad field (prefixed by prefix).
func (a *Account) Validate(prefix string) error {
	if err := ValidateID(prefix+"id", a.ID); err != nil {
		return err
	}
	if err := validateText(prefix+"name", a.Name, true); err != nil {
		return err
	}
	return ValidateID(prefix+"target", a.TargetID)
}

// Share is an account's share with a partner organisation.
type Share struct {
	AccountID string
	PartnerID string
	Level     ShareLevel
	At        time.Time
	By        string // the subject (or role) who made the share
}

// AuditEvent records one change to an account's shares: who, when, what, at which level.
type AuditEvent struct {
	ID        string
	At        time.Time
	By        string
	Action    string // SHARE, UNSHARE or DELETE
	AccountID string
	PartnerID string     // "" for DELETE
	Level     ShareLevel // "" for UNSHARE
}

// Audit actions.
const (
	AuditShare   = "SHARE"
	AuditUnshare = "UNSHARE"
	AuditDelete  = "DELETE" // the account was deleted (its shares each got an UNSHARE first)
)

// Visibility restricts a route search to the people a caller may see: people who work at
// one of Orgs or are listed in People. A nil *Visibility sees everyone.
type Visibility struct {
	Orgs   map[string]bool
	People map[string]bool
	// OwnOrg is the partner's organisation: hops touching its people show their trust; the
	// others show a band. "" shows every value.
	OwnOrg string
}

// Sees reports whether v lets the caller see the person with the given id and organisation.
func (v *Visibility) Sees(id, org string) bool {
	return v == nil || v.Orgs[org] || v.People[id]
}

// Trust bands: what a partner sees of a trust value that is private to us.
const (
	BandStrong   = "strong"   // trust >= 0.7
	BandModerate = "moderate" // 0.4 <= trust < 0.7
	BandWeak     = "weak"     // trust < 0.4
)

// TrustBand names the band of a trust value.
func TrustBand(t float64) string {
	switch {
	case t >= 0.7:
		return BandStrong
	case t >= 0.4:
		return BandModerate
	}
	return BandWeak
}

// BandFloor returns the lowest trust of t's band (0.7, 0.4 or 0): what a partner is shown in
// place of a hidden value, which it can derive from the band alone.
func BandFloor(t float64) float64 {
	switch TrustBand(t) {
	case BandStrong:
		return 0.7
	case BandModerate:
		return 0.4
	}
	return 0
}

// HiddenMinTrust returns the trust a hop whose value is private to a partner (shown as a band)
// must have to meet the partner's minTrust m: m rounded up to a band floor, so that the band
// the partner is shown lies wholly at or above m (0 stays 0; up to 0.4 needs moderate; above
// 0.4 needs strong). Above 0.7 no band lies wholly above m: such a hop needs strong, the best a
// band can say, and its explanation says so. It depends on m's band alone, so a partner cannot
// probe a private value by moving m. Hops that touch the partner's own people meet m itself.
func HiddenMinTrust(m float64) float64 {
	switch {
	case m <= 0:
		return 0
	case m <= 0.4:
		return 0.4
	}
	return 0.7
}

// BandText says a band in words, with its range: "strong (0.7 or more)", "moderate (0.4 to
// 0.7)", "weak (below 0.4)".
func BandText(band string) string {
	switch band {
	case BandStrong:
		return "strong (0.7 or more)"
	case BandModerate:
		return "moderate (0.4 to 0.7)"
	}
	return "weak (below 0.4)"
}

// Coverage is one of an account target's people and the swarm members tied to them.
type Coverage struct {
	Person    *Person
	CoveredBy []string // person ids
}

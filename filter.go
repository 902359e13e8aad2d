package ecograph

// Page sizes for every connection.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// ClampFirst returns the page size for a requested `first`: DefaultPageSize when nil, else
// clamped to 1..MaxPageSize.
func ClampFirst(first *int) int {
	switch {
	case first == nil:
		return DefaultPageSize
	case *first < 1:
		return 1
	case *first > MaxPageSize:
		return MaxPageSize
	}
	return *first
}

// OrganizationFilter selects a page of organisations ordered by id.
type OrganizationFilter struct {
	Kind  *OrgKind
	After string // ids greater than this; "" for the first page
	Limit int
}

// PersonFilter selects a page of people ordered by id. Nil fields do not filter.
type PersonFilter struct {
	OrganizationID *string
	TeamID         *string
	Role           *Role
	NameContains   *string
	After          string
	Limit          int
}

// TieFilter selects a page of one person's ties, best trust first, then by the other
// person's id. AfterTrust and AfterID are the last row of the previous page.
type TieFilter struct {
	PersonID   string
	MinTrust   float64
	AfterTrust *float64
	AfterID    string
	Limit      int
}

// TieView is a tie seen from one of its people by a caller: the other person, the trust
// (nil where the caller may not see it), its source, and Rank, the value the list is ordered
// and paged by (the trust, or 0 where it is hidden).
type TieView struct {
	Person *Person
	Trust  *float64
	Rank   float64
	Source string
}

package ecograph

import (
	"io"
	"strconv"
)

// Page sizes for every connection.
const (
	DefaultPageSize = 20
	MaxPageSize     = 100
)

// PageSize returns how many rows a page of any connection holds for a requested `first`:
// DefaultPageSize when nil, 0 for 0 (an empty page whose hasNextPage still says whether
// there are rows), and at most MaxPageSize (larger requests are clamped, not refused).
// Errors: EINVALID naming "first" when it is negative.
func PageSize(first *int) (int, error) {
	switch {
	case first == nil:
		return DefaultPageSize, nil
	case *first < 0:
		return 0, Invalid("first", "must not be negative, got %d", *first)
	case *first > MaxPageSize:
		return MaxPageSize, nil
	}
	return *first, nil
}

// ClampFirst returns the page size a query's cost is estimated with: PageSize's, but at least
// 1 (an empty page still runs its query) and never an error (the resolver refuses a negative
// `first`).
func ClampFirst(first *int) int {
	n, err := PageSize(first)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// OrganizationFilter selects a page of organisations ordered by id.
type OrganizationFilter struct {
	Kind  *OrgKind
	After string // ids greater than this; "" for the first page
	Limit int
}

// PersonOrder is the order of a list of people.
type PersonOrder string

// The orders of people.
const (
	// PersonOrderID: by id (the default).
	PersonOrderID PersonOrder = "ID"
	// PersonOrderName: by name ignoring case and accents (the name's search key), then by id.
	PersonOrderName PersonOrder = "NAME"
)

// MarshalGQL writes o as a GraphQL enum value.
func (o PersonOrder) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(o))) }

// UnmarshalGQL reads o from a GraphQL enum value; EINVALID if it is not an order of people.
func (o *PersonOrder) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || (s != string(PersonOrderID) && s != string(PersonOrderName)) {
		return Invalid("orderBy", "unknown order %s", describe(v))
	}
	*o = PersonOrder(s)
	return nil
}

// PersonFilter selects a page of people, by id or by name (OrderBy). Nil fields do not
// filter. NameContains matches ignoring case and accents (the store folds both sides).
type PersonFilter struct {
	OrganizationID *string
	TeamID         *string
	Role           *Role
	NameContains   *string
	OrderBy        PersonOrder // "" is PersonOrderID
	// After is the last row of the previous page: its id, and in the name order its name's
	// search key (AfterKey); "" for the first page.
	After    string
	AfterKey string
	Limit    int
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
	Self   string // the person whose tie this is (the list's owner)
	Person *Person
	Trust  *float64
	Rank   float64
	Source string
}

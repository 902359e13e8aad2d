package ecograph

import (
	"context"
	"io"
	"strconv"
)

// CallerRole is what a caller may do, from their token's `role` claim.
type CallerRole string

// The caller roles.
const (
	CallerAdmin   CallerRole = "ADMIN"   // everything
	CallerAnalyst CallerRole = "ANALYST" // reads everything, runs analytics, writes nothing
	CallerSeller  CallerRole = "SELLER"  // reads ours, clients, shared; upserts people, ties, accounts; no deletes
	CallerPartner CallerRole = "PARTNER" // its own organisation and what is shared with it
)

// Valid reports whether r is one of the caller roles.
func (r CallerRole) Valid() bool {
	switch r {
	case CallerAdmin, CallerAnalyst, CallerSeller, CallerPartner:
		return true
	}
	return false
}

// Caller is who is asking: the verified claims of their token.
type Caller struct {
	Role    CallerRole
	OrgID   string // the caller's organisation; required for PARTNER
	Subject string // the caller's person id where known
}

// CanWrite reports whether the caller may upsert people and ties (ADMIN, SELLER). Deletes,
// organisations, teams and shares need ADMIN (RequireAdmin).
func (c *Caller) CanWrite() bool { return c.Role == CallerAdmin || c.Role == CallerSeller }

type callerKey struct{}

// NewContextWithCaller returns a copy of ctx that carries c.
func NewContextWithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerFromContext returns the caller in ctx, or nil.
func CallerFromContext(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerKey{}).(*Caller)
	return c
}

// RequireCaller returns the caller in ctx; EUNAUTHORIZED when there is none.
func RequireCaller(ctx context.Context) (*Caller, error) {
	if c := CallerFromContext(ctx); c != nil {
		return c, nil
	}
	return nil, Errorf(EUNAUTHORIZED, "authentication required")
}

// RequireWriter returns the caller in ctx when they may write; EFORBIDDEN otherwise.
func RequireWriter(ctx context.Context) (*Caller, error) {
	c, err := RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	if !c.CanWrite() {
		return nil, Errorf(EFORBIDDEN, "role %s may not change the graph", c.Role)
	}
	return c, nil
}

// RequireAdmin returns the caller in ctx when they are an ADMIN; EFORBIDDEN otherwise. The
// action names what was refused.
func RequireAdmin(ctx context.Context, action string) (*Caller, error) {
	return RequireRole(ctx, action, CallerAdmin)
}

// MarshalGQL writes r as a GraphQL enum value.
func (r CallerRole) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads r from a GraphQL enum value; EINVALID if it is not a caller role.
func (r *CallerRole) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !CallerRole(s).Valid() {
		return Invalid("role", "unknown caller role %s", describe(v))
	}
	*r = CallerRole(s)
	return nil
}

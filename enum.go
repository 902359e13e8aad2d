package ecograph

import (
	"fmt"
	"io"
	"strconv"
)

// The enum types marshal themselves for the GraphQL layer (gqlgen binds them directly), using
// only the standard library so the domain stays free of dependencies.

// MarshalGQL writes k as a GraphQL enum value.
func (k OrgKind) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads k from a GraphQL enum value; EINVALID if it is not one of OrgKinds.
func (k *OrgKind) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !OrgKind(s).Valid() {
		return Invalid("kind", "unknown organisation kind %s", describe(v))
	}
	*k = OrgKind(s)
	return nil
}

// MarshalGQL writes r as a GraphQL enum value.
func (r Role) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(r))) }

// UnmarshalGQL reads r from a GraphQL enum value; EINVALID if it is not one of Roles.
func (r *Role) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || !Role(s).Valid() {
		return Invalid("role", "unknown role %s", describe(v))
	}
	*r = Role(s)
	return nil
}

// MarshalGQL writes o as a GraphQL enum value.
func (o RouteObjective) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(o))) }

// UnmarshalGQL reads o from a GraphQL enum value; EINVALID if it is not an objective.
func (o *RouteObjective) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || (s != string(MostTrusted) && s != string(FewestHops)) {
		return Invalid("objective", "unknown route objective %s", describe(v))
	}
	*o = RouteObjective(s)
	return nil
}

func describe(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("of type %T", v)
}

package ecograph_test

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ecograph/ecograph"
)

func TestValidationNamesTheField(t *testing.T) {
	good := ecograph.Person{ID: "p1", Name: "Ann", OrganizationID: "o1", Roles: []ecograph.Role{ecograph.RoleBlocker}}
	if err := good.Validate("input."); err != nil {
		t.Fatalf("a good person: %v", err)
	}
	cases := []struct {
		name  string
		err   error
		field string
	}{
		{"empty id", (&ecograph.Person{Name: "A", OrganizationID: "o"}).Validate("input."), "input.id"},
		{"padded id", (&ecograph.Person{ID: " p", Name: "A", OrganizationID: "o"}).Validate("input."), "input.id"},
		{"long id", (&ecograph.Person{ID: strings.Repeat("x", 201), Name: "A", OrganizationID: "o"}).Validate("input."), "input.id"},
		{"blank name", (&ecograph.Person{ID: "p", Name: "  ", OrganizationID: "o"}).Validate("input."), "input.name"},
		{"unknown role", (&ecograph.Person{ID: "p", Name: "A", OrganizationID: "o", Roles: []ecograph.Role{"KING"}}).Validate("input."), "input.roles"},
		{"no organisation", (&ecograph.Person{ID: "p", Name: "A"}).Validate("input."), "input.organization"},
		{"unknown kind", (&ecograph.Organization{ID: "o", Name: "O", Kind: "FRIEND"}).Validate("input."), "input.kind"},
		{"self tie", (&ecograph.Tie{PersonA: "a", PersonB: "a", Trust: 0.5}).Validate("input."), "input.personB"},
		{"trust above 1", (&ecograph.Tie{PersonA: "a", PersonB: "b", Trust: 1.01}).Validate("input."), "input.trust"},
		{"negative trust", (&ecograph.Tie{PersonA: "a", PersonB: "b", Trust: -0.1}).Validate("input."), "input.trust"},
		{"NaN trust", (&ecograph.Tie{PersonA: "a", PersonB: "b", Trust: math.NaN()}).Validate("input."), "input.trust"},
		{"team without organisation", (&ecograph.Team{ID: "t", Name: "T"}).Validate("input."), "input.organization"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if ecograph.ErrorCode(c.err) != ecograph.EINVALID || ecograph.ErrorField(c.err) != c.field {
				t.Fatalf("want EINVALID on %s, got %v", c.field, c.err)
			}
			if !strings.Contains(ecograph.ErrorMessage(c.err), c.field) {
				t.Fatalf("message %q does not name %s", ecograph.ErrorMessage(c.err), c.field)
			}
		})
	}
}

func TestRouteOptionsValidate(t *testing.T) {
	for _, c := range []struct {
		mod   func(*ecograph.RouteOptions)
		field string
	}{
		{func(o *ecograph.RouteOptions) {}, ""},
		{func(o *ecograph.RouteOptions) { o.MaxHops = 0 }, "options.maxHops"},
		{func(o *ecograph.RouteOptions) { o.MaxHops = 11 }, "options.maxHops"},
		{func(o *ecograph.RouteOptions) { o.MinTrust = -0.01 }, "options.minTrust"},
		{func(o *ecograph.RouteOptions) { o.MinTrust = math.NaN() }, "options.minTrust"},
		{func(o *ecograph.RouteOptions) { o.Objective = "LONGEST" }, "options.objective"},
		{func(o *ecograph.RouteOptions) { o.AllowedOrgKinds = []ecograph.OrgKind{"X"} }, "options.throughKinds"},
	} {
		o := ecograph.DefaultRouteOptions()
		c.mod(&o)
		if got := ecograph.ErrorField(o.Validate()); got != c.field {
			t.Errorf("want field %q, got %q (%v)", c.field, got, o.Validate())
		}
	}
}

func TestErrorsHideInternals(t *testing.T) {
	plain := errorString("neo4j: Neo.ClientError.Statement.SyntaxError at MATCH (n)")
	if ecograph.ErrorCode(plain) != ecograph.EINTERNAL || ecograph.ErrorMessage(plain) != "internal error" {
		t.Fatalf("a driver error leaks: %q", ecograph.ErrorMessage(plain))
	}
}

type errorString string

func (e errorString) Error() string { return string(e) }

// FuzzValidate feeds arbitrary input to every validator: they must never panic, and whatever
// they accept must be within the documented limits.
func FuzzValidate(f *testing.F) {
	f.Add("p1", "Ann", "o1", "DECISION_MAKER", 0.5)
	f.Add("", " ", "", "KING", math.NaN())
	f.Add("x'}) DETACH DELETE n //", "\xff", "o", "BLOCKER", 1.0)
	f.Fuzz(func(t *testing.T, id, name, org, role string, trust float64) {
		p := ecograph.Person{ID: id, Name: name, OrganizationID: org, Roles: []ecograph.Role{ecograph.Role(role)}}
		if p.Validate("input.") == nil {
			if id == "" || len(id) > ecograph.MaxIDLength || !utf8.ValidString(name) || !ecograph.Role(role).Valid() {
				t.Fatalf("accepted a bad person %+v", p)
			}
		}
		tie := ecograph.Tie{PersonA: id, PersonB: org, Trust: trust}
		if tie.Validate("input.") == nil && (id == org || !(trust >= 0 && trust <= 1)) {
			t.Fatalf("accepted a bad tie %+v", tie)
		}
		o := ecograph.Organization{ID: id, Name: name, Kind: ecograph.OrgKind(role)}
		if o.Validate("input.") == nil && !o.Kind.Valid() {
			t.Fatalf("accepted a bad organisation %+v", o)
		}
	})
}

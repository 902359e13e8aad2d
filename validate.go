package ecograph

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Input limits.
const (
	MaxIDLength   = 200
	MaxTextLength = 1000
)

// ValidateID returns an EINVALID *Error naming field when id is empty, too long or has
// leading or trailing space.
func ValidateID(field, id string) error {
	switch {
	case id == "":
		return Invalid(field, "must not be empty")
	case len(id) > MaxIDLength:
		return Invalid(field, "must be at most %d bytes", MaxIDLength)
	case !utf8.ValidString(id):
		return Invalid(field, "must be valid UTF-8")
	case strings.TrimSpace(id) != id:
		return Invalid(field, "must not start or end with space")
	}
	return nil
}

func validateText(field, s string, required bool) error {
	switch {
	case required && strings.TrimSpace(s) == "":
		return Invalid(field, "must not be empty")
	case len(s) > MaxTextLength:
		return Invalid(field, "must be at most %d bytes", MaxTextLength)
	case !utf8.ValidString(s):
		return Invalid(field, "must be valid UTF-8")
	}
	return nil
}

// Validate returns an EINVALID *Error naming the first bad field (prefix + field name).
func (o *Organization) Validate(prefix string) error {
	if err := ValidateID(prefix+"id", o.ID); err != nil {
		return err
	}
	if err := validateText(prefix+"name", o.Name, true); err != nil {
		return err
	}
	if !o.Kind.Valid() {
		return Invalid(prefix+"kind", "must be OURS, PARTNER or CLIENT, got %q", o.Kind)
	}
	if err := validateText(prefix+"sector", o.Sector, false); err != nil {
		return err
	}
	return validateTopics(prefix+"topics", o.Topics)
}

// Validate returns an EINVALID *Error naming the first bad field.
func (t *Team) Validate(prefix string) error {
	if err := ValidateID(prefix+"id", t.ID); err != nil {
		return err
	}
	if err := validateText(prefix+"name", t.Name, true); err != nil {
		return err
	}
	return ValidateID(prefix+"organization", t.OrganizationID)
}

// Validate returns an EINVALID *Error naming the first bad field.
func (p *Person) Validate(prefix string) error {
	if err := ValidateID(prefix+"id", p.ID); err != nil {
		return err
	}
	if err := validateText(prefix+"name", p.Name, true); err != nil {
		return err
	}
	if err := validateText(prefix+"title", p.Title, false); err != nil {
		return err
	}
	if err := ValidateID(prefix+"organization", p.OrganizationID); err != nil {
		return err
	}
	for _, r := range p.Roles {
		if !r.Valid() {
			return Invalid(prefix+"roles", "unknown role %q", r)
		}
	}
	for _, t := range p.TeamIDs {
		if err := ValidateID(prefix+"teams", t); err != nil {
			return err
		}
	}
	return validateTopics(prefix+"topics", p.Topics)
}

// Validate returns an EINVALID *Error naming the first bad field: a self-tie, trust outside
// [0, 1] or not a number.
func (t *Tie) Validate(prefix string) error {
	if err := ValidateID(prefix+"personA", t.PersonA); err != nil {
		return err
	}
	if err := ValidateID(prefix+"personB", t.PersonB); err != nil {
		return err
	}
	if t.PersonA == t.PersonB {
		return Invalid(prefix+"personB", "a tie needs two different people (self-tie on %q)", t.PersonA)
	}
	if math.IsNaN(t.Trust) || t.Trust < 0 || t.Trust > 1 {
		return Invalid(prefix+"trust", "must be in [0, 1], got %v", t.Trust)
	}
	return validateText(prefix+"source", t.Source, false)
}

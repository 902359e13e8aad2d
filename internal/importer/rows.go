package importer

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
)

// ref is a row's reference to an id that an earlier file (or the database) must hold.
type ref struct {
	kind   Kind
	id     string
	column string
	line   int
}

// spec describes one import file: its columns, how a row becomes a value and how a batch
// of values is written.
type spec[T any] struct {
	file    string
	columns []string // required header columns, as the contract names them
	// defines is the kind of id the file's rows create ("" for ties and evidence).
	defines Kind
	// replaces is true when a later row for the same key replaces an earlier one (ties,
	// survey answers, interactions); otherwise a repeated key is a duplicate and the earlier
	// row is rejected.
	replaces bool
	// key returns the row's identity for duplicate detection; "" when it has none (such a
	// row is rejected by parse).
	key func(t *table) string
	// parse validates the current row on its own; references are checked later, in batches.
	// now is the run's clock reading, for times that must not lie in the future.
	parse func(t *table, now time.Time) (T, []ref, *Rejection)
	id    func(v T) string
	// upsert writes a batch and returns the pairs of people whose evidence it changed.
	upsert func(ctx context.Context, s Sink, batch []T) ([]ecograph.Pair, error)
}

var organizationsFile = spec[ecograph.Organization]{
	file:    "organizations.csv",
	columns: []string{"id", "name", "kind", "sector"},
	defines: Organization,
	key:     func(t *table) string { return t.get("id") },
	parse:   parseOrganization,
	id:      func(o ecograph.Organization) string { return o.ID },
	upsert: func(ctx context.Context, s Sink, batch []ecograph.Organization) ([]ecograph.Pair, error) {
		return nil, s.UpsertOrganizations(ctx, batch)
	},
}

var teamsFile = spec[ecograph.Team]{
	file:    "teams.csv",
	columns: []string{"id", "name", "organization_id"},
	defines: Team,
	key:     func(t *table) string { return t.get("id") },
	parse:   parseTeam,
	id:      func(v ecograph.Team) string { return v.ID },
	upsert: func(ctx context.Context, s Sink, batch []ecograph.Team) ([]ecograph.Pair, error) {
		return nil, s.UpsertTeams(ctx, batch)
	},
}

var peopleFile = spec[ecograph.Person]{
	file:    "people.csv",
	columns: []string{"id", "name", "title", "organization_id", "roles", "teams"},
	defines: Person,
	key:     func(t *table) string { return t.get("id") },
	parse:   parsePerson,
	id:      func(v ecograph.Person) string { return v.ID },
	upsert: func(ctx context.Context, s Sink, batch []ecograph.Person) ([]ecograph.Pair, error) {
		return nil, s.UpsertPeople(ctx, batch)
	},
}

var tiesFile = spec[ecograph.Tie]{
	file:     "ties.csv",
	columns:  []string{"person_a", "person_b", "trust", "source"},
	replaces: true,
	key:      tieKey,
	parse:    parseTie,
	upsert: func(ctx context.Context, s Sink, batch []ecograph.Tie) ([]ecograph.Pair, error) {
		return nil, s.UpsertTies(ctx, batch)
	},
}

func parseOrganization(t *table, _ time.Time) (ecograph.Organization, []ref, *Rejection) {
	o := ecograph.Organization{
		ID:     t.get("id"),
		Name:   t.get("name"),
		Kind:   ecograph.OrgKind(strings.ToUpper(t.get("kind"))),
		Sector: t.get("sector"),
	}
	if o.ID == "" {
		return o, nil, t.reject("id", "empty id")
	} else if o.Name == "" {
		return o, nil, t.reject("name", "empty name")
	} else if !o.Kind.Valid() {
		return o, nil, t.reject("kind", "unknown kind %q (want OURS, PARTNER or CLIENT)", t.get("kind"))
	}
	var rej *Rejection
	o.Topics, rej = parseTopics(t)
	return o, nil, rej
}

func parseTeam(t *table, _ time.Time) (ecograph.Team, []ref, *Rejection) {
	v := ecograph.Team{ID: t.get("id"), Name: t.get("name"), OrganizationID: t.get("organization_id")}
	if v.ID == "" {
		return v, nil, t.reject("id", "empty id")
	} else if v.Name == "" {
		return v, nil, t.reject("name", "empty name")
	} else if v.OrganizationID == "" {
		return v, nil, t.reject("organization_id", "empty organization id")
	}
	return v, []ref{{Organization, v.OrganizationID, "organization_id", t.lineOf("organization_id")}}, nil
}

func parsePerson(t *table, _ time.Time) (ecograph.Person, []ref, *Rejection) {
	p := ecograph.Person{
		ID:             t.get("id"),
		Name:           t.get("name"),
		Title:          t.get("title"),
		OrganizationID: t.get("organization_id"),
		Roles:          []ecograph.Role{},
		TeamIDs:        []string{},
	}
	if p.ID == "" {
		return p, nil, t.reject("id", "empty id")
	} else if p.Name == "" {
		return p, nil, t.reject("name", "empty name")
	} else if p.OrganizationID == "" {
		return p, nil, t.reject("organization_id", "empty organization id")
	}
	for _, s := range splitList(t.get("roles")) {
		r := ecograph.Role(strings.ToUpper(s))
		if !r.Valid() {
			return p, nil, t.reject("roles", "unknown role %q (want %s)", s, roleNames())
		}
		if !p.HasRole(r) {
			p.Roles = append(p.Roles, r)
		}
	}
	refs := []ref{{Organization, p.OrganizationID, "organization_id", t.lineOf("organization_id")}}
	teamLine := t.lineOf("teams")
	for _, id := range splitList(t.get("teams")) {
		if !contains(p.TeamIDs, id) {
			p.TeamIDs = append(p.TeamIDs, id)
			refs = append(refs, ref{Team, id, "teams", teamLine})
		}
	}
	var rej *Rejection
	if p.Topics, rej = parseTopics(t); rej != nil {
		return p, nil, rej
	}
	return p, refs, nil
}

// parseTopics reads the optional topics column: nil when the file has no such column (the
// stored topics stay as they are), otherwise the row's topics, trimmed, without empty entries
// and with names equal ignoring case collapsed into the first (an empty cell clears them).
func parseTopics(t *table) ([]string, *Rejection) {
	if !t.has("topics") {
		return nil, nil
	}
	topics := ecograph.NormalizeTopics(append([]string{}, splitList(t.get("topics"))...))
	if len(topics) > ecograph.MaxTopics {
		return nil, t.reject("topics", "at most %d topics, got %d", ecograph.MaxTopics, len(topics))
	}
	for _, s := range topics {
		if len(s) > ecograph.MaxTopicLength {
			return nil, t.reject("topics", "topic %q is longer than %d bytes", s, ecograph.MaxTopicLength)
		}
	}
	return topics, nil
}

func tieKey(t *table) string {
	a, b := ecograph.TieKey(t.get("person_a"), t.get("person_b"))
	if a == "" || a == b {
		return ""
	}
	return a + "\x00" + b
}

func parseTie(t *table, _ time.Time) (ecograph.Tie, []ref, *Rejection) {
	var tie ecograph.Tie
	a, b := t.get("person_a"), t.get("person_b")
	if a == "" {
		return tie, nil, t.reject("person_a", "empty person id")
	} else if b == "" {
		return tie, nil, t.reject("person_b", "empty person id")
	} else if a == b {
		return tie, nil, t.reject("person_b", "self-tie: person_a and person_b are both %q", a)
	}
	s := t.get("trust")
	if s == "" {
		return tie, nil, t.reject("trust", "empty trust")
	}
	trust, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return tie, nil, t.reject("trust", "not a number: %q", s)
	} else if !(trust >= 0 && trust <= 1) {
		return tie, nil, t.reject("trust", "must be in [0, 1], got %s", s)
	}
	refs := []ref{
		{Person, a, "person_a", t.lineOf("person_a")},
		{Person, b, "person_b", t.lineOf("person_b")},
	}
	tie.PersonA, tie.PersonB = ecograph.TieKey(a, b)
	tie.Trust, tie.Source = trust, t.get("source")
	return tie, refs, nil
}

// splitList splits a ;-separated list, trimming entries and dropping empty ones.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, v := range strings.Split(s, ";") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func roleNames() string {
	names := make([]string, len(ecograph.Roles))
	for i, r := range ecograph.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

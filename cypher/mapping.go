package cypher

import (
	"fmt"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/fold"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The mapping from records to domain types lives here, in one place.

func mapValue(rec *neo4j.Record, key string) (map[string]any, error) {
	m, isNil, err := neo4j.GetRecordValue[map[string]any](rec, key)
	if err != nil {
		return nil, fmt.Errorf("cypher: column %s: %w", key, err)
	}
	if isNil {
		return nil, fmt.Errorf("cypher: column %s is null", key)
	}
	return m, nil
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func strs(m map[string]any, key string) []string {
	l, _ := m[key].([]any)
	out := make([]string, 0, len(l))
	for _, v := range l {
		if s, ok := v.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func toPerson(m map[string]any) *ecograph.Person {
	p := &ecograph.Person{
		ID:             str(m, "id"),
		Name:           str(m, "name"),
		Title:          str(m, "title"),
		OrganizationID: str(m, "organizationId"),
		TeamIDs:        strs(m, "teamIds"),
		NameKey:        str(m, "nameKey"),
		Topics:         ecograph.SortTopics(strs(m, "topics")),
	}
	for _, r := range strs(m, "roles") {
		p.Roles = append(p.Roles, ecograph.Role(r))
	}
	if p.Roles == nil {
		p.Roles = []ecograph.Role{}
	}
	return p
}

func toOrganization(m map[string]any) *ecograph.Organization {
	return &ecograph.Organization{
		ID:     str(m, "id"),
		Name:   str(m, "name"),
		Kind:   ecograph.OrgKind(str(m, "kind")),
		Sector: str(m, "sector"),
		Topics: ecograph.SortTopics(strs(m, "topics")),
	}
}

func toTeam(m map[string]any) *ecograph.Team {
	return &ecograph.Team{ID: str(m, "id"), Name: str(m, "name"), OrganizationID: str(m, "organizationId")}
}

func personRow(p *ecograph.Person) map[string]any {
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	teams := p.TeamIDs
	if teams == nil {
		teams = []string{}
	}
	// The search key is written with the name on every path (API and importer alike).
	return map[string]any{"id": p.ID, "name": p.Name, "nameKey": fold.Key(p.Name), "title": p.Title,
		"organizationId": p.OrganizationID, "roles": roles, "teamIds": teams, "topics": topicsParam(p.Topics)}
}

func orgRow(o *ecograph.Organization) map[string]any {
	return map[string]any{"id": o.ID, "name": o.Name, "kind": string(o.Kind), "sector": o.Sector,
		"topics": topicsParam(o.Topics)}
}

// topicsParam is a row's topics: null (nil) leaves the stored topics unchanged, a list (empty
// included) replaces them.
func topicsParam(topics []string) any {
	if topics == nil {
		return nil
	}
	return ecograph.NormalizeTopics(topics)
}

func teamRow(t *ecograph.Team) map[string]any {
	return map[string]any{"id": t.ID, "name": t.Name, "organizationId": t.OrganizationID}
}

func tieRow(t *ecograph.Tie) map[string]any {
	a, b := ecograph.TieKey(t.PersonA, t.PersonB)
	return map[string]any{"a": a, "b": b, "trust": t.Trust, "source": t.Source}
}

package cypher

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/fold"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Every Find method takes the caller's scope: the query itself leaves out what the caller may
// not see, so unknown and invisible look the same (absent).

// FindPeopleByIDs returns the people with the given ids that exist and sc may see, keyed by id.
func (s *Store) FindPeopleByIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Person, error) {
	recs, err := s.read(ctx, "find_people_by_ids", scopeParams(sc, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ecograph.Person, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, "person")
		if err != nil {
			return nil, err
		}
		p := toPerson(m)
		out[p.ID] = p
	}
	return out, nil
}

// FindPersonByID returns the person with the given id, or ENOTFOUND (also when sc may not
// see them).
func (s *Store) FindPersonByID(ctx context.Context, sc ecograph.Scope, id string) (*ecograph.Person, error) {
	m, err := s.FindPeopleByIDs(ctx, sc, []string{id})
	if err != nil {
		return nil, err
	}
	if p := m[id]; p != nil {
		return p, nil
	}
	return nil, ecograph.NotFound("person", id)
}

// FindOrganizationsByIDs returns the organisations with the given ids that exist and sc may
// see, keyed by id.
func (s *Store) FindOrganizationsByIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Organization, error) {
	recs, err := s.read(ctx, "find_organizations_by_ids", scopeParams(sc, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ecograph.Organization, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, "org")
		if err != nil {
			return nil, err
		}
		o := toOrganization(m)
		out[o.ID] = o
	}
	return out, nil
}

// FindOrganizationByID returns the organisation with the given id, or ENOTFOUND.
func (s *Store) FindOrganizationByID(ctx context.Context, sc ecograph.Scope, id string) (*ecograph.Organization, error) {
	m, err := s.FindOrganizationsByIDs(ctx, sc, []string{id})
	if err != nil {
		return nil, err
	}
	if o := m[id]; o != nil {
		return o, nil
	}
	return nil, ecograph.NotFound("organization", id)
}

// FindTeamsByIDs returns the teams with the given ids that exist and sc may see, keyed by id.
func (s *Store) FindTeamsByIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Team, error) {
	recs, err := s.read(ctx, "find_teams_by_ids", scopeParams(sc, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ecograph.Team, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, "team")
		if err != nil {
			return nil, err
		}
		t := toTeam(m)
		out[t.ID] = t
	}
	return out, nil
}

// FindTeamByID returns the team with the given id, or ENOTFOUND.
func (s *Store) FindTeamByID(ctx context.Context, sc ecograph.Scope, id string) (*ecograph.Team, error) {
	m, err := s.FindTeamsByIDs(ctx, sc, []string{id})
	if err != nil {
		return nil, err
	}
	if t := m[id]; t != nil {
		return t, nil
	}
	return nil, ecograph.NotFound("team", id)
}

// FindTeamsByOrganizationIDs returns each organisation's teams that sc may see, by name.
func (s *Store) FindTeamsByOrganizationIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string][]*ecograph.Team, error) {
	recs, err := s.read(ctx, "find_teams_by_organization_ids", scopeParams(sc, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*ecograph.Team, len(ids))
	for _, rec := range recs {
		m, err := mapValue(rec, "team")
		if err != nil {
			return nil, err
		}
		t := toTeam(m)
		out[t.OrganizationID] = append(out[t.OrganizationID], t)
	}
	return out, nil
}

// FindOrganizations returns up to f.Limit organisations that sc may see, ordered by id.
func (s *Store) FindOrganizations(ctx context.Context, sc ecograph.Scope, f ecograph.OrganizationFilter) ([]*ecograph.Organization, error) {
	var kind any
	if f.Kind != nil {
		kind = string(*f.Kind)
	}
	recs, err := s.read(ctx, "find_organizations", scopeParams(sc, map[string]any{"kind": kind, "after": f.After, "limit": f.Limit}))
	if err != nil {
		return nil, err
	}
	out := make([]*ecograph.Organization, 0, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, "org")
		if err != nil {
			return nil, err
		}
		out = append(out, toOrganization(m))
	}
	return out, nil
}

// FindPeople returns up to f.Limit people that sc may see, ordered by id or, with
// PersonOrderName, by name's search key and then id. NameContains matches the name ignoring
// case and accents (both sides folded by fold.Key).
func (s *Store) FindPeople(ctx context.Context, sc ecograph.Scope, f ecograph.PersonFilter) ([]*ecograph.Person, error) {
	params := peopleParams(f)
	params["after"], params["limit"] = f.After, f.Limit
	name := "find_people"
	if f.OrderBy == ecograph.PersonOrderName {
		name, params["afterKey"] = "find_people_by_name", f.AfterKey
	}
	recs, err := s.read(ctx, name, scopeParams(sc, params))
	if err != nil {
		return nil, err
	}
	return peopleFrom(recs, "person")
}

// CountPeopleMatching returns how many people sc may see match f's filters (its order,
// cursor and limit play no part).
func (s *Store) CountPeopleMatching(ctx context.Context, sc ecograph.Scope, f ecograph.PersonFilter) (int, error) {
	if !sc.HidesTrust() && f.OrganizationID == nil && f.TeamID == nil && f.Role == nil && f.NameContains == nil {
		// Our roles see everyone: the count store answers without a scan.
		return s.count(ctx, "count_all_people", nil)
	}
	return s.count(ctx, "count_people_matching", scopeParams(sc, peopleParams(f)))
}

// peopleParams returns the filter parameters that FindPeople and CountPeopleMatching share.
func peopleParams(f ecograph.PersonFilter) map[string]any {
	params := map[string]any{"organization": optString(f.OrganizationID), "team": optString(f.TeamID),
		"personRole": nil, "nameKey": nil}
	if f.Role != nil {
		params["personRole"] = string(*f.Role)
	}
	if f.NameContains != nil {
		params["nameKey"] = fold.Key(*f.NameContains)
	}
	return params
}

// CountOrganizationsMatching returns how many organisations sc may see, of f.Kind when set.
func (s *Store) CountOrganizationsMatching(ctx context.Context, sc ecograph.Scope, f ecograph.OrganizationFilter) (int, error) {
	var kind any
	if f.Kind != nil {
		kind = string(*f.Kind)
	}
	return s.count(ctx, "count_organizations_matching", scopeParams(sc, map[string]any{"kind": kind}))
}

// CountTiesMatching returns how many ties FindTies lists for f.PersonID and f.MinTrust.
func (s *Store) CountTiesMatching(ctx context.Context, sc ecograph.Scope, f ecograph.TieFilter) (int, error) {
	return s.count(ctx, "count_ties_matching", scopeParams(sc, map[string]any{"id": f.PersonID, "minTrust": f.MinTrust}))
}

// CountAccounts returns how many accounts sc may see.
func (s *Store) CountAccounts(ctx context.Context, sc ecograph.Scope) (int, error) {
	return s.count(ctx, "count_accounts", scopeParams(sc, nil))
}

// count runs a query that returns one row with a count n.
func (s *Store) count(ctx context.Context, name string, params map[string]any) (int, error) {
	recs, err := s.read(ctx, name, params)
	if err != nil {
		return 0, err
	}
	if len(recs) != 1 {
		return 0, fmt.Errorf("cypher %s: %d rows, want 1", name, len(recs))
	}
	n, _, err := neo4j.GetRecordValue[int64](recs[0], "n")
	if err != nil {
		return 0, fmt.Errorf("cypher %s: %w", name, err)
	}
	return int(n), nil
}

// FindTies returns up to f.Limit of a person's ties to people sc may see, best trust first
// as sc sees it. TieView.Trust is nil where sc may not see the value (Rank is then 0).
func (s *Store) FindTies(ctx context.Context, sc ecograph.Scope, f ecograph.TieFilter) ([]ecograph.TieView, error) {
	var afterTrust any
	if f.AfterTrust != nil {
		afterTrust = *f.AfterTrust
	}
	recs, err := s.read(ctx, "find_ties", scopeParams(sc, map[string]any{"id": f.PersonID, "minTrust": f.MinTrust,
		"afterTrust": afterTrust, "afterId": f.AfterID, "limit": f.Limit}))
	if err != nil {
		return nil, err
	}
	out := make([]ecograph.TieView, 0, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, "person")
		if err != nil {
			return nil, err
		}
		rank, _, err := neo4j.GetRecordValue[float64](rec, "rank")
		if err != nil {
			return nil, err
		}
		v := ecograph.TieView{Person: toPerson(m), Rank: rank}
		trust, isNil, err := neo4j.GetRecordValue[float64](rec, "trust")
		if err != nil {
			return nil, err
		}
		if !isNil {
			v.Trust = &trust
		}
		v.Source, _, _ = neo4j.GetRecordValue[string](rec, "source")
		out = append(out, v)
	}
	return out, nil
}

func peopleFrom(recs []*neo4j.Record, key string) ([]*ecograph.Person, error) {
	out := make([]*ecograph.Person, 0, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, key)
		if err != nil {
			return nil, err
		}
		out = append(out, toPerson(m))
	}
	return out, nil
}

func optString(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

// FindExpertise returns, for each of organisation org's topics (sorted as SortTopics), the
// people of OURS organisations that sc may see whose expertise holds the topic ignoring case,
// by id. An organisation without topics (or unknown) gives none.
func (s *Store) FindExpertise(ctx context.Context, sc ecograph.Scope, org string) ([]ecograph.TopicExpertise, error) {
	recs, err := s.read(ctx, "find_expertise", scopeParams(sc, map[string]any{"id": org}))
	if err != nil {
		return nil, err
	}
	out := make([]ecograph.TopicExpertise, 0, len(recs))
	for _, rec := range recs {
		topic, _, err := neo4j.GetRecordValue[string](rec, "topic")
		if err != nil {
			return nil, err
		}
		e := ecograph.TopicExpertise{Topic: topic, People: []*ecograph.Person{}}
		l, _ := rec.AsMap()["people"].([]any)
		for _, v := range l {
			if m, ok := v.(map[string]any); ok {
				e.People = append(e.People, toPerson(m))
			}
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b ecograph.TopicExpertise) int {
		if ka, kb := ecograph.TopicKey(a.Topic), ecograph.TopicKey(b.Topic); ka != kb {
			return strings.Compare(ka, kb)
		}
		return strings.Compare(a.Topic, b.Topic)
	})
	return out, nil
}

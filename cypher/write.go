package cypher

import (
	"context"
	"slices"
	"strings"

	"github.com/ecograph/ecograph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// Label names a node label the Store may substitute into a query. The set is fixed here;
// input never chooses a label.
type Label string

// The labels ExistingIDs accepts.
const (
	LabelOrganization Label = "Organization"
	LabelTeam         Label = "Team"
	LabelPerson       Label = "Person"
	LabelAccount      Label = "Account"
)

var existingIDsQueries = map[Label]string{
	LabelOrganization: strings.ReplaceAll(query("existing_ids"), "{{label}}", "Organization"),
	LabelTeam:         strings.ReplaceAll(query("existing_ids"), "{{label}}", "Team"),
	LabelPerson:       strings.ReplaceAll(query("existing_ids"), "{{label}}", "Person"),
	LabelAccount:      strings.ReplaceAll(query("existing_ids"), "{{label}}", "Account"),
}

// ExistingIDs returns which of ids exist as nodes with the label.
func (s *Store) ExistingIDs(ctx context.Context, label Label, ids []string) (map[string]bool, error) {
	q, ok := existingIDsQueries[label]
	if !ok {
		return nil, ecograph.Errorf(ecograph.EINTERNAL, "unknown label %q", label)
	}
	res, err := neo4j.ExecuteQuery(ctx, s.driver, q, map[string]any{"ids": ids}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.txTimeout)))
	if err != nil {
		return nil, wrap(err, "existing_ids")
	}
	return idSet(res.Records), nil
}

func existingIn(ctx context.Context, tx neo4j.ManagedTransaction, label Label, ids []string) (map[string]bool, error) {
	res, err := tx.Run(ctx, existingIDsQueries[label], map[string]any{"ids": ids})
	if err != nil {
		return nil, wrap(err, "existing_ids")
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, wrap(err, "existing_ids")
	}
	return idSet(recs), nil
}

func idSet(recs []*neo4j.Record) map[string]bool {
	out := make(map[string]bool, len(recs))
	for _, r := range recs {
		if id, _, err := neo4j.GetRecordValue[string](r, "id"); err == nil {
			out[id] = true
		}
	}
	return out
}

// UpsertOrganizations creates or replaces organisations in one transaction. Callers validate.
func (s *Store) UpsertOrganizations(ctx context.Context, orgs []ecograph.Organization) error {
	rows := make([]map[string]any, len(orgs))
	for i := range orgs {
		rows[i] = orgRow(&orgs[i])
	}
	return s.writeRecorded(ctx, "upsert_organizations", rows, nil, true)
}

// UpsertTeams creates or replaces teams in one transaction; teams of unknown organisations
// are skipped. Callers validate.
func (s *Store) UpsertTeams(ctx context.Context, teams []ecograph.Team) error {
	rows := make([]map[string]any, len(teams))
	for i := range teams {
		rows[i] = teamRow(&teams[i])
	}
	return s.writeRecorded(ctx, "upsert_teams", rows, nil, false)
}

// UpsertPeople creates or replaces people, their employer, roles and memberships in one
// transaction; people of unknown organisations are skipped. Callers validate.
func (s *Store) UpsertPeople(ctx context.Context, people []ecograph.Person) error {
	rows := make([]map[string]any, len(people))
	ids := make([]string, len(people))
	for i := range people {
		rows[i] = personRow(&people[i])
		ids[i] = people[i].ID
	}
	return s.writeRecorded(ctx, "upsert_people", rows, ids, false)
}

// UpsertTies creates or replaces ties in one transaction; ties naming unknown people are
// skipped. Callers validate.
func (s *Store) UpsertTies(ctx context.Context, ties []ecograph.Tie) error {
	rows := make([]map[string]any, len(ties))
	for i := range ties {
		rows[i] = tieRow(&ties[i])
	}
	if len(rows) == 0 {
		return nil
	}
	ids := make([]string, 0, 2*len(ties))
	for _, t := range ties {
		ids = append(ids, t.PersonA, t.PersonB)
	}
	_, err := s.writeWith(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if _, err := s.upsertTiesInTx(ctx, tx, rows, false); err != nil {
			return nil, err
		}
		return nil, recordChanges(ctx, tx, ids, false)
	}, recordedTx)
	return err
}

// recordedTx is the metadata of a transaction that records its changes in the change feed
// itself (recordChanges), so that the feed's trigger skips it.
var recordedTx = neo4j.WithTxMetadata(map[string]any{"ecographFeed": "recorded"})

// recordChanges appends the people a bulk write changed to the change feed, in its
// transaction (record_changes.cypher); a transaction that does must run with recordedTx.
func recordChanges(ctx context.Context, tx neo4j.ManagedTransaction, people []string, orgs bool) error {
	if len(people) == 0 && !orgs {
		return nil
	}
	slices.Sort(people)
	people = slices.Compact(people)
	_, err := run(ctx, tx, "record_changes", map[string]any{"people": people, "orgs": orgs})
	return err
}

// writeRecorded runs the named query over rows in one transaction that records the given
// people (and whether organisations changed) in the change feed itself.
func (s *Store) writeRecorded(ctx context.Context, name string, rows []map[string]any, people []string, orgs bool) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := s.writeWith(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if _, err := run(ctx, tx, name, map[string]any{"rows": rows}); err != nil {
			return nil, err
		}
		return nil, recordChanges(ctx, tx, people, orgs)
	}, recordedTx)
	return err
}

// upsertTiesInTx writes ties (their prior) and recomputes, in the same transaction, the trust
// of those that also have evidence; it returns their trust after the write, by pair.
func (s *Store) upsertTiesInTx(ctx context.Context, tx neo4j.ManagedTransaction, rows []map[string]any, wantTrust bool) (map[ecograph.Pair]float64, error) {
	recs, err := run(ctx, tx, "upsert_ties", map[string]any{"rows": rows})
	if err != nil || len(recs) == 0 {
		return nil, err
	}
	pairs := make([]ecograph.Pair, 0, len(recs))
	for _, r := range recs {
		a, _ := r.Values[0].(string)
		b, _ := r.Values[1].(string)
		pairs = append(pairs, ecograph.Pair{A: a, B: b})
	}
	if _, err := s.retrustInTx(ctx, tx, dedupePairs(pairs), nil); err != nil {
		return nil, err
	}
	if !wantTrust {
		return nil, nil
	}
	evs, err := readPairEvidence(ctx, tx, pairs, false)
	if err != nil {
		return nil, err
	}
	out := make(map[ecograph.Pair]float64, len(evs))
	for _, e := range evs {
		if t, ok := num(e.tie, "trust"); ok {
			out[e.pair] = t
		}
	}
	return out, nil
}

func (s *Store) writeRows(ctx context.Context, name string, rows []map[string]any) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		_, err := run(ctx, tx, name, map[string]any{"rows": rows})
		return nil, err
	})
	return err
}

// UpsertOrganization validates and creates or replaces one organisation.
// Errors: EINVALID naming the field.
// Topics nil leaves the stored ones unchanged; the result has the topics as stored.
func (s *Store) UpsertOrganization(ctx context.Context, o ecograph.Organization) (*ecograph.Organization, error) {
	o.Topics = ecograph.NormalizeTopics(o.Topics)
	if err := o.Validate("input."); err != nil {
		return nil, err
	}
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if _, err := run(ctx, tx, "upsert_organizations", map[string]any{"rows": []map[string]any{orgRow(&o)}}); err != nil {
			return nil, err
		}
		return topicsIn(ctx, tx, "organization_topics", o.ID, o.Topics)
	})
	if err != nil {
		return nil, err
	}
	o.Topics = v.([]string)
	return &o, nil
}

// topicsIn returns topics, sorted, or when nil the topics stored for id by query name.
func topicsIn(ctx context.Context, tx neo4j.ManagedTransaction, name, id string, topics []string) ([]string, error) {
	if topics != nil {
		return ecograph.SortTopics(append([]string{}, topics...)), nil
	}
	recs, err := run(ctx, tx, name, map[string]any{"id": id})
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if len(recs) > 0 {
		m = recs[0].AsMap()
	}
	return ecograph.SortTopics(strs(m, "topics")), nil
}

// UpsertTeam validates and creates or replaces one team.
// Errors: EINVALID naming the field (also when the organisation does not exist).
func (s *Store) UpsertTeam(ctx context.Context, t ecograph.Team) (*ecograph.Team, error) {
	if err := t.Validate("input."); err != nil {
		return nil, err
	}
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		found, err := existingIn(ctx, tx, LabelOrganization, []string{t.OrganizationID})
		if err != nil {
			return nil, err
		}
		if !found[t.OrganizationID] {
			return nil, ecograph.Invalid("input.organization", "no organisation %q", t.OrganizationID)
		}
		return run(ctx, tx, "upsert_teams", map[string]any{"rows": []map[string]any{teamRow(&t)}})
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// UpsertPerson validates and creates or replaces one person.
// Errors: EINVALID naming the field (also for an unknown organisation or team).
// Topics nil leaves the stored ones unchanged; the result has the topics as stored.
func (s *Store) UpsertPerson(ctx context.Context, p ecograph.Person) (*ecograph.Person, error) {
	p.Topics = ecograph.NormalizeTopics(p.Topics)
	if err := p.Validate("input."); err != nil {
		return nil, err
	}
	p.TeamIDs = dedupe(p.TeamIDs)
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		found, err := existingIn(ctx, tx, LabelOrganization, []string{p.OrganizationID})
		if err != nil {
			return nil, err
		}
		if !found[p.OrganizationID] {
			return nil, ecograph.Invalid("input.organization", "no organisation %q", p.OrganizationID)
		}
		if len(p.TeamIDs) > 0 {
			teams, err := existingIn(ctx, tx, LabelTeam, p.TeamIDs)
			if err != nil {
				return nil, err
			}
			for _, id := range p.TeamIDs {
				if !teams[id] {
					return nil, ecograph.Invalid("input.teams", "no team %q", id)
				}
			}
		}
		if _, err := run(ctx, tx, "upsert_people", map[string]any{"rows": []map[string]any{personRow(&p)}}); err != nil {
			return nil, err
		}
		return topicsIn(ctx, tx, "person_topics", p.ID, p.Topics)
	})
	if err != nil {
		return nil, err
	}
	p.Topics = v.([]string)
	return &p, nil
}

// UpsertTie validates and creates or replaces the tie between two people.
// Errors: EINVALID naming the field (also for an unknown person).
func (s *Store) UpsertTie(ctx context.Context, t ecograph.Tie) (*ecograph.Tie, error) {
	if err := t.Validate("input."); err != nil {
		return nil, err
	}
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		found, err := existingIn(ctx, tx, LabelPerson, []string{t.PersonA, t.PersonB})
		if err != nil {
			return nil, err
		}
		if !found[t.PersonA] {
			return nil, ecograph.Invalid("input.personA", "no person %q", t.PersonA)
		}
		if !found[t.PersonB] {
			return nil, ecograph.Invalid("input.personB", "no person %q", t.PersonB)
		}
		return s.upsertTiesInTx(ctx, tx, []map[string]any{tieRow(&t)}, true)
	})
	if err != nil {
		return nil, err
	}
	if trust, ok := v.(map[ecograph.Pair]float64)[ecograph.MakePair(t.PersonA, t.PersonB)]; ok {
		t.Trust = trust // the tie has evidence too: its trust is the model's, not the prior
	}
	return &t, nil
}

// DeleteOrganization deletes an organisation; false if it did not exist.
// Errors: ECONFLICT while people or teams still belong to it.
func (s *Store) DeleteOrganization(ctx context.Context, id string) (bool, error) {
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := run(ctx, tx, "delete_organization", map[string]any{"id": id})
		if err != nil || len(recs) == 0 {
			return false, err
		}
		blocked, _, _ := neo4j.GetRecordValue[bool](recs[0], "blocked")
		if blocked {
			return false, ecograph.Errorf(ecograph.ECONFLICT, "organisation %q still has people or teams; delete or move them first", id)
		}
		found, _, err := neo4j.GetRecordValue[bool](recs[0], "found")
		return found, err
	})
	if err != nil {
		return false, err
	}
	return v.(bool), nil
}

// DeleteTeam deletes a team and its memberships; false if it did not exist.
func (s *Store) DeleteTeam(ctx context.Context, id string) (bool, error) {
	return s.deleteOne(ctx, "delete_team", map[string]any{"id": id})
}

// DeletePerson deletes a person with their ties and memberships; false if they did not exist.
func (s *Store) DeletePerson(ctx context.Context, id string) (bool, error) {
	return s.deleteOne(ctx, "delete_person", map[string]any{"id": id})
}

// DeleteTie deletes the tie between a and b (either order); false if there was none.
func (s *Store) DeleteTie(ctx context.Context, a, b string) (bool, error) {
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := run(ctx, tx, "delete_tie", map[string]any{"a": a, "b": b})
		if err != nil || len(recs) == 0 {
			return false, err
		}
		n, _, err := neo4j.GetRecordValue[int64](recs[0], "deleted")
		return n > 0, err
	})
	if err != nil {
		return false, err
	}
	return v.(bool), nil
}

func (s *Store) deleteOne(ctx context.Context, name string, params map[string]any) (bool, error) {
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := run(ctx, tx, name, params)
		if err != nil || len(recs) == 0 {
			return false, err
		}
		found, _, err := neo4j.GetRecordValue[bool](recs[0], "found")
		return found, err
	})
	if err != nil {
		return false, err
	}
	return v.(bool), nil
}

func dedupe(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

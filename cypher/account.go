package cypher

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// FindAccountsByIDs returns the accounts with the given ids that sc may see, keyed by id; a
// partner's carry its share level.
func (s *Store) FindAccountsByIDs(ctx context.Context, sc ecograph.Scope, ids []string) (map[string]*ecograph.Account, error) {
	recs, err := s.read(ctx, "find_accounts_by_ids", scopeParams(sc, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]*ecograph.Account, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, "account")
		if err != nil {
			return nil, err
		}
		a := toAccount(m)
		out[a.ID] = a
	}
	return out, nil
}

// FindAccounts returns up to limit accounts that sc may see with ids after after, by id.
func (s *Store) FindAccounts(ctx context.Context, sc ecograph.Scope, after string, limit int) ([]*ecograph.Account, error) {
	recs, err := s.read(ctx, "find_accounts", scopeParams(sc, map[string]any{"after": after, "limit": limit}))
	if err != nil {
		return nil, err
	}
	out := make([]*ecograph.Account, 0, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, "account")
		if err != nil {
			return nil, err
		}
		out = append(out, toAccount(m))
	}
	return out, nil
}

// FindSwarmMembers returns each account's swarm members that sc may see, by id.
func (s *Store) FindSwarmMembers(ctx context.Context, sc ecograph.Scope, accountIDs []string) (map[string][]*ecograph.Person, error) {
	recs, err := s.read(ctx, "find_swarm_members", scopeParams(sc, map[string]any{"ids": accountIDs}))
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*ecograph.Person, len(accountIDs))
	for _, rec := range recs {
		id, _, err := neo4j.GetRecordValue[string](rec, "account")
		if err != nil {
			return nil, err
		}
		m, err := mapValue(rec, "person")
		if err != nil {
			return nil, err
		}
		out[id] = append(out[id], toPerson(m))
	}
	return out, nil
}

// CountReachablePeople returns, for each account sc may see, how many of its target's people
// have a tie of positive trust to a swarm member.
func (s *Store) CountReachablePeople(ctx context.Context, sc ecograph.Scope, accountIDs []string) (map[string]int, error) {
	recs, err := s.read(ctx, "count_reachable_people", scopeParams(sc, map[string]any{"ids": accountIDs}))
	if err != nil {
		return nil, err
	}
	out := make(map[string]int, len(recs))
	for _, rec := range recs {
		id, _, err := neo4j.GetRecordValue[string](rec, "account")
		if err != nil {
			return nil, err
		}
		n, _, err := neo4j.GetRecordValue[int64](rec, "n")
		if err != nil {
			return nil, err
		}
		out[id] = int(n)
	}
	return out, nil
}

// FindShares returns each account's shares that sc may see (a partner: its own), by partner.
func (s *Store) FindShares(ctx context.Context, sc ecograph.Scope, accountIDs []string) (map[string][]*ecograph.Share, error) {
	recs, err := s.read(ctx, "find_shares", scopeParams(sc, map[string]any{"ids": accountIDs}))
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*ecograph.Share, len(accountIDs))
	for _, rec := range recs {
		sh := &ecograph.Share{}
		vals := rec.AsMap()
		sh.AccountID, _ = vals["account"].(string)
		sh.PartnerID, _ = vals["partner"].(string)
		level, _ := vals["level"].(string)
		sh.Level = ecograph.ShareLevel(level)
		sh.At, _ = vals["at"].(time.Time)
		sh.By, _ = vals["by"].(string)
		out[sh.AccountID] = append(out[sh.AccountID], sh)
	}
	return out, nil
}

// FindAccountAudit returns up to limit of an account's share changes, newest first. Callers
// check that the caller may read the audit.
func (s *Store) FindAccountAudit(ctx context.Context, accountID string, limit int) ([]*ecograph.AuditEvent, error) {
	recs, err := s.read(ctx, "find_account_audit", map[string]any{"account": accountID, "limit": limit})
	if err != nil {
		return nil, err
	}
	out := make([]*ecograph.AuditEvent, 0, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, "event")
		if err != nil {
			return nil, err
		}
		e := &ecograph.AuditEvent{ID: str(m, "id"), By: str(m, "by"), Action: str(m, "action"),
			AccountID: str(m, "accountId"), PartnerID: str(m, "partnerId"), Level: ecograph.ShareLevel(str(m, "level"))}
		e.At, _ = m["at"].(time.Time)
		out = append(out, e)
	}
	return out, nil
}

// RouteScope returns whom sc's route searches may pass through; nil when sc sees everyone.
func (s *Store) RouteScope(ctx context.Context, sc ecograph.Scope) (*ecograph.Visibility, error) {
	recs, err := s.read(ctx, "route_scope", scopeParams(sc, nil))
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, ecograph.Errorf(ecograph.EINTERNAL, "route scope: no record")
	}
	vals := recs[0].AsMap()
	if all, _ := vals["all"].(bool); all {
		return nil, nil
	}
	v := &ecograph.Visibility{Orgs: map[string]bool{}, People: map[string]bool{}}
	v.OwnOrg, _ = vals["own"].(string)
	orgs, _ := vals["orgs"].([]any)
	for _, o := range orgs {
		if id, ok := o.(string); ok {
			v.Orgs[id] = true
		}
	}
	people, _ := vals["people"].([]any)
	for _, p := range people {
		if id, ok := p.(string); ok {
			v.People[id] = true
		}
	}
	return v, nil
}

// accountRefs checks, inside a write, that the account exists and what other (a person or an
// organisation id) is.
func accountRefs(ctx context.Context, tx neo4j.ManagedTransaction, account, other string) (found, person bool, orgKind string, err error) {
	recs, err := run(ctx, tx, "account_refs", map[string]any{"account": account, "other": other})
	if err != nil || len(recs) == 0 {
		return false, false, "", err
	}
	vals := recs[0].AsMap()
	found, _ = vals["account"].(bool)
	person, _ = vals["person"].(bool)
	orgKind, _ = vals["orgKind"].(string)
	return found, person, orgKind, nil
}

// UpsertAccount validates and creates or replaces an account.
// Errors: EINVALID naming the field (also when the target is unknown or not a CLIENT).
func (s *Store) UpsertAccount(ctx context.Context, a ecograph.Account) (*ecograph.Account, error) {
	if err := a.Validate("input."); err != nil {
		return nil, err
	}
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		_, _, kind, err := accountRefs(ctx, tx, a.ID, a.TargetID)
		if err != nil {
			return nil, err
		}
		if kind != string(ecograph.OrgClient) {
			return nil, ecograph.Invalid("input.target", "no client organisation %q", a.TargetID)
		}
		return run(ctx, tx, "upsert_account", map[string]any{"id": a.ID, "name": a.Name, "target": a.TargetID})
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// AddSwarmMember puts a person on an account's swarm (idempotent).
// Errors: ENOTFOUND for an unknown account; EINVALID (person) for an unknown person.
func (s *Store) AddSwarmMember(ctx context.Context, account, person string) error {
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		found, isPerson, _, err := accountRefs(ctx, tx, account, person)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, ecograph.NotFound("account", account)
		}
		if !isPerson {
			return nil, ecograph.Invalid("person", "no person %q", person)
		}
		return run(ctx, tx, "add_swarm_member", map[string]any{"account": account, "person": person})
	})
	return err
}

// RemoveSwarmMember takes a person off an account's swarm; false if they were not on it.
func (s *Store) RemoveSwarmMember(ctx context.Context, account, person string) (bool, error) {
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := run(ctx, tx, "remove_swarm_member", map[string]any{"account": account, "person": person})
		if err != nil || len(recs) == 0 {
			return false, err
		}
		n, _, err := neo4j.GetRecordValue[int64](recs[0], "removed")
		return n > 0, err
	})
	if err != nil {
		return false, err
	}
	return v.(bool), nil
}

// ShareAccount shares an account with a partner organisation at a level (replacing an
// earlier level) and records an audit event, in one transaction.
// Errors: ENOTFOUND for an unknown account; EINVALID (partner, level) for an unknown or
// non-PARTNER organisation or a bad level.
func (s *Store) ShareAccount(ctx context.Context, account, partner string, level ecograph.ShareLevel, by string) error {
	if !level.Valid() {
		return ecograph.Invalid("level", "must be COUNTS, NAMES or ROUTES, got %q", level)
	}
	event, at := newEventID(), time.Now().UTC()
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		found, _, kind, err := accountRefs(ctx, tx, account, partner)
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, ecograph.NotFound("account", account)
		}
		if kind != string(ecograph.OrgPartner) {
			return nil, ecograph.Invalid("partner", "no partner organisation %q", partner)
		}
		return run(ctx, tx, "share_account", map[string]any{"account": account, "partner": partner,
			"level": string(level), "by": by, "event": event, "at": at})
	})
	return err
}

// UnshareAccount withdraws an account's share with a partner and records an audit event;
// false if there was no share.
func (s *Store) UnshareAccount(ctx context.Context, account, partner, by string) (bool, error) {
	event, at := newEventID(), time.Now().UTC()
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := run(ctx, tx, "unshare_account", map[string]any{"account": account, "partner": partner,
			"by": by, "event": event, "at": at})
		if err != nil || len(recs) == 0 {
			return false, err
		}
		n, _, err := neo4j.GetRecordValue[int64](recs[0], "removed")
		return n > 0, err
	})
	if err != nil {
		return false, err
	}
	return v.(bool), nil
}

// newEventID returns a random id, made before the transaction so that a retry reuses it.
func newEventID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return "audit-" + hex.EncodeToString(b)
}

func toAccount(m map[string]any) *ecograph.Account {
	return &ecograph.Account{ID: str(m, "id"), Name: str(m, "name"), TargetID: str(m, "targetId"),
		Level: ecograph.ShareLevel(str(m, "level"))}
}

// FindCoverage returns, for each account, the target's people sc may see, each with the
// visible swarm members tied to them.
func (s *Store) FindCoverage(ctx context.Context, sc ecograph.Scope, accountIDs []string) (map[string][]*ecograph.Coverage, error) {
	recs, err := s.read(ctx, "find_coverage", scopeParams(sc, map[string]any{"ids": accountIDs}))
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*ecograph.Coverage, len(accountIDs))
	for _, rec := range recs {
		id, _, err := neo4j.GetRecordValue[string](rec, "account")
		if err != nil {
			return nil, err
		}
		m, err := mapValue(rec, "person")
		if err != nil {
			return nil, err
		}
		cov := &ecograph.Coverage{Person: toPerson(m), CoveredBy: appendStrings(nil, rec.AsMap()["coveredBy"])}
		if cov.CoveredBy == nil {
			cov.CoveredBy = []string{}
		}
		out[id] = append(out[id], cov)
	}
	return out, nil
}

// DeleteAccount deletes an account with its swarm and shares, recording an UNSHARE audit
// event for each share and a DELETE event, in one transaction; false if there was no account.
func (s *Store) DeleteAccount(ctx context.Context, account, by string) (bool, error) {
	event, at := newEventID(), time.Now().UTC()
	return s.deleteOne(ctx, "delete_account", map[string]any{"account": account, "by": by, "event": event, "at": at})
}

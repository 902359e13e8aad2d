package cypher

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// The introductions workflow's graph model:
//
//	(:Introduction {id, status, requesterId, introducerId, targetId, route, accountId, note,
//	                requestedAt, requestedBy, decidedAt, doneAt, reason, interactionId})
//	(requester:Person)-[:REQUESTED]->(:Introduction)-[:THROUGH]->(introducer:Person)
//	(:Introduction)-[:TO]->(target:Person), (:Introduction)-[:FOR_ACCOUNT]->(:Account)
//	(:IntroductionEvent {id, at, by, action, reason, introductionId})-[:OF]->(:Introduction)
//
// The ids are kept as properties too, so an introduction keeps its history when a person is
// deleted.

// RequestIntroduction validates and writes a new introduction request (in.ID set by the
// caller, status REQUESTED) with its REQUEST event, in one transaction. Without an account it
// takes the only account that targets the target's organisation, if there is exactly one.
// Errors: EINVALID naming input.requester (the caller's person), input.to, input.through,
// input.route or input.account for an unknown person or account, an introducer without a tie
// to the target, or a route hop without a tie.
func (s *Store) RequestIntroduction(ctx context.Context, in ecograph.Introduction, by string) (*ecograph.Introduction, error) {
	if err := in.Validate("input."); err != nil {
		return nil, err
	}
	in.Status = ecograph.IntroRequested
	in.RequestedAt = time.Now().UTC()
	event := newIntroductionEventID()
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		route := in.Route
		if route == nil {
			route = []string{}
		}
		recs, err := run(ctx, tx, "introduction_refs", map[string]any{"requester": in.RequesterID, "introducer": in.IntroducerID,
			"to": in.TargetID, "route": route, "account": optString(nonEmpty(in.AccountID))})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, fmt.Errorf("cypher introduction_refs: no record")
		}
		v := recs[0].AsMap()
		is := func(k string) bool { b, _ := v[k].(bool); return b }
		switch {
		case !is("requester"):
			return nil, ecograph.Invalid("input.requester", "the token's subject %q names no person", in.RequesterID)
		case !is("to"):
			return nil, ecograph.Invalid("input.to", "no person %q", in.TargetID)
		case !is("introducer"):
			return nil, ecograph.Invalid("input.through", "no person %q", in.IntroducerID)
		case !is("introducerTie") && in.Route == nil:
			return nil, ecograph.Invalid("input.through", "%q has no tie to %q", in.IntroducerID, in.TargetID)
		case in.AccountID != "" && !is("account"):
			return nil, ecograph.Invalid("input.account", "no account %q", in.AccountID)
		}
		ties, _ := v["routeTies"].([]any)
		for k, t := range ties {
			if ok, _ := t.(bool); !ok {
				return nil, ecograph.Invalid("input.route", "%q and %q have no tie", in.Route[k], in.Route[k+1])
			}
		}
		if accs, _ := v["targetAccounts"].([]any); in.AccountID == "" && len(accs) == 1 {
			in.AccountID, _ = accs[0].(string)
		}
		row := map[string]any{"id": in.ID, "requesterId": in.RequesterID, "introducerId": in.IntroducerID, "targetId": in.TargetID,
			"route": nil, "accountId": optString(nonEmpty(in.AccountID)), "note": in.Note, "status": string(in.Status),
			"requestedAt": in.RequestedAt, "requestedBy": by}
		if in.Route != nil {
			row["route"] = in.Route
		}
		return run(ctx, tx, "create_introduction", map[string]any{"row": row,
			"event": map[string]any{"id": event, "at": in.RequestedAt, "by": by, "action": string(ecograph.IntroActionRequest), "reason": nil}})
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}

// ActOnIntroduction takes one step of an introduction's workflow in one transaction: it reads
// the introduction as it stands, asks decide for the status the step moves it to (decide
// checks who may act, from which status; see ecograph.Introduction.Act), writes it with the
// reason and, for DONE, the interaction logged as evidence, and records the event.
// Errors: ENOTFOUND for an unknown introduction; whatever decide returns.
func (s *Store) ActOnIntroduction(ctx context.Context, id string, action ecograph.IntroductionAction, reason, interaction, by string,
	decide func(in *ecograph.Introduction, introducerOrg string) (ecograph.IntroductionStatus, error)) (*ecograph.Introduction, error) {
	event, at := newIntroductionEventID(), time.Now().UTC()
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := run(ctx, tx, "introduction_for_update", map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, ecograph.NotFound("introduction", id)
		}
		m, err := mapValue(recs[0], "introduction")
		if err != nil {
			return nil, err
		}
		cur, err := toIntroduction(m)
		if err != nil {
			return nil, err
		}
		org, _, _ := neo4j.GetRecordValue[string](recs[0], "introducerOrg")
		status, err := decide(cur, org)
		if err != nil {
			return nil, err
		}
		recs, err = run(ctx, tx, "transition_introduction", map[string]any{"id": id, "status": string(status), "at": at,
			"reason": optString(nonEmpty(reason)), "interaction": optString(nonEmpty(interaction)),
			"event": map[string]any{"id": event, "at": at, "by": by, "action": string(action), "reason": optString(nonEmpty(reason))}})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, ecograph.NotFound("introduction", id)
		}
		if m, err = mapValue(recs[0], "introduction"); err != nil {
			return nil, err
		}
		return toIntroduction(m)
	})
	if err != nil {
		return nil, err
	}
	return v.(*ecograph.Introduction), nil
}

// FindIntroductions returns the introductions sc may see that match f, by id (at most
// f.Limit; 1000 when 0).
func (s *Store) FindIntroductions(ctx context.Context, sc ecograph.Scope, f ecograph.IntroductionFilter) ([]*ecograph.Introduction, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 1000
	}
	var ids any
	if f.IDs != nil {
		ids = f.IDs
	}
	var status any
	if f.Status != nil {
		status = string(*f.Status)
	}
	recs, err := s.read(ctx, "find_introductions", scopeParams(sc, map[string]any{"ids": ids, "account": optString(f.AccountID),
		"introducer": optString(f.IntroducerID), "requester": optString(f.RequesterID), "status": status, "limit": limit}))
	if err != nil {
		return nil, err
	}
	out := make([]*ecograph.Introduction, 0, len(recs))
	for _, rec := range recs {
		m, err := mapValue(rec, "introduction")
		if err != nil {
			return nil, err
		}
		in, err := toIntroduction(m)
		if err != nil {
			return nil, err
		}
		out = append(out, in)
	}
	return out, nil
}

// FindIntroductionEvents returns the audit trail of each introduction sc may see, oldest
// first, keyed by introduction id.
func (s *Store) FindIntroductionEvents(ctx context.Context, sc ecograph.Scope, ids []string) (map[string][]*ecograph.IntroductionEvent, error) {
	recs, err := s.read(ctx, "find_introduction_events", scopeParams(sc, map[string]any{"ids": ids}))
	if err != nil {
		return nil, err
	}
	out := make(map[string][]*ecograph.IntroductionEvent, len(ids))
	for _, rec := range recs {
		id, _, err := neo4j.GetRecordValue[string](rec, "introduction")
		if err != nil {
			return nil, err
		}
		m, err := mapValue(rec, "event")
		if err != nil {
			return nil, err
		}
		at, ok := m["at"].(time.Time)
		if !ok {
			return nil, fmt.Errorf("cypher find_introduction_events: %s: at is %T", id, m["at"])
		}
		out[id] = append(out[id], &ecograph.IntroductionEvent{ID: str(m, "id"), IntroductionID: id, At: at, By: str(m, "by"),
			Action: ecograph.IntroductionAction(str(m, "action")), Reason: str(m, "reason")})
	}
	return out, nil
}

func toIntroduction(m map[string]any) (*ecograph.Introduction, error) {
	in := &ecograph.Introduction{ID: str(m, "id"), RequesterID: str(m, "requesterId"), IntroducerID: str(m, "introducerId"),
		TargetID: str(m, "targetId"), AccountID: str(m, "accountId"), Note: str(m, "note"),
		Status: ecograph.IntroductionStatus(str(m, "status")), Reason: str(m, "reason"), InteractionID: str(m, "interactionId")}
	if _, ok := m["route"]; ok && m["route"] != nil {
		in.Route = strs(m, "route")
	}
	at, ok := m["requestedAt"].(time.Time)
	if !ok || !in.Status.Valid() {
		return nil, fmt.Errorf("cypher: introduction %q is malformed (status %q, requestedAt %T)", in.ID, in.Status, m["requestedAt"])
	}
	in.RequestedAt = at
	if t, ok := m["decidedAt"].(time.Time); ok {
		in.DecidedAt = &t
	}
	if t, ok := m["doneAt"].(time.Time); ok {
		in.DoneAt = &t
	}
	return in, nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// newIntroductionEventID returns a random id, made before the transaction so that a retry
// reuses it.
func newIntroductionEventID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return "intro-event-" + hex.EncodeToString(b)
}

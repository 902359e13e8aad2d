package resolvers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"slices"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph/model"
)

// IntroductionStore is what the introductions workflow reads and writes (implemented by
// cypher.Store; the Resolver's Store provides it, as for SwarmStore).
type IntroductionStore interface {
	// RequestIntroduction validates and writes a new request with its audit event.
	RequestIntroduction(ctx context.Context, in ecograph.Introduction, by string) (*ecograph.Introduction, error)
	// ActOnIntroduction takes one step in one transaction, decide checking it against the
	// introduction as it stands.
	ActOnIntroduction(ctx context.Context, id string, action ecograph.IntroductionAction, reason, interaction, by string,
		decide func(in *ecograph.Introduction, introducerOrg string) (ecograph.IntroductionStatus, error)) (*ecograph.Introduction, error)
	// FindIntroductions returns the introductions sc may see that match f, by id.
	FindIntroductions(ctx context.Context, sc ecograph.Scope, f ecograph.IntroductionFilter) ([]*ecograph.Introduction, error)
	// FindIntroductionEvents returns the audit trails of the introductions sc may see.
	FindIntroductionEvents(ctx context.Context, sc ecograph.Scope, ids []string) (map[string][]*ecograph.IntroductionEvent, error)
}

// maxIntroductions bounds one list of introductions (an account's, or a person's).
const maxIntroductions = 1000

func (r *Resolver) introductionStore() (IntroductionStore, error) {
	if s, ok := r.Store.(IntroductionStore); ok {
		return s, nil
	}
	return nil, ecograph.Errorf(ecograph.EINTERNAL, "no introduction store configured")
}

func newIntroductionID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return "intro-" + hex.EncodeToString(b[:])
}

// requestIntroduction answers `requestIntroduction`.
// Errors: EFORBIDDEN for other roles or without a subject; EINVALID naming the input field.
func (r *Resolver) requestIntroduction(ctx context.Context, input model.IntroductionInput) (*model.Introduction, error) {
	c, err := ecograph.RequireRole(ctx, "request introductions", ecograph.CallerAdmin, ecograph.CallerSeller)
	if err != nil {
		return nil, err
	}
	if c.Subject == "" {
		return nil, ecograph.Errorf(ecograph.EFORBIDDEN, "requesting an introduction needs a token whose subject names the requester")
	}
	if (input.Through == nil) == (input.Route == nil) {
		return nil, ecograph.Invalid("input.through", "give exactly one of through and route")
	}
	store, err := r.introductionStore()
	if err != nil {
		return nil, err
	}
	in := ecograph.Introduction{ID: newIntroductionID(), RequesterID: c.Subject, TargetID: input.To, Note: deref(input.Note),
		AccountID: deref(input.Account)}
	if input.Through != nil {
		in.IntroducerID = *input.Through
	} else {
		in.Route = input.Route
		if len(in.Route) > 1 {
			in.IntroducerID = in.Route[1]
		}
	}
	if in.Route != nil && len(in.Route) < 3 {
		return nil, ecograph.Invalid("input.route", "must hold 3..%d people, from the requester to `to`", ecograph.MaxIntroductionRoute)
	}
	created, err := store.RequestIntroduction(ctx, in, actor(c))
	if err != nil {
		return nil, err
	}
	return r.oneIntroduction(ctx, c, created)
}

// actOnIntroduction takes a step (accept, decline, cancel) for the caller, who must see the
// introduction (NOT_FOUND otherwise, so that FORBIDDEN never confirms one exists).
func (r *Resolver) actOnIntroduction(ctx context.Context, id string, action ecograph.IntroductionAction, reason string) (*model.Introduction, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	store, err := r.introductionStore()
	if err != nil {
		return nil, err
	}
	if _, err := r.visibleIntroduction(ctx, c, store, id); err != nil {
		return nil, err
	}
	in, err := store.ActOnIntroduction(ctx, id, action, reason, "", actor(c), func(cur *ecograph.Introduction, org string) (ecograph.IntroductionStatus, error) {
		return cur.Act(c, action, org, reason)
	})
	if err != nil {
		return nil, err
	}
	return r.oneIntroduction(ctx, c, in)
}

// completeIntroduction marks an accepted introduction done: the interaction between the
// requester and the target is logged first (idempotent by its id, so a retry after a failed
// step logs it once), then the introduction moves to DONE.
func (r *Resolver) completeIntroduction(ctx context.Context, id string, at *time.Time, sentiment *float64, note *string) (*model.Introduction, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	if sentiment != nil && !(*sentiment >= -1 && *sentiment <= 1) {
		return nil, ecograph.Invalid("sentiment", "must be in [-1, 1], got %v", *sentiment)
	}
	store, err := r.introductionStore()
	if err != nil {
		return nil, err
	}
	cur, err := r.visibleIntroduction(ctx, c, store, id)
	if err != nil {
		return nil, err
	}
	// Check before logging evidence; the write checks again against what stands then.
	if _, err := cur.Act(c, ecograph.IntroActionDone, "", ""); err != nil {
		return nil, err
	}
	es, err := r.evidence()
	if err != nil {
		return nil, err
	}
	ix := ecograph.Interaction{ID: "intro-" + id, Kind: "INTRODUCTION", At: r.now(), Participants: []string{cur.RequesterID, cur.TargetID},
		AccountID: cur.AccountID, Sentiment: sentiment, Notes: deref(note), LoggedBy: c.Subject}
	if at != nil {
		ix.At = *at
	}
	ix.Normalize()
	pairs, err := es.LogInteraction(ctx, ix, false)
	r.wrote(err, pairPeople(pairs)...)
	if err != nil {
		return nil, err
	}
	in, err := store.ActOnIntroduction(ctx, id, ecograph.IntroActionDone, "", ix.ID, actor(c), func(cur *ecograph.Introduction, org string) (ecograph.IntroductionStatus, error) {
		return cur.Act(c, ecograph.IntroActionDone, org, "")
	})
	if err != nil {
		return nil, err
	}
	return r.oneIntroduction(ctx, c, in)
}

// visibleIntroduction returns the introduction if the caller may see it; ENOTFOUND otherwise.
func (r *Resolver) visibleIntroduction(ctx context.Context, c *ecograph.Caller, store IntroductionStore, id string) (*ecograph.Introduction, error) {
	found, err := store.FindIntroductions(ctx, c.Scope(), ecograph.IntroductionFilter{IDs: []string{id}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, ecograph.NotFound("introduction", id)
	}
	return found[0], nil
}

// findIntroductions answers the lists of introductions.
func (r *Resolver) findIntroductions(ctx context.Context, f ecograph.IntroductionFilter, status *model.IntroductionStatus) ([]*model.Introduction, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	store, err := r.introductionStore()
	if err != nil {
		return nil, err
	}
	if status != nil {
		s := ecograph.IntroductionStatus(*status)
		f.Status = &s
	}
	f.Limit = maxIntroductions
	ins, err := store.FindIntroductions(ctx, c.Scope(), f)
	if err != nil {
		return nil, err
	}
	return r.introductionModels(ctx, c, ins)
}

// introductionStats answers `Account.introductionStats`.
func (r *Resolver) introductionStats(ctx context.Context, account string) (*model.IntroductionStats, error) {
	c, err := ecograph.RequireCaller(ctx)
	if err != nil {
		return nil, err
	}
	store, err := r.introductionStore()
	if err != nil {
		return nil, err
	}
	ins, err := store.FindIntroductions(ctx, c.Scope(), ecograph.IntroductionFilter{AccountID: &account, Limit: 100 * maxIntroductions})
	if err != nil {
		return nil, err
	}
	var s ecograph.IntroductionStats
	s.Count(ins)
	return &model.IntroductionStats{Requested: s.Requested, Accepted: s.Accepted, Declined: s.Declined, Done: s.Done,
		Cancelled: s.Cancelled, Open: s.Requested + s.Accepted, MeanHoursToDecision: s.MeanHoursToDecision, MeanHoursToDone: s.MeanHoursToDone}, nil
}

// oneIntroduction maps one introduction after a write; ECONFLICT when one of its people was
// deleted meanwhile.
func (r *Resolver) oneIntroduction(ctx context.Context, c *ecograph.Caller, in *ecograph.Introduction) (*model.Introduction, error) {
	out, err := r.introductionModels(ctx, c, []*ecograph.Introduction{in})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ecograph.Errorf(ecograph.ECONFLICT, "a person of introduction %q was deleted concurrently", in.ID)
	}
	return out[0], nil
}

// introductionModels maps introductions the caller may see. Their requester, introducer and
// target are shown even where the caller's scope would hide them (a partner asked to
// introduce: addressing the request shares them), so they are read unscoped and primed into
// the request's loaders; the route only to our roles. An introduction one of whose people no
// longer exists is left out. The history is read, in one query, only when asked for.
func (r *Resolver) introductionModels(ctx context.Context, c *ecograph.Caller, ins []*ecograph.Introduction) ([]*model.Introduction, error) {
	out := make([]*model.Introduction, 0, len(ins))
	if len(ins) == 0 {
		return out, nil
	}
	ours := !c.Scope().HidesTrust()
	var ids []string
	for _, in := range ins {
		ids = append(ids, in.RequesterID, in.IntroducerID, in.TargetID)
		if ours {
			ids = append(ids, in.Route...)
		}
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	people, err := r.Store.FindPeopleByIDs(ctx, ecograph.FullScope(), ids)
	if err != nil {
		return nil, err
	}
	l := r.loaders(ctx)
	var orgIDs []string
	for id, p := range people {
		l.Person.Prime(id, p)
		orgIDs = append(orgIDs, p.OrganizationID)
	}
	orgs, err := r.Store.FindOrganizationsByIDs(ctx, ecograph.FullScope(), orgIDs)
	if err != nil {
		return nil, err
	}
	for id, o := range orgs {
		l.Organization.Prime(id, o)
	}
	var events map[string][]*ecograph.IntroductionEvent
	if slices.Contains(graphql.CollectAllFields(ctx), "history") {
		store, err := r.introductionStore()
		if err != nil {
			return nil, err
		}
		inIDs := make([]string, len(ins))
		for i, in := range ins {
			inIDs[i] = in.ID
		}
		if events, err = store.FindIntroductionEvents(ctx, c.Scope(), inIDs); err != nil {
			return nil, err
		}
	}
	for _, in := range ins {
		m := &model.Introduction{ID: in.ID, Status: model.IntroductionStatus(in.Status), Requester: people[in.RequesterID],
			Introducer: people[in.IntroducerID], To: people[in.TargetID], Note: optText(in.Note), Reason: optText(in.Reason),
			RequestedAt: in.RequestedAt, DecidedAt: in.DecidedAt, DoneAt: in.DoneAt, InteractionID: optText(in.InteractionID),
			History: []*model.IntroductionEvent{}}
		if m.Requester == nil || m.Introducer == nil || m.To == nil {
			continue
		}
		if ours && in.Route != nil {
			for _, id := range in.Route {
				if p := people[id]; p != nil {
					m.Route = append(m.Route, p)
				}
			}
		}
		if in.AccountID != "" {
			if a, err := l.Account.Load(ctx, in.AccountID); err == nil {
				m.Account = a
			}
		}
		for _, e := range events[in.ID] {
			m.History = append(m.History, &model.IntroductionEvent{At: e.At, By: e.By, Action: string(e.Action), Reason: optText(e.Reason)})
		}
		out = append(out, m)
	}
	return out, nil
}

func optText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

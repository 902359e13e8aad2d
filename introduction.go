package ecograph

import "time"

// IntroductionStatus is where an introduction request stands.
type IntroductionStatus string

// The statuses of an introduction: REQUESTED, then ACCEPTED or DECLINED by the introducer,
// then DONE by the requester (an ACCEPTED one); the requester may CANCEL it before it is done.
const (
	IntroRequested IntroductionStatus = "REQUESTED"
	IntroAccepted  IntroductionStatus = "ACCEPTED"
	IntroDeclined  IntroductionStatus = "DECLINED"
	IntroDone      IntroductionStatus = "DONE"
	IntroCancelled IntroductionStatus = "CANCELLED"
)

// Valid reports whether s is a status.
func (s IntroductionStatus) Valid() bool {
	switch s {
	case IntroRequested, IntroAccepted, IntroDeclined, IntroDone, IntroCancelled:
		return true
	}
	return false
}

// Open reports whether the introduction still waits on someone (REQUESTED or ACCEPTED).
func (s IntroductionStatus) Open() bool { return s == IntroRequested || s == IntroAccepted }

// IntroductionAction is a step of the workflow.
type IntroductionAction string

// The steps, as the audit trail names them.
const (
	IntroActionRequest IntroductionAction = "REQUEST"
	IntroActionAccept  IntroductionAction = "ACCEPT"
	IntroActionDecline IntroductionAction = "DECLINE"
	IntroActionDone    IntroductionAction = "DONE"
	IntroActionCancel  IntroductionAction = "CANCEL"
)

// Introduction is a request, by one of our people (the requester), that an introducer
// introduce them to a person (the target), directly or as the first step of a route.
type Introduction struct {
	ID           string
	RequesterID  string
	IntroducerID string
	TargetID     string
	// Route, when the request follows a route, is its people from the requester to the
	// target (the introducer second); nil otherwise.
	Route       []string
	AccountID   string // "" for none
	Note        string
	Status      IntroductionStatus
	RequestedAt time.Time
	DecidedAt   *time.Time // when accepted or declined
	DoneAt      *time.Time // when done or cancelled
	Reason      string     // the introducer's (a decline needs one) or the canceller's
	// InteractionID is the interaction logged as evidence when the introduction was done.
	InteractionID string
}

// IntroductionEvent is one step of an introduction's audit trail.
type IntroductionEvent struct {
	ID             string
	IntroductionID string
	At             time.Time
	By             string // the token's subject, or its role
	Action         IntroductionAction
	Reason         string
}

// IntroductionFilter selects introductions; every field set must match.
type IntroductionFilter struct {
	IDs          []string
	AccountID    *string
	IntroducerID *string
	RequesterID  *string
	Status       *IntroductionStatus
	Limit        int
}

// IntroductionStats counts an account's introductions by status and says how long they took.
type IntroductionStats struct {
	Requested, Accepted, Declined, Done, Cancelled int
	// MeanHoursToDecision is the mean time from request to accept or decline, over the
	// decided ones; MeanHoursToDone from request to done. Nil when there are none.
	MeanHoursToDecision, MeanHoursToDone *float64
}

// Count adds in to s.
func (s *IntroductionStats) Count(ins []*Introduction) {
	var decided, done float64
	var nDecided, nDone int
	for _, in := range ins {
		switch in.Status {
		case IntroRequested:
			s.Requested++
		case IntroAccepted:
			s.Accepted++
		case IntroDeclined:
			s.Declined++
		case IntroDone:
			s.Done++
		case IntroCancelled:
			s.Cancelled++
		}
		if in.DecidedAt != nil {
			decided += in.DecidedAt.Sub(in.RequestedAt).Hours()
			nDecided++
		}
		if in.Status == IntroDone && in.DoneAt != nil {
			done += in.DoneAt.Sub(in.RequestedAt).Hours()
			nDone++
		}
	}
	if nDecided > 0 {
		m := decided / float64(nDecided)
		s.MeanHoursToDecision = &m
	}
	if nDone > 0 {
		m := done / float64(nDone)
		s.MeanHoursToDone = &m
	}
}

// MaxIntroductionRoute bounds a route an introduction follows (its people).
const MaxIntroductionRoute = MaxMaxHops + 1

// Validate checks a new request: ids, the note, and the route's shape (from the requester to
// the target, the introducer second, nobody twice). It returns an EINVALID *Error naming the
// field (prefix + name).
func (in *Introduction) Validate(prefix string) error {
	for _, f := range []struct{ name, id string }{{"requester", in.RequesterID}, {"to", in.TargetID}, {"through", in.IntroducerID}} {
		if err := ValidateID(prefix+f.name, f.id); err != nil {
			return err
		}
	}
	if err := validateText(prefix+"note", in.Note, false); err != nil {
		return err
	}
	if in.IntroducerID == in.RequesterID || in.IntroducerID == in.TargetID {
		return Invalid(prefix+"through", "the introducer must be someone other than the requester and the person to meet")
	}
	if in.TargetID == in.RequesterID {
		return Invalid(prefix+"to", "must be someone other than the requester")
	}
	if in.Route != nil {
		r := in.Route
		if len(r) < 3 || len(r) > MaxIntroductionRoute {
			return Invalid(prefix+"route", "must hold 3..%d people, from the requester to `to`", MaxIntroductionRoute)
		}
		if r[0] != in.RequesterID || r[len(r)-1] != in.TargetID || r[1] != in.IntroducerID {
			return Invalid(prefix+"route", "must run from the requester to `to`, with the introducer second")
		}
		seen := map[string]bool{}
		for _, id := range r {
			if seen[id] {
				return Invalid(prefix+"route", "names %q twice", id)
			}
			seen[id] = true
		}
	}
	return nil
}

// Act checks that the caller may take action a on the introduction in its current status,
// and returns the status it moves to. The introducer (the caller's subject, and for a
// partner its organisation, introducerOrg) accepts or declines a REQUESTED one, a decline
// with a reason; the requester marks an ACCEPTED one done, or cancels an open one; an ADMIN
// may act for either.
// Errors: EFORBIDDEN for anyone else; ECONFLICT when the status does not allow the action;
// EINVALID naming "reason" for a decline without one.
func (in *Introduction) Act(c *Caller, a IntroductionAction, introducerOrg, reason string) (IntroductionStatus, error) {
	admin := c.Role == CallerAdmin
	switch a {
	case IntroActionAccept, IntroActionDecline:
		introducer := c.Subject != "" && c.Subject == in.IntroducerID && (c.Role != CallerPartner || c.OrgID == introducerOrg)
		if !admin && !introducer {
			return "", Errorf(EFORBIDDEN, "only the introducer may accept or decline introduction %q", in.ID)
		}
		if in.Status != IntroRequested {
			return "", Errorf(ECONFLICT, "introduction %q is %s, not REQUESTED", in.ID, in.Status)
		}
		if a == IntroActionAccept {
			return IntroAccepted, nil
		}
		if err := validateText("reason", reason, true); err != nil {
			return "", err
		}
		return IntroDeclined, nil
	case IntroActionDone, IntroActionCancel:
		requester := c.Subject != "" && c.Subject == in.RequesterID && c.Role != CallerPartner
		if !admin && !requester {
			return "", Errorf(EFORBIDDEN, "only the requester may mark introduction %q done or cancel it", in.ID)
		}
		if a == IntroActionDone {
			if in.Status != IntroAccepted {
				return "", Errorf(ECONFLICT, "introduction %q is %s, not ACCEPTED", in.ID, in.Status)
			}
			return IntroDone, nil
		}
		if !in.Status.Open() {
			return "", Errorf(ECONFLICT, "introduction %q is %s and can no longer be cancelled", in.ID, in.Status)
		}
		return IntroCancelled, validateText("reason", reason, false)
	}
	return "", Invalid("action", "unknown action %q", a)
}

package ecograph

import (
	"testing"
	"time"
)

func TestIntroductionAct(t *testing.T) {
	in := func(s IntroductionStatus) *Introduction {
		return &Introduction{ID: "i", RequesterID: "req", IntroducerID: "intro", TargetID: "to", Status: s}
	}
	seller := func(sub string) *Caller { return &Caller{Role: CallerSeller, Subject: sub} }
	partner := func(org, sub string) *Caller { return &Caller{Role: CallerPartner, OrgID: org, Subject: sub} }
	admin := &Caller{Role: CallerAdmin}
	for _, c := range []struct {
		name   string
		in     *Introduction
		c      *Caller
		a      IntroductionAction
		org    string
		reason string
		want   IntroductionStatus
		code   string
	}{
		{"introducer accepts", in(IntroRequested), seller("intro"), IntroActionAccept, "us", "", IntroAccepted, ""},
		{"partner introducer accepts", in(IntroRequested), partner("pb", "intro"), IntroActionAccept, "pb", "", IntroAccepted, ""},
		{"partner token of another organisation", in(IntroRequested), partner("pa", "intro"), IntroActionAccept, "pb", "", "", EFORBIDDEN},
		{"someone else accepts", in(IntroRequested), seller("req"), IntroActionAccept, "us", "", "", EFORBIDDEN},
		{"no subject", in(IntroRequested), seller(""), IntroActionAccept, "us", "", "", EFORBIDDEN},
		{"admin accepts for the introducer", in(IntroRequested), admin, IntroActionAccept, "us", "", IntroAccepted, ""},
		{"accept twice", in(IntroAccepted), seller("intro"), IntroActionAccept, "us", "", "", ECONFLICT},
		{"decline with a reason", in(IntroRequested), seller("intro"), IntroActionDecline, "us", "busy", IntroDeclined, ""},
		{"decline without", in(IntroRequested), seller("intro"), IntroActionDecline, "us", "  ", "", EINVALID},
		{"requester marks done", in(IntroAccepted), seller("req"), IntroActionDone, "us", "", IntroDone, ""},
		{"done before accepted", in(IntroRequested), seller("req"), IntroActionDone, "us", "", "", ECONFLICT},
		{"introducer marks done", in(IntroAccepted), seller("intro"), IntroActionDone, "us", "", "", EFORBIDDEN},
		{"a partner posing as the requester", in(IntroAccepted), partner("pb", "req"), IntroActionDone, "pb", "", "", EFORBIDDEN},
		{"requester cancels an accepted one", in(IntroAccepted), seller("req"), IntroActionCancel, "us", "", IntroCancelled, ""},
		{"cancel a declined one", in(IntroDeclined), seller("req"), IntroActionCancel, "us", "", "", ECONFLICT},
		{"cancel a done one", in(IntroDone), admin, IntroActionCancel, "us", "", "", ECONFLICT},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.in.Act(c.c, c.a, c.org, c.reason)
			if ErrorCode(err) != c.code || got != c.want {
				t.Fatalf("got %q, %v; want %q, code %q", got, err, c.want, c.code)
			}
		})
	}
}

func TestIntroductionValidate(t *testing.T) {
	base := func() Introduction { return Introduction{RequesterID: "r", IntroducerID: "i", TargetID: "t"} }
	for _, c := range []struct {
		name  string
		edit  func(in *Introduction)
		field string
	}{
		{"through", func(*Introduction) {}, ""},
		{"route", func(in *Introduction) { in.Route = []string{"r", "i", "x", "t"} }, ""},
		{"introducer is the requester", func(in *Introduction) { in.IntroducerID = "r" }, "input.through"},
		{"introducer is the target", func(in *Introduction) { in.IntroducerID = "t" }, "input.through"},
		{"to is the requester", func(in *Introduction) { in.TargetID = "r"; in.IntroducerID = "i" }, "input.to"},
		{"route too short", func(in *Introduction) { in.Route = []string{"r", "t"} }, "input.route"},
		{"route not from the requester", func(in *Introduction) { in.Route = []string{"x", "i", "t"} }, "input.route"},
		{"route twice through one", func(in *Introduction) { in.Route = []string{"r", "i", "x", "i", "t"} }, "input.route"},
		{"no target", func(in *Introduction) { in.TargetID = "" }, "input.to"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.edit(&in)
			err := in.Validate("input.")
			var field string
			if e, ok := err.(*Error); ok {
				field = e.Field
			}
			if field != c.field {
				t.Fatalf("got %v, want a fault at %q", err, c.field)
			}
		})
	}
}

func TestIntroductionStatsCount(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	at := func(h int) *time.Time { x := t0.Add(time.Duration(h) * time.Hour); return &x }
	var s IntroductionStats
	s.Count([]*Introduction{
		{Status: IntroRequested, RequestedAt: t0},
		{Status: IntroDone, RequestedAt: t0, DecidedAt: at(2), DoneAt: at(10)},
		{Status: IntroDeclined, RequestedAt: t0, DecidedAt: at(4)},
		{Status: IntroCancelled, RequestedAt: t0, DoneAt: at(1)},
	})
	if s.Requested != 1 || s.Done != 1 || s.Declined != 1 || s.Cancelled != 1 || s.Accepted != 0 ||
		*s.MeanHoursToDecision != 3 || *s.MeanHoursToDone != 10 {
		t.Fatalf("%+v", s)
	}
}

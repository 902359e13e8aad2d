package projection_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/gen"
	"github.com/ecograph/ecograph/internal/projection"
)

// worldSource streams a fixed graph held in memory.
type worldSource struct {
	orgs   []ecograph.Organization
	people []ecograph.Person
	ties   []ecograph.Tie
}

func (s *worldSource) StreamRouteGraph(_ context.Context, sink projection.Sink) (string, error) {
	for _, o := range s.orgs {
		sink.AddOrganization(o)
	}
	for _, p := range s.people {
		roles := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			roles[i] = string(r)
		}
		sink.AddPerson(p.ID, p.Name, p.Title, p.OrganizationID, roles, p.TeamIDs)
	}
	for _, t := range s.ties {
		sink.AddTie(t.PersonA, t.PersonB, t.Trust, t.Source)
	}
	return "mark", nil
}

func (s *worldSource) StreamRouteDelta(ctx context.Context, _ []string, sink projection.Sink) (string, error) {
	return s.StreamRouteGraph(ctx, sink)
}

func (s *worldSource) Bookmark(context.Context) (string, error) { return "mark", nil }

// spofWorld: our o1, o2; partner a1; client cl with decision makers d1, d2, blocker b, and
// c1; another client cl2 with decision maker e1.
//
//	o1 -.9- c1 -.9- d1          o1 -.9- b -.9- d2 (b is a BLOCKER)
//	o2 -.3- c1                  a1 -.8- d2       d1 -.5- e1
func spofWorld() *worldSource {
	w := &worldSource{orgs: []ecograph.Organization{{ID: "us", Name: "Us", Kind: ecograph.OrgOurs},
		{ID: "pa", Name: "Partner", Kind: ecograph.OrgPartner}, {ID: "cl", Name: "Client", Kind: ecograph.OrgClient},
		{ID: "cl2", Name: "Client 2", Kind: ecograph.OrgClient}}}
	person := func(id, org string, roles ...ecograph.Role) {
		w.people = append(w.people, ecograph.Person{ID: id, Name: strings.ToUpper(id), OrganizationID: org, Roles: roles})
	}
	person("o1", "us")
	person("o2", "us")
	person("a1", "pa")
	person("c1", "cl")
	person("b", "cl", ecograph.RoleBlocker)
	person("d1", "cl", ecograph.RoleDecisionMaker)
	person("d2", "cl", ecograph.RoleDecisionMaker)
	person("e1", "cl2", ecograph.RoleDecisionMaker)
	for _, t := range []ecograph.Tie{{PersonA: "o1", PersonB: "c1", Trust: .9}, {PersonA: "c1", PersonB: "d1", Trust: .9},
		{PersonA: "o2", PersonB: "c1", Trust: .3}, {PersonA: "o1", PersonB: "b", Trust: .9}, {PersonA: "b", PersonB: "d2", Trust: .9},
		{PersonA: "a1", PersonB: "d2", Trust: .8}, {PersonA: "d1", PersonB: "e1", Trust: .5}} {
		w.ties = append(w.ties, t)
	}
	return w
}

func describeSet(s *ecograph.CriticalSet) string {
	var b strings.Builder
	for _, c := range s.Critical {
		fmt.Fprintf(&b, "%s:%s ", c.PersonID, strings.Join(c.DecisionMakers, ","))
	}
	fmt.Fprintf(&b, "reached=%v unreached=%v", s.Reached, s.Unreached)
	return b.String()
}

func TestSinglePointsOfFailureOverTheProjection(t *testing.T) {
	f := projection.New(spofWorld(), projection.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	opts := func(edit func(o *ecograph.RouteOptions)) ecograph.RouteOptions {
		o := ecograph.DefaultRouteOptions()
		if edit != nil {
			edit(&o)
		}
		return o
	}
	for _, c := range []struct {
		name string
		o    ecograph.RouteOptions
		v    *ecograph.Visibility
		want string
	}{
		{"defaults: the blocker is avoided, c1 holds d1 and d2 is out of reach",
			opts(nil), nil, "c1:d1 reached=[d1] unreached=[d2]"},
		{"blockers allowed: d2 hangs on o1 and b, d1 on c1",
			opts(func(o *ecograph.RouteOptions) { o.AvoidBlockers = false }), nil, "b:d2 c1:d1 o1:d2 reached=[d1 d2] unreached=[]"},
		{"minTrust 0.5 cuts o2 off: d1 hangs on o1 too",
			opts(func(o *ecograph.RouteOptions) { o.MinTrust = .5 }), nil, "c1:d1 o1:d1 reached=[d1] unreached=[d2]"},
		{"c1 avoided: nobody reaches d1",
			opts(func(o *ecograph.RouteOptions) { o.Avoid = []string{"c1"} }), nil, "reached=[] unreached=[d1 d2]"},
		{"one hop: nobody reaches anyone",
			opts(func(o *ecograph.RouteOptions) { o.MaxHops = 1 }), nil, "reached=[] unreached=[d1 d2]"},
		{"only through partners: nobody",
			opts(func(o *ecograph.RouteOptions) { o.AllowedOrgKinds = []ecograph.OrgKind{ecograph.OrgPartner} }), nil, "reached=[] unreached=[d1 d2]"},
		{"a caller who cannot see o2 or d2",
			opts(nil), &ecograph.Visibility{Orgs: map[string]bool{"pa": true}, People: map[string]bool{"o1": true, "c1": true, "d1": true, "b": true}},
			"c1:d1 o1:d1 reached=[d1] unreached=[]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			set, err := f.SinglePointsOfFailure(ctx, "cl", c.o, c.v)
			if err != nil {
				t.Fatal(err)
			}
			// Ordered by number of decision makers, then id: every row here has one.
			if got := describeSet(set); got != c.want {
				t.Fatalf("got  %s\nwant %s", got, c.want)
			}
			for _, cp := range set.Critical {
				if set.People[cp.PersonID] == nil {
					t.Fatalf("%s is not named in the set", cp.PersonID)
				}
			}
		})
	}
	o := opts(nil)
	o.MaxHops = 0
	if _, err := f.SinglePointsOfFailure(ctx, "cl", o, nil); ecograph.ErrorCode(err) != ecograph.EINVALID {
		t.Fatalf("maxHops 0: %v", err)
	}
	set, err := f.SinglePointsOfFailure(ctx, "nowhere", ecograph.DefaultRouteOptions(), nil)
	if err != nil || len(set.Critical)+len(set.Reached)+len(set.Unreached) != 0 {
		t.Fatalf("unknown organisation: %+v, %v", set, err)
	}

	risks, err := f.AccountRisks(ctx, map[string]string{"acc": "cl", "acc2": "cl2", "acc3": "nowhere"}, ecograph.DefaultRouteOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// acc: d1 (the only reached one) hangs on c1; acc2: e1 via o1/o2 - c1 - d1 - e1 hangs on c1 and d1.
	if got := fmt.Sprint(risks); got != "[{acc [c1] [d1]} {acc2 [c1 d1] [e1]}]" {
		t.Fatalf("account risks: %s", got)
	}
}

// genWorld generates an ecosystem of the given size with package gen, in memory.
func genWorld(tb testing.TB, people int, tiesPer float64) *worldSource {
	tb.Helper()
	var orgs, teams, ppl, ties bytes.Buffer
	if _, err := gen.GenerateTo(gen.Config{People: people, Seed: 1, TiesPerPerson: tiesPer}, gen.Writers{Organizations: &orgs, Teams: &teams, People: &ppl, Ties: &ties}); err != nil {
		tb.Fatal(err)
	}
	rows := func(b *bytes.Buffer) []map[string]string {
		recs, err := csv.NewReader(b).ReadAll()
		if err != nil {
			tb.Fatal(err)
		}
		out := make([]map[string]string, 0, len(recs)-1)
		for _, r := range recs[1:] {
			m := map[string]string{}
			for i, h := range recs[0] {
				m[h] = r[i]
			}
			out = append(out, m)
		}
		return out
	}
	w := &worldSource{}
	for _, r := range rows(&orgs) {
		w.orgs = append(w.orgs, ecograph.Organization{ID: r["id"], Name: r["name"], Kind: ecograph.OrgKind(r["kind"])})
	}
	for _, r := range rows(&ppl) {
		p := ecograph.Person{ID: r["id"], Name: r["name"], OrganizationID: r["organization_id"]}
		for _, role := range strings.Split(r["roles"], ";") {
			if role != "" {
				p.Roles = append(p.Roles, ecograph.Role(role))
			}
		}
		w.people = append(w.people, p)
	}
	for _, r := range rows(&ties) {
		trust, err := strconv.ParseFloat(r["trust"], 64)
		if err != nil {
			tb.Fatal(err)
		}
		w.ties = append(w.ties, ecograph.Tie{PersonA: r["person_a"], PersonB: r["person_b"], Trust: trust, Source: r["source"]})
	}
	return w
}

// clientNear returns the client organisation whose number of people is nearest size.
func (w *worldSource) clientNear(size int) (string, int) {
	count := map[string]int{}
	for _, p := range w.people {
		count[p.OrganizationID]++
	}
	best, n := "", 0
	ids := make([]string, 0, len(count))
	for id := range count {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	kind := map[string]ecograph.OrgKind{}
	for _, o := range w.orgs {
		kind[o.ID] = o.Kind
	}
	for _, id := range ids {
		if kind[id] == ecograph.OrgClient && (best == "" || abs(count[id]-size) < abs(n-size)) {
			best, n = id, count[id]
		}
	}
	return best, n
}

func abs(x int) int { return max(x, -x) }

// cpuTime returns the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSwarm times singlePointsOfFailure and the swarm plan for the client institution
// nearest 500 people, over a generated ecosystem of 10k people (18 ties each, LDBC SF1's size)
// and, unless -short, 100k people (20 ties each): default options, and minTrust 0.3 with 4
// hops. It reports the wall p50 and the CPU time per call (GC included), which a shared
// machine does not inflate.
func BenchmarkSwarm(b *testing.B) {
	sizes := []struct {
		people int
		ties   float64
	}{{10_000, 18}, {100_000, 20}}
	if testing.Short() {
		sizes = sizes[:1]
	}
	for _, size := range sizes {
		w := genWorld(b, size.people, size.ties)
		org, n := w.clientNear(500)
		f := projection.New(w, projection.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if _, err := f.Refresh(context.Background()); err != nil {
			b.Fatal(err)
		}
		measure := func(b *testing.B, call func() error) {
			lat := make([]time.Duration, 0, b.N)
			cpu0 := cpuTime()
			for b.Loop() {
				start := time.Now()
				if err := call(); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(start))
			}
			cpu := cpuTime() - cpu0
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
		}
		for _, c := range []struct {
			name string
			o    ecograph.RouteOptions
		}{{"defaults", ecograph.DefaultRouteOptions()},
			{"minTrust0.3-maxHops4", ecograph.RouteOptions{Objective: ecograph.MostTrusted, MinTrust: .3, MaxHops: 4, AvoidBlockers: true}}} {
			b.Run(fmt.Sprintf("people=%d/org=%d-people/spof/%s", size.people, n, c.name), func(b *testing.B) {
				var set *ecograph.CriticalSet
				measure(b, func() (err error) {
					set, err = f.SinglePointsOfFailure(context.Background(), org, c.o, nil)
					return err
				})
				b.ReportMetric(float64(len(set.Reached)), "reached-dms")
				b.ReportMetric(float64(len(set.Critical)), "critical")
			})
			b.Run(fmt.Sprintf("people=%d/org=%d-people/plan/%s", size.people, n, c.name), func(b *testing.B) {
				var plan *ecograph.SwarmPlan
				measure(b, func() (err error) {
					plan, err = f.SwarmPlan(context.Background(), org, 0.3, c.o, nil)
					return err
				})
				b.ReportMetric(float64(len(plan.Team)), "team")
				b.ReportMetric(float64(len(plan.Uncovered)), "uncovered")
			})
		}
	}
}

func describePlan(p *ecograph.SwarmPlan) string {
	var b strings.Builder
	ties := func(ts []ecograph.PlanTie) string {
		var parts []string
		for _, t := range ts {
			parts = append(parts, fmt.Sprintf("%s:%g", t.PersonID, t.Trust))
		}
		return strings.Join(parts, ",")
	}
	for _, g := range p.ByRole {
		fmt.Fprintf(&b, "%s=%s ", g.Role, strings.Join(g.People, ","))
	}
	b.WriteString("| coverage")
	for _, c := range p.Coverage {
		fmt.Fprintf(&b, " %s[%s]", c.PersonID, ties(c.Ties))
	}
	fmt.Fprintf(&b, " | gaps=%v uncovered=%v | blockers", p.Gaps, p.Uncovered)
	for _, x := range p.Blockers {
		fmt.Fprintf(&b, " %s guards %v trusts [%s]", x.PersonID, x.Guards, ties(x.TrustedOurs))
	}
	b.WriteString(" | connectors")
	for _, x := range p.Connectors {
		fmt.Fprintf(&b, " %s dms %v ours [%s]", x.PersonID, x.DecisionMakers, ties(x.Ours))
	}
	b.WriteString(" | team")
	for _, a := range p.Team {
		fmt.Fprintf(&b, " %s:", a.PersonID)
		for _, t := range a.Targets {
			fmt.Fprintf(&b, "%s@%.3g", t.PersonID, t.Trust)
		}
	}
	b.WriteString(" | critical")
	for _, c := range p.Critical {
		fmt.Fprintf(&b, " %s:%s", c.PersonID, strings.Join(c.DecisionMakers, ","))
	}
	return b.String()
}

func TestSwarmPlanOverTheProjection(t *testing.T) {
	w := spofWorld()
	// A connector at the client, tied to d2 and to o2; an influencer behind c1.
	w.people = append(w.people, ecograph.Person{ID: "k", Name: "K", OrganizationID: "cl", Roles: []ecograph.Role{ecograph.RoleConnector}},
		ecograph.Person{ID: "i1", Name: "I1", OrganizationID: "cl", Roles: []ecograph.Role{ecograph.RoleInfluencer}})
	w.ties = append(w.ties, ecograph.Tie{PersonA: "k", PersonB: "d2", Trust: .6}, ecograph.Tie{PersonA: "k", PersonB: "o2", Trust: .7},
		ecograph.Tie{PersonA: "i1", PersonB: "c1", Trust: .5})
	f := projection.New(w, projection.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	plan, err := f.SwarmPlan(ctx, "cl", 0.3, ecograph.DefaultRouteOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	// d1: o1-c1-d1 0.81; d2: o2-k-d2 0.42 (o1-b-d2 passes a blocker); i1: o1-c1-i1 0.45.
	want := "DECISION_MAKER=d1,d2 INFLUENCER=i1 CONNECTOR=k BLOCKER=b | coverage b[o1:0.9] c1[o1:0.9,o2:0.3] d1[] d2[a1:0.8] i1[] k[o2:0.7]" +
		" | gaps=[] uncovered=[] | blockers b guards [d2] trusts [o1:0.9] | connectors k dms [d2] ours [o2:0.7]" +
		" | team o1:d1@0.81i1@0.45 o2:d2@0.42 | critical c1:d1 k:d2 o2:d2"
	if got := describePlan(plan); got != want {
		t.Fatalf("plan\n got %s\nwant %s", got, want)
	}
	// A higher threshold: d2 (0.42) and i1 (0.45) fall out.
	plan, err = f.SwarmPlan(ctx, "cl", 0.5, ecograph.DefaultRouteOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := describePlan(plan); !strings.Contains(got, "gaps=[d2] uncovered=[d2 i1]") || !strings.Contains(got, "team o1:d1@0.81 |") {
		t.Fatalf("plan at 0.5: %s", got)
	}
	// A partner who sees o1, c1, d1, b and its own a1: o2, k, d2, i1 hidden; o1's ties banded.
	v := &ecograph.Visibility{Orgs: map[string]bool{"pa": true}, People: map[string]bool{"o1": true, "c1": true, "d1": true, "b": true}, OwnOrg: "pa"}
	plan, err = f.SwarmPlan(ctx, "cl", 0.3, ecograph.DefaultRouteOptions(), v)
	if err != nil {
		t.Fatal(err)
	}
	want = "DECISION_MAKER=d1 BLOCKER=b | coverage b[o1:0.7] c1[o1:0.7] d1[] | gaps=[] uncovered=[] | blockers b guards [] trusts [o1:0.7]" +
		" | connectors | team o1:d1@0.7 | critical c1:d1 o1:d1"
	if got := describePlan(plan); got != want {
		t.Fatalf("partner's plan\n got %s\nwant %s", got, want)
	}
	if _, err := f.SwarmPlan(ctx, "cl", 1.5, ecograph.DefaultRouteOptions(), nil); ecograph.ErrorCode(err) != ecograph.EINVALID {
		t.Fatalf("minRouteTrust 1.5: %v", err)
	}
}

// TestPartnerMinTrustSplitInSwarm: a partner's minTrust is split by hop in the swarm's
// measures as in route searches. A hop that touches the partner's own people (whose trust it
// sees exactly) must meet minTrust itself, never only the band floor below it; a hop it sees
// as a band must lie in a band wholly at or above minTrust.
//
//	o1 (ours) -.9- a1 (the partner's) -.75- d1 (decision maker)
//	o1 -.72- c1 -.72- d2 (decision maker), both hops hidden from the partner
func TestPartnerMinTrustSplitInSwarm(t *testing.T) {
	w := &worldSource{orgs: []ecograph.Organization{{ID: "us", Name: "Us", Kind: ecograph.OrgOurs},
		{ID: "pa", Name: "Partner", Kind: ecograph.OrgPartner}, {ID: "cl", Name: "Client", Kind: ecograph.OrgClient}}}
	for _, p := range []ecograph.Person{{ID: "o1", OrganizationID: "us"}, {ID: "a1", OrganizationID: "pa"},
		{ID: "c1", OrganizationID: "cl"}, {ID: "d1", OrganizationID: "cl", Roles: []ecograph.Role{ecograph.RoleDecisionMaker}},
		{ID: "d2", OrganizationID: "cl", Roles: []ecograph.Role{ecograph.RoleDecisionMaker}}} {
		p.Name = strings.ToUpper(p.ID)
		w.people = append(w.people, p)
	}
	w.ties = []ecograph.Tie{{PersonA: "o1", PersonB: "a1", Trust: .9}, {PersonA: "a1", PersonB: "d1", Trust: .75},
		{PersonA: "o1", PersonB: "c1", Trust: .72}, {PersonA: "c1", PersonB: "d2", Trust: .72}}
	f := projection.New(w, projection.Config{}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	ctx := context.Background()
	v := &ecograph.Visibility{Orgs: map[string]bool{"pa": true, "us": true, "cl": true},
		People: map[string]bool{"o1": true, "a1": true, "c1": true, "d1": true, "d2": true}, OwnOrg: "pa"}
	for _, c := range []struct {
		minTrust float64
		v        *ecograph.Visibility
		want     string
	}{
		// 0.78: the own hop a1-d1 (0.75) is below it, though 0.75 is in the band (0.7) that a
		// rounded-down threshold would let through; the hidden 0.72 hops are strong, the
		// band wholly above 0.78's rounded-up floor.
		{.78, v, "c1:d2 o1:d2 reached=[d2] unreached=[d1]"},
		{.75, v, "o1:d1,d2 a1:d1 c1:d2 reached=[d1 d2] unreached=[]"},
		// Our roles compare every hop with minTrust itself.
		{.78, nil, "reached=[] unreached=[d1 d2]"},
		{.73, nil, "a1:d1 o1:d1 reached=[d1] unreached=[d2]"},
	} {
		o := ecograph.DefaultRouteOptions()
		o.MinTrust = c.minTrust
		set, err := f.SinglePointsOfFailure(ctx, "cl", o, c.v)
		if err != nil {
			t.Fatal(err)
		}
		if got := describeSet(set); got != c.want {
			t.Errorf("minTrust %v, partner %v: got %s, want %s", c.minTrust, c.v != nil, got, c.want)
		}
		plan, err := f.SwarmPlan(ctx, "cl", 0.1, o, c.v)
		if err != nil {
			t.Fatal(err)
		}
		if want := c.want[strings.Index(c.want, "unreached=")+len("unreached="):]; fmt.Sprint(plan.Gaps) != want {
			t.Errorf("minTrust %v, partner %v: plan gaps %v, want %s", c.minTrust, c.v != nil, plan.Gaps, want)
		}
	}
}

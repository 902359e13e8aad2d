package cypher_test

import (
	"context"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/internal/trust"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// tieState reads a tie's trust and confidence straight from Neo4j (nil: no tie).
func tieState(t *testing.T, d neo4j.DriverWithContext, a, b string) map[string]any {
	t.Helper()
	res, err := neo4j.ExecuteQuery(context.Background(), d,
		"MATCH (:Person {id: $a})-[t:TIE]-(:Person {id: $b}) RETURN t {.*} AS t", map[string]any{"a": a, "b": b}, neo4j.EagerResultTransformer)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Records) == 0 {
		return nil
	}
	if len(res.Records) > 1 {
		t.Fatalf("%d ties between %s and %s", len(res.Records), a, b)
	}
	m, _ := res.Records[0].Values[0].(map[string]any)
	return m
}

// TestEvidenceRecomputesTrust logs interactions, records survey answers and sets overrides,
// and checks each tie's trust against the trust model computed independently from the same
// evidence, that re-logging changes nothing, and that a full recomputation agrees bit for bit.
func TestEvidenceRecomputesTrust(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 15, 0, 0, 0, time.UTC)
	asOf := now.Truncate(24 * time.Hour)
	model, err := trust.New(trust.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	store.SetTrustModel(model, func() time.Time { return now })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err = store.UpsertOrganization(ctx, ecograph.Organization{ID: p + "o", Name: "O", Kind: ecograph.OrgOurs})
	must(err)
	a, b, c := p+"a", p+"b", p+"c"
	for _, id := range []string{a, b, c} {
		_, err := store.UpsertPerson(ctx, ecograph.Person{ID: id, Name: id, OrganizationID: p + "o"})
		must(err)
	}
	_, err = store.UpsertTie(ctx, ecograph.Tie{PersonA: a, PersonB: b, Trust: 0.6, Source: "crm"})
	must(err)
	if st := tieState(t, store.Driver(), a, b); st["trust"] != 0.6 || st["prior"] != 0.6 {
		t.Fatalf("an imported tie without evidence takes its prior as trust: %v", st)
	}

	plus := 0.8
	day := asOf.Add(-24 * time.Hour)
	in := ecograph.Interaction{ID: p + "i1", Kind: "meeting", At: day, Participants: []string{c, a, b}, Sentiment: &plus, Notes: "lunch"}
	in.Normalize()
	changed, err := store.LogInteraction(ctx, in, true)
	must(err)
	if len(changed) != 1 || changed[0] != ecograph.MakePair(a, b) {
		t.Fatalf("changed ties %v, want only a-b (one contact is too little evidence for a new tie)", changed)
	}
	one := trust.Summarize([]trust.Interaction{{At: day, Sentiment: 0.8, HasSentiment: true}}, model.Params().HalfLife)
	want := model.Compute(trust.Evidence{Prior: 0.6, HasPrior: true, Interactions: one}, asOf)
	st := tieState(t, store.Driver(), a, b)
	if st["trust"] != want.Trust || st["confidence"] != want.Confidence || st["ixCount"] != int64(1) {
		t.Fatalf("a-b after one positive meeting: %v, want trust %v confidence %v", st, want.Trust, want.Confidence)
	}
	if !(want.Trust > 0.6) {
		t.Fatalf("a positive meeting must raise trust above the prior: %v", want.Trust)
	}
	if tieState(t, store.Driver(), a, c) != nil {
		t.Fatal("one contact made a tie a-c")
	}

	// Logging the same interaction again changes nothing.
	changed, err = store.LogInteraction(ctx, in, true)
	must(err)
	if len(changed) != 0 {
		t.Fatalf("re-logging changed %v", changed)
	}

	// Mutual trust answers make a tie between a and c.
	changed, err = store.RecordSurveyAnswers(ctx, []ecograph.SurveyAnswer{
		{Respondent: a, Alter: c, Question: "Trust", Score: 5, AnsweredAt: day},
		{Respondent: c, Alter: a, Question: "trust", Score: 4, AnsweredAt: day},
	})
	must(err)
	if len(changed) != 1 || changed[0] != ecograph.MakePair(a, c) {
		t.Fatalf("changed %v, want a-c", changed)
	}
	ev := trust.Evidence{Interactions: one,
		FromA: []trust.Answer{{Question: "trust", Score: 5, At: day}}, FromB: []trust.Answer{{Question: "trust", Score: 4, At: day}}}
	if ecograph.MakePair(a, c).A != a {
		ev.FromA, ev.FromB = ev.FromB, ev.FromA
	}
	want = model.Compute(ev, asOf)
	st = tieState(t, store.Driver(), a, c)
	if st == nil || st["trust"] != want.Trust || st["source"] != "evidence" {
		t.Fatalf("a-c from survey answers: %v, want trust %v", st, want.Trust)
	}

	// An override wins, with who and why; clearing it returns to the evidence.
	before := tieState(t, store.Driver(), a, b)["trust"]
	must(store.SetTrustOverride(ctx, ecograph.TrustOverride{PersonA: b, PersonB: a, Trust: 0.1, Reason: "they fell out", By: "seller-1", At: now}))
	st = tieState(t, store.Driver(), a, b)
	if st["trust"] != 0.1 || st["overrideReason"] != "they fell out" || st["overrideBy"] != "seller-1" {
		t.Fatalf("override: %v", st)
	}
	must(store.ClearTrustOverride(ctx, a, b))
	if st = tieState(t, store.Driver(), a, b); st["trust"] != before || st["override"] != nil {
		t.Fatalf("after clearing the override: %v, want trust %v", st, before)
	}
	if err := store.SetTrustOverride(ctx, ecograph.TrustOverride{PersonA: a, PersonB: b, Trust: 0.5}); ecograph.ErrorCode(err) != ecograph.EINVALID {
		t.Fatalf("an override without a reason: %v", err)
	}

	// A negative interaction lowers trust.
	minus := -1.0
	neg := ecograph.Interaction{ID: p + "i2", Kind: "CALL", At: asOf, Participants: []string{a, b}, Sentiment: &minus}
	must2 := func(_ []ecograph.Pair, err error) { must(err) }
	must2(store.LogInteraction(ctx, neg, true))
	if after := tieState(t, store.Driver(), a, b)["trust"].(float64); !(after < before.(float64)) {
		t.Fatalf("a negative call did not lower trust: %v -> %v", before, after)
	}

	// Replacing an interaction's participants moves its evidence.
	in.Participants = []string{a, c}
	in.Normalize()
	changed, err = store.LogInteraction(ctx, in, true)
	must(err)
	if len(changed) != 1 || changed[0] != ecograph.MakePair(a, b) {
		t.Fatalf("moving i1 from a,b,c to a,c changed %v, want a-b only (a-c keeps the same evidence)", changed)
	}
	if st := tieState(t, store.Driver(), a, b); st["ixCount"] != int64(1) {
		t.Fatalf("a-b keeps only the call: %v", st)
	}

	// Unknown people are refused by name, and nothing is written.
	bad := ecograph.Interaction{ID: p + "i3", Kind: "CALL", At: asOf, Participants: []string{a, p + "nobody"}}
	bad.Normalize()
	if _, err := store.LogInteraction(ctx, bad, true); ecograph.ErrorCode(err) != ecograph.EINVALID {
		t.Fatalf("unknown participant: %v", err)
	}

	// A full recomputation (the bulk path, streaming every interaction) agrees bit for bit.
	snapshot := map[string]any{"ab": tieState(t, store.Driver(), a, b)["trust"], "ac": tieState(t, store.Driver(), a, c)["trust"]}
	n, err := store.RetrustPairs(ctx, make3000(p, a, b, c), nil)
	must(err)
	if n != 0 {
		t.Fatalf("bulk recomputation changed %d ties", n)
	}
	if tieState(t, store.Driver(), a, b)["trust"] != snapshot["ab"] || tieState(t, store.Driver(), a, c)["trust"] != snapshot["ac"] {
		t.Fatal("bulk recomputation changed trust")
	}
}

// make3000 returns the test's pairs padded with pairs of unknown people, enough to take the
// bulk path of RetrustPairs.
func make3000(p, a, b, c string) []ecograph.Pair {
	out := []ecograph.Pair{ecograph.MakePair(a, b), ecograph.MakePair(a, c), ecograph.MakePair(b, c)}
	for i := 0; len(out) < 3000; i++ {
		out = append(out, ecograph.MakePair(p+"ghost-a", p+"ghost-"+string(rune('a'+i%26))+string(rune('a'+i/26%26))+string(rune('a'+i/676))))
	}
	return out
}

// TestImportedInteractionsReplaceByID writes interactions as the importer does: new ids take
// the create path, the same rows again change nothing, and a changed row replaces the old
// one (its pairs before and after are reported).
func TestImportedInteractionsReplaceByID(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	if _, err := store.UpsertOrganization(ctx, ecograph.Organization{ID: p + "o", Name: "O", Kind: ecograph.OrgOurs}); err != nil {
		t.Fatal(err)
	}
	a, b, c := p+"a", p+"b", p+"c"
	for _, id := range []string{a, b, c} {
		if _, err := store.UpsertPerson(ctx, ecograph.Person{ID: id, Name: id, OrganizationID: p + "o"}); err != nil {
			t.Fatal(err)
		}
	}
	at := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	ins := []ecograph.Interaction{
		{ID: p + "i1", Kind: "CALL", At: at, Participants: []string{a, b}},
		{ID: p + "i2", Kind: "MEETING", At: at, Participants: []string{a, b, c}, OrganizationID: p + "o"},
	}
	pairs, err := store.UpsertInteractions(ctx, ins)
	if err != nil || len(pairs) != 3 {
		t.Fatalf("first write: %v %v, want the 3 pairs of a, b, c", pairs, err)
	}
	if _, err := store.RetrustPairs(ctx, pairs, nil); err != nil {
		t.Fatal(err)
	}
	// The same rows again name the same pairs (a re-run after a failed import must recompute
	// them), and recomputing them changes nothing.
	if pairs, err = store.UpsertInteractions(ctx, ins); err != nil || len(pairs) != 3 {
		t.Fatalf("the same rows again: %v %v, want the same 3 pairs", pairs, err)
	}
	if n, err := store.RetrustPairs(ctx, pairs, nil); err != nil || n != 0 {
		t.Fatalf("recomputing after the same rows changed %d ties (%v), want 0", n, err)
	}
	ins[1].Participants = []string{b, c}
	if pairs, err = store.UpsertInteractions(ctx, ins[1:]); err != nil || len(pairs) != 3 {
		t.Fatalf("i2 without a: %v %v, want a-b, a-c (before) and b-c (after)", pairs, err)
	}
	got, n, err := store.FindInteractions(ctx, ecograph.FullScope(), ecograph.InteractionFilter{PersonID: a, Limit: 10})
	if err != nil || n != 1 || len(got) != 1 || got[0].ID != p+"i1" {
		t.Fatalf("a's interactions after the replacement: %v %d %v", got, n, err)
	}
	got, n, err = store.FindInteractions(ctx, ecograph.FullScope(), ecograph.InteractionFilter{OrganizationID: p + "o", Limit: 10})
	if err != nil || n != 2 {
		t.Fatalf("the organisation's interactions (about it or with its people): %v %d %v", got, n, err)
	}
}

// TestATieStoredTheOtherWayStaysOne: a tie written in Neo4j Browser from the higher id to the
// lower, then imported (ties.csv) and overridden, is still one relationship.
func TestATieStoredTheOtherWayStaysOne(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	if _, err := store.UpsertOrganization(ctx, ecograph.Organization{ID: p + "o", Name: "O", Kind: ecograph.OrgOurs}); err != nil {
		t.Fatal(err)
	}
	a, b := p+"a", p+"b"
	for _, id := range []string{a, b} {
		if _, err := store.UpsertPerson(ctx, ecograph.Person{ID: id, Name: id, OrganizationID: p + "o"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := neo4j.ExecuteQuery(ctx, store.Driver(), "MATCH (a:Person {id: $a}), (b:Person {id: $b}) CREATE (b)-[:TIE {trust: 0.3}]->(a)",
		map[string]any{"a": a, "b": b}, neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
	if err := store.UpsertTies(ctx, []ecograph.Tie{{PersonA: a, PersonB: b, Trust: 0.4, Source: "crm"}}); err != nil {
		t.Fatal(err)
	}
	if err := store.SetTrustOverride(ctx, ecograph.TrustOverride{PersonA: a, PersonB: b, Trust: 0.9, Reason: "known", At: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if st := tieState(t, store.Driver(), a, b); st["trust"] != 0.9 || st["prior"] != 0.4 { // tieState fails on two ties
		t.Fatalf("tie: %v", st)
	}
}

// TestDailyDecay moves the clock a month on: recomputing the pair (as the daily stale run
// does; Retrust itself is not called because it would recompute other tests' ties in the
// shared database) fades trust towards the prior, and a second run the same day changes
// nothing (it settles: asOf is written).
func TestDailyDecay(t *testing.T) {
	store := testdb.Store(t)
	p := testdb.Prefix(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	model, err := trust.New(trust.DefaultParams())
	if err != nil {
		t.Fatal(err)
	}
	store.SetTrustModel(model, func() time.Time { return now })
	if _, err := store.UpsertOrganization(ctx, ecograph.Organization{ID: p + "o", Name: "O", Kind: ecograph.OrgOurs}); err != nil {
		t.Fatal(err)
	}
	a, b := p+"a", p+"b"
	for _, id := range []string{a, b} {
		if _, err := store.UpsertPerson(ctx, ecograph.Person{ID: id, Name: id, OrganizationID: p + "o"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.UpsertTie(ctx, ecograph.Tie{PersonA: a, PersonB: b, Trust: 0.3, Source: "crm"}); err != nil {
		t.Fatal(err)
	}
	plus := 1.0
	if _, err := store.LogInteraction(ctx, ecograph.Interaction{ID: p + "i", Kind: "MEETING", At: now.Add(-time.Hour),
		Participants: []string{a, b}, Sentiment: &plus}, true); err != nil {
		t.Fatal(err)
	}
	fresh := tieState(t, store.Driver(), a, b)["trust"].(float64)
	now = now.Add(30 * 24 * time.Hour)
	pair := []ecograph.Pair{ecograph.MakePair(a, b)}
	changed, err := store.RetrustPairs(ctx, pair, nil)
	if err != nil || changed < 1 {
		t.Fatalf("a month later the stale run changed %d ties (%v)", changed, err)
	}
	later := tieState(t, store.Driver(), a, b)["trust"].(float64)
	if !(later < fresh && later > 0.3) {
		t.Fatalf("trust %v a month later, want between the prior 0.3 and %v", later, fresh)
	}
	if changed, err = store.RetrustPairs(ctx, pair, nil); err != nil || changed != 0 {
		t.Fatalf("a second stale run the same day changed %d ties (%v), want 0", changed, err)
	}
}

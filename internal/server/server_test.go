package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
	"github.com/golang-jwt/jwt/v5"
)

var authCfg = auth.Config{Secret: []byte("test-secret-test-secret-test-secret!")}

type source struct{ *cypher.Store }

func (s source) StreamRouteGraph(ctx context.Context, sink projection.Sink) (string, error) {
	return s.Store.StreamRouteGraph(ctx, sink)
}

func (s source) StreamRouteDelta(ctx context.Context, ids []string, sk projection.Sink) (string, error) {
	return s.Store.StreamRouteDelta(ctx, ids, sk)
}

// env is a running API over the test database.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	store  *cypher.Store
	finder *projection.Finder
	p      string // this test's id prefix
}

func newEnv(t *testing.T) *env {
	t.Helper()
	store := testdb.Store(t)
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{Strict: true})
	e.p = testdb.Prefix(t)
	return e
}

// serve runs the real handler with cfg over store (db answers readiness and feeds the
// route projection; rs is what the resolvers read and write, usually the same store).
func serve(t *testing.T, cfg server.Config, rs resolvers.Store, db *cypher.Store, pc projection.Config) *env {
	t.Helper()
	v, err := auth.NewVerifier(authCfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	finder := projection.New(source{db}, pc, log)
	srv := httptest.NewServer(server.New(cfg, server.Deps{
		Resolver: &resolvers.Resolver{Store: rs, Routes: finder},
		Verifier: v, DB: db, Log: log,
	}))
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, store: db, finder: finder}
}

func (e *env) token(role ecograph.CallerRole, org string) string {
	e.t.Helper()
	tok, err := auth.Mint(authCfg, ecograph.Caller{Role: role, OrgID: org}, time.Hour, time.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

type gqlResponse struct {
	Data   map[string]json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
	status int
}

func (r *gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

func (e *env) do(token, query string, vars map[string]any) *gqlResponse {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := &gqlResponse{status: resp.StatusCode}
	if err := json.Unmarshal(raw, out); err != nil {
		e.t.Fatalf("response is not JSON (%d): %s", resp.StatusCode, raw)
	}
	return out
}

func (e *env) mustData(token, query string, vars map[string]any, into any) {
	e.t.Helper()
	r := e.do(token, query, vars)
	if len(r.Errors) > 0 {
		e.t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	raw, _ := json.Marshal(r.Data)
	if err := json.Unmarshal(raw, into); err != nil {
		e.t.Fatal(err)
	}
}

const upsertOrg = `mutation($in: OrganizationInput!) { upsertOrganization(input: $in) { id kind } }`
const upsertPerson = `mutation($in: PersonInput!) { upsertPerson(input: $in) { id organization { id } } }`
const upsertTie = `mutation($in: TieInput!) { upsertTie(input: $in) { person { id } trust source } }`

// seedLine writes people p0..p(n-1) at one client organisation with ties p(i)-p(i+1).
func (e *env) seedLine(tok string, n int, trust float64) {
	e.t.Helper()
	e.mustData(tok, upsertOrg, map[string]any{"in": map[string]any{"id": e.p + "org", "name": "St. Test", "kind": "CLIENT"}}, &struct{}{})
	for i := 0; i < n; i++ {
		roles := []string{}
		if i == n-1 {
			roles = []string{"DECISION_MAKER"}
		}
		e.mustData(tok, upsertPerson, map[string]any{"in": map[string]any{"id": fmt.Sprintf("%sp%d", e.p, i),
			"name": fmt.Sprintf("Person %d", i), "organization": e.p + "org", "roles": roles}}, &struct{}{})
		if i > 0 {
			e.mustData(tok, upsertTie, map[string]any{"in": map[string]any{"personA": fmt.Sprintf("%sp%d", e.p, i-1),
				"personB": fmt.Sprintf("%sp%d", e.p, i), "trust": trust, "source": "test"}}, &struct{}{})
		}
	}
}

func TestUnauthenticatedRequestsGet401(t *testing.T) {
	e := newEnv(t)
	expired, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"role": "ADMIN", "exp": time.Now().Add(-time.Hour).Unix()}).SignedString(authCfg.Secret)
	noExp, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"role": "ADMIN"}).SignedString(authCfg.Secret)
	wrongKey, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"role": "ADMIN", "exp": time.Now().Add(time.Hour).Unix()}).SignedString([]byte("another-secret-another-secret-another"))
	none, _ := jwt.NewWithClaims(jwt.SigningMethodNone, jwt.MapClaims{"role": "ADMIN", "exp": time.Now().Add(time.Hour).Unix()}).SignedString(jwt.UnsafeAllowNoneSignatureType)
	partnerNoOrg, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"role": "PARTNER", "exp": time.Now().Add(time.Hour).Unix()}).SignedString(authCfg.Secret)
	badRole, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"role": "ROOT", "exp": time.Now().Add(time.Hour).Unix()}).SignedString(authCfg.Secret)
	for name, tok := range map[string]string{
		"no token": "", "garbage": "garbage", "expired": expired, "no exp": noExp, "wrong key": wrongKey,
		"alg none": none, "partner without org": partnerNoOrg, "unknown role": badRole,
		"huge": strings.Repeat("a", 1<<20),
	} {
		t.Run(name, func(t *testing.T) {
			r := e.do(tok, `{ organizations { edges { node { id } } } }`, nil)
			if r.status != http.StatusUnauthorized || r.Data != nil || r.code() != "UNAUTHENTICATED" {
				t.Fatalf("want 401 UNAUTHENTICATED and no data, got %d %+v", r.status, r)
			}
		})
	}
}

func TestHealthAndReadiness(t *testing.T) {
	e := newEnv(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", path, resp.StatusCode)
		}
	}
	resp, err := http.Get(e.srv.URL + "/graphql?query=" + "mutation%7BdeleteTeam(id:%22x%22)%7D")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GraphQL over GET: want 405, got %d", resp.StatusCode)
	}
}

func TestLookupsAndPaging(t *testing.T) {
	e := newEnv(t)
	admin := e.token(ecograph.CallerAdmin, "")
	e.seedLine(admin, 5, 0.8)
	var out struct {
		Person struct {
			Name         string
			Organization struct{ ID, Kind string }
			Ties         struct {
				Edges []struct {
					Node struct {
						Person struct{ ID string }
						Trust  float64
					}
				}
			}
		}
		Missing *struct{ ID string }
	}
	e.mustData(e.token(ecograph.CallerAnalyst, ""), `query($id: ID!, $no: ID!) {
		person(id: $id) { name organization { id kind } ties(first: 10) { edges { node { person { id } trust } } } }
		missing: person(id: $no) { id } }`, map[string]any{"id": e.p + "p1", "no": e.p + "nobody"}, &out)
	if out.Person.Organization.ID != e.p+"org" || out.Person.Organization.Kind != "CLIENT" || len(out.Person.Ties.Edges) != 2 {
		t.Fatalf("person: %+v", out.Person)
	}
	if out.Missing != nil {
		t.Fatal("an unknown person is not null")
	}
	// Page through the organisation's people two at a time.
	var ids []string
	var after any
	for pages := 0; pages < 10; pages++ {
		var page struct {
			Organization struct {
				People struct {
					Edges    []struct{ Node struct{ ID string } }
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
		}
		e.mustData(admin, `query($id: ID!, $after: String) { organization(id: $id) { people(first: 2, after: $after) {
			edges { node { id } } pageInfo { hasNextPage endCursor } } } }`, map[string]any{"id": e.p + "org", "after": after}, &page)
		for _, ed := range page.Organization.People.Edges {
			ids = append(ids, ed.Node.ID)
		}
		if !page.Organization.People.PageInfo.HasNextPage {
			break
		}
		after = page.Organization.People.PageInfo.EndCursor
	}
	if len(ids) != 5 || ids[0] != e.p+"p0" || ids[4] != e.p+"p4" {
		t.Fatalf("paged people: %v", ids)
	}
	if r := e.do(admin, `{ organizations(after: "!!notacursor") { edges { cursor } } }`, nil); r.code() != "BAD_USER_INPUT" {
		t.Fatalf("bad cursor: want BAD_USER_INPUT, got %+v", r.Errors)
	}
}

func TestMutationsNeedAWriter(t *testing.T) {
	e := newEnv(t)
	in := map[string]any{"in": map[string]any{"id": e.p + "org", "name": "X", "kind": "CLIENT"}}
	for _, role := range []ecograph.CallerRole{ecograph.CallerAnalyst, ecograph.CallerPartner} {
		r := e.do(e.token(role, e.p+"org"), upsertOrg, in)
		if r.code() != "FORBIDDEN" {
			t.Fatalf("%s upsert: want FORBIDDEN, got %+v", role, r.Errors)
		}
	}
	// SELLER upserts people and ties, not organisations (issue 4); ADMIN does.
	if r := e.do(e.token(ecograph.CallerSeller, ""), upsertOrg, in); r.code() != "FORBIDDEN" {
		t.Fatalf("SELLER upsertOrganization: want FORBIDDEN, got %+v", r.Errors)
	}
	if r := e.do(e.token(ecograph.CallerAdmin, ""), upsertOrg, in); len(r.Errors) > 0 {
		t.Fatalf("ADMIN upsert: %+v", r.Errors)
	}
	person := map[string]any{"in": map[string]any{"id": e.p + "p", "name": "P", "organization": e.p + "org"}}
	if r := e.do(e.token(ecograph.CallerSeller, ""), upsertPerson, person); len(r.Errors) > 0 {
		t.Fatalf("SELLER upsertPerson: %+v", r.Errors)
	}
}

func TestBadInputNamesTheField(t *testing.T) {
	e := newEnv(t)
	admin := e.token(ecograph.CallerAdmin, "")
	e.seedLine(admin, 2, 0.5)
	cases := []struct {
		name, query string
		vars        map[string]any
		field       string
	}{
		{"trust outside [0,1]", upsertTie, map[string]any{"in": map[string]any{"personA": e.p + "p0", "personB": e.p + "p1", "trust": 1.2}}, "input.trust"},
		{"self tie", upsertTie, map[string]any{"in": map[string]any{"personA": e.p + "p0", "personB": e.p + "p0", "trust": 0.2}}, "input.personB"},
		{"dangling organisation", upsertPerson, map[string]any{"in": map[string]any{"id": e.p + "x", "name": "X", "organization": e.p + "nope"}}, "input.organization"},
		{"empty name", upsertPerson, map[string]any{"in": map[string]any{"id": e.p + "x", "name": " ", "organization": e.p + "org"}}, "input.name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := e.do(admin, c.query, c.vars)
			if r.code() != "BAD_USER_INPUT" || r.Errors[0].Extensions["field"] != c.field {
				t.Fatalf("want BAD_USER_INPUT on %s, got %+v", c.field, r.Errors)
			}
			if !strings.Contains(r.Errors[0].Message, c.field) {
				t.Fatalf("message does not name the field: %q", r.Errors[0].Message)
			}
		})
	}
	// An unknown enum value is refused by GraphQL validation itself.
	r := e.do(admin, upsertOrg, map[string]any{"in": map[string]any{"id": e.p + "y", "name": "Y", "kind": "FRIEND"}})
	if len(r.Errors) == 0 {
		t.Fatal("unknown kind accepted")
	}
	// A name full of Cypher is stored literally and harmless.
	evil := "x'}) DETACH DELETE n //"
	var out struct{ UpsertPerson struct{ ID string } }
	e.mustData(admin, upsertPerson, map[string]any{"in": map[string]any{"id": e.p + "evil", "name": evil, "organization": e.p + "org"}}, &out)
	got, err := e.store.FindPersonByID(context.Background(), ecograph.FullScope(), e.p+"evil")
	if err != nil || got.Name != evil {
		t.Fatalf("evil name read back as %+v, %v", got, err)
	}
	if _, err := e.store.FindPersonByID(context.Background(), ecograph.FullScope(), e.p+"p0"); err != nil {
		t.Fatalf("other data harmed: %v", err)
	}
}

func TestQueryLimits(t *testing.T) {
	e := newEnv(t)
	tok := e.token(ecograph.CallerAnalyst, "")
	deep := "{ person(id: \"x\") { " + strings.Repeat("organization { people { edges { node { ", 13) + "id" + strings.Repeat(" } } } }", 13) + " } }"
	if r := e.do(tok, deep, nil); len(r.Errors) == 0 || r.Data["person"] != nil {
		t.Fatalf("a query 53 levels deep was served: %+v", r)
	}
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 500; i++ {
		fmt.Fprintf(&aliases, " a%d: organizations(first: 100) { edges { node { id } } }", i)
	}
	aliases.WriteString(" }")
	if r := e.do(tok, aliases.String(), nil); r.code() != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Fatalf("500 aliases: want COMPLEXITY_LIMIT_EXCEEDED, got %+v", r.Errors)
	}
	var out struct {
		Organizations struct{ Edges []struct{ Cursor string } }
	}
	e.mustData(tok, `{ organizations(first: 100000) { edges { cursor } } }`, nil, &out)
	if len(out.Organizations.Edges) > ecograph.MaxPageSize {
		t.Fatalf("first: 100000 returned %d edges", len(out.Organizations.Edges))
	}
	big := bytes.Repeat([]byte(" "), 20<<20)
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(append([]byte(`{"query":"{__typename}`), append(big, []byte(`"}`)...)...)))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode == http.StatusOK || bytes.Contains(body, []byte(`"data"`)) {
		t.Fatalf("a 20 MB body was served: %d %.200s", resp.StatusCode, body)
	}
}

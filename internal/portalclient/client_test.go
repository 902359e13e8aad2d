package portalclient_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/Khan/genqlient/graphql"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/cypher"
	"github.com/ecograph/ecograph/internal/auth"
	"github.com/ecograph/ecograph/internal/portalclient"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
	"github.com/ecograph/ecograph/resolvers"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

type source struct{ *cypher.Store }

func (s source) StreamRouteGraph(ctx context.Context, sink projection.Sink) (string, error) {
	return s.Store.StreamRouteGraph(ctx, sink)
}

func (s source) StreamRouteDelta(ctx context.Context, ids []string, sk projection.Sink) (string, error) {
	return s.Store.StreamRouteDelta(ctx, ids, sk)
}

// manifest turns genqlient's operations.json into a trusted documents manifest (hash ->
// document), as a partner would register its portal's operations.
func manifest(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("operations.json")
	if err != nil {
		t.Fatal(err)
	}
	var ops struct {
		Operations []struct{ OperationName, Query string }
	}
	if err := json.Unmarshal(b, &ops); err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, op := range ops.Operations {
		s := sha256.Sum256([]byte(op.Query))
		m[hex.EncodeToString(s[:])] = op.Query
	}
	if len(m) != 2 {
		t.Fatalf("operations.json: %d operations", len(m))
	}
	out, _ := json.Marshal(m)
	return out
}

// The typed client against the real server over the demo, as a partner's portal with its
// operations as its only trusted documents: it reads its viewer and its shares, gets Anna
// Keller's route to Thomas Brenner in bands, and a document of its own is refused.
func TestTypedClientAsAPartnerPortal(t *testing.T) {
	store := testdb.Demo(t)
	p := testdb.Prefix(t)
	docs, err := server.ParseTrustedDocuments(manifest(t))
	if err != nil {
		t.Fatalf("the generated operations as trusted documents: %v", err)
	}
	authCfg := auth.Config{Secret: []byte("portal-test-secret-portal-test-secret")}
	v, err := auth.NewVerifier(authCfg)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	finder := projection.New(source{store}, projection.Config{Strict: true}, log)
	cfg := server.DefaultConfig()
	cfg.TrustedDocuments = docs
	srv := httptest.NewServer(server.New(cfg, server.Deps{Resolver: &resolvers.Resolver{Store: store, Routes: finder}, Verifier: v, DB: store, Log: log}))
	t.Cleanup(srv.Close)
	token := func(role ecograph.CallerRole, org string) string {
		tok, err := auth.Mint(authCfg, ecograph.Caller{Role: role, OrgID: org}, time.Hour, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	clientFor := func(tok string) graphql.Client {
		return graphql.NewClient(srv.URL+"/graphql", &http.Client{Transport: bearer{tok}})
	}
	ctx := context.Background()

	// A partner portal of this test's own (the demo's MediLog stays as other packages' tests
	// expect it, with nothing shared), and St. Mary's cardiology shared with it at ROUTES, its
	// swarm on Anna's route. Everything carries the test's prefix and goes when it ends.
	admin := clientFor(token(ecograph.CallerAdmin, ""))
	account, partnerOrg := p+"st-marys", p+"portal-partner"
	mustRun := func(q string, vars map[string]any) {
		t.Helper()
		var resp graphql.Response
		if err := admin.MakeRequest(ctx, &graphql.Request{Query: q, Variables: vars}, &resp); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	mustRun(`mutation($id: ID!) { upsertOrganization(input: {id: $id, name: "Portal Partner AG", kind: PARTNER}) { id } }`, map[string]any{"id": partnerOrg})
	mustRun(`mutation($id: ID!) { upsertAccount(input: {id: $id, name: "St. Mary's cardiology", target: "org-st-marys"}) { id } }`, map[string]any{"id": account})
	for _, who := range []string{"p-anna-keller", "p-lukas-meier", "p-nina-baumann"} {
		mustRun(`mutation($a: ID!, $p: ID!) { addSwarmMember(account: $a, person: $p) { id } }`, map[string]any{"a": account, "p": who})
	}
	mustRun(`mutation($a: ID!, $o: ID!) { shareAccount(account: $a, partner: $o, level: ROUTES) { id } }`, map[string]any{"a": account, "o": partnerOrg})

	partner := clientFor(token(ecograph.CallerPartner, partnerOrg))
	me, err := portalclient.PortalViewer(ctx, partner)
	if err != nil {
		t.Fatalf("PortalViewer: %v", err)
	}
	if me.Viewer.Role != portalclient.CallerRolePartner || me.Viewer.Organization.Id != partnerOrg {
		t.Errorf("viewer: %+v", me.Viewer)
	}
	shared := false
	for _, e := range me.Viewer.SharedAccounts.Edges {
		if e.Node.Id == account {
			shared = e.Node.ShareLevel == portalclient.ShareLevelRoutes && e.Node.Target.Id == "org-st-marys"
		}
	}
	if !shared {
		t.Errorf("the account shared at ROUTES is not among %+v", me.Viewer.SharedAccounts.Edges)
	}

	r, err := portalclient.PortalRoute(ctx, partner, "p-anna-keller", "p-thomas-brenner")
	if err != nil {
		t.Fatalf("PortalRoute: %v", err)
	}
	if r.TrustedRoute == nil {
		t.Fatal("no route for the partner")
	}
	people := r.TrustedRoute.People
	if people[0].Name != "Anna Keller" || people[len(people)-1].Name != "Thomas Brenner" {
		t.Errorf("route people %+v", people)
	}
	banded := false
	for _, h := range r.TrustedRoute.Hops {
		if !h.Exact {
			banded = true
			if !regexp.MustCompile(`^(strong|moderate|weak)`).MatchString(h.TrustBand) {
				t.Errorf("hop band %q", h.TrustBand)
			}
		}
	}
	if !banded || r.TrustedRoute.Exact {
		t.Errorf("a partner must see bands on hops outside its own people: %+v", r.TrustedRoute)
	}

	// A seller sees the same route with exact values (and is not limited to trusted documents).
	sr, err := portalclient.PortalRoute(ctx, clientFor(token(ecograph.CallerSeller, "")), "p-anna-keller", "p-thomas-brenner")
	if err != nil || sr.TrustedRoute == nil || !sr.TrustedRoute.Exact {
		t.Fatalf("seller's route: %+v, %v", sr, err)
	}

	// A document the partner did not register is refused with TRUSTED_DOCUMENT_REQUIRED.
	var resp graphql.Response
	err = partner.MakeRequest(ctx, &graphql.Request{Query: `{ viewer { role } }`}, &resp)
	var list gqlerror.List
	if !errors.As(err, &list) || len(list) == 0 || list[0].Extensions["code"] != server.CodeTrustedDocumentRequired {
		t.Errorf("an unregistered document: %v", err)
	}
}

// README.md's "Build a portal" shows Example_portal's body; they must not drift apart.
func TestREADMEQuotesTheExample(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	example, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)## Build a portal.*?```go\n(.*?)```").FindSubmatch(readme)
	if block == nil {
		t.Fatal("README.md has no Go block under \"## Build a portal\"")
	}
	// The README's lines appear in example_test.go in the same order (tabs as in the file).
	rest := string(example)
	for _, line := range strings.Split(strings.TrimRight(string(block[1]), "\n"), "\n") {
		if strings.TrimSpace(line) == "" || strings.TrimSpace(line) == "// ..." {
			continue
		}
		i := strings.Index(rest, line+"\n")
		if i < 0 {
			t.Fatalf("README line not in example_test.go (in this order): %q", line)
		}
		rest = rest[i+len(line):]
	}
}

package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

func sha(doc string) string {
	s := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(s[:])
}

const (
	trustedViewer = "query PortalViewer { viewer { role organization { id } } }"
	trustedOrgs   = "query PortalOrganizations($first: Int) { organizations(first: $first) { edges { node { id name } } } }"
)

func body(t *testing.T, v map[string]any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func hashOnly(hash string) map[string]any {
	return map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}}
}

// With a trusted documents manifest a partner runs registered documents, by hash or in full,
// and nothing else; our own roles run anything.
func TestPartnerTrustedDocuments(t *testing.T) {
	manifest := map[string]string{sha(trustedViewer): trustedViewer, sha(trustedOrgs): trustedOrgs}
	raw, _ := json.Marshal(manifest)
	docs, err := server.ParseTrustedDocuments(raw)
	if err != nil {
		t.Fatal(err)
	}
	if docs.Len() != 2 {
		t.Fatalf("%d documents", docs.Len())
	}
	store := testdb.Store(t)
	cfg := server.DefaultConfig()
	cfg.TrustedDocuments = docs
	e := serve(t, cfg, store, store, projection.Config{})
	url := e.srv.URL
	partner := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + e.token(ecograph.CallerPartner, "org-medilog")}
	seller := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + e.token(ecograph.CallerSeller, "")}

	ok := func(name string, r *rawResponse) {
		t.Helper()
		if r.status != 200 || len(r.errors) != 0 || r.members["data"] == nil {
			t.Errorf("%s: status %d, %s", name, r.status, r.body)
		}
	}
	refused := func(name string, r *rawResponse) {
		t.Helper()
		if r.code() != server.CodeTrustedDocumentRequired || r.members["data"] != nil {
			t.Errorf("%s: want %s and no data, got status %d, %s", name, server.CodeTrustedDocumentRequired, r.status, r.body)
		}
	}

	r := post(t, url, body(t, map[string]any{"query": trustedViewer}), partner)
	ok("a registered document in full", r)
	if !strings.Contains(string(r.body), `"role":"PARTNER"`) {
		t.Errorf("the partner's viewer: %s", r.body)
	}
	ok("a registered document by hash", post(t, url, body(t, hashOnly(sha(trustedOrgs))), partner))
	req := hashOnly(sha(trustedOrgs))
	req["variables"] = map[string]any{"first": 1}
	ok("by hash, with variables", post(t, url, body(t, req), partner))

	refused("an unregistered document", post(t, url, body(t, map[string]any{"query": "{ viewer { role } }"}), partner))
	refused("a registered document with other whitespace", post(t, url, body(t, map[string]any{"query": trustedViewer + " "}), partner))
	refused("an unregistered hash", post(t, url, body(t, hashOnly(sha("{ viewer { role } }"))), partner))
	refused("a mutation", post(t, url, body(t, map[string]any{"query": `mutation { upsertOrganization(input: {id: "x", name: "X", kind: CLIENT}) { id } }`}), partner))
	if r := post(t, url, body(t, map[string]any{"query": "{ viewer { role } }"}), partner); strings.Contains(string(r.body), "viewer { role }") {
		t.Errorf("the refusal quotes the document back: %s", r.body)
	}

	// A seller registers an arbitrary document with Apollo's automatic persisted queries; its
	// hash does not become a way in for a partner.
	other := "query Sneaky { organizations(first: 50) { edges { node { id name kind } } } }"
	apq := hashOnly(sha(other))
	apq["query"] = other
	ok("a seller's automatic persisted query", post(t, url, body(t, apq), seller))
	ok("the seller again, by hash", post(t, url, body(t, hashOnly(sha(other))), seller))
	refused("the seller's APQ hash, from a partner", post(t, url, body(t, hashOnly(sha(other))), partner))

	// Our own roles are not limited.
	ok("a seller's unregistered document", post(t, url, body(t, map[string]any{"query": "{ viewer { role } }"}), seller))
	analyst := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + e.token(ecograph.CallerAnalyst, "")}
	ok("an analyst's unregistered document", post(t, url, body(t, map[string]any{"query": "{ organizations(first: 1) { totalCount } }"}), analyst))
}

// Without a manifest partners run any document, as before.
func TestPartnersUnlimitedWithoutTrustedDocuments(t *testing.T) {
	store := testdb.Store(t)
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{})
	r := post(t, e.srv.URL, `{"query":"{ viewer { role } }"}`, map[string]string{"Content-Type": "application/json",
		"Authorization": "Bearer " + e.token(ecograph.CallerPartner, "org-medilog")})
	if r.status != 200 || len(r.errors) != 0 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
}

func TestTrustedDocumentManifests(t *testing.T) {
	apollo := map[string]any{"format": "apollo-persisted-query-manifest", "version": 1, "operations": []map[string]any{
		{"id": sha(trustedViewer), "name": "PortalViewer", "type": "query", "body": trustedViewer},
		{"id": sha(trustedOrgs), "name": "PortalOrganizations", "type": "query", "body": trustedOrgs},
	}}
	b, _ := json.Marshal(apollo)
	path := filepath.Join(t.TempDir(), "manifest.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := server.LoadTrustedDocuments(path)
	if err != nil || d.Len() != 2 {
		t.Fatalf("Apollo manifest: %v", err)
	}
	bad := map[string]string{
		"not JSON":             `nope`,
		"empty":                `{}`,
		"wrong hash":           `{"` + sha("{ viewer { role } }") + `": "{ viewer { role organization { id } } }"}`,
		"hash in upper case":   `{"` + strings.ToUpper(sha(trustedViewer)) + `": ` + jsonString(trustedViewer) + `}`,
		"not a string":         `{"` + sha(trustedViewer) + `": 7}`,
		"does not validate":    `{"` + sha("{ nosuchfield }") + `": "{ nosuchfield }"}`,
		"unknown format":       `{"format": "relay", "version": 1, "operations": []}`,
		"Apollo, a hash twice": `{"format": "apollo-persisted-query-manifest", "version": 1, "operations": [{"id": "` + sha(trustedViewer) + `", "body": ` + jsonString(trustedViewer) + `}, {"id": "` + sha(trustedViewer) + `", "body": ` + jsonString(trustedViewer) + `}]}`,
	}
	for name, text := range bad {
		if _, err := server.ParseTrustedDocuments([]byte(text)); err == nil || !strings.Contains(err.Error(), "ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS") {
			t.Errorf("%s: want an error naming ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS, got %v", name, err)
		}
	}
	if _, err := server.LoadTrustedDocuments(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS") {
		t.Errorf("a missing file: %v", err)
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

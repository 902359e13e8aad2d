package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecograph/ecograph/internal/server"
)

// The portal settings reach the server's configuration, and a bad value stops the program
// with an error naming the variable.
func TestPortalSettings(t *testing.T) {
	doc := "query P { viewer { role } }"
	sum := sha256.Sum256([]byte(doc))
	dir := t.TempDir()
	good := filepath.Join(dir, "manifest.json")
	if err := os.WriteFile(good, []byte(`{"`+hex.EncodeToString(sum[:])+`": "`+doc+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"00": "`+doc+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }

	c, err := loadConfig(env(map[string]string{"ECOGRAPH_CORS_ORIGINS": "https://portal.example, http://localhost:3000",
		"ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS": good}))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(c.CORSOrigins, " ") != "https://portal.example http://localhost:3000" {
		t.Errorf("CORS origins %q", c.CORSOrigins)
	}
	if c.TrustedDocuments == nil || c.TrustedDocuments.Len() != 1 {
		t.Errorf("trusted documents %v", c.TrustedDocuments)
	}
	if c, err := loadConfig(env(nil)); err != nil || c.CORSOrigins != nil || c.TrustedDocuments != nil {
		t.Errorf("unset: %v, %v, %v", c.CORSOrigins, c.TrustedDocuments, err)
	}
	c, err = loadConfig(env(map[string]string{"ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS": good, "ECOGRAPH_PARTNER_TRUSTED_EXPLORER": "true"}))
	if err != nil || c.TrustedDocuments.Len() < 1+16 {
		t.Errorf("with the Explorer's documents: %v, %v", c.TrustedDocuments, err)
	}
	for name, kv := range map[string]map[string]string{
		"ECOGRAPH_CORS_ORIGINS":              {"ECOGRAPH_CORS_ORIGINS": "*"},
		"ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS": {"ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS": bad},
		"ECOGRAPH_PARTNER_TRUSTED_EXPLORER":  {"ECOGRAPH_PARTNER_TRUSTED_EXPLORER": "true"},
	} {
		var stderr bytes.Buffer
		err := run(context.Background(), []string{"serve"}, env(kv), &bytes.Buffer{}, &stderr)
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: want an error naming it, got %v", name, err)
		}
	}
}

// `ecograph schema` prints what GET /schema.graphql serves.
func TestSchemaCommand(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"schema"}, func(string) string { return "" }, &out, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), server.SchemaSDL()) || !strings.Contains(out.String(), "type Query") {
		t.Fatalf("ecograph schema printed %d bytes", out.Len())
	}
}

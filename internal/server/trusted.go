package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Trusted documents for partners (docs/portals.md, "Trusted documents"): with a manifest
// configured (ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS), a PARTNER token may run only the documents
// registered in it, by hash or in full; our own roles are not affected.

// CodeTrustedDocumentRequired is the extensions.code of a partner's request for a document
// that is not registered.
const CodeTrustedDocumentRequired = "TRUSTED_DOCUMENT_REQUIRED"

const trustedDocumentsEnv = "ECOGRAPH_PARTNER_TRUSTED_DOCUMENTS"

// TrustedDocuments is a manifest of documents by the hex SHA-256 of their text. It is a
// gqlgen extension: Use it before AutomaticPersistedQuery.
type TrustedDocuments struct {
	docs map[string]string
}

var _ interface {
	graphql.OperationParameterMutator
	graphql.HandlerExtension
} = (*TrustedDocuments)(nil)

// Len is how many documents the manifest registers.
func (t *TrustedDocuments) Len() int { return len(t.docs) }

// LoadTrustedDocuments reads a manifest file; see ParseTrustedDocuments.
func LoadTrustedDocuments(path string) (*TrustedDocuments, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, ecograph.Invalid(trustedDocumentsEnv, "cannot read %q: %v", path, err)
	}
	return ParseTrustedDocuments(b)
}

// ParseTrustedDocuments reads a manifest in either of the two common formats:
//
//   - Apollo's persisted query manifest:
//     {"format":"apollo-persisted-query-manifest","version":1,"operations":[{"id":HASH,"body":DOC,...}]}
//   - a JSON object from hash to document, as GraphQL Code Generator's client preset writes
//     persisted-documents.json: {"HASH": DOC, ...}
//
// Every hash must be the lower-case hex SHA-256 of its document's exact text, and every
// document must validate against the schema; the error names the entry that does not.
func ParseTrustedDocuments(b []byte) (*TrustedDocuments, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, ecograph.Invalid(trustedDocumentsEnv, "the manifest is not a JSON object: %v", err)
	}
	docs := map[string]string{}
	if _, apollo := probe["format"]; apollo {
		var m struct {
			Format     string `json:"format"`
			Version    int    `json:"version"`
			Operations []struct {
				ID   string `json:"id"`
				Name string `json:"name"`
				Body string `json:"body"`
			} `json:"operations"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, ecograph.Invalid(trustedDocumentsEnv, "the Apollo manifest does not decode: %v", err)
		}
		if m.Format != "apollo-persisted-query-manifest" || m.Version != 1 {
			return nil, ecograph.Invalid(trustedDocumentsEnv, "unknown manifest format %q version %d (want apollo-persisted-query-manifest version 1, or an object from hash to document)", m.Format, m.Version)
		}
		for i, op := range m.Operations {
			if _, dup := docs[op.ID]; dup {
				return nil, ecograph.Invalid(trustedDocumentsEnv, "operations[%d] (%s): hash %s is listed twice", i, op.Name, op.ID)
			}
			docs[op.ID] = op.Body
		}
	} else {
		for hash, raw := range probe {
			var doc string
			if err := json.Unmarshal(raw, &doc); err != nil {
				return nil, ecograph.Invalid(trustedDocumentsEnv, "%s: the document must be a string", hash)
			}
			docs[hash] = doc
		}
	}
	if len(docs) == 0 {
		return nil, ecograph.Invalid(trustedDocumentsEnv, "the manifest registers no document; partners could run nothing")
	}
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	hashes := make([]string, 0, len(docs))
	for h := range docs {
		hashes = append(hashes, h)
	}
	sort.Strings(hashes)
	for _, h := range hashes {
		doc := docs[h]
		if got := hashOf(doc); got != h {
			return nil, ecograph.Invalid(trustedDocumentsEnv, "%s: not the SHA-256 of its document (that is %s); the hash is of the exact text, lower-case hex", h, got)
		}
		if _, errs := gqlparser.LoadQuery(schema, doc); len(errs) > 0 {
			return nil, ecograph.Invalid(trustedDocumentsEnv, "%s: the document does not validate against the schema: %s", h, errs[0].Message)
		}
	}
	return &TrustedDocuments{docs: docs}, nil
}

func hashOf(doc string) string {
	s := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(s[:])
}

// ExtensionName is gqlgen's name for the extension.
func (t *TrustedDocuments) ExtensionName() string { return "PartnerTrustedDocuments" }

// Validate is gqlgen's start-up check.
func (t *TrustedDocuments) Validate(graphql.ExecutableSchema) error {
	if t == nil || len(t.docs) == 0 {
		return fmt.Errorf("trusted documents: no documents")
	}
	return nil
}

// MutateOperationParameters lets a partner's request through only with a registered document:
// a hash alone (extensions.persistedQuery.sha256Hash) is replaced by its document; a document
// sent in full must hash to a registered one. Other roles pass untouched.
func (t *TrustedDocuments) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	c := ecograph.CallerFromContext(ctx)
	if c == nil || c.Role != ecograph.CallerPartner {
		return nil
	}
	if p.Query == "" {
		hash := persistedHash(p.Extensions)
		if hash == "" {
			return refuse("send a registered document or its hash (extensions.persistedQuery.sha256Hash)")
		}
		doc, ok := t.docs[strings.ToLower(hash)]
		if !ok {
			return refuse("no trusted document has this hash (extensions.persistedQuery.sha256Hash); partners may run only the documents registered for them")
		}
		p.Query = doc
		return nil
	}
	if _, ok := t.docs[hashOf(p.Query)]; !ok {
		return refuse("this document is not registered; partners may run only the documents registered for them (the SHA-256 of the exact text must be in the manifest)")
	}
	return nil
}

func persistedHash(ext map[string]any) string {
	pq, _ := ext["persistedQuery"].(map[string]any)
	h, _ := pq["sha256Hash"].(string)
	return h
}

func refuse(msg string) *gqlerror.Error {
	err := gqlerror.Errorf("%s", msg)
	errcode.Set(err, CodeTrustedDocumentRequired)
	return err
}

// With returns the documents of both t and o (either may be nil), such as a partner portal's
// manifest and the Explorer's own documents.
func (t *TrustedDocuments) With(o *TrustedDocuments) *TrustedDocuments {
	out := &TrustedDocuments{docs: map[string]string{}}
	for _, d := range []*TrustedDocuments{t, o} {
		if d == nil {
			continue
		}
		for h, doc := range d.docs {
			out.docs[h] = doc
		}
	}
	return out
}

package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/ecograph/ecograph"
)

// TestPartialResults: issue 14, item 5. Three aliased route queries, one with a mistyped
// organisation id: the two good ones answer, the bad one is null with its NOT_FOUND, whose
// path names its alias (before, `"data": null` for all three). The same for a partner.
func TestPartialResults(t *testing.T) {
	e := newPortal(t)
	const q = `{
		stMarys: routesToDecisionMakers(from: "p-andreas-moser", organization: "org-st-marys") { trust }
		helvetia: teamRoutesToDecisionMakers(team: "team-medilog-sales", organization: "org-st-marys", k: 1) { trust }
		typo: routesToDecisionMakers(from: "p-andreas-moser", organization: "org-st-mary") { trust }
		people(first: -1) { totalCount }
		viewer { role }
	}`
	for name, tok := range map[string]string{"seller": e.token(ecograph.CallerSeller, ""), "MediLog": e.medilog} {
		body, _ := json.Marshal(map[string]any{"query": e.prefixed(q)})
		var r struct {
			Data   map[string]json.RawMessage
			Errors []struct {
				Path       []any
				Extensions map[string]any
			}
		}
		e.postJSON(tok, body, &r)
		var good []struct{ Trust float64 }
		for _, alias := range []string{"stMarys", "helvetia"} {
			if err := json.Unmarshal(r.Data[alias], &good); err != nil || len(good) == 0 {
				t.Errorf("%s: %s answered %s", name, alias, r.Data[alias])
			}
		}
		if string(r.Data["typo"]) != "null" || string(r.Data["people"]) != "null" || string(r.Data["viewer"]) == "null" {
			t.Errorf("%s: typo %s, people %s, viewer %s", name, r.Data["typo"], r.Data["people"], r.Data["viewer"])
		}
		codes := map[string]any{}
		for _, er := range r.Errors {
			if len(er.Path) == 1 {
				codes[er.Path[0].(string)] = er.Extensions["code"]
			}
		}
		if len(r.Errors) != 2 || codes["typo"] != "NOT_FOUND" || codes["people"] != "BAD_USER_INPUT" {
			t.Errorf("%s: errors %+v", name, r.Errors)
		}
	}
}

// postJSON posts a GraphQL request body and decodes the JSON answer into into; it returns the
// response's headers.
func (e *env) postJSON(tok string, body []byte, into any) http.Header {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(raw, into); err != nil {
		e.t.Fatalf("response is not JSON (%d): %s", resp.StatusCode, raw)
	}
	return resp.Header
}

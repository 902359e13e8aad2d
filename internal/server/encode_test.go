package server

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// encodeResponse writes the same bytes as encoding/json marshalling httpResponse, on random
// responses with and without errors, data (null included) and extensions.
func TestEncodeResponseMatchesEncodingJSON(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 2000 {
		resp := &graphql.Response{}
		if rng.IntN(2) == 0 {
			for j := range rng.IntN(3) + 1 {
				e := gqlerror.Errorf("error %d <%d> \"quoted\" & é", i, j)
				if rng.IntN(2) == 0 {
					e.Extensions = map[string]any{"code": "NOT_FOUND", "field": fmt.Sprint("f", j)}
				}
				resp.Errors = append(resp.Errors, e)
			}
		}
		switch rng.IntN(4) {
		case 0: // no data
		case 1:
			resp.Data = json.RawMessage(`null`)
		default:
			resp.Data = json.RawMessage(fmt.Sprintf(`{"trustedRoute":{"trust":0.%d,"people":[{"id":"p-%d","name":"A \u00e9 \"B\"%s"}]}}`, rng.IntN(1000), i, []string{"", "<b>&amp;</b>", "\u2028\u2029", "é"}[rng.IntN(4)]))
		}
		if rng.IntN(2) == 0 {
			resp.Extensions = map[string]any{"cost": map[string]any{"requested": rng.IntN(100), "limit": 20000}}
		} else if rng.IntN(2) == 0 {
			resp.Extensions = map[string]any{}
		}
		want, err := json.Marshal(httpResponse{Errors: resp.Errors, Data: resp.Data, Extensions: resp.Extensions})
		if err != nil {
			t.Fatal(err)
		}
		got, err := encodeResponse(resp)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("response %d:\n got %s\nwant %s", i, got, want)
		}
	}
}

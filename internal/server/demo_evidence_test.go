package server_test

import (
	"testing"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/projection"
	"github.com/ecograph/ecograph/internal/server"
	"github.com/ecograph/ecograph/internal/testdb"
)

// TestDemoTrustComesFromEvidence runs STORIES.md's story 5 query on the demo as imported: the
// ties of Hospital Sales North carry survey answers and interactions, and their trust is the
// model's, not the imported value.
func TestDemoTrustComesFromEvidence(t *testing.T) {
	store := testdb.Demo(t)
	e := serve(t, server.DefaultConfig(), store, store, projection.Config{Strict: true})
	var out struct {
		Person struct {
			Ties struct {
				Edges []struct {
					Node struct {
						Trust    float64
						Evidence struct {
							Prior            *float64
							Confidence       float64
							InteractionCount int
							Explanation      string
							Answers          []struct{ Question string }
						}
					}
				}
			}
		}
	}
	e.mustData(e.token(ecograph.CallerSeller, ""), `{ person(id: "p-florian-sieber") { ties(first: 20) { edges { node { trust
		evidence { prior confidence interactionCount explanation answers { question } } } } } } }`, nil, &out)
	moved, answered, met := 0, 0, 0
	for _, edge := range out.Person.Ties.Edges {
		ev := edge.Node.Evidence
		if ev.Prior != nil && edge.Node.Trust != *ev.Prior {
			moved++
		}
		if len(ev.Answers) > 0 {
			answered++
		}
		if ev.InteractionCount > 0 {
			met++
		}
		if ev.Explanation == "" || !(ev.Confidence > 0) {
			t.Errorf("a tie without explanation or confidence: %+v", ev)
		}
	}
	if moved == 0 || answered == 0 || met == 0 {
		t.Fatalf("Florian's ties: %d moved from their prior, %d with survey answers, %d with interactions; want some of each", moved, answered, met)
	}
}

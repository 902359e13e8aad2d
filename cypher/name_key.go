package cypher

import (
	"context"
	"fmt"

	"github.com/ecograph/ecograph/internal/fold"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// nameKeyBatch is how many people BackfillNameKeys reads and writes at a time.
const nameKeyBatch = 5000

// BackfillNameKeys gives every person the search key of their name (Person.nameKey, which
// name searches and the name order use), where it is missing or stale: people written before
// keys existed, or by a writer outside the API. Every upsert writes the key, so after the
// first run this reads only the people whose names have accents. Idempotent, and safe to run
// while others write. It returns how many keys it set; errors are the driver's, wrapped.
func (s *Store) BackfillNameKeys(ctx context.Context) (int, error) {
	after, set := "", 0
	for {
		recs, err := s.read(ctx, "stale_name_keys", map[string]any{"after": after, "limit": nameKeyBatch})
		if err != nil {
			return set, err
		}
		var rows []map[string]any
		for _, rec := range recs {
			id, _, err := neo4j.GetRecordValue[string](rec, "id")
			if err != nil {
				return set, fmt.Errorf("cypher stale_name_keys: %w", err)
			}
			name, _, err := neo4j.GetRecordValue[string](rec, "name")
			if err != nil {
				return set, fmt.Errorf("cypher stale_name_keys: %w", err)
			}
			old, _, _ := neo4j.GetRecordValue[string](rec, "nameKey")
			if key := fold.Key(name); key != old {
				rows = append(rows, map[string]any{"id": id, "name": name, "nameKey": key})
			}
			after = id
		}
		if err := s.writeRows(ctx, "set_name_keys", rows); err != nil {
			return set, err
		}
		set += len(rows)
		if len(recs) < nameKeyBatch {
			return set, nil
		}
	}
}

package cypher

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// ChangeFeedTrigger is the name of the APOC trigger that keeps the change feed.
const ChangeFeedTrigger = "ecograph_change_feed"

// ErrNoChangeFeed says the database cannot keep a change feed: APOC is not installed, its
// triggers are not enabled (apoc.trigger.enabled=true in apoc.conf), or the user may not
// install them. Route projections then fall back to bookmarks and full reloads.
var ErrNoChangeFeed = errors.New("cypher: the database keeps no change feed")

// FeedPos is a position in the change feed: the feed's epoch ("" when there is none) and the
// number of its last change.
type FeedPos struct {
	Epoch string
	Seq   int64
}

// FeedRun is a run of changes right after a position: numbers From..To without a hole
// (From 0: none visible yet), the union of the people they changed, whether one changed an
// organisation, the feed's head when read, and whether changes right after the position were
// pruned (the reader must reload everything).
type FeedRun struct {
	Head     FeedPos
	From, To int64
	People   []string
	Orgs     bool
	Pruned   bool
}

// InstallChangeFeed installs (or updates) the change feed's trigger (change_feed_trigger.cypher)
// and waits until the database runs it, then makes sure the feed exists. It returns an error
// wrapping ErrNoChangeFeed when the database cannot keep one.
//
// Installers are serialised: every process (replicas, the importer, each test package) runs
// Migrate when it starts, and two concurrent apoc.trigger.install calls store the trigger
// twice in the system database, after which APOC's refresh job fails and stops picking up
// triggers until the server restarts. So the feed node (unique by constraint) is created
// first, and an installer holds its write lock while it looks and installs; a trigger stored
// more than once is dropped and installed again.
func (s *Store) InstallChangeFeed(ctx context.Context) error {
	db := s.database
	if db == "" {
		db = "neo4j"
	}
	stmt := query("change_feed_trigger")
	sys := func(q string, params map[string]any) ([]*neo4j.Record, error) {
		res, err := neo4j.ExecuteQuery(ctx, s.driver, q, params, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase("system"), neo4j.ExecuteQueryWithWritersRouting())
		if err != nil {
			return nil, err
		}
		return res.Records, nil
	}
	if _, err := neo4j.ExecuteQuery(ctx, s.driver,
		"MERGE (f:ChangeFeed {id: 'routes'}) ON CREATE SET f.epoch = randomUUID(), f.seq = 0",
		nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting()); err != nil {
		return wrap(err, "change_feed")
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(ctx)
	_, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		// The lock: held until this transaction ends, while the system database is changed.
		if _, err := tx.Run(ctx, "MATCH (f:ChangeFeed {id: 'routes'}) SET f.installedAt = datetime()", nil); err != nil {
			return nil, err
		}
		// The system database takes CALL ... YIELD only: the filter is ours.
		recs, err := sys("CALL apoc.trigger.show($db) YIELD name, query", map[string]any{"db": db})
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNoChangeFeed, err)
		}
		stored, current := 0, false
		for _, r := range recs {
			if r.Values[0] == ChangeFeedTrigger {
				stored++
				current = current || r.Values[1] == stmt
			}
		}
		if stored == 1 && current {
			return nil, nil
		}
		if stored > 1 {
			if _, err := sys("CALL apoc.trigger.drop($db, $name)", map[string]any{"db": db, "name": ChangeFeedTrigger}); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrNoChangeFeed, err)
			}
		}
		if _, err := sys("CALL apoc.trigger.install($db, $name, $stmt, {phase: 'before'})",
			map[string]any{"db": db, "name": ChangeFeedTrigger, "stmt": stmt}); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNoChangeFeed, err)
		}
		return nil, nil
	}, neo4j.WithTxTimeout(2*time.Minute))
	if err != nil {
		if errors.Is(err, ErrNoChangeFeed) {
			return err
		}
		return wrap(err, "change_feed")
	}
	// The database picks installed triggers up on its own schedule (apoc.trigger.refresh).
	deadline := time.Now().Add(90 * time.Second)
	for {
		res, err := neo4j.ExecuteQuery(ctx, s.driver,
			"CALL apoc.trigger.list() YIELD name, query, installed WHERE name = $name RETURN query, installed",
			map[string]any{"name": ChangeFeedTrigger}, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.database))
		if err != nil {
			return fmt.Errorf("%w: %v", ErrNoChangeFeed, err)
		}
		if len(res.Records) > 0 && res.Records[0].Values[0] == stmt && res.Records[0].Values[1] == true {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: the trigger was installed but the database has not picked it up (apoc.trigger.refresh; "+
				"a trigger once stored twice stops APOC's refresh until the server restarts)", ErrNoChangeFeed)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// FeedHead returns the change feed's position now (Epoch "" when the database keeps none).
func (s *Store) FeedHead(ctx context.Context) (FeedPos, error) {
	recs, err := s.read(ctx, "feed_head", nil)
	if err != nil || len(recs) == 0 {
		return FeedPos{}, err
	}
	epoch, _ := recs[0].Values[0].(string)
	head, _ := recs[0].Values[1].(int64)
	return FeedPos{Epoch: epoch, Seq: head}, nil
}

// FeedChanges returns the changes right after after.Seq, at most limit, up to the first that
// is not visible yet, with the feed's head. The caller compares the head's epoch with its own:
// another means the feed was reset; Pruned means it was pruned past after.
func (s *Store) FeedChanges(ctx context.Context, after FeedPos, limit int) (FeedRun, error) {
	recs, err := s.read(ctx, "feed_changes", map[string]any{"after": after.Seq, "limit": limit})
	if err != nil || len(recs) == 0 {
		return FeedRun{}, err
	}
	var run FeedRun
	run.Head.Epoch, _ = recs[0].Values[0].(string)
	run.Head.Seq, _ = recs[0].Values[1].(int64)
	oldest, kept := recs[0].Values[2].(int64)
	run.Pruned = run.Head.Seq > after.Seq && (!kept || oldest > after.Seq+1)
	changes, _ := recs[0].Values[3].([]any)
	seen := map[string]bool{}
	for _, c := range changes {
		m, _ := c.(map[string]any)
		seq, _ := m["seq"].(int64)
		if seq != after.Seq+1 && seq != run.To+1 {
			break // a hole: that change is still committing
		}
		if run.From == 0 {
			run.From = seq
		}
		run.To = seq
		if o, _ := m["orgs"].(bool); o {
			run.Orgs = true
		}
		people, _ := m["people"].([]any)
		for _, p := range people {
			if id, ok := p.(string); ok && !seen[id] {
				seen[id] = true
				run.People = append(run.People, id)
			}
		}
	}
	return run, nil
}

// PruneChangeFeed deletes the changes older than keep (never the last one), in batches, and
// returns how many it deleted. A replica that falls further behind reloads everything.
func (s *Store) PruneChangeFeed(ctx context.Context, keep time.Duration) (int, error) {
	total := 0
	for {
		v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			recs, err := run(ctx, tx, "prune_changes", map[string]any{"before": time.Now().UTC().Add(-keep), "batch": 10_000})
			if err != nil || len(recs) == 0 {
				return 0, err
			}
			n, _ := recs[0].Values[0].(int64)
			return int(n), nil
		})
		if err != nil {
			return total, err
		}
		total += v.(int)
		if v.(int) < 10_000 {
			return total, nil
		}
	}
}

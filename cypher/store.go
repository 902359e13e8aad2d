// Package cypher holds Ecograph's Cypher: one query per .cypher file, embedded, and the Store
// that runs them through the Neo4j driver's managed transactions and maps their records to
// domain types in one place.
//
// It may import the domain, the driver and pure packages (route); never graph or resolvers.
// Every value reaches Neo4j as a $parameter; the only text substituted into a query is a
// label from a fixed Go map.
package cypher

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/trust"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

//go:embed *.cypher migrations/*.cypher
var files embed.FS

// query returns the text of the named .cypher file, with the caller's scope (scope.cypher)
// put in place of a {{scope}} line; it panics on a missing file, which the package's tests
// catch for every name used.
func query(name string) string {
	b, err := files.ReadFile(name + ".cypher")
	if err != nil {
		panic("cypher: no query " + name)
	}
	q := string(b)
	if name != "scope" && strings.Contains(q, "{{scope}}") {
		q = strings.Replace(q, "{{scope}}", query("scope"), 1)
	}
	return q
}

// scopeParams adds the scope's parameters ($role, $org) to params, which the {{scope}}
// prefix of a query turns into what the caller may see.
func scopeParams(sc ecograph.Scope, params map[string]any) map[string]any {
	if params == nil {
		params = map[string]any{}
	}
	params["role"] = string(sc.Role)
	if sc.OrgID == "" {
		params["org"] = nil
	} else {
		params["org"] = sc.OrgID
	}
	return params
}

// DefaultTxTimeout bounds every transaction the Store runs unless configured otherwise.
const DefaultTxTimeout = 30 * time.Second

// Store runs Ecograph's queries against one Neo4j database. It is safe for concurrent use and
// holds no state besides its configuration: every answer comes from Neo4j.
type Store struct {
	driver    neo4j.DriverWithContext
	database  string
	txTimeout time.Duration
	observe   func(op string, d time.Duration, err error)
	// afterPerson, set only by tests, runs after each person record of a route-graph read, so
	// that a test can commit a write between the loader's reads.
	afterPerson func(id string)
	fetchSize   int // records per fetch of route-graph reads; 0: the driver's default (tests set 1)
	// model computes trust from evidence and now is its clock (SetTrustModel).
	model *trust.Model
	now   func() time.Time
	// feedErr is why Migrate could not install the change feed (nil: it did).
	feedErr error
}

// SetObserver has every read (by query name) and every write transaction ("write") report its
// duration and error, for metrics. Call it before the Store is used.
func (s *Store) SetObserver(fn func(op string, d time.Duration, err error)) { s.observe = fn }

// NewStore returns a Store over driver and the named database ("" for the server's default).
func NewStore(driver neo4j.DriverWithContext, database string) *Store {
	return &Store{driver: driver, database: database, txTimeout: DefaultTxTimeout, model: defaultTrustModel(), now: time.Now}
}

// SetTxTimeout changes the timeout of every later transaction.
func (s *Store) SetTxTimeout(d time.Duration) { s.txTimeout = d }

// Driver returns the underlying driver (for health checks).
func (s *Store) Driver() neo4j.DriverWithContext { return s.driver }

// read runs a read query through ExecuteQuery, routed to readers in a cluster.
func (s *Store) read(ctx context.Context, name string, params map[string]any) ([]*neo4j.Record, error) {
	if s.observe != nil {
		start := time.Now()
		recs, err := s.read1(ctx, name, params)
		s.observe(name, time.Since(start), err)
		return recs, err
	}
	return s.read1(ctx, name, params)
}

func (s *Store) read1(ctx context.Context, name string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := neo4j.ExecuteQuery(ctx, s.driver, query(name), params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.database),
		neo4j.ExecuteQueryWithReadersRouting(),
		neo4j.ExecuteQueryWithTransactionConfig(neo4j.WithTxTimeout(s.txTimeout)))
	if err != nil {
		return nil, wrap(err, name)
	}
	return res.Records, nil
}

// write runs fn in one managed write transaction (retried by the driver on transient errors,
// so fn must be idempotent).
func (s *Store) write(ctx context.Context, fn func(tx neo4j.ManagedTransaction) (any, error)) (any, error) {
	return s.writeWith(ctx, fn)
}

// writeWith is write with more transaction configuration (metadata).
func (s *Store) writeWith(ctx context.Context, fn func(tx neo4j.ManagedTransaction) (any, error), cfg ...func(*neo4j.TransactionConfig)) (any, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{
		DatabaseName:    s.database,
		AccessMode:      neo4j.AccessModeWrite,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
	defer session.Close(ctx)
	start := time.Now()
	v, err := session.ExecuteWrite(ctx, fn, append([]func(*neo4j.TransactionConfig){neo4j.WithTxTimeout(s.txTimeout)}, cfg...)...)
	if s.observe != nil {
		s.observe("write", time.Since(start), err)
	}
	return v, err
}

// run runs the named query inside tx and collects its records.
func run(ctx context.Context, tx neo4j.ManagedTransaction, name string, params map[string]any) ([]*neo4j.Record, error) {
	res, err := tx.Run(ctx, query(name), params)
	if err != nil {
		return nil, wrap(err, name)
	}
	recs, err := res.Collect(ctx)
	if err != nil {
		return nil, wrap(err, name)
	}
	return recs, nil
}

// wrap keeps domain errors as they are and labels driver errors with the query's name; the
// error presenter shows the latter as "internal error" and logs them in full.
func wrap(err error, name string) error {
	if err == nil {
		return nil
	}
	var e *ecograph.Error
	if errors.As(err, &e) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("cypher %s: %w", name, err)
}

// Migrate creates the constraints and indexes, idempotently, in file order, then fills in
// data that later code relies on (BackfillNameKeys). Several processes may migrate one
// database at once (replicas starting together, test packages): a rule that another one
// created between our IF NOT EXISTS check and our CREATE is no error.
func (s *Store) Migrate(ctx context.Context) error { return s.migrate(ctx, true) }

// migrate is Migrate; without backfill it skips the name-key backfill (BackfillNameKeys), a
// scan of every person that a bulk load, which writes every name key itself, does not need.
func (s *Store) migrate(ctx context.Context, backfill bool) error {
	names, err := fs.Glob(files, "migrations/*.cypher")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, n := range names {
		name := strings.TrimSuffix(n, ".cypher")
		_, err := neo4j.ExecuteQuery(ctx, s.driver, query(name), nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database), neo4j.ExecuteQueryWithWritersRouting())
		var ne *neo4j.Neo4jError
		if errors.As(err, &ne) && strings.HasPrefix(ne.Code, "Neo.ClientError.Schema.") && strings.HasSuffix(ne.Code, "AlreadyExists") {
			continue
		}
		if err != nil {
			return wrap(err, name)
		}
	}
	if backfill {
		if _, err = s.BackfillNameKeys(ctx); err != nil {
			return err
		}
	}
	// The change feed is an optional extra: without it replicas reload everything on a
	// change, as before (docs/scaling.md).
	s.feedErr = s.InstallChangeFeed(ctx)
	if s.feedErr != nil && !errors.Is(s.feedErr, ErrNoChangeFeed) {
		return s.feedErr
	}
	return nil
}

// ChangeFeedError returns why the last Migrate could not install the change feed (nil: it did).
func (s *Store) ChangeFeedError() error { return s.feedErr }

// Ping checks that Neo4j answers a query.
func (s *Store) Ping(ctx context.Context) error {
	return s.driver.VerifyConnectivity(ctx)
}

// CountPeople returns how many people the database holds.
func (s *Store) CountPeople(ctx context.Context) (int64, error) {
	recs, err := s.read(ctx, "count_people", nil)
	if err != nil {
		return 0, err
	}
	if len(recs) == 0 {
		return 0, nil
	}
	n, _, err := neo4j.GetRecordValue[int64](recs[0], "n")
	return n, err
}

// Files returns the embedded .cypher files (for tests and tooling).
func Files() fs.FS { return files }

// Text returns the text of the named query ("find_ties" for find_ties.cypher).
func Text(name string) string { return query(name) }

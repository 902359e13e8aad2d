package cypher

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// RouteGraphSink receives the route graph as it streams from Neo4j: every person first, then
// every tie with positive trust, once each.
type RouteGraphSink interface {
	AddPerson(id, orgID, orgKind string, roles []string)
	AddTie(a, b string, trust float64, source string)
}

// StreamRouteGraph streams people and ties into sink in one read transaction, record by record
// (nothing is collected), and returns the bookmark that the database gave before the read:
// any write committed after it changes the bookmark.
func (s *Store) StreamRouteGraph(ctx context.Context, sink RouteGraphSink) (string, error) {
	mark, err := s.Bookmark(ctx)
	if err != nil {
		return "", err
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager()})
	defer session.Close(ctx)
	_, err = session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, query("load_route_people"), nil)
		if err != nil {
			return nil, wrap(err, "load_route_people")
		}
		var roles []string
		for res.Next(ctx) {
			vals := res.Record().Values
			id, _ := vals[0].(string)
			org, _ := vals[1].(string)
			kind, _ := vals[2].(string)
			roles = roles[:0]
			if l, ok := vals[3].([]any); ok {
				for _, r := range l {
					if s, ok := r.(string); ok {
						roles = append(roles, s)
					}
				}
			}
			sink.AddPerson(id, org, kind, roles)
		}
		if err := res.Err(); err != nil {
			return nil, wrap(err, "load_route_people")
		}
		res, err = tx.Run(ctx, query("load_route_ties"), nil)
		if err != nil {
			return nil, wrap(err, "load_route_ties")
		}
		for res.Next(ctx) {
			vals := res.Record().Values
			a, _ := vals[0].(string)
			b, _ := vals[1].(string)
			trust, _ := vals[2].(float64)
			source, _ := vals[3].(string)
			sink.AddTie(a, b, trust, source)
		}
		return nil, wrap(res.Err(), "load_route_ties")
	}, neo4j.WithTxTimeout(10*s.txTimeout))
	if err != nil {
		return "", err
	}
	return mark, nil
}

// Bookmark returns the bookmark of a trivial read: it names the database's last committed
// transaction, so it changes exactly when something was written. It is compared, never parsed.
func (s *Store) Bookmark(ctx context.Context) (string, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead})
	defer session.Close(ctx)
	_, err := session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, "RETURN 1", nil)
		if err != nil {
			return nil, err
		}
		_, err = res.Consume(ctx)
		return nil, err
	}, neo4j.WithTxTimeout(s.txTimeout))
	if err != nil {
		return "", wrap(err, "bookmark")
	}
	bm := session.LastBookmarks()
	out := ""
	for _, b := range bm {
		out += b + ";"
	}
	return out, nil
}

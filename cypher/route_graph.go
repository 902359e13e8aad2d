package cypher

import (
	"context"

	"github.com/ecograph/ecograph"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// RouteGraphSink receives the route graph as it streams from Neo4j: every organisation, then
// every person, then every tie with positive trust, once each. Slices passed to it are reused
// after the call returns.
type RouteGraphSink interface {
	AddOrganization(o ecograph.Organization)
	AddPerson(id, name, title, orgID string, roles, teamIDs []string)
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
		res, err := tx.Run(ctx, query("load_route_organizations"), nil)
		if err != nil {
			return nil, wrap(err, "load_route_organizations")
		}
		for res.Next(ctx) {
			vals := res.Record().Values
			o := ecograph.Organization{}
			o.ID, _ = vals[0].(string)
			o.Name, _ = vals[1].(string)
			kind, _ := vals[2].(string)
			o.Kind = ecograph.OrgKind(kind)
			o.Sector, _ = vals[3].(string)
			sink.AddOrganization(o)
		}
		if err := res.Err(); err != nil {
			return nil, wrap(err, "load_route_organizations")
		}
		res, err = tx.Run(ctx, query("load_route_people"), nil)
		if err != nil {
			return nil, wrap(err, "load_route_people")
		}
		var roles, teams []string
		for res.Next(ctx) {
			vals := res.Record().Values
			id, _ := vals[0].(string)
			name, _ := vals[1].(string)
			title, _ := vals[2].(string)
			org, _ := vals[3].(string)
			roles = appendStrings(roles[:0], vals[4])
			teams = appendStrings(teams[:0], vals[5])
			sink.AddPerson(id, name, title, org, roles, teams)
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

func appendStrings(dst []string, v any) []string {
	l, _ := v.([]any)
	for _, x := range l {
		if s, ok := x.(string); ok {
			dst = append(dst, s)
		}
	}
	return dst
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

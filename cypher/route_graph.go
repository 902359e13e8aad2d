package cypher

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/ecograph/ecograph"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// RouteGraphSink receives the route graph as it streams from Neo4j: the people, each followed
// by their ties, then every organisation. Slices passed to it are reused after the call
// returns. Malformed is told about every record or tie that was skipped because it did not
// have the shape the query promises (it never should; see decodeRoutePerson).
type RouteGraphSink interface {
	AddOrganization(o ecograph.Organization)
	AddPerson(id, name, title, orgID string, roles, teamIDs []string)
	AddTie(a, b string, trust float64, source string)
	Malformed(reason string)
}

// StreamRouteGraph streams every person, tie with positive trust (each tie once) and
// organisation into sink in one read transaction, record by record, and returns the bookmark
// that the database gave before the read: any write committed after it changes the bookmark.
//
// Neo4j reads under read committed: a write that commits during the read may be seen by one
// part of it and not by another. Every record is therefore self-consistent by construction
// (a person's ties are one list of triples), and organisations are read after people, so an
// organisation that a person names is known unless it was deleted meanwhile (the sink must
// cope with that). Writes that land during the read change the bookmark, and the projection
// reloads.
func (s *Store) StreamRouteGraph(ctx context.Context, sink RouteGraphSink) (string, error) {
	return s.streamRoute(ctx, "load_route_people", nil, sink)
}

// StreamRouteDelta streams the given people, each with all their ties, and every
// organisation into sink, like StreamRouteGraph; people that no longer exist are left out.
func (s *Store) StreamRouteDelta(ctx context.Context, ids []string, sink RouteGraphSink) (string, error) {
	return s.streamRoute(ctx, "load_route_people_by_ids", map[string]any{"ids": ids}, sink)
}

func (s *Store) streamRoute(ctx context.Context, people string, params map[string]any, sink RouteGraphSink) (string, error) {
	mark, err := s.Bookmark(ctx)
	if err != nil {
		return "", err
	}
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(), FetchSize: s.fetchSize})
	defer session.Close(ctx)
	_, err = session.ExecuteRead(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res, err := tx.Run(ctx, query(people), params)
		if err != nil {
			return nil, wrap(err, people)
		}
		var p routePerson
		for res.Next(ctx) {
			if err := decodeRoutePerson(res.Record().Values, &p); err != nil {
				sink.Malformed(err.Error())
				continue
			}
			sink.AddPerson(p.id, p.name, p.title, p.org, p.roles, p.teams)
			for _, t := range p.ties {
				sink.AddTie(p.id, t.to, t.trust, t.source)
			}
			for _, reason := range p.skipped {
				sink.Malformed(reason)
			}
			if s.afterPerson != nil {
				s.afterPerson(p.id)
			}
		}
		if err := res.Err(); err != nil {
			return nil, wrap(err, people)
		}
		res, err = tx.Run(ctx, query("load_route_organizations"), nil)
		if err != nil {
			return nil, wrap(err, "load_route_organizations")
		}
		for res.Next(ctx) {
			vals := res.Record().Values
			if len(vals) != 4 {
				sink.Malformed(fmt.Sprintf("organisation record with %d columns, want 4", len(vals)))
				continue
			}
			o := ecograph.Organization{}
			o.ID, _ = vals[0].(string)
			o.Name, _ = vals[1].(string)
			kind, _ := vals[2].(string)
			o.Kind = ecograph.OrgKind(kind)
			o.Sector, _ = vals[3].(string)
			if o.ID == "" {
				sink.Malformed("organisation record without an id")
				continue
			}
			sink.AddOrganization(o)
		}
		return nil, wrap(res.Err(), "load_route_organizations")
	}, neo4j.WithTxTimeout(s.loadTimeout()))
	if err != nil {
		return "", err
	}
	return mark, nil
}

// loadTimeout bounds a route-graph read: a full load of a million people and 18M ties took
// 5 min on the shared 2-core machine, right at the 10x of the default timeout it had before.
func (s *Store) loadTimeout() time.Duration { return max(10*s.txTimeout, 30*time.Minute) }

// routePerson is one decoded record of load_route_people; its slices are reused.
type routePerson struct {
	id, name, title, org string
	roles, teams         []string
	ties                 []routeTie
	skipped              []string // why ties were left out
}

type routeTie struct {
	to, source string
	trust      float64
}

// decodeRoutePerson decodes one record of load_route_people (columns id, name, title, org,
// roles, teams, ties) into p, reusing p's slices. It never indexes past what it was given: a
// record without a usable id is an error (the person is skipped), and a tie that is not a
// [to, trust, source] triple with a non-empty id and a trust in (0, 1] is left out with the
// reason in p.skipped.
func decodeRoutePerson(vals []any, p *routePerson) error {
	if len(vals) != 7 {
		return fmt.Errorf("person record with %d columns, want 7", len(vals))
	}
	id, ok := vals[0].(string)
	if !ok || id == "" {
		return fmt.Errorf("person record without an id (%T)", vals[0])
	}
	p.id = id
	p.name, _ = vals[1].(string)
	p.title, _ = vals[2].(string)
	p.org, _ = vals[3].(string)
	p.roles = appendStrings(p.roles[:0], vals[4])
	p.teams = appendStrings(p.teams[:0], vals[5])
	p.ties, p.skipped = p.ties[:0], p.skipped[:0]
	ties, ok := vals[6].([]any)
	if !ok && vals[6] != nil {
		p.skipped = append(p.skipped, fmt.Sprintf("person %q: ties are a %T, not a list", id, vals[6]))
	}
	for _, v := range ties {
		t, err := decodeRouteTie(v)
		if err != nil {
			p.skipped = append(p.skipped, fmt.Sprintf("person %q: %v", id, err))
			continue
		}
		p.ties = append(p.ties, t)
	}
	return nil
}

func decodeRouteTie(v any) (routeTie, error) {
	l, ok := v.([]any)
	if !ok || len(l) != 3 {
		return routeTie{}, fmt.Errorf("tie is not a [to, trust, source] triple: %v", v)
	}
	to, ok := l[0].(string)
	if !ok || to == "" {
		return routeTie{}, fmt.Errorf("tie without a person id: %v", v)
	}
	var trust float64
	switch x := l[1].(type) {
	case float64:
		trust = x
	case int64: // a tie written by hand in Neo4j Browser as `trust: 1`
		trust = float64(x)
	default:
		return routeTie{}, fmt.Errorf("tie to %q: trust is a %T, not a number", to, l[1])
	}
	if !(trust > 0 && trust <= 1) || math.IsNaN(trust) {
		return routeTie{}, fmt.Errorf("tie to %q: trust %v outside (0, 1]", to, trust)
	}
	src, _ := l[2].(string)
	return routeTie{to: to, trust: trust, source: src}, nil
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
// An auto-commit query needs one round trip (RUN and PULL pipelined) where a managed
// transaction needs BEGIN and COMMIT too: measured 1.0 ms against 1.5 ms per call here.
func (s *Store) Bookmark(ctx context.Context) (string, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.database, AccessMode: neo4j.AccessModeRead})
	defer session.Close(ctx)
	res, err := session.Run(ctx, "RETURN 1", nil, neo4j.WithTxTimeout(s.txTimeout))
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		return "", wrap(err, "bookmark")
	}
	out := ""
	for _, b := range session.LastBookmarks() {
		out += b + ";"
	}
	return out, nil
}

// Access model (issue 4). Every read query takes the caller's scope ($role, $org) and
// filters inside Cypher (cypher/scope.cypher); route searches run over a visibility mask
// computed in Cypher (cypher/route_scope.cypher); unknown and invisible look the same (null,
// an empty list, NOT_FOUND); a role's refused write is FORBIDDEN. What each query about one
// person or organisation needs at each share level (answer, NOT_FOUND, NOT_ROUTABLE,
// FORBIDDEN) is one table, ecograph.Policy and ecograph.Outcome (policy.go), asked through
// authorize (policy.go here) before the query reads (issue 14).
//
// | Data                                   | ADMIN | ANALYST | SELLER                          | PARTNER (org claim P)                                            |
// |----------------------------------------|-------|---------|---------------------------------|------------------------------------------------------------------|
// | Organisations (node)                   | all   | all     | all                             | P; targets of accounts shared with P (any level); ours if a visible swarm member works there |
// | People                                 | all   | all     | all                             | P's; targets' people at NAMES/ROUTES; swarm members (ours or P's) of NAMES/ROUTES accounts |
// | Teams, memberships                     | all   | all     | all                             | P's only                                                         |
// | Ties (Person.ties)                     | all, with trust | all, with trust | all, with trust     | between visible people; trust only if the tie touches P's people, else null (ranks as 0) |
// | Accounts, reachablePeople              | all   | all     | all                             | shared with P (level shown); COUNTS: account, target, count only |
// | Account.members (swarm)                | all   | all     | all                             | NAMES/ROUTES: ours and P's only, never another partner's         |
// | Account.coverage                       | all   | all     | all                             | NAMES/ROUTES: target's people with covering swarm members (ours, P's); no trust |
// | Account.shares                         | all   | all     | all                             | P's own share only                                               |
// | accountAudit                           | yes   | yes     | FORBIDDEN                       | FORBIDDEN                                                        |
// | Routes (search space)                  | all   | all     | all                             | P's people, targets of ROUTES accounts, their swarm (ours, P's); hops not touching P: band floor, trustBand, exact=false; minTrust rounded down to a band floor |
// | upsertPerson, upsertTie                | yes   | FORBIDDEN | yes                           | FORBIDDEN                                                        |
// | upsertAccount, add/removeSwarmMember   | yes   | FORBIDDEN | yes                           | FORBIDDEN                                                        |
// | upsertOrganization, upsertTeam, delete*, share/unshareAccount | yes | FORBIDDEN | FORBIDDEN | FORBIDDEN                                                |

package resolvers

import (
	"context"
	"errors"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/graph/model"
	"github.com/ecograph/ecograph/internal/cursor"
	"github.com/vikstrous/dataloadgen"
)

// scopeOf returns the read scope of the caller in ctx; the empty scope, which sees nothing,
// when there is none.
func scopeOf(ctx context.Context) ecograph.Scope {
	if c := ecograph.CallerFromContext(ctx); c != nil {
		return c.Scope()
	}
	return ecograph.Scope{}
}

func optLevel(l ecograph.ShareLevel) *ecograph.ShareLevel {
	if l == "" {
		return nil
	}
	return &l
}

// actor names the caller in the audit trail: the token's subject, or its role.
func actor(c *ecograph.Caller) string {
	if c.Subject != "" {
		return c.Subject
	}
	return "role:" + string(c.Role)
}

// reloadAccount reads an account after a write with fresh loaders (the request's may have
// cached the state before it), as the caller sees it.
func (r *Resolver) reloadAccount(ctx context.Context, id string) (*ecograph.Account, error) {
	m, err := r.Store.FindAccountsByIDs(ctx, scopeOf(ctx), []string{id})
	if err != nil {
		return nil, err
	}
	if a := m[id]; a != nil {
		return a, nil
	}
	return nil, ecograph.NotFound("account", id)
}

// visiblePeople loads the people with the given ids that the caller may see, in order,
// leaving out the others.
func (r *Resolver) visiblePeople(ctx context.Context, ids []string) ([]*ecograph.Person, error) {
	out := make([]*ecograph.Person, 0, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	people, err := r.loaders(ctx).Person.LoadAll(ctx, ids)
	var errs dataloadgen.ErrorSlice
	if err != nil && !errors.As(err, &errs) {
		return nil, err
	}
	for i, p := range people {
		if i < len(errs) && errs[i] != nil {
			if errors.Is(errs[i], dataloadgen.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		out = append(out, p)
	}
	return out, nil
}

// findAccounts resolves a connection of the accounts sc may see, with totalCount when asked
// for. Errors: EINVALID naming "first" or "after".
func (r *Resolver) findAccounts(ctx context.Context, sc ecograph.Scope, first *int, after *string) (*model.AccountConnection, error) {
	pg, err := newPage(first)
	if err != nil {
		return nil, err
	}
	from, err := cursor.DecodeID("after", "account", after)
	if err != nil {
		return nil, err
	}
	accounts, err := r.Store.FindAccounts(ctx, sc, from, pg.Limit())
	if err != nil {
		return nil, err
	}
	accounts, next := trim(pg, accounts)
	conn := &model.AccountConnection{Edges: make([]*model.AccountEdge, len(accounts))}
	last := ""
	for i, a := range accounts {
		last = cursor.EncodeID("account", a.ID)
		conn.Edges[i] = &model.AccountEdge{Cursor: last, Node: a}
	}
	conn.PageInfo = pageInfo(next, last)
	if conn.TotalCount, err = total(ctx, func() (int, error) { return r.Store.CountAccounts(ctx, sc) }); err != nil {
		return nil, err
	}
	return conn, nil
}

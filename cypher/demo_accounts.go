package cypher

import (
	"context"
	"fmt"

	"github.com/ecograph/ecograph"
	"github.com/ecograph/ecograph/internal/demo"
)

// LoadDemoAccounts writes the demo's accounts (internal/demo.Accounts): each account, its
// swarm and its shares, the shares recorded in the audit trail as made by "demo". Every id
// (accounts, people, organisations) is written as prefix+id: "" for `make run`, a test's
// prefix for a copy of the demo (see the server tests' importDemoCopy). Idempotent.
func (s *Store) LoadDemoAccounts(ctx context.Context, prefix string) error {
	for _, a := range demo.Accounts() {
		id := prefix + a.ID
		if _, err := s.UpsertAccount(ctx, ecograph.Account{ID: id, Name: a.Name, TargetID: prefix + a.Target}); err != nil {
			return fmt.Errorf("demo account %s: %w", a.ID, err)
		}
		for _, p := range a.Swarm {
			if err := s.AddSwarmMember(ctx, id, prefix+p); err != nil {
				return fmt.Errorf("demo account %s: %w", a.ID, err)
			}
		}
		for _, sh := range a.Shares {
			if err := s.ShareAccount(ctx, id, prefix+sh.Partner, ecograph.ShareLevel(sh.Level), "demo"); err != nil {
				return fmt.Errorf("demo account %s: %w", a.ID, err)
			}
		}
	}
	return nil
}

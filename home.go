package strata

import (
	"context"

	"github.com/strata-db/strata/internal/dialect"
)

// resolveHome points the store at the schema (MySQL: the database) that
// strata's names resolve to on q, as opening a run's session does, for the
// commands that check migrations without taking the lock (up and down
// --dry-run, validate): the guard refuses a DROP SCHEMA or DROP DATABASE
// of that schema, or its rename, and can name it only once it knows it.
// Without it, those checks passed what up refuses.
func (m *Migrator) resolveHome(ctx context.Context, q dialect.Querier) error {
	if m.store.Tables().Schema != "" {
		return nil
	}
	sess, err := m.d.OpenSession(ctx, q, m.store.Tables())
	if err != nil {
		return m.connError(err)
	}
	m.store.SetTables(sess.Tables)
	return nil
}

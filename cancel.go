package strata

import "context"

// cancelStatement stops the statement running in the lock session id from
// another connection of the pool (pg_cancel_backend, KILL QUERY). With the
// pool full, as it always is under db.SetMaxOpenConns(1) where the lock
// session is the only connection, no second connection would come until
// the statement ended on its own, and the cancel or deadline would be
// ignored: so the limit is raised by one for the cancel and put back after.
func (m *Migrator) cancelStatement(ctx context.Context, id string) error {
	if limit := m.db.Stats().MaxOpenConnections; limit > 0 {
		m.db.SetMaxOpenConns(limit + 1)
		defer m.db.SetMaxOpenConns(limit)
	}
	return m.d.CancelStatement(ctx, m.db, id)
}

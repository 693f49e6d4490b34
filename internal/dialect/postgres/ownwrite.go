package postgres

import (
	"context"

	"github.com/strata-db/strata/internal/dialect"
)

// ownSettings give the transaction they run in strata's settings, whatever
// the session's: SET LOCAL lasts until the transaction ends, after which
// the session has the settings a section set again. The timeouts go first,
// so that a migration's statement_timeout of 1 ms cannot stop the rest;
// then the identity (a SET ROLE or SET SESSION AUTHORIZATION to a role
// without rights on strata's tables); then every user setting that differs
// from the value the session opened with (search_path, the read-only
// default, the timeouts again), as RESET ALL would, but for this
// transaction only. transaction_* cannot change once the transaction has
// read, and BEGIN READ WRITE sees to the one that matters.
const ownSettings = `SET LOCAL statement_timeout = 0;
SET LOCAL lock_timeout = 0;
SET LOCAL SESSION AUTHORIZATION DEFAULT;
SET LOCAL role TO DEFAULT;
SELECT count(pg_catalog.set_config(name, reset_val, true)) FROM pg_catalog.pg_settings
	WHERE context = 'user' AND setting IS DISTINCT FROM reset_val AND name NOT LIKE 'transaction\_%'`

// OwnWrite implements dialect.Engine: strata's write goes in a small
// transaction of its own (or the caller's) with ownSettings. Outside a
// transaction, leave commits it; a COMMIT of a transaction that failed
// rolls it back, so leave also ends a write that failed.
func (Engine) OwnWrite(ctx context.Context, q dialect.Querier, _ *dialect.Session, inTx bool) (func(context.Context, dialect.Querier) error, error) {
	if inTx {
		_, err := q.ExecContext(ctx, ownSettings)
		return nil, err
	}
	// One simple-query message: pgx sends a query without arguments that
	// way, and the transaction it opens goes on after it.
	if _, err := q.ExecContext(ctx, "BEGIN READ WRITE;\n"+ownSettings); err != nil {
		q.ExecContext(ctx, "ROLLBACK")
		return nil, err
	}
	return func(ctx context.Context, q dialect.Querier) error {
		_, err := q.ExecContext(ctx, "COMMIT")
		return err
	}, nil
}

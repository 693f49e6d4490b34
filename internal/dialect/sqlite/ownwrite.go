package sqlite

import (
	"context"

	"github.com/strata-db/strata/internal/dialect"
)

// OwnWrite implements dialect.Engine. Of what a PRAGMA changes of a
// connection, only query_only stops strata's writes to its own tables
// (the others change how the migration's statements behave, or, like
// busy_timeout, are strata's own to restore, see SaveSession): it is
// turned off for the write and on again after it.
func (Engine) OwnWrite(ctx context.Context, q dialect.Querier, _ *dialect.Session, _ bool) (func(context.Context, dialect.Querier) error, error) {
	var on bool
	if err := q.QueryRowContext(ctx, "PRAGMA query_only").Scan(&on); err != nil || !on {
		return nil, err
	}
	if _, err := q.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return nil, err
	}
	return func(ctx context.Context, q dialect.Querier) error {
		_, err := q.ExecContext(ctx, "PRAGMA query_only = 1")
		return err
	}, nil
}

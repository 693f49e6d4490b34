package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/schema"
)

// Clear implements dialect.Engine: it drops every view and table of the
// main database but SQLite's own (indexes and triggers go with them),
// with foreign keys off meanwhile so that no order matters, and back to
// what they were after.
func (Engine) Clear(ctx context.Context, conn *sql.Conn, _ *schema.Schema) (err error) {
	rows, err := conn.QueryContext(ctx, `SELECT type, name FROM main.sqlite_schema WHERE type IN ('view', 'table') AND name NOT LIKE 'sqlite!_%' ESCAPE '!'
		ORDER BY type = 'table', name`)
	if err != nil {
		return err
	}
	var drops []string
	for rows.Next() {
		var kind, name string
		if err := rows.Scan(&kind, &name); err != nil {
			rows.Close()
			return err
		}
		drops = append(drops, "DROP "+strings.ToUpper(kind)+` IF EXISTS main."`+strings.ReplaceAll(name, `"`, `""`)+`"`)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(drops) == 0 {
		return nil
	}
	var fks int
	if err := conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fks); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA foreign_keys = %d`, fks)); err == nil {
			err = rerr
		}
	}()
	for _, d := range drops {
		if _, err := conn.ExecContext(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
	}
	return nil
}

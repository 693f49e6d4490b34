package mysql

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/schema"
)

// Clear implements dialect.Engine: it drops every view, table, sequence,
// routine and event of the current database (triggers go with their
// tables), with foreign key checks off for the session meanwhile, so that
// no order between tables matters, and back to what they were after.
func (Engine) Clear(ctx context.Context, conn *sql.Conn, _ *schema.Schema) (err error) {
	var drops []string
	rows, err := conn.QueryContext(ctx, `SELECT CASE TABLE_TYPE WHEN 'VIEW' THEN 'VIEW' WHEN 'SEQUENCE' THEN 'SEQUENCE' ELSE 'TABLE' END, TABLE_NAME, 0
		FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('VIEW', 'BASE TABLE', 'SEQUENCE', 'SYSTEM VERSIONED')
	UNION ALL SELECT ROUTINE_TYPE, ROUTINE_NAME, 1 FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE()
	UNION ALL SELECT 'EVENT', EVENT_NAME, 1 FROM information_schema.EVENTS WHERE EVENT_SCHEMA = DATABASE()
	ORDER BY 3, 1 DESC, 2`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var kind, name string
		var order int
		if err := rows.Scan(&kind, &name, &order); err != nil {
			rows.Close()
			return err
		}
		drops = append(drops, "DROP "+kind+" IF EXISTS `"+strings.ReplaceAll(name, "`", "``")+"`")
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(drops) == 0 {
		return nil
	}
	var checks int
	if err := conn.QueryRowContext(ctx, `SELECT @@SESSION.foreign_key_checks`).Scan(&checks); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `SET SESSION foreign_key_checks = 0`); err != nil {
		return err
	}
	defer func() {
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`SET SESSION foreign_key_checks = %d`, checks)); err == nil {
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

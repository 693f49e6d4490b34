package postgres

import (
	"context"
	"database/sql"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// ReadRows implements dialect.RowReader through pgx itself: its Scan
// decodes each column straight into its destination, and text scanned
// into a *sql.RawBytes is handed over as pgx's own buffer
// (pgtype.DriverBytes) instead of a new string per column and row.
func (Engine) ReadRows(ctx context.Context, conn *sql.Conn, query string, dest []any, row func() error) (bool, error) {
	pdest := make([]any, len(dest))
	for i, d := range dest {
		if rb, ok := d.(*sql.RawBytes); ok {
			pdest[i] = (*pgtype.DriverBytes)(rb)
		} else {
			pdest[i] = d
		}
	}
	ok := false
	err := conn.Raw(func(dc any) error {
		c, isPgx := dc.(interface{ Conn() *pgx.Conn })
		if !isPgx {
			return nil
		}
		ok = true
		rows, err := c.Conn().Query(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := rows.Scan(pdest...); err != nil {
				return err
			}
			if err := row(); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	return ok, err
}

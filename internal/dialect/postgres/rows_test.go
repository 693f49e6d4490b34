package postgres

import (
	"database/sql"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/strata-db/strata/internal/testdb"
)

// ReadRows must hand each row's columns to the callback exactly as
// database/sql's Scan would: text in a RawBytes (nil for NULL), numbers,
// booleans and times decoded, and stop at the first error of the query,
// a scan or the callback.
func TestReadRows(t *testing.T) {
	db := testdb.Postgres(t)
	d := Engine{}
	conn, err := db.DB.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	const query = `SELECT g, 'row ' || g || ' ✓', CASE WHEN g = 2 THEN NULL ELSE 'x' END, g % 2 = 0,
		TIMESTAMPTZ '2026-01-02 03:04:05.678+00' + g * INTERVAL '1 hour', NULLIF(g, 3)::bigint
		FROM generate_series(1, 3) g ORDER BY g`
	var (
		n     int64
		text  sql.RawBytes
		null  sql.RawBytes
		even  bool
		at    any
		maybe sql.NullInt64
		got   []string
	)
	ok, err := d.ReadRows(t.Context(), conn, query, []any{&n, &text, &null, &even, &at, &maybe}, func() error {
		ts, _ := at.(time.Time)
		got = append(got, strings.Join([]string{
			string(text), string(null), map[bool]string{true: "even", false: "odd"}[even],
			ts.UTC().Format("15:04:05.000"), map[bool]string{true: "some", false: "none"}[maybe.Valid],
			map[bool]string{true: "nil", false: "empty"}[null == nil],
		}, "|"))
		return nil
	})
	if !ok || err != nil {
		t.Fatalf("ReadRows: ok %v, %v", ok, err)
	}
	want := []string{
		"row 1 ✓|x|odd|04:04:05.678|some|empty",
		"row 2 ✓||even|05:04:05.678|some|nil",
		"row 3 ✓|x|odd|06:04:05.678|none|empty",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// A query error comes back as the server's error, before any row.
	rows := 0
	ok, err = d.ReadRows(t.Context(), conn, "SELECT x FROM no_such_table", []any{&text}, func() error { rows++; return nil })
	var pe *pgconn.PgError
	if !ok || !errors.As(err, &pe) || pe.Code != "42P01" || rows != 0 {
		t.Errorf("missing table: ok %v, %v, %d rows", ok, err, rows)
	}
	// The callback's error stops the reading, and the connection is
	// still good afterwards.
	stop := errors.New("enough")
	rows = 0
	_, err = d.ReadRows(t.Context(), conn, "SELECT g FROM generate_series(1, 100) g", []any{&n}, func() error {
		rows++
		if rows == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || rows != 2 {
		t.Errorf("stopped: %v after %d rows", err, rows)
	}
	if err := conn.QueryRowContext(t.Context(), "SELECT 41 + 1").Scan(&n); err != nil || n != 42 {
		t.Errorf("connection after a stopped read: %d, %v", n, err)
	}
}

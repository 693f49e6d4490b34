package postgres

import (
	"errors"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/testdb"
)

// ExecScript must name the part that failed however the server reports it:
// by the statements that completed before an execution error, or by the
// position of a syntax error, which the server finds before running any
// part. The position it leaves for the caller must count from the failed
// part's start, in characters.
func TestExecScript(t *testing.T) {
	db := testdb.Postgres(t)
	d := Engine{}
	for _, tc := range []struct {
		name     string
		parts    []string
		failed   int   // -1: succeeds
		progress []int // the calls of progress
		code     string
		relPos   int // position in the failed part, 0 when none
	}{
		{name: "all complete, rows dropped", parts: []string{"BEGIN", "CREATE TABLE t1 (id int)", "SELECT g FROM generate_series(1, 3) g", "INSERT INTO t1 VALUES (1)", "COMMIT"},
			failed: -1, progress: []int{1, 2, 3, 4, 5}},
		{name: "execution error after two parts", parts: []string{"BEGIN", "CREATE TABLE t2 (id int)", "INSERT INTO nope VALUES (1)", "COMMIT"},
			failed: 2, progress: []int{1, 2}, code: "42P01", relPos: 13},
		{name: "execution error without position", parts: []string{"BEGIN", "CREATE TABLE t3 (id int)", "CREATE TABLE t3 (id int)", "COMMIT"},
			failed: 2, progress: []int{1, 2}, code: "42P07"},
		{name: "syntax error in a later part, multibyte text before it", parts: []string{"BEGIN", "CREATE TABLE t4 (ü text DEFAULT 'äöü ✓')", "CREATE TABLE t5 (id int,)", "COMMIT"},
			failed: 2, code: "42601", relPos: 25},
		{name: "error at commit", parts: []string{"BEGIN", "CREATE TABLE t6 (id int PRIMARY KEY, p int REFERENCES t6 DEFERRABLE INITIALLY DEFERRED)", "INSERT INTO t6 VALUES (1, 2)", "COMMIT"},
			failed: 3, progress: []int{1, 2, 3}, code: "23503"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := db.DB.Conn(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var calls []int
			failed, shift, err := d.ExecScript(t.Context(), conn, tc.parts, func(done int) { calls = append(calls, done) })
			if tc.failed < 0 {
				if err != nil {
					t.Fatalf("error %v", err)
				}
			} else {
				var pe *pgconn.PgError
				if !errors.As(err, &pe) || pe.Code != tc.code {
					t.Fatalf("error %v, want SQLSTATE %s", err, tc.code)
				}
				if failed != tc.failed {
					t.Errorf("failed part %d, want %d", failed, tc.failed)
				}
				rel := 0
				if pe.Position > 0 {
					rel = int(pe.Position) - shift
				}
				if rel != tc.relPos {
					t.Errorf("position %d in the part (server %d, shift %d), want %d", rel, pe.Position, shift, tc.relPos)
				}
				if _, err := conn.ExecContext(t.Context(), "ROLLBACK"); err != nil {
					t.Fatal(err)
				}
			}
			if !slices.Equal(calls, tc.progress) {
				t.Errorf("progress calls %v, want %v", calls, tc.progress)
			}
			// The connection stays usable either way.
			var one int
			if err := conn.QueryRowContext(t.Context(), "SELECT 1").Scan(&one); err != nil {
				t.Fatalf("connection unusable afterwards: %v", err)
			}
		})
	}
}

// Another driver's connection is left alone: nothing is sent, and the
// caller falls back to one statement per request.
func TestExecScriptOtherDriver(t *testing.T) {
	db := testdb.SQLite(t)
	conn, err := db.DB.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, _, err := (Engine{}).ExecScript(t.Context(), conn, []string{"CREATE TABLE x (id int)"}, nil); !errors.Is(err, dialect.ErrScriptUnsupported) {
		t.Fatalf("error %v, want ErrScriptUnsupported", err)
	}
	var n int
	if err := conn.QueryRowContext(t.Context(), "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d objects (%v): the script was sent", n, err)
	}
}

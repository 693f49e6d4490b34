package strata

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
	"github.com/strata-db/strata/internal/testdb"
)

// The second line of defence on MySQL: a session that left the scratch
// database by a statement the reader did not see is found after that
// statement, taken back, and the run stops naming it.
func TestStillInScratchTakesTheSessionBack(t *testing.T) {
	ctx := context.Background()
	scratch, other := testdb.MySQL(t), testdb.MySQL(t)
	m, err := New(scratch.DB, MySQL, fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	sm, err := m.onScratch(ctx, scratch.DB)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := scratch.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	mig := &source.Migration{Name: "a", Up: source.Section{File: "001_a.sql", SQL: "SELECT 1;\nSELECT 2;\n"}}
	s := &step{mig: mig, sec: &mig.Up, dir: "up", stmts: []sqlsplit.Statement{
		{Text: "SELECT 1", Start: sqlsplit.Position{Line: 1, Column: 1}},
		{Text: "SELECT 2", Start: sqlsplit.Position{Offset: 10, Line: 2, Column: 1}}}}
	if err := sm.stillInScratch(ctx, conn, s, 0); err != nil {
		t.Fatalf("in the scratch database: %v", err)
	}
	if _, err := conn.ExecContext(ctx, "USE "+other.Name); err != nil {
		t.Fatal(err)
	}
	err = sm.stillInScratch(ctx, conn, s, 1)
	var me *MigrationError
	if !errors.Is(err, ErrOutsideScratch) || !errors.As(err, &me) || me.File != "001_a.sql" || me.Line != 2 {
		t.Fatalf("want the refusal of 001_a.sql:2, got %v", err)
	}
	var cur string
	if err := conn.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&cur); err != nil || cur != scratch.Name {
		t.Fatalf("the session is in %q (%v), want it back in %s", cur, err, scratch.Name)
	}
}

package dialecttest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/strata-db/strata"
)

// A migration that drops strata's tables through dynamic SQL, which the
// guard on its tables cannot read: in a transaction, strata's history row
// fails with it and the rollback brings the table back; where statements
// commit one by one, the run says which statements dropped it and that the
// history is lost, and the next up refuses to start over on an empty
// history.

func init() {
	cases = append(cases,
		testCase{"DynamicDropRolledBack", runDynamicDropRolledBack},
		testCase{"DynamicDropOfTheHistory", runDynamicDropOfHistory},
		testCase{"DynamicDropOfTheLockTable", runDynamicDropOfLocks},
		testCase{"MistypedHistoryTable", runMistypedHistoryTable},
		testCase{"BadTableNames", runBadTableNames})
}

// dynamicDrop is a statement dropping table through dynamic SQL, or ""
// where the dialect has none.
func (e *env) dynamicDrop(table string) string {
	switch e.dialect {
	case strata.Postgres:
		return "DO $$ BEGIN EXECUTE 'DROP TABLE ' || '" + table + " CASCADE'; END $$;\n"
	case strata.MySQL:
		return "EXECUTE IMMEDIATE CONCAT('DROP TABLE ', '" + table + "');\n"
	}
	return ""
}

func runDynamicDropRolledBack(t *testing.T, e *env) {
	if e.dialect != strata.Postgres {
		// MySQL commits DDL on its own (DynamicDropOfTheHistory); SQLite
		// has no dynamic SQL, so every drop is in the text the guard reads.
		t.Skip("only PostgreSQL runs dynamic SQL inside strata's transaction")
	}
	ctx := context.Background()
	m := e.migrator(files("001_users.sql", users, "002_x.sql", "CREATE TABLE x1 (id INTEGER);\n"+e.dynamicDrop("schema_migrations")))
	_, err := m.Up(ctx)
	var me *strata.MigrationError
	// The statements all ran; strata's history row failed, which is no
	// statement's failure.
	if !errors.Is(err, strata.ErrMigrationFailed) || errors.Is(err, strata.ErrTrackingLost) || !errors.As(err, &me) ||
		me.Statement != 0 || !strings.Contains(me.Message, "schema_migrations") {
		t.Fatalf("up: want the history row's failure, got %v", err)
	}
	if !e.tableExists("schema_migrations") || e.tableExists("x1") {
		t.Fatalf("the transaction was not rolled back: schema_migrations %v, x1 %v", e.tableExists("schema_migrations"), e.tableExists("x1"))
	}
	e.wantStates(m, map[string]string{"1": "applied", "2": "failed"})
}

func runDynamicDropOfHistory(t *testing.T, e *env) {
	drop := e.dynamicDrop("schema_migrations")
	if drop == "" {
		t.Skip("SQLite has no dynamic SQL: the guard reads every drop")
	}
	ctx := context.Background()
	// Statement 2 drops the history, line 3 of the file; statement 3
	// runs after it, as nothing fails until strata writes its history.
	bad := "-- strata:no-transaction\nCREATE TABLE x1 (id INTEGER);\n" + drop + "CREATE TABLE x2 (id INTEGER);\n"
	fsys := files("001_users.sql", users, "002_x.sql", bad)
	_, err := e.migrator(fsys).Up(ctx)
	var me *strata.MigrationError
	if !errors.Is(err, strata.ErrTrackingLost) || !errors.As(err, &me) || !strings.Contains(err.Error(), "002_x.sql") ||
		!strings.Contains(me.Message, "schema_migrations") || !strings.Contains(me.Message, "history of this database is lost") ||
		!strings.Contains(me.Hint, "restore schema_migrations") {
		t.Fatalf("up: want the history's loss reported, got %v", err)
	}
	if me.Statement != 3 || me.Applied != 3 || !strings.Contains(me.Message, "statements 1-3") {
		t.Errorf("up: statement %d, applied %d, %q; want statements 1-3 named, all three applied", me.Statement, me.Applied, me.Message)
	}
	if e.tableExists("schema_migrations") || !e.tableExists("migration_locks") {
		t.Fatalf("schema_migrations %v, migration_locks %v after the run", e.tableExists("schema_migrations"), e.tableExists("migration_locks"))
	}
	// The next run must not start over with an empty history.
	_, err = e.migrator(fsys).Up(ctx)
	if !errors.Is(err, strata.ErrHistoryLost) || !strings.Contains(err.Error(), "restore schema_migrations") {
		t.Fatalf("next up: want the lost history refused, got %v", err)
	}
	if e.tableExists("schema_migrations") {
		t.Fatal("the next up created a new, empty history")
	}
	// Nor may the reading commands show a database where nothing was
	// ever applied.
	if _, err := e.migrator(fsys).Status(ctx); !errors.Is(err, strata.ErrHistoryLost) {
		t.Fatalf("status: want the lost history reported, got %v", err)
	}
}

func runDynamicDropOfLocks(t *testing.T, e *env) {
	drop := e.dynamicDrop("migration_locks")
	if drop == "" {
		t.Skip("SQLite has no dynamic SQL: the guard reads every drop")
	}
	ctx := context.Background()
	bad := "-- strata:no-transaction\nCREATE TABLE x1 (id INTEGER);\n" + drop + "CREATE TABLE x2 (id INTEGER);\n"
	fsys := files("001_users.sql", users, "002_x.sql", bad)
	_, err := e.migrator(fsys).Up(ctx)
	var me *strata.MigrationError
	if !errors.Is(err, strata.ErrTrackingLost) || !errors.As(err, &me) || !strings.Contains(me.Message, "migration_locks") ||
		!strings.Contains(me.Message, "history is intact") {
		t.Fatalf("up: want the lock table's loss reported, got %v", err)
	}
	// strata writes its progress to the lock table after statement 2,
	// so statement 2 is the one named; the attempt is in the history.
	if me.Statement != 2 || me.Applied != 2 || me.Line != 3 {
		t.Errorf("up: statement %d line %d, applied %d; want statement 2, line 3, applied 2", me.Statement, me.Line, me.Applied)
	}
	// The next run recreates the lock table and resumes after the
	// statements that ran: statement 2 does not run again.
	m := e.migrator(fsys)
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("next up: %v", err)
	}
	if !e.tableExists("migration_locks") || !e.tableExists("x2") {
		t.Fatalf("migration_locks %v, x2 %v after the next up", e.tableExists("migration_locks"), e.tableExists("x2"))
	}
	e.wantStates(m, map[string]string{"1": "applied", "2": "applied"})
}

// A mistyped --history-table beside the default lock table is no lost
// history: the error names strata's history table that is there, and a
// second set of tracking tables works once it has its own lock table.
func runMistypedHistoryTable(t *testing.T, e *env) {
	ctx := context.Background()
	fsys := files("001_users.sql", users)
	e.up(e.migrator(fsys))
	typo := e.migrator(fsys, strata.WithTables("schema_migration", "migration_locks"))
	check := func(cmd string, err error) {
		t.Helper()
		if !errors.Is(err, strata.ErrHistoryLost) || !strings.Contains(err.Error(), "did you mean --history-table schema_migrations?") ||
			!strings.Contains(err.Error(), "Nothing was dropped") || strings.Contains(err.Error(), "restore") {
			t.Fatalf("%s with a mistyped history table: want the typo named, got %v", cmd, err)
		}
	}
	_, err := typo.Status(ctx)
	check("status", err)
	_, err = typo.Up(ctx)
	check("up", err)
	if e.tableExists("schema_migration") {
		t.Fatal("up created the mistyped history table")
	}
	// A second set with its own lock table is a new set.
	second := e.migrator(files("001_other.sql", "CREATE TABLE other1 (id INTEGER);\n"), strata.WithTables("app_history", "app_history_locks"))
	if r := e.up(second); len(r) != 1 {
		t.Fatalf("the second set applied %+v, want 001", r)
	}
	e.wantStates(e.migrator(fsys), map[string]string{"1": "applied"})
}

// Table names the dialect cannot hold are a usage error before anything
// connects, not the database's raw SQL error.
func runBadTableNames(t *testing.T, e *env) {
	names := [][2]string{{"a.b.c", "migration_locks"}, {"schema_migrations", "x.y.z"}}
	if e.dialect == strata.SQLite {
		names = append(names, [2]string{"other.hist", "migration_locks"})
	}
	for _, n := range names {
		_, err := strata.New(e.db.DB, e.dialect, files(), strata.WithTables(n[0], n[1]))
		if !errors.Is(err, strata.ErrUsage) || !strings.Contains(err.Error(), "table name") {
			t.Errorf("tables %q, %q: want a usage error naming the table, got %v", n[0], n[1], err)
		}
	}
	if e.dialect == strata.SQLite {
		if _, err := strata.New(e.db.DB, e.dialect, files(), strata.WithTables("main.hist", "main.locks")); err != nil {
			t.Errorf("main.hist on SQLite: %v", err)
		}
	}
}

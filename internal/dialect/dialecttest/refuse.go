package dialecttest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/strata-db/strata"
)

// Migration content that strata cannot run as written must be refused
// before anything of the run executes, by up, its dry run, down, redo and
// validate alike, naming the file, the line and the statement, and leaving
// the database exactly as it was.

func init() {
	cases = append(cases,
		testCase{"RefusedBeforeAnythingRuns", runRefused},
		testCase{"SavepointsInsideTheTransaction", runSavepoints},
		testCase{"DropTheSessionSchema", runDropSessionSchema})
}

// A hostile migration: statement stmt of its section, on line line, is
// refused with kind.
type hostile struct {
	name    string
	on      string // dialects, e.g. "postgres mysql"; "" for all
	sql     string
	kind    error
	line    int
	stmt    int    // 0 for refusals about the file, not a statement
	message string // fragment of the error
}

var hostiles = []hostile{
	// A1: transaction control, in any section. The first three are the
	// issue's reproductions.
	{"pg rollback mid-migration", "postgres", "CREATE TABLE a1 (id int);\nROLLBACK;\nCREATE TABLE a2 (id int);\n", strata.ErrTransactionControl, 2, 2, "ROLLBACK"},
	{"mariadb start transaction", "mysql", "CREATE TABLE t1 (id INT);\nSTART TRANSACTION;\nINSERT INTO t1 VALUES (1);\nROLLBACK;\n", strata.ErrTransactionControl, 2, 2, "START TRANSACTION"},
	{"sqlite begin commit", "sqlite", "CREATE TABLE a1 (id INTEGER);\nBEGIN;\nCREATE TABLE a2 (id INTEGER);\nCOMMIT;\n", strata.ErrTransactionControl, 2, 2, "BEGIN"},
	{"commit then more", "", "CREATE TABLE a1 (id INTEGER);\nCOMMIT;\nCREATE TABLE a2 (id INTEGER);\n", strata.ErrTransactionControl, 2, 2, "COMMIT"},
	{"in a no-transaction section", "", "-- strata:no-transaction\nCREATE TABLE a1 (id INTEGER);\nBEGIN;\nINSERT INTO a1 VALUES (1);\nCOMMIT;\n", strata.ErrTransactionControl, 3, 2, "BEGIN"},
	{"pg end and abort", "postgres", "CREATE TABLE a1 (id int);\nEND;\n", strata.ErrTransactionControl, 2, 2, "END"},
	{"pg prepare transaction", "postgres", "CREATE TABLE a1 (id int);\nPREPARE TRANSACTION 'x';\n", strata.ErrTransactionControl, 2, 2, "PREPARE TRANSACTION"},
	{"mysql autocommit", "mysql", "CREATE TABLE a1 (id INT);\nSET autocommit = 0;\nINSERT INTO a1 VALUES (1);\n", strata.ErrTransactionControl, 2, 2, "SET autocommit"},
	{"mysqldump no-autocommit", "mysql", "CREATE TABLE a1 (id INT);\nSET @OLD_AUTOCOMMIT=@@AUTOCOMMIT, @@AUTOCOMMIT=0;\nINSERT INTO a1 VALUES (1);\nCOMMIT;\n", strata.ErrTransactionControl, 2, 2, "SET autocommit"},
	{"mysql xa", "mysql", "CREATE TABLE a1 (id INT);\nXA START 'x';\n", strata.ErrTransactionControl, 2, 2, "XA START"},
	{"savepoint without a transaction", "mysql", "CREATE TABLE a1 (id INT);\nSAVEPOINT s;\nINSERT INTO a1 VALUES (1);\nROLLBACK TO s;\n", strata.ErrTransactionControl, 2, 2, "needs a transaction"},
	{"savepoint in a no-transaction section", "postgres sqlite", "-- strata:no-transaction\nCREATE TABLE a1 (id INTEGER);\nSAVEPOINT s;\n", strata.ErrTransactionControl, 3, 2, "needs a transaction"},
	// A2: what undoes strata's session.
	{"mysqldump table locks", "mysql", "CREATE TABLE a1 (id INT);\nLOCK TABLES `a1` WRITE;\nINSERT INTO `a1` VALUES (1);\nUNLOCK TABLES;\n", strata.ErrUnsupportedStatement, 2, 2, "LOCK TABLES"},
	{"flush with read lock", "mysql", "CREATE TABLE a1 (id INT);\nFLUSH TABLES WITH READ LOCK;\n", strata.ErrUnsupportedStatement, 2, 2, "READ LOCK"},
	{"discard all", "postgres", "-- strata:no-transaction\nCREATE TABLE a1 (id int);\nDISCARD ALL;\n", strata.ErrUnsupportedStatement, 3, 2, "DISCARD ALL"},
	{"advisory unlock all", "postgres", "CREATE TABLE a1 (id int);\nSELECT pg_advisory_unlock_all();\n", strata.ErrUnsupportedStatement, 2, 2, "pg_advisory_unlock_all"},
	{"standard_conforming_strings off", "postgres", "CREATE TABLE a1 (id int);\nSET standard_conforming_strings = off;\nINSERT INTO a1 VALUES (length('\\'));\n", strata.ErrUnsupportedStatement, 2, 2, "standard_conforming_strings"},
	// D16: client commands and dump data the driver cannot send.
	{"mysql source", "mysql", "CREATE TABLE a1 (id INT);\nsource other.sql\nCREATE TABLE a2 (id INT);\n", strata.ErrInvalidFiles, 2, 0, "source"},
	{"pg copy from stdin", "postgres", "CREATE TABLE a1 (id int, v text);\nCOPY a1 (id, v) FROM stdin;\n1\tit's\n\\.\n", strata.ErrInvalidFiles, 2, 0, "FROM STDIN"},
	{"pg_dump restrict", "postgres", "\\restrict abc\nCREATE TABLE a1 (id int);\n", strata.ErrInvalidFiles, 1, 0, "\\restrict"},
	{"sqlite shell command", "sqlite", "CREATE TABLE a1 (id INTEGER);\n.read other.sql\n", strata.ErrInvalidFiles, 2, 0, ".read"},
	// D16: cannot run inside the transaction the section runs in.
	{"detach partition concurrently", "postgres", "CREATE TABLE a1 (id int);\nALTER TABLE ONLY public.m DETACH PARTITION public.m_2024 CONCURRENTLY;\n", strata.ErrNeedsNoTransaction, 2, 2, "DETACH PARTITION"},
	{"lock outside a transaction", "postgres", "-- strata:no-transaction\nCREATE TABLE a1 (id int);\nLOCK TABLE a1;\n", strata.ErrNeedsTransaction, 3, 2, "LOCK TABLE"},
	{"cursor outside a transaction", "postgres", "-- strata:no-transaction\nDECLARE c CURSOR FOR SELECT 1;\n", strata.ErrNeedsTransaction, 2, 1, "DECLARE"},
	{"reindex schema", "postgres", "CREATE TABLE a1 (id int);\nREINDEX SCHEMA public;\n", strata.ErrNeedsNoTransaction, 2, 2, "REINDEX SCHEMA"},
	// A3: strata's own tables.
	{"qualified drop", "postgres", "CREATE TABLE a1 (id int);\nDROP TABLE public.schema_migrations;\n", strata.ErrTouchesTracking, 2, 2, "schema_migrations"},
	{"qualified drop", "mysql", "CREATE TABLE a1 (id INT);\nDROP TABLE `%db%`.schema_migrations;\n", strata.ErrTouchesTracking, 2, 2, "schema_migrations"},
	{"create or replace", "mysql", "CREATE OR REPLACE TABLE schema_migrations (id INT);\n", strata.ErrTouchesTracking, 1, 1, "replaces"},
	{"quoted drop", "postgres sqlite", "DROP TABLE IF EXISTS a0, \"migration_locks\";\n", strata.ErrTouchesTracking, 1, 1, "migration_locks"},
	{"rename over", "", "CREATE TABLE a1 (id INTEGER);\nALTER TABLE a1 RENAME TO schema_migrations;\n", strata.ErrTouchesTracking, 2, 2, "renames"},
	{"rename table", "mysql", "CREATE TABLE a1 (id INT);\nRENAME TABLE schema_migrations TO old_history, a1 TO schema_migrations;\n", strata.ErrTouchesTracking, 2, 2, "renames"},
	{"truncate", "postgres mysql", "TRUNCATE schema_migrations;\n", strata.ErrTouchesTracking, 1, 1, "truncates"},
	{"replace into", "mysql sqlite", "REPLACE INTO schema_migrations (id) VALUES (1);\n", strata.ErrTouchesTracking, 1, 1, "writes to"},
	{"update", "", "UPDATE schema_migrations SET success = success;\n", strata.ErrTouchesTracking, 1, 1, "writes to"},
	{"trigger body", "sqlite", "CREATE TRIGGER t AFTER INSERT ON users BEGIN DELETE FROM schema_migrations; END;\n", strata.ErrTouchesTracking, 1, 1, "deletes from"},
	{"do block", "postgres", "DO $$ BEGIN DELETE FROM schema_migrations; END $$;\n", strata.ErrTouchesTracking, 1, 1, "deletes from"},
	// Issue 13, the guard's remaining holes: names spelt otherwise,
	// strata's other objects, and what hands its session or lock over.
	{"unicode-escape name", "postgres", "CREATE TABLE a1 (id int);\nDROP TABLE U&\"\\0073chema_migrations\";\n", strata.ErrTouchesTracking, 2, 2, "drops schema_migrations"},
	{"unicode-escape with uescape", "postgres", "TRUNCATE public.U&\"migration!005flocks\" UESCAPE '!';\n", strata.ErrTouchesTracking, 1, 1, "truncates migration_locks"},
	{"drop owned", "postgres", "CREATE TABLE a1 (id int);\nDROP OWNED BY CURRENT_USER;\n", strata.ErrUnsupportedStatement, 2, 2, "DROP OWNED"},
	{"drop history function", "postgres", "DROP FUNCTION get_migration_history();\n", strata.ErrTouchesTracking, 1, 1, "drops get_migration_history"},
	{"replace version function", "postgres", "CREATE OR REPLACE FUNCTION public.get_current_schema_version() RETURNS text LANGUAGE sql AS $$ SELECT '999' $$;\n", strata.ErrTouchesTracking, 1, 1, "replaces"},
	{"rename history function", "postgres", "ALTER FUNCTION get_migration_history() RENAME TO old_history;\n", strata.ErrTouchesTracking, 1, 1, "alters"},
	{"restart id sequence", "postgres", "ALTER SEQUENCE schema_migrations_id_seq RESTART WITH 1;\n", strata.ErrTouchesTracking, 1, 1, "schema_migrations_id_seq"},
	{"setval of the id sequence", "postgres", "SELECT setval('schema_migrations_id_seq', 1);\n", strata.ErrTouchesTracking, 1, 1, "resets"},
	{"drop id sequence", "postgres", "DROP SEQUENCE IF EXISTS schema_migrations_id_seq CASCADE;\n", strata.ErrTouchesTracking, 1, 1, "drops"},
	{"spaced-out qualified name", "mysql", "CREATE TABLE a1 (id INT);\nDROP TABLE `%db%` . /* the history */ `schema_migrations`;\n", strata.ErrTouchesTracking, 2, 2, "drops"},
	{"optimize", "mysql", "OPTIMIZE TABLE a0, schema_migrations;\n", strata.ErrTouchesTracking, 1, 1, "rebuilds"},
	{"repair", "mysql", "REPAIR TABLE migration_locks;\n", strata.ErrTouchesTracking, 1, 1, "repairs"},
	{"handler", "mysql", "HANDLER schema_migrations OPEN;\n", strata.ErrTouchesTracking, 1, 1, "handler"},
	{"release strata's lock", "mysql", "CREATE TABLE a1 (id INT);\nDO RELEASE_LOCK(CONCAT('strata_', SHA1(CONCAT(DATABASE(), '.migration_locks'))));\n", strata.ErrUnsupportedStatement, 2, 2, "RELEASE_LOCK"},
	{"release a strata_ lock", "mysql", "SELECT RELEASE_LOCK('strata_0123');\n", strata.ErrUnsupportedStatement, 1, 1, "RELEASE_LOCK"},
	{"completion type release", "mysql", "CREATE TABLE a1 (id INT);\nSET completion_type = 2;\n", strata.ErrUnsupportedStatement, 2, 2, "completion_type"},
	{"completion type chain", "mysql", "SET SESSION completion_type = 'CHAIN';\n", strata.ErrUnsupportedStatement, 1, 1, "completion_type"},
	{"commit release", "mysql", "CREATE TABLE a1 (id INT);\nCOMMIT RELEASE;\n", strata.ErrTransactionControl, 2, 2, "COMMIT"},
	{"backup stage", "mysql", "BACKUP STAGE START;\n", strata.ErrUnsupportedStatement, 1, 1, "BACKUP STAGE"},
	{"backup lock", "mysql", "CREATE TABLE a1 (id INT);\nBACKUP LOCK a1;\n", strata.ErrUnsupportedStatement, 2, 2, "BACKUP LOCK"},
}

// snapshot is what the database holds: its tables, strata's rows, the
// rows of users.
func (e *env) snapshot() string {
	e.t.Helper()
	var tables string
	q := "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'view') ORDER BY name"
	switch e.dialect {
	case strata.Postgres:
		q = "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace ORDER BY relname"
	case strata.MySQL:
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name"
	}
	rows, err := e.db.DB.Query(q)
	if err != nil {
		e.t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables += n + " "
	}
	rows.Close()
	var n, maxID, users, locks int
	if err := e.db.DB.QueryRow("SELECT count(*), COALESCE(max(id), 0) FROM schema_migrations").Scan(&n, &maxID); err != nil {
		e.t.Fatal(err)
	}
	e.db.DB.QueryRow("SELECT count(*) FROM users").Scan(&users)
	e.db.DB.QueryRow("SELECT count(*) FROM migration_locks").Scan(&locks)
	return fmt.Sprintf("tables %s; history %d rows up to #%d; users %d rows; lock rows %d", tables, n, maxID, users, locks)
}

func runRefused(t *testing.T, e *env) {
	ctx := context.Background()
	// users is applied, with a down section strata can run; 002 is
	// pending and fine, so that an up that starts anything shows.
	good := "CREATE TABLE good2 (id INTEGER PRIMARY KEY);\nINSERT INTO users (id, email) VALUES (1, 'a@b');\n-- strata:down\nDROP TABLE good2;\n"
	e.up(e.migrator(files("001_users.sql", users)))
	var dbName string
	if e.dialect == strata.MySQL {
		e.db.DB.QueryRow("SELECT DATABASE()").Scan(&dbName)
	}
	for _, h := range hostiles {
		if h.on != "" && !strings.Contains(h.on, string(e.dialect)) {
			continue
		}
		sql := strings.ReplaceAll(h.sql, "%db%", dbName)
		t.Run(h.name, func(t *testing.T) {
			before := e.snapshot()
			check := func(what string, err error, fileLine string) {
				t.Helper()
				var me *strata.MigrationError
				if !errors.Is(err, h.kind) || !errors.As(err, &me) || !strings.Contains(err.Error(), fileLine) || !strings.Contains(err.Error(), h.message) {
					t.Fatalf("%s: want %v at %s mentioning %q, got %v", what, h.kind, fileLine, h.message, err)
				}
				if me.Hint == "" || me.Statement != h.stmt {
					t.Errorf("%s: statement %d, hint %q; want statement %d and a hint", what, me.Statement, me.Hint, h.stmt)
				}
				if after := e.snapshot(); after != before {
					t.Fatalf("%s changed the database:\nbefore %s\nafter  %s", what, before, after)
				}
			}
			// As an up section, after a good pending migration.
			m := e.migrator(files("001_users.sql", users, "002_good.sql", good, "003_bad.sql", sql))
			at := fmt.Sprintf("003_bad.sql:%d", h.line)
			_, err := m.Up(ctx)
			check("up", err, at)
			_, err = m.Up(ctx, strata.DryRun())
			check("up --dry-run", err, at)
			p, err := m.Validate(ctx)
			if err != nil || len(p) != 1 || p[0].File != "003_bad.sql" || p[0].Line != h.line || p[0].Kind == "" {
				t.Errorf("validate: %+v, %v", p, err)
			}
			// As the down section of the latest applied migration.
			down := "CREATE TABLE d9 (id INTEGER);\n-- strata:down\n" + sql
			m = e.migrator(files("001_users.sql", users, "009_d.sql", down))
			e.up(m)
			before = e.snapshot()
			at = fmt.Sprintf("009_d.sql:%d", h.line+2)
			_, err = m.Down(ctx)
			check("down", err, at)
			_, err = m.Down(ctx, strata.DryRun())
			check("down --dry-run", err, at)
			_, err = m.Redo(ctx)
			check("redo", err, at)
			// Clean up by hand: 009 cannot be rolled back.
			if _, err := e.db.DB.Exec("DROP TABLE d9"); err != nil {
				t.Fatal(err)
			}
			if _, err := e.db.DB.Exec("DELETE FROM schema_migrations WHERE version = '9'"); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Savepoints nest inside the transaction strata runs a section in: they
// run, and a ROLLBACK TO undoes only the migration's own work.
func runSavepoints(t *testing.T, e *env) {
	if e.dialect == strata.MySQL {
		t.Skip("MySQL runs every statement on its own: savepoints are refused there (RefusedBeforeAnythingRuns)")
	}
	sp := "CREATE TABLE s1 (id INTEGER PRIMARY KEY);\nINSERT INTO s1 VALUES (1);\nSAVEPOINT before_two;\nINSERT INTO s1 VALUES (2);\n" +
		"ROLLBACK TO SAVEPOINT before_two;\nINSERT INTO s1 VALUES (3);\nRELEASE SAVEPOINT before_two;\n-- strata:down\nDROP TABLE s1;\n"
	if e.dialect == strata.Postgres {
		// So does what needs a transaction block.
		sp = "LOCK TABLE users IN SHARE MODE;\nDECLARE c CURSOR FOR SELECT 1;\nCLOSE c;\n" + sp
	}
	m := e.migrator(files("000_users.sql", users, "001_s.sql", sp))
	e.up(m)
	var n, sum int
	if err := e.db.DB.QueryRow("SELECT count(*), sum(id) FROM s1").Scan(&n, &sum); err != nil || n != 2 || sum != 4 {
		t.Fatalf("rows of s1: %d, sum %d, %v; want 1 and 3", n, sum, err)
	}
	e.wantStates(m, map[string]string{"0": "applied", "1": "applied"})
	if r, err := m.Redo(context.Background()); err != nil || len(r) != 2 {
		t.Fatalf("redo: %+v %v", r, err)
	}
}

// Dropping the schema (PostgreSQL) or database (MySQL) strata's session
// found its tables in is refused by up, down and redo, which plan again
// once the session is open, before they run anything.
func runDropSessionSchema(t *testing.T, e *env) {
	var drops []string
	switch e.dialect {
	case strata.Postgres:
		drops = []string{"DROP SCHEMA IF EXISTS public CASCADE;\n", "DROP SCHEMA public;\n", "ALTER SCHEMA public RENAME TO old_public;\n"}
	case strata.MySQL:
		var db string
		e.db.DB.QueryRow("SELECT DATABASE()").Scan(&db)
		drops = []string{"DROP DATABASE `" + db + "`;\n", "DROP SCHEMA IF EXISTS " + db + ";\n"}
	default:
		t.Skip("SQLite has no DROP SCHEMA or DATABASE")
	}
	e.up(e.migrator(files("001_users.sql", users)))
	for _, drop := range drops {
		t.Run(strings.Fields(drop)[0]+" "+strings.Fields(drop)[1], func(t *testing.T) { dropSessionSchema(t, e, drop) })
	}
}

// dropSessionSchema: the migration whose last statement is drop, which
// drops or renames the schema of strata's tables, is refused.
func dropSessionSchema(t *testing.T, e *env, drop string) {
	ctx := context.Background()
	before := e.snapshot()
	fsys := files("001_users.sql", users, "002_drop.sql", "CREATE TABLE d2 (id INTEGER);\n"+drop)
	// The checks that run before a deploy refuse it as up does, each on
	// a Migrator of its own that has not opened a run's session.
	if _, err := e.migrator(fsys).Up(ctx, strata.DryRun()); !errors.Is(err, strata.ErrTouchesTracking) || !strings.Contains(err.Error(), "schema of schema_migrations") {
		t.Fatalf("up --dry-run: want the drop of the session's schema refused, got %v", err)
	}
	problems, err := e.migrator(fsys).Validate(ctx)
	if err != nil || len(problems) != 1 || !strings.Contains(problems[0].Message, "schema of schema_migrations") {
		t.Fatalf("validate: want the drop of the session's schema as the one problem, got %+v, %v", problems, err)
	}
	m := e.migrator(fsys)
	if _, err := m.Up(ctx); !errors.Is(err, strata.ErrTouchesTracking) || !strings.Contains(err.Error(), "002_drop.sql:2") ||
		!strings.Contains(err.Error(), "schema of schema_migrations") {
		t.Fatalf("up: want the drop of the session's schema refused, got %v", err)
	}
	if after := e.snapshot(); after != before {
		t.Fatalf("up changed the database:\nbefore %s\nafter  %s", before, after)
	}
	m = e.migrator(files("001_users.sql", users+drop))
	if _, err := m.Down(ctx); !errors.Is(err, strata.ErrTouchesTracking) || !strings.Contains(err.Error(), "001_users.sql:4") {
		t.Fatalf("down: want the drop of the session's schema refused, got %v", err)
	}
	if _, err := m.Redo(ctx); !errors.Is(err, strata.ErrTouchesTracking) {
		t.Fatalf("redo: want the drop of the session's schema refused, got %v", err)
	}
	if after := e.snapshot(); after != before {
		t.Fatalf("down changed the database:\nbefore %s\nafter  %s", before, after)
	}
}

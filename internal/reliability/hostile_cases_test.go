package reliability

import (
	"fmt"
	"slices"
	"testing"
)

// The hostile cases. Refused cases name line 2 of 003_x.sql unless they
// say otherwise: its first line creates a table, so a refusal that comes
// after running anything shows in the database.

const hA1 = "CREATE TABLE a1 (id INTEGER);\n"

// A section kind: where a statement goes, the command that runs it, and
// the line it lands on.
type hostileKind struct {
	name  string
	files func(stmt string) map[string]string
	args  []string
	file  string
	line  int
}

var hostileKinds = []hostileKind{
	{"up", func(s string) map[string]string { return one("003_x.sql", hA1+s+"\n") }, []string{"up"}, "003_x.sql", 2},
	{"up_no_transaction", func(s string) map[string]string {
		return one("003_x.sql", "-- strata:no-transaction\n"+hA1+s+"\n")
	}, []string{"up"}, "003_x.sql", 3},
	// The down section of the latest applied migration (editing a down
	// section is allowed): down and redo run it.
	{"down", func(s string) map[string]string {
		return one("002_base_two.sql", biBase["002_base_two.sql"]+"-- strata:down\nDELETE FROM base_two;\n"+s+"\nDROP TABLE base_two;\n")
	}, []string{"down"}, "002_base_two.sql", 5},
	{"down_no_transaction", func(s string) map[string]string {
		return one("002_base_two.sql", biBase["002_base_two.sql"]+"-- strata:down\n-- strata:no-transaction\nDELETE FROM base_two;\n"+s+"\nDROP TABLE base_two;\n")
	}, []string{"redo"}, "002_base_two.sql", 6},
}

// refusedIn is a statement refused in every section kind.
func refusedIn(name string, on int, stmt, mention string, kinds ...string) []hostileCase {
	var out []hostileCase
	for _, k := range hostileKinds {
		if len(kinds) > 0 && !slices.Contains(kinds, k.name) {
			continue
		}
		out = append(out, hostileCase{biCase: biCase{name: name + "/" + k.name, on: on, files: k.files(stmt), args: k.args, code: 1,
			want: []string{fmt.Sprintf("%s:%d:", k.file, k.line), mention}}})
	}
	return out
}

// refused is a statement refused in an up section, on line 2.
func refused(name string, on int, stmt, mention string) hostileCase {
	return hostileCase{biCase: biCase{name: name, on: on, files: one("003_x.sql", hA1+stmt+"\n"), args: []string{"up"}, code: 1,
		want: []string{"003_x.sql:2:", mention}}}
}

// runs is an up section that must run, followed by the probe.
func runs(name string, on int, text string, check func(t *testing.T, h *hostileEnv)) hostileCase {
	return hostileCase{biCase: biCase{name: name, on: on, files: one("003_x.sql", text), args: []string{"up"}}, probe: true, check: check}
}

// count checks that q counts want on the case's database.
func countIs(q string, want int) func(t *testing.T, h *hostileEnv) {
	return func(t *testing.T, h *hostileEnv) {
		t.Helper()
		if n := hostileCount(t, h, h.expand(q)); n != want {
			t.Errorf("%s: %d, want %d", h.expand(q), n, want)
		}
	}
}

// pgFunctions is a hole this class found: strata's PostgreSQL functions
// are not guarded like its tables.
const pgFunctions = "found by this class: a migration may drop, replace or rename strata's PostgreSQL functions (get_migration_history, get_current_schema_version)"

func hostileCases() []hostileCase {
	var cs []hostileCase
	add := func(c ...hostileCase) { cs = append(cs, c...) }
	known := func(c hostileCase, hole string) hostileCase { c.known = hole; return c }
	knownAll := func(hole string, c []hostileCase) []hostileCase {
		for i := range c {
			c[i].known = hole
		}
		return c
	}

	// --- transaction control, in every kind of section ------------------
	add(refusedIn("tx/begin", onAll, "BEGIN;", "BEGIN")...)
	add(refusedIn("tx/start_transaction", onPostgres|onMySQL, "START TRANSACTION;", "START TRANSACTION")...)
	add(refusedIn("tx/commit", onAll, "COMMIT;", "COMMIT")...)
	add(refusedIn("tx/rollback", onAll, "ROLLBACK;", "ROLLBACK")...)
	add(refusedIn("tx/end", onPostgres|onSQLite, "END;", "END")...)
	add(refusedIn("tx/abort", onPostgres, "ABORT;", "ABORT")...)
	add(refusedIn("tx/commit_and_chain", onPostgres|onMySQL, "COMMIT AND CHAIN;", "COMMIT", "up", "down_no_transaction")...)
	add(refusedIn("tx/prepare_transaction", onPostgres, "PREPARE TRANSACTION 'x';", "PREPARE TRANSACTION", "up")...)
	add(refusedIn("tx/xa_start", onMySQL, "XA START 'x';", "XA", "up")...)
	add(refusedIn("tx/set_autocommit", onMySQL, "SET autocommit = 0;", "autocommit", "up", "down")...)
	add(refusedIn("tx/begin_transaction_sqlite", onSQLite, "BEGIN IMMEDIATE TRANSACTION;", "BEGIN", "up", "down")...)
	// Savepoints: fine where the section runs in a transaction, refused
	// where statements run one by one (MySQL, no-transaction).
	add(refusedIn("tx/savepoint", onMySQL, "SAVEPOINT s;", "SAVEPOINT")...)
	add(refusedIn("tx/savepoint", onPostgres|onSQLite, "SAVEPOINT s;", "SAVEPOINT", "up_no_transaction", "down_no_transaction")...)
	add(runs("tx/savepoint/up_runs", onPostgres|onSQLite,
		hA1+"SAVEPOINT s;\nINSERT INTO a1 VALUES (1);\nROLLBACK TO SAVEPOINT s;\nINSERT INTO a1 VALUES (2);\nRELEASE SAVEPOINT s;\n",
		countIs("SELECT count(*) FROM a1 WHERE id = 2 AND NOT EXISTS (SELECT 1 FROM a1 WHERE id = 1)", 1)))
	// completion_type makes strata's own COMMIT end the session (RELEASE)
	// or begin a transaction behind it (CHAIN).
	add(knownAll("MySQL completion_type", refusedIn("tx/completion_type", onMySQL, "SET SESSION completion_type = 'RELEASE';", "completion_type", "up", "down"))...)

	// --- session and database changes: they run, and nothing leaks -------
	for _, k := range []struct{ name, head string }{{"up", ""}, {"up_no_transaction", "-- strata:no-transaction\n"}} {
		add(
			runs("session/search_path/"+k.name, onPostgres, k.head+"CREATE SCHEMA app;\nSET search_path TO app, public;\nCREATE TABLE in_app (id int);\n",
				countIs("SELECT count(*) FROM pg_tables WHERE schemaname = 'app' AND tablename = 'in_app'", 1)),
			runs("session/set_config_search_path/"+k.name, onPostgres, k.head+"SELECT pg_catalog.set_config('search_path', '', false);\nCREATE TABLE public.a1 (id int);\n", nil),
			runs("session/read_only_default/"+k.name, onPostgres, k.head+hA1+"SET default_transaction_read_only = on;\n", nil),
			runs("session/replication_role/"+k.name, onPostgres, k.head+hA1+"SET session_replication_role = replica;\n", nil),
		)
	}
	add(
		runs("session/empty_search_path/up_no_transaction", onPostgres, "-- strata:no-transaction\nSET search_path = '';\nCREATE TABLE public.a1 (id int);\n", nil),
		runs("session/set_role/up", onPostgres, "GRANT CREATE ON SCHEMA public TO %role%;\nSET ROLE %role%;\n"+hA1,
			countIs("SELECT count(*) FROM pg_tables WHERE tablename = 'a1' AND tableowner = '%role%'", 1)),
		known(runs("session/set_role/up_no_transaction", onPostgres, "-- strata:no-transaction\nGRANT CREATE ON SCHEMA public TO %role%;\nSET ROLE %role%;\n"+hA1,
			countIs("SELECT count(*) FROM pg_tables WHERE tablename = 'a1' AND tableowner = '%role%'", 1)), "SET ROLE in no-transaction sections"),
		runs("session/pg_dump_header", onPostgres, `SET statement_timeout = '1h';
SET lock_timeout = 5000;
SET client_min_messages = warning;
SET check_function_bodies = false;
SET xmloption = content;
SET row_security = off;
SET TIME ZONE 'Asia/Tokyo';
`+hA1, nil),
		// MySQL: the current database and the session's settings.
		runs("session/use_other_database", onMySQL, hA1+"USE %other%;\nCREATE TABLE used_there (id INT);\n",
			countIs("SELECT count(*) FROM information_schema.tables WHERE table_schema = '%other%' AND table_name = 'used_there'", 1)),
		runs("session/use_other_database_and_back", onMySQL, "USE `%other%`;\nCREATE TABLE used_there2 (id INT);\nUSE %db%;\n"+hA1,
			countIs("SELECT count(*) FROM information_schema.tables WHERE table_schema = '%db%' AND table_name = 'a1'", 1)),
		runs("session/foreign_key_checks", onMySQL, "SET FOREIGN_KEY_CHECKS=0;\nCREATE TABLE child (id INT, p INT, FOREIGN KEY (p) REFERENCES parent_later (id));\n", nil),
		runs("session/foreign_key_checks_versioned_comment", onMySQL, "/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"+hA1, nil),
		runs("session/sql_mode", onMySQL, "SET SESSION sql_mode = 'ANSI_QUOTES,NO_BACKSLASH_ESCAPES';\nCREATE TABLE \"quoted\" (v VARCHAR(10) DEFAULT 'C:\\');\n",
			countIs("SELECT count(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'quoted'", 1)),
		known(runs("session/max_statement_time", onMySQL, hA1+"SET SESSION max_statement_time = 0.001;\n", nil),
			"found by this class: the migration's max_statement_time interrupts strata's own statements (restoring the session fails, exit 1)"),
		runs("session/read_only_transactions", onMySQL, hA1+"SET SESSION TRANSACTION READ ONLY;\n", nil),
		runs("session/isolation_and_safe_updates", onMySQL, hA1+"SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE;\nSET sql_safe_updates = 1, sql_notes = 0, unique_checks = 0;\nSET NAMES latin1;\nSET time_zone = '+09:00';\n", nil),
		// SQLite: an attached database and the pragmas.
		runs("session/attach", onSQLite, "-- strata:no-transaction\nATTACH DATABASE '%other%' AS aux;\nCREATE TABLE aux.kept (id INTEGER);\n"+hA1, nil),
		runs("session/pragmas", onSQLite, "-- strata:no-transaction\nPRAGMA foreign_keys = ON;\nPRAGMA legacy_alter_table = ON;\nPRAGMA recursive_triggers = 1;\n"+hA1, nil),
		runs("session/pragma_query_only", onSQLite, "-- strata:no-transaction\n"+hA1+"PRAGMA query_only = 1;\n", nil),
		known(runs("session/pragma_query_only_mid_section", onSQLite, "-- strata:no-transaction\nPRAGMA query_only = 1;\nPRAGMA query_only = 0;\n"+hA1, nil),
			"found by this class: PRAGMA query_only in a no-transaction section makes strata's progress write fail (SQLITE_READONLY)"),
		runs("session/pragma_journal_mode", onSQLite, "-- strata:no-transaction\nPRAGMA journal_mode = WAL;\n"+hA1, nil),
	)
	// In a down section: strata's record of the rollback stays where it
	// belongs.
	add(
		hostileCase{biCase: biCase{name: "session/set_config_search_path/down", on: onPostgres, args: []string{"down"},
			files: one("002_base_two.sql", biBase["002_base_two.sql"]+"-- strata:down\nSELECT pg_catalog.set_config('search_path', '', false);\nDROP TABLE public.base_two;\n")},
			history: []string{"2 down"}},
		hostileCase{biCase: biCase{name: "session/use_other_database/down", on: onMySQL, args: []string{"down"},
			files: one("002_base_two.sql", biBase["002_base_two.sql"]+"-- strata:down\nUSE %other%;\nDROP TABLE %db%.base_two;\n")},
			history: []string{"2 down"}},
		hostileCase{biCase: biCase{name: "session/attach/down", on: onSQLite, args: []string{"down"},
			files: one("002_base_two.sql", biBase["002_base_two.sql"]+"-- strata:down\n-- strata:no-transaction\nATTACH DATABASE '%other%' AS aux2;\nPRAGMA foreign_keys = ON;\nDROP TABLE base_two;\n")},
			history: []string{"2 down"}},
	)

	// --- dump files, made by the real programs ----------------------------
	pgRestrict := func(s string) string { return dropLines(s, `\restrict`, `\unrestrict`) }
	sandbox := func(s string) string { return dropLines(s, `/*M!999999\-`) }
	sqliteTx := func(s string) string { return dropLines(s, "BEGIN TRANSACTION;", "COMMIT;") }
	dumpRuns := func(name string, on int, dump func(*testing.T, *hostileEnv) (string, []string), check func(*testing.T, *hostileEnv)) hostileCase {
		return hostileCase{biCase: biCase{name: name, on: on, args: []string{"up"}}, dump: dump, probe: true, check: check}
	}
	dumpRefused := func(name string, on int, dump func(*testing.T, *hostileEnv) (string, []string), mention ...string) hostileCase {
		return hostileCase{biCase: biCase{name: name, on: on, args: []string{"up"}, code: 1, want: mention}, dump: dump}
	}
	dumped := func(t *testing.T, h *hostileEnv) {
		t.Helper()
		bio := map[string]string{"postgres": `it's; a \ backslash`, "mysql": `it's; a \ backslash`, "sqlite": `it's; a \ backslash`}[h.d]
		for q, want := range map[string]int{
			"SELECT count(*) FROM books": 2,
			"SELECT count(*) FROM books WHERE title LIKE '%not a comment%' OR title LIKE '%dollar%'": 1,
			"SELECT count(*) FROM cheap": map[string]int{"postgres": 1, "mysql": 2, "sqlite": 2}[h.d],
		} {
			if n := hostileCount(t, h, q); n != want {
				t.Errorf("%s: %d, want %d", q, n, want)
			}
		}
		var got string
		if err := h.db.DB.QueryRow("SELECT bio FROM authors WHERE name = 'ann'").Scan(&got); err != nil || got != bio {
			t.Errorf("the dumped text came back as %q (%v), want %q", got, err, bio)
		}
	}
	add(
		dumpRefused("dump/pg_dump", onPostgres, dumpCase("default", nil, startsWith(`\restrict`)), `\restrict`),
		dumpRefused("dump/pg_dump_without_restrict", onPostgres, dumpCase("default", pgRestrict, startsWith("COPY ")), "COPY", "--inserts"),
		dumpRuns("dump/pg_dump_inserts", onPostgres, dumpCase("inserts", pgRestrict, nil), dumped),
		dumpRuns("dump/pg_dump_clean_column_inserts", onPostgres, dumpCase("clean", pgRestrict, nil), dumped),
		// Refused today at its CREATE TABLE, after the CREATE FUNCTION
		// lines of strata's functions, which the guard lets through.
		known(dumpRefused("dump/pg_dump_of_a_strata_database", onPostgres, dumpCase("managed", pgRestrict, firstOwnObject), strataObjects), pgFunctions),
		dumpRefused("dump/mariadb_dump", onMySQL, dumpCase("default", nil, startsWith(`/*M!999999\-`)), "mariadb-dump"),
		dumpRefused("dump/mariadb_dump_without_sandbox_line", onMySQL, dumpCase("default", sandbox, startsWith("LOCK TABLES")), "LOCK TABLES", "--skip-add-locks"),
		dumpRuns("dump/mariadb_dump_skip_add_locks", onMySQL, dumpCase("skip_locks", sandbox, nil), dumped),
		// Split before its footer, the dump leaves its settings for
		// strata to undo.
		dumpRuns("dump/mariadb_dump_without_footer", onMySQL, dumpCase("skip_locks", pipe(sandbox, cutBefore("/*!40103 SET TIME_ZONE=@OLD_TIME_ZONE */;")), nil), dumped),
		dumpRuns("dump/mysqldump", onMySQL, dumpCase("mysqldump", sandbox, nil), dumped),
		dumpRefused("dump/mariadb_dump_of_a_strata_database", onMySQL, dumpCase("managed", sandbox, firstOwnObject), strataObjects),
		dumpRefused("dump/sqlite3_dump", onSQLite, dumpCase("default", nil, startsWith("BEGIN TRANSACTION;")), "BEGIN"),
		dumpRuns("dump/sqlite3_dump_without_transaction", onSQLite, dumpCase("default", sqliteTx, nil), dumped),
		dumpRefused("dump/sqlite3_dump_of_a_strata_database", onSQLite, dumpCase("managed", sqliteTx, firstOwnObject), strataObjects),
	)

	// --- strata's own tables and functions ----------------------------------
	const h, l = "schema_migrations", "migration_locks"
	add(
		refused("own/drop", onAll, "DROP TABLE schema_migrations;", h),
		refused("own/drop_if_exists_list", onAll, "DROP TABLE IF EXISTS a1, schema_migrations;", h),
		refused("own/drop_commented", onAll, "DROP /* the old one */ TABLE -- really\n  schema_migrations;", h),
		refused("own/drop_comment_glued", onAll, "DROP/**/TABLE/**/schema_migrations;", h),
		refused("own/drop_upper_case", onPostgres|onSQLite, "DROP TABLE SCHEMA_MIGRATIONS;", "SCHEMA_MIGRATIONS|"+h),
		refused("own/drop_quoted", onPostgres|onSQLite, `DROP TABLE "schema_migrations";`, h),
		refused("own/drop_backquoted", onMySQL|onSQLite, "DROP TABLE `schema_migrations`;", h),
		refused("own/drop_qualified", onPostgres, "DROP TABLE public.schema_migrations;", h),
		refused("own/drop_qualified_quoted", onPostgres, `DROP TABLE "public"."schema_migrations" CASCADE;`, h),
		refused("own/drop_qualified", onMySQL, "DROP TABLE %db%.schema_migrations;", h),
		refused("own/drop_qualified_quoted", onMySQL, "DROP TABLE `%db%`.`schema_migrations`;", h),
		refused("own/drop_qualified", onSQLite, "DROP TABLE main.schema_migrations;", h),
		refused("own/drop_qualified_quoted", onSQLite, `DROP TABLE "main"."schema_migrations";`, h),
		refused("own/truncate", onPostgres|onMySQL, "TRUNCATE schema_migrations;", h),
		refused("own/truncate_table_qualified", onPostgres, "TRUNCATE TABLE ONLY public.schema_migrations RESTART IDENTITY;", h),
		refused("own/alter_add_column", onAll, "ALTER TABLE schema_migrations ADD COLUMN extra INTEGER;", h),
		refused("own/alter_drop_column", onAll, "ALTER TABLE schema_migrations DROP COLUMN warnings;", h),
		refused("own/rename_away", onAll, "ALTER TABLE schema_migrations RENAME TO old_history;", h),
		refused("own/rename_onto", onAll, "ALTER TABLE a1 RENAME TO schema_migrations;", h),
		refused("own/rename_table", onMySQL, "RENAME TABLE schema_migrations TO old_history;", h),
		refused("own/create_if_not_exists", onAll, "CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER);", h),
		refused("own/create_or_replace", onMySQL, "CREATE OR REPLACE TABLE schema_migrations (id INT);", h),
		refused("own/create_or_replace_qualified", onMySQL, "CREATE OR REPLACE TABLE `%db%`.schema_migrations (id INT);", h),
		refused("own/delete", onAll, "DELETE FROM schema_migrations WHERE version = '2';", h),
		refused("own/update", onAll, "UPDATE schema_migrations SET success = success;", h),
		refused("own/insert", onAll, "INSERT INTO schema_migrations (version) VALUES ('9');", h),
		refused("own/replace_into", onMySQL|onSQLite, "REPLACE INTO schema_migrations (id) VALUES (1);", h),
		refused("own/index", onAll, "CREATE INDEX sm_extra ON schema_migrations (version);", h),
		refused("own/trigger", onSQLite, "CREATE TRIGGER tr AFTER INSERT ON a1 BEGIN DELETE FROM schema_migrations; END;", h),
		refused("own/do_block", onPostgres, "DO $$ BEGIN DELETE FROM schema_migrations; END $$;", h),
		refused("own/lock_delete", onAll, "DELETE FROM migration_locks;", l),
		refused("own/lock_drop", onAll, "DROP TABLE migration_locks;", l),
		refused("own/lock_truncate", onPostgres|onMySQL, "TRUNCATE TABLE migration_locks;", l),
		refused("own/lock_insert", onAll, "INSERT INTO migration_locks (owner) VALUES ('x');", l),
		refused("own/lock_update_qualified", onPostgres, "UPDATE public.migration_locks SET heartbeat_at = now();", l),
		refused("own/drop_schema", onPostgres, "DROP SCHEMA public CASCADE;", "public"),
		refused("own/drop_database", onMySQL, "DROP DATABASE %db%;", "%db%"),
		known(refused("own/function_drop", onPostgres, "DROP FUNCTION get_migration_history();", "get_migration_history"), pgFunctions),
		known(refused("own/function_replace", onPostgres, "CREATE OR REPLACE FUNCTION public.get_current_schema_version() RETURNS text LANGUAGE sql AS $$ SELECT '999' $$;", "get_current_schema_version"), pgFunctions),
		known(refused("own/function_rename", onPostgres, "ALTER FUNCTION get_current_schema_version() RENAME TO old_version;", "get_current_schema_version"), pgFunctions),
		// Holes other changes close.
		known(refused("own/drop_owned", onPostgres, "DROP OWNED BY CURRENT_USER;", "DROP OWNED"), "DROP OWNED"),
		known(refused("own/unicode_identifier", onPostgres, `DROP TABLE U&"schema\005fmigrations";`, "schema_migrations"), "U& identifiers"),
		known(refused("own/dynamic_sql", onPostgres, "DO $$ BEGIN EXECUTE 'DROP TABLE schema_migrations'; END $$;", h), "dynamic SQL"),
		// A name built at run time passes the guard: TestDynamicEmptyingOfHistory.
		known(refused("own/prepared_statement", onMySQL, "PREPARE s FROM 'DROP TABLE schema_migrations';", h), "dynamic SQL"),
		known(refused("own/release_lock", onMySQL, "SELECT RELEASE_LOCK(CONCAT('strata_', SHA1(CONCAT(DATABASE(), '.migration_locks'))));", "RELEASE_LOCK"), "RELEASE_LOCK"),
		// A MariaDB BEGIN NOT ATOMIC block runs at once: what it holds is
		// refused as at the top level (trial 2, F9: two runners collided).
		refused("own/release_lock_not_atomic", onMySQL, "BEGIN NOT ATOMIC DO RELEASE_LOCK(CONCAT('strata_', SHA1(CONCAT(DATABASE(), '.migration_locks')))); END;", "RELEASE_LOCK"),
		refused("tx/commit_not_atomic", onMySQL, "BEGIN NOT ATOMIC IF 1 THEN COMMIT; END IF; END;", "COMMIT"),
		refused("tx/lock_tables_not_atomic", onMySQL, "BEGIN NOT ATOMIC LOCK TABLES a1 WRITE; END;", "LOCK TABLES"),
		// Reading them is fine.
		runs("own/read_history", onAll, hA1+"INSERT INTO a1 SELECT count(*) FROM schema_migrations;\n",
			countIs("SELECT count(*) FROM a1 WHERE id = 2", 1)),
	)
	// The cases of this class that came from badinput_test.go, with
	// their exact messages and the dry run and validate.
	add(hostileFromBadInput()...)
	return cs
}

func hostileFromBadInput() []hostileCase {
	up := []string{"up"}
	var out []hostileCase
	for _, c := range []biCase{
		{name: "refuse/drops_history_table", on: onAll, files: one("003_x.sql", "CREATE TABLE x3 (id INTEGER);\nDROP TABLE schema_migrations;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "schema_migrations"}},
		{name: "refuse/edits_lock_table", on: onAll, files: one("003_x.sql", "DELETE FROM migration_locks;\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "migration_locks"}},
		// Transaction control, in any section (issue 13, A1): the
		// reproductions of the issue.
		{name: "refuse/pg_rollback_mid_migration", on: onPostgres, files: one("003_x.sql", "CREATE TABLE a1 (id int);\nROLLBACK;\nCREATE TABLE a2 (id int);\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "statement 2", "ROLLBACK", "delete the transaction statements"}},
		{name: "refuse/pg_commit_then_error", on: onPostgres, files: one("003_x.sql", "CREATE TABLE a1 (id int);\nCOMMIT;\nSELEC 1;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "COMMIT"}},
		{name: "refuse/mariadb_start_transaction_rollback", on: onMySQL,
			files: one("003_x.sql", "CREATE TABLE t3 (id INT);\nSTART TRANSACTION;\nINSERT INTO t3 VALUES (1);\nROLLBACK;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "START TRANSACTION"}},
		{name: "refuse/sqlite_begin_commit", on: onSQLite, files: one("003_x.sql", "CREATE TABLE a1 (id INTEGER);\nBEGIN;\nINSERT INTO a1 VALUES (1);\nCOMMIT;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "BEGIN"}},
		{name: "refuse/commit_in_no_transaction_section", on: onAll,
			files: one("003_x.sql", "-- strata:no-transaction\nCREATE TABLE a1 (id INTEGER);\nCOMMIT;\n"), args: up, code: 1,
			want: []string{"003_x.sql:3:", "COMMIT"}},
		{name: "refuse/transaction_control_dry_run", on: onAll, files: one("003_x.sql", "CREATE TABLE a1 (id INTEGER);\nROLLBACK;\n"), args: []string{"up", "--dry-run"}, code: 1,
			want: []string{"003_x.sql:2:", "ROLLBACK"}},
		{name: "refuse/transaction_control_validate", on: onAll, files: one("003_x.sql", "CREATE TABLE a1 (id INTEGER);\nROLLBACK;\n"), args: []string{"validate"}, code: 3,
			want: []string{"003_x.sql:2", "ROLLBACK"}},
		// In the down section of the latest applied migration (an edit of
		// a down section is allowed): down and redo refuse it.
		{name: "refuse/transaction_control_down", on: onAll,
			files: one("002_base_two.sql", biBase["002_base_two.sql"]+"-- strata:down\nDELETE FROM base_two;\nCOMMIT;\nDROP TABLE base_two;\n"), args: []string{"down"}, code: 1,
			want: []string{"002_base_two.sql:5:", "COMMIT"}},
		{name: "refuse/transaction_control_redo", on: onAll,
			files: one("002_base_two.sql", biBase["002_base_two.sql"]+"-- strata:down\nBEGIN;\nDROP TABLE base_two;\n"), args: []string{"redo"}, code: 1,
			want: []string{"002_base_two.sql:4:", "BEGIN"}},
		// Dump files (issue 13, A2 and D16), excerpts of real pg_dump 15 and
		// mariadb-dump 10.11 output.
		{name: "refuse/mysqldump_lock_tables", on: onMySQL, files: one("003_dump.sql", mysqldumpExcerpt), args: up, code: 1,
			want: []string{"003_dump.sql:16:", "LOCK TABLES", "--skip-add-locks"}},
		{name: "refuse/mariadb_dump_sandbox_line", on: onMySQL, files: one("003_dump.sql", "/*M!999999\\- enable the sandbox mode */ \n"+mysqldumpExcerpt), args: up, code: 1,
			want: []string{"003_dump.sql:1:", "\\-", "mariadb-dump"}},
		{name: "refuse/pg_dump_copy_from_stdin", on: onPostgres, files: one("003_dump.sql", pgDumpExcerpt), args: up, code: 1,
			want: []string{"003_dump.sql:14:", "COPY", "pg_dump --inserts"}},
		{name: "refuse/pg_dump_restrict", on: onPostgres, files: one("003_dump.sql", "\\restrict sdMla8dcvl7WvMJmUdr5\n\n"+pgDumpExcerpt), args: up, code: 1,
			want: []string{"003_dump.sql:1:", "\\restrict"}},
		{name: "refuse/mysql_source", on: onMySQL, files: one("003_x.sql", "CREATE TABLE a1 (id INT);\nsource 004_more.sql\nCREATE TABLE a2 (id INT);\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "source", "not SQL"}},
		{name: "refuse/sqlite_read", on: onSQLite, files: one("003_x.sql", "CREATE TABLE a1 (id INTEGER);\n.read more.sql\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", ".read", "not SQL"}},
		{name: "refuse/detach_partition_concurrently", on: onPostgres,
			files: one("003_x.sql", "CREATE TABLE a1 (id int);\nALTER TABLE ONLY public.measurements DETACH PARTITION public.measurements_2024 CONCURRENTLY;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "DETACH PARTITION", "no-transaction"}},
		// strata's own tables (issue 13, A3).
		{name: "refuse/qualified_drop_of_history", on: onPostgres, files: one("003_x.sql", "DROP TABLE public.schema_migrations;\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "drops schema_migrations"}},
		{name: "refuse/list_drop_of_history", on: onAll, files: one("003_x.sql", "CREATE TABLE a1 (id INTEGER);\nDROP TABLE IF EXISTS a1, \"schema_migrations\";\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "drops schema_migrations"}},
		{name: "refuse/create_or_replace_history", on: onMySQL, files: one("003_x.sql", "CREATE OR REPLACE TABLE schema_migrations (id INT);\n"), args: up, code: 1,
			want: []string{"003_x.sql:1:", "replaces schema_migrations"}},
		{name: "refuse/rename_onto_history", on: onAll, files: one("003_x.sql", "CREATE TABLE a1 (id INTEGER);\nALTER TABLE a1 RENAME TO schema_migrations;\n"), args: up, code: 1,
			want: []string{"003_x.sql:2:", "schema_migrations"}},
		// A second set of tracking tables has a lock table of its own: one
		// beside the first set's lock table is taken for a typo.
		{name: "refuse/configured_history_table", on: onSQLite, config: "history_table = \"ops_history\"\nlock_table = \"ops_locks\"\n",
			files: one("003_x.sql", "DELETE FROM ops_history;\n"), args: []string{"validate"}, code: 3, want: []string{"003_x.sql:1", "ops_history"}},
	} {
		out = append(out, hostileCase{biCase: c})
	}
	return out
}

// mysqldumpExcerpt is mariadb-dump 10.11 output of one table with its
// rows (after the sandbox line), as a migration file.
const mysqldumpExcerpt = `-- MariaDB dump 10.19  Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)
--
-- Host: 127.0.0.1    Database: dump_src
/*!40101 SET NAMES utf8mb4 */;
/*!40014 SET @OLD_UNIQUE_CHECKS=@@UNIQUE_CHECKS, UNIQUE_CHECKS=0 */;

DROP TABLE IF EXISTS ` + "`users`" + `;
CREATE TABLE ` + "`users`" + ` (
  ` + "`id`" + ` int(11) NOT NULL AUTO_INCREMENT,
  ` + "`name`" + ` varchar(50) NOT NULL,
  PRIMARY KEY (` + "`id`" + `)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Dumping data for table ` + "`users`" + `

LOCK TABLES ` + "`users`" + ` WRITE;
/*!40000 ALTER TABLE ` + "`users`" + ` DISABLE KEYS */;
INSERT INTO ` + "`users`" + ` VALUES
(1,'ann'),
(2,'bob');
/*!40000 ALTER TABLE ` + "`users`" + ` ENABLE KEYS */;
UNLOCK TABLES;
`

// pgDumpExcerpt is pg_dump 15 output of one table with its rows (without
// the \restrict line), as a migration file.
const pgDumpExcerpt = `SET statement_timeout = 0;
SET client_encoding = 'UTF8';

CREATE TABLE public.users (
    id integer NOT NULL,
    name text NOT NULL,
    note text
);

--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: postgres
--

COPY public.users (id, name, note) FROM stdin;
1	ann	it's
2	bob	back\\slash; semi
\.

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);
`

package strata

import (
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// TestTouchedTable is the guard on strata's own tables, statement form by
// statement form, on each dialect: every way of dropping, replacing,
// renaming, altering, truncating or writing a table, qualified or not,
// quoted or not, is refused; reading is not.
func TestTouchedTable(t *testing.T) {
	const (
		pg = 1 << iota
		my
		lite
		all = pg | my | lite
	)
	dialects := map[int]sqlsplit.Syntax{pg: sqlsplit.Postgres, my: sqlsplit.MySQL, lite: sqlsplit.SQLite}
	plain := []string{"schema_migrations", "migration_locks"}
	ops := []string{"ops.hist", "ops.locks"}
	hist := []string{"history", "locks"}
	session := []string{"schema_migrations", "migration_locks", "App"} // the session's schema is known
	cases := []struct {
		on     int
		tables []string // nil: the default names
		sql    string
		want   string // what the refusal says the statement does; "" when allowed
	}{
		// drop
		{all, nil, "DROP TABLE schema_migrations", "drops schema_migrations"},
		{all, nil, "drop table if exists a, schema_migrations", "drops"},
		{pg, nil, "DROP TABLE IF EXISTS a, \"schema_migrations\" CASCADE", "drops"},
		{pg | my, nil, "DROP TABLE db.schema_migrations", "drops"},
		{my, nil, "DROP TABLE `db`.`schema_migrations`", "drops"},
		{my | lite, nil, "DROP TABLE `schema_migrations`", "drops"},
		{lite, nil, "DROP TABLE [schema_migrations]", "drops"},
		{lite, nil, "DROP TABLE 'schema_migrations'", "drops"},
		{my, nil, "DROP TEMPORARY TABLE IF EXISTS migration_locks", "drops migration_locks"},
		{my, nil, "/*!40101 DROP TABLE schema_migrations */", "drops"},
		{pg, nil, "DROP TABLE Schema_Migrations", "drops"},
		// spelt with escapes or doubled quotes, or spaced out
		{pg, nil, `DROP TABLE U&"\0073chema_migrations"`, "drops schema_migrations"},
		{pg, nil, `DROP TABLE public.U&"\+000073chema_migrations"`, "drops"},
		{pg, nil, `DROP TABLE U&"!0073chema_migrations" UESCAPE '!' CASCADE`, "drops"},
		{pg, nil, `TRUNCATE u&"migration\005flocks"`, "truncates migration_locks"},
		{pg, nil, `DO $$ BEGIN DROP TABLE U&"\0073chema_migrations"; END $$`, "drops"},
		{pg, nil, `DROP TABLE U&"\0073chema_migrations_old"`, ""},
		{my, nil, "DROP TABLE `db` . /* the history */ `schema_migrations`", "drops"},
		{my, nil, "DROP TABLE db.`schema_migrations`", "drops"},
		{my, nil, "DROP TABLE `schema``migrations`", ""},
		{pg | lite, nil, `DROP TABLE "schema""migrations"`, ""},
		{pg, nil, `DROP TABLE "public" . "schema_migrations"`, "drops"},
		// MySQL's dynamic SQL through a user variable
		{my, nil, "SET @q = 'DROP TABLE schema_migrations'", "drops schema_migrations"},
		{my, nil, "SET @a = 1, @q := 'TRUNCATE migration_locks'", "truncates migration_locks"},
		{my, nil, "SET @q = 'SELECT * FROM schema_migrations'", ""},
		{my, nil, "SET @q = 'a note on schema_migrations'", ""},
		// MySQL's table maintenance
		{my, nil, "OPTIMIZE TABLE schema_migrations", "rebuilds"},
		{my, nil, "OPTIMIZE NO_WRITE_TO_BINLOG TABLE a, `schema_migrations`", "rebuilds"},
		{my, nil, "REPAIR TABLE migration_locks QUICK", "repairs migration_locks"},
		{my, nil, "HANDLER schema_migrations OPEN", "opens a handler"},
		{my, nil, "HANDLER schema_migrations READ FIRST", "opens a handler"},
		{my, nil, "ANALYZE TABLE schema_migrations", ""},
		{my, nil, "CHECK TABLE schema_migrations", ""},
		{my, nil, "OPTIMIZE TABLE schema_migrations_old", ""},
		// PostgreSQL's id sequence and functions over the history
		{pg, nil, "DROP SEQUENCE schema_migrations_id_seq CASCADE", "drops schema_migrations_id_seq"},
		{pg, nil, "ALTER SEQUENCE public.schema_migrations_id_seq RESTART WITH 1", "alters"},
		{pg, nil, "ALTER SEQUENCE IF EXISTS \"schema_migrations_id_seq\" OWNED BY NONE", "alters"},
		{pg, nil, "DROP FUNCTION get_migration_history()", "drops get_migration_history"},
		{pg, nil, "DROP FUNCTION IF EXISTS a(int), public.get_current_schema_version", "drops get_current_schema_version"},
		{pg, nil, "CREATE OR REPLACE FUNCTION get_current_schema_version() RETURNS text LANGUAGE sql AS $$ SELECT '1' $$", "replaces"},
		{pg, nil, "ALTER FUNCTION get_migration_history() RENAME TO old_history", "alters"},
		{pg, nil, "ALTER ROUTINE f() RENAME TO get_migration_history", "alters"},
		{pg, nil, "DO $$ BEGIN DROP FUNCTION get_migration_history(); END $$", "drops"},
		{pg, ops, "DROP FUNCTION ops.get_migration_history()", "drops ops.get_migration_history"},
		{pg, ops, "DROP SEQUENCE ops.hist_id_seq", "drops ops.hist_id_seq"},
		{pg, ops, "DROP FUNCTION other.get_migration_history()", ""},
		{pg, nil, "SELECT * FROM get_migration_history()", ""},
		{pg, nil, "SELECT get_current_schema_version()", ""},
		{pg, nil, "CREATE VIEW v AS SELECT * FROM get_migration_history()", ""},
		{pg, nil, "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT get_current_schema_version() $$", ""},
		{pg, nil, "SELECT currval('schema_migrations_id_seq')", ""},
		{pg, nil, "SELECT setval('schema_migrations_id_seq', 1)", "resets schema_migrations_id_seq"},
		{pg, nil, "SELECT pg_catalog.setval('public.schema_migrations_id_seq', 1, false)", "resets"},
		{pg, ops, "SELECT setval('other.hist_id_seq', 1)", ""},
		{pg, nil, "SELECT setval('users_id_seq', 1)", ""},
		{pg, nil, "DROP SEQUENCE other_id_seq", ""},
		{pg, nil, "DROP TABLE get_migration_history", ""},
		{my | lite, nil, "DROP TABLE schema_migrations_id_seq", ""},
		// replace or create over it
		{my, nil, "CREATE OR REPLACE TABLE schema_migrations (id INT)", "replaces"},
		{all, nil, "CREATE TABLE IF NOT EXISTS schema_migrations (id INT)", "creates"},
		{pg | my, nil, "CREATE TEMPORARY TABLE schema_migrations (id INT)", "creates"},
		{pg, nil, "CREATE UNLOGGED TABLE public.schema_migrations (id INT)", "creates"},
		{pg, nil, "CREATE OR REPLACE VIEW schema_migrations AS SELECT 1", "replaces"},
		{pg, nil, "SELECT * INTO schema_migrations FROM other", "writes to"},
		// rename
		{my, nil, "RENAME TABLE a TO schema_migrations", "renames"},
		{my, nil, "RENAME TABLE a TO b, schema_migrations TO old_history", "renames"},
		{all, nil, "ALTER TABLE a RENAME TO schema_migrations", "renames"},
		{all, nil, "ALTER TABLE schema_migrations RENAME TO old_history", "alters"},
		{my, nil, "ALTER TABLE a EXCHANGE PARTITION p WITH TABLE schema_migrations", "exchanges rows"},
		{my, nil, "ALTER TABLE a RENAME schema_migrations", "renames"},
		{pg, nil, "ALTER TABLE a INHERIT schema_migrations", "inherit"},
		{pg, nil, "ALTER TABLE parent ATTACH PARTITION schema_migrations FOR VALUES IN ('1')", "partition"},
		{pg, nil, "ALTER TRIGGER t ON schema_migrations RENAME TO u", "trigger"},
		{pg, nil, "DROP POLICY p ON schema_migrations", "policy"},
		// alter
		{all, nil, "ALTER TABLE schema_migrations ADD COLUMN x INT", "alters"},
		{pg, nil, "ALTER TABLE ONLY public.schema_migrations ALTER COLUMN version TYPE int USING version::int", "alters"},
		{pg, nil, "ALTER TABLE IF EXISTS ONLY \"schema_migrations\" OWNER TO nobody", "alters"},
		{my, nil, "ALTER IGNORE TABLE schema_migrations ENGINE = MyISAM", "alters"},
		{pg | my, nil, "ALTER TABLE a ADD CONSTRAINT fk FOREIGN KEY (v) REFERENCES schema_migrations (id)", "foreign key"},
		{all, nil, "CREATE TABLE a (id INT REFERENCES schema_migrations (id))", "foreign key"},
		{pg | lite, nil, "CREATE INDEX i ON schema_migrations (version)", "index, trigger"},
		{my, nil, "CREATE UNIQUE INDEX i ON schema_migrations (version)", "index, trigger"},
		{my, nil, "DROP INDEX i ON schema_migrations", "index"},
		{all, nil, "CREATE TRIGGER t BEFORE INSERT ON schema_migrations FOR EACH ROW SELECT 1", "index, trigger"},
		{pg, nil, "CREATE RULE r AS ON INSERT TO schema_migrations DO INSTEAD NOTHING", "rule"},
		{pg, nil, "CREATE POLICY p ON schema_migrations USING (false)", "policy"},
		{pg, nil, "CREATE TABLE child () INHERITS (schema_migrations)", "inherit"},
		{pg, nil, "REVOKE ALL ON schema_migrations FROM PUBLIC", "revokes"},
		{pg | my, nil, "REVOKE ALL ON TABLE schema_migrations FROM reader", "revokes"},
		// truncate
		{pg | my, nil, "TRUNCATE schema_migrations", "truncates"},
		{pg | my, nil, "TRUNCATE TABLE ONLY a, schema_migrations RESTART IDENTITY", "truncates"},
		// write
		{all, nil, "INSERT INTO schema_migrations (version) VALUES ('1')", "writes to"},
		{my, nil, "INSERT IGNORE INTO schema_migrations VALUES (1)", "writes to"},
		{lite, nil, "INSERT OR REPLACE INTO schema_migrations VALUES (1)", "writes to"},
		{my | lite, nil, "REPLACE INTO schema_migrations VALUES (1)", "writes to"},
		{my, nil, "REPLACE schema_migrations VALUES (1)", "writes to"},
		{all, nil, "UPDATE schema_migrations SET success = 1", "writes to"},
		{lite, nil, "UPDATE OR IGNORE schema_migrations SET success = 1", "writes to"},
		{my, nil, "UPDATE a JOIN schema_migrations s ON s.id = a.id SET s.success = 0", "writes to"},
		{my, nil, "UPDATE a, schema_migrations SET a.x = 1", "writes to"},
		{all, nil, "DELETE FROM schema_migrations", "deletes from"},
		{all, nil, "delete from migration_locks where 1 = 1", "deletes from migration_locks"},
		{pg, nil, "DELETE FROM ONLY public.schema_migrations", "deletes from"},
		{my, nil, "DELETE LOW_PRIORITY QUICK IGNORE FROM schema_migrations", "deletes from"},
		{my, nil, "DELETE s FROM schema_migrations s JOIN a ON a.id = s.id", "deletes from"},
		{my, nil, "DELETE a, schema_migrations FROM a JOIN schema_migrations ON a.id = schema_migrations.id", "deletes from"},
		{my, nil, "DELETE FROM schema_migrations USING schema_migrations JOIN a", "deletes from"},
		{pg, nil, "WITH gone AS (DELETE FROM schema_migrations RETURNING *) SELECT count(*) FROM gone", "deletes from"},
		{pg, nil, "MERGE INTO schema_migrations s USING a ON a.id = s.id WHEN MATCHED THEN DELETE", "writes to"},
		{pg, nil, "COPY schema_migrations FROM '/tmp/x.csv'", "copies rows into"},
		{my, nil, "LOAD DATA INFILE '/tmp/x' INTO TABLE schema_migrations", "writes to"},
		{pg, nil, "EXPLAIN ANALYZE DELETE FROM schema_migrations", "deletes from"},
		// in bodies and dynamic SQL
		{pg, nil, "DO $$ BEGIN DELETE FROM schema_migrations; END $$", "deletes from"},
		{pg, nil, "DO 'BEGIN DROP TABLE schema_migrations; END'", "drops"},
		{pg, nil, "DO $$ BEGIN EXECUTE 'TRUNCATE schema_migrations'; END $$", "truncates"},
		{pg, nil, "CREATE FUNCTION f() RETURNS void LANGUAGE sql AS $f$ DELETE FROM schema_migrations $f$", "deletes from"},
		{pg, nil, "CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC UPDATE schema_migrations SET success = false; END", "writes to"},
		{my, nil, "CREATE PROCEDURE p() BEGIN IF 1 THEN DROP TABLE schema_migrations; END IF; END", "drops"},
		{my, nil, "CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW DELETE FROM schema_migrations", "deletes from"},
		{my, nil, "BEGIN NOT ATOMIC TRUNCATE schema_migrations; END", "truncates"},
		{my, nil, "PREPARE s FROM 'DROP TABLE schema_migrations'", "drops"},
		{lite, nil, "CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM schema_migrations; END", "deletes from"},
		{lite, nil, "CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE schema_migrations SET success = 0; END", "writes to"},
		// configured names, qualified
		{all, ops, "DROP TABLE hist", "drops ops.hist"},
		{pg | my, ops, "DROP TABLE ops.hist", "drops ops.hist"},
		{pg, ops, "DROP TABLE \"OPS\".\"HIST\"", "drops"},
		{pg | my, ops, "DROP TABLE other.hist", ""},
		{pg | my, ops, "DROP SCHEMA ops", "the schema of ops.hist"},
		{pg, ops, "DROP SCHEMA IF EXISTS ops CASCADE", "the schema of"},
		{my, ops, "DROP DATABASE ops", "the schema of"},
		{pg, ops, "ALTER SCHEMA ops RENAME TO ops_old", "the schema of"},
		{pg | my, ops, "DROP SCHEMA other", ""},
		{all, ops, "DELETE FROM locks", "deletes from ops.locks"},
		{all, ops, "DROP TABLE schema_migrations", ""},
		// reading, and names that only look alike
		{all, nil, "SELECT * FROM schema_migrations", ""},
		{all, nil, "SELECT version FROM schema_migrations WHERE success ORDER BY id", ""},
		{pg | my, nil, "SELECT * FROM a JOIN schema_migrations s ON s.version = a.v", ""},
		{all, nil, "INSERT INTO audit SELECT * FROM schema_migrations", ""},
		{all, nil, "CREATE TABLE backup AS SELECT * FROM schema_migrations", ""},
		{all, nil, "CREATE VIEW v AS SELECT version FROM schema_migrations", ""},
		{pg, nil, "CREATE TABLE copy (LIKE schema_migrations)", ""},
		{my, nil, "CREATE TABLE copy LIKE schema_migrations", ""},
		{pg | my, nil, "UPDATE a SET v = (SELECT max(version) FROM schema_migrations)", ""},
		{pg, nil, "UPDATE a SET v = s.version FROM schema_migrations s WHERE s.id = a.id", ""},
		{all, nil, "DELETE FROM a WHERE v IN (SELECT version FROM schema_migrations)", ""},
		{pg, nil, "DELETE FROM a USING schema_migrations s WHERE s.version = a.v", ""},
		{my, nil, "DELETE FROM a USING a JOIN schema_migrations s ON s.version = a.v", ""},
		{my, nil, "DELETE a FROM a JOIN schema_migrations s ON s.version = a.v", ""},
		{pg, nil, "SELECT * FROM schema_migrations FOR UPDATE OF schema_migrations", ""},
		{pg | my, nil, "GRANT SELECT ON schema_migrations TO reader", ""},
		{pg, nil, "COMMENT ON TABLE schema_migrations IS 'history'", ""},
		{pg, nil, "COPY schema_migrations TO STDOUT", ""},
		{pg, nil, "LOCK TABLE schema_migrations IN SHARE MODE", ""},
		{all, nil, "DROP TABLE schema_migrations_old", ""},
		{all, nil, "DROP TABLE old_schema_migrations", ""},
		{all, nil, "ALTER TABLE a ADD COLUMN schema_migrations_count INT", ""},
		{all, nil, "INSERT INTO notes (body) VALUES ('DROP TABLE schema_migrations')", ""},
		{all, nil, "-- DROP TABLE schema_migrations\nSELECT 1", ""},
		{pg, nil, "INSERT INTO notes (body) VALUES ($$DELETE FROM schema_migrations$$)", ""},
		{pg, nil, "SELECT a.schema_migrations FROM a", ""},
		{pg | my, nil, "DROP TABLE other.schema_migrations_x", ""},
		// Once strata's session has opened, the schema it found its
		// tables in.
		{pg | my, session, "DROP SCHEMA app CASCADE", "drops the schema of schema_migrations"},
		{my, session, "DROP DATABASE IF EXISTS `app`", "drops the schema of"},
		{pg | my, session, "DROP SCHEMA other CASCADE", ""},
		{pg, session, "ALTER SCHEMA app RENAME TO app_old", "alters the schema of schema_migrations"},
		{pg, session, `ALTER SCHEMA "app" OWNER TO pg_database_owner`, ""},
		{my, session, "ALTER DATABASE app CHARACTER SET utf8mb4", ""},
		{my, session, "DROP SCHEMA IF EXISTS app", "drops the schema of"},
		{pg | my, session, "DROP TABLE app.schema_migrations", "drops"},
		{pg | my, session, "SELECT * FROM app.users", ""},
		{pg | my, nil, "DROP SCHEMA app CASCADE", ""},
		// A short configured name, also a column's or an index's.
		{all, hist, "DROP TABLE history", "drops history"},
		{all, hist, "ALTER TABLE history ADD COLUMN x INT", "alters history"},
		{all, hist, "ALTER TABLE users ADD COLUMN history TEXT", ""},
		{pg | lite, hist, "ALTER TABLE users RENAME COLUMN notes TO history", ""},
		{pg, hist, "ALTER TABLE users ALTER COLUMN history SET DEFAULT 'x'", ""},
		{pg | lite, hist, "DROP INDEX history", ""},
		{pg, hist, "DROP VIEW IF EXISTS history", ""},
		{all, hist, "CREATE INDEX history ON users (id)", ""},
		{pg | my, hist, "REVOKE history FROM someone", ""},
		{all, hist, "UPDATE users SET history = 'x'", ""},
		{all, hist, "INSERT INTO users (history) VALUES ('x')", ""},
	}
	for _, c := range cases {
		names := plain
		if c.tables != nil {
			names = c.tables
		}
		home := ""
		if len(names) > 2 {
			home = names[2]
		}
		for bit, d := range dialects {
			if c.on&bit == 0 {
				continue
			}
			t.Run(d.String()+"/"+c.sql, func(t *testing.T) {
				stmts, err := sqlsplit.Split(d, c.sql, sqlsplit.Position{})
				if err != nil || len(stmts) != 1 {
					t.Fatalf("split: %v, %d statements", err, len(stmts))
				}
				n, what := touchedTable(d, sqlsplit.Tokens(d, stmts[0].Text), trackedNames(names[0], names[1], home, d == sqlsplit.Postgres))
				got := ""
				if n != nil {
					got = what + " " + n.full
				}
				switch {
				case c.want == "" && got != "":
					t.Errorf("refused (%s), want allowed", got)
				case c.want != "" && !strings.Contains(got, c.want):
					t.Errorf("got %q, want a refusal saying %q", got, c.want)
				}
			})
		}
	}
}

package strata

import (
	"testing"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// What a scratch replay refuses, and what it lets run: the reader must
// stop every way out of the scratch database it knows of, and leave the
// ordinary statements of migrations alone.
func TestReachesOutside(t *testing.T) {
	g := &scratchGuard{db: "strata_scratch_x", others: map[string]bool{"live": true, "otherdb": true, "mysql": true}}
	cases := []struct {
		d       sqlsplit.Syntax
		sql     string
		outside bool
	}{
		// MySQL: other databases.
		{sqlsplit.MySQL, "USE otherdb", true},
		{sqlsplit.MySQL, "use `live`", true},
		{sqlsplit.MySQL, "/*!40000 USE otherdb */", true},
		{sqlsplit.MySQL, "USE strata_scratch_x", false},
		{sqlsplit.MySQL, "DROP TABLE otherdb.t", true},
		{sqlsplit.MySQL, "ALTER TABLE `live`.`t` ADD COLUMN x INT", true},
		{sqlsplit.MySQL, "INSERT INTO t SELECT * FROM live.u", true},
		{sqlsplit.MySQL, "CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW INSERT INTO otherdb.log VALUES (NEW.id)", true},
		{sqlsplit.MySQL, "CREATE PROCEDURE p() BEGIN DELETE FROM otherdb.t; END", true},
		{sqlsplit.MySQL, "PREPARE s FROM 'DROP TABLE otherdb.t'", true},
		{sqlsplit.MySQL, "CREATE DATABASE IF NOT EXISTS x", true},
		{sqlsplit.MySQL, "DROP SCHEMA otherdb", true},
		{sqlsplit.MySQL, "ALTER DATABASE live CHARACTER SET utf8mb4", true},
		{sqlsplit.MySQL, "ALTER DATABASE CHARACTER SET utf8mb4", false},
		{sqlsplit.MySQL, "ALTER DATABASE DEFAULT COLLATE utf8mb4_bin", false},
		{sqlsplit.MySQL, "CREATE USER app IDENTIFIED BY 'x'", true},
		{sqlsplit.MySQL, "CREATE OR REPLACE USER app", true},
		{sqlsplit.MySQL, "DROP USER IF EXISTS app", true},
		{sqlsplit.MySQL, "RENAME USER a TO b", true},
		{sqlsplit.MySQL, "GRANT SELECT ON t TO app", true},
		{sqlsplit.MySQL, "REVOKE ALL ON *.* FROM app", true},
		{sqlsplit.MySQL, "SET GLOBAL max_connections = 10", true},
		{sqlsplit.MySQL, "SET @@global.max_connections = 10", true},
		{sqlsplit.MySQL, "SET sql_mode = 'ANSI', GLOBAL wait_timeout = 5", true},
		{sqlsplit.MySQL, "SET PERSIST max_connections = 10", true},
		{sqlsplit.MySQL, "SET PASSWORD FOR app = PASSWORD('x')", true},
		{sqlsplit.MySQL, "KILL 12", true},
		{sqlsplit.MySQL, "FLUSH PRIVILEGES", true},
		{sqlsplit.MySQL, "SELECT * FROM t INTO OUTFILE '/tmp/x'", true},
		{sqlsplit.MySQL, "INSERT INTO mysql.user VALUES ()", true},
		{sqlsplit.MySQL, "CREATE FUNCTION f RETURNS STRING SONAME 'udf.so'", true},
		{sqlsplit.MySQL, "CREATE TABLESPACE ts ADD DATAFILE 'ts.ibd'", true},
		{sqlsplit.MySQL, "CREATE SERVER s FOREIGN DATA WRAPPER mysql OPTIONS (HOST 'h')", true},
		{sqlsplit.MySQL, "INSTALL SONAME 'ha_rocksdb'", true},
		{sqlsplit.MySQL, "STOP SLAVE", true},
		// MySQL: what stays inside.
		{sqlsplit.MySQL, "CREATE TABLE t (id INT, `use` INT, kill INT)", false},
		{sqlsplit.MySQL, "SELECT t.id, u.name FROM t JOIN u ON u.id = t.id", false},
		{sqlsplit.MySQL, "ALTER TABLE strata_scratch_x.t ADD COLUMN y INT", false},
		{sqlsplit.MySQL, "SELECT COUNT(*) FROM information_schema.COLUMNS WHERE TABLE_NAME = 't'", false},
		{sqlsplit.MySQL, "SET @x = 1", false},
		{sqlsplit.MySQL, "SET SESSION sql_mode = 'ANSI'", false},
		{sqlsplit.MySQL, "SET @@session.sql_mode = 'ANSI'", false},
		{sqlsplit.MySQL, "INSERT INTO t VALUES ('USE otherdb; DROP DATABASE live')", false},
		{sqlsplit.MySQL, "FLUSH TABLES t", false},
		{sqlsplit.MySQL, "CREATE PROCEDURE p() BEGIN UPDATE t SET x = 1; END", false},
		// PostgreSQL: objects of the whole server.
		{sqlsplit.Postgres, "ALTER DATABASE live SET work_mem = '5MB'", true},
		{sqlsplit.Postgres, `ALTER DATABASE "strata_scratch_x" SET search_path = app`, true},
		{sqlsplit.Postgres, "CREATE DATABASE x", true},
		{sqlsplit.Postgres, "DROP DATABASE IF EXISTS live", true},
		{sqlsplit.Postgres, "COMMENT ON DATABASE live IS 'x'", true},
		{sqlsplit.Postgres, "CREATE ROLE app LOGIN", true},
		{sqlsplit.Postgres, "DROP ROLE IF EXISTS app", true},
		{sqlsplit.Postgres, "ALTER USER app SET work_mem = '1MB'", true},
		{sqlsplit.Postgres, "ALTER ROLE ALL SET work_mem = '1MB'", true},
		{sqlsplit.Postgres, "CREATE GROUP g", true},
		{sqlsplit.Postgres, "CREATE TABLESPACE ts LOCATION '/tmp/ts'", true},
		{sqlsplit.Postgres, "ALTER SYSTEM SET work_mem = '1MB'", true},
		{sqlsplit.Postgres, "GRANT app TO other", true},
		{sqlsplit.Postgres, "REVOKE app FROM other", true},
		{sqlsplit.Postgres, "GRANT CONNECT ON DATABASE live TO app", true},
		{sqlsplit.Postgres, "REASSIGN OWNED BY a TO b", true},
		{sqlsplit.Postgres, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity", true},
		{sqlsplit.Postgres, "SELECT dblink_exec('dbname=live', 'DROP TABLE t')", true},
		{sqlsplit.Postgres, "DO $$ BEGIN EXECUTE 'ALTER DATABASE live SET work_mem = ''5MB'''; END $$", true},
		{sqlsplit.Postgres, "DO $$ BEGIN ALTER ROLE app SET work_mem = '1MB'; END $$", true},
		{sqlsplit.Postgres, "COPY t TO '/tmp/t.csv'", true},
		{sqlsplit.Postgres, "COPY t FROM PROGRAM 'curl x'", true},
		{sqlsplit.Postgres, "CREATE SUBSCRIPTION s CONNECTION 'dbname=live' PUBLICATION p", true},
		// PostgreSQL: what stays inside.
		{sqlsplit.Postgres, "CREATE SCHEMA app", false},
		{sqlsplit.Postgres, "SET search_path = app, public", false},
		{sqlsplit.Postgres, "GRANT SELECT ON ALL TABLES IN SCHEMA app TO app", false},
		{sqlsplit.Postgres, "CREATE USER MAPPING FOR app SERVER s", false},
		{sqlsplit.Postgres, "ALTER TABLE app.t OWNER TO app", false},
		{sqlsplit.Postgres, "INSERT INTO t VALUES ('ALTER DATABASE live')", false},
		{sqlsplit.Postgres, "INSERT INTO t SELECT * FROM live.t", false},
		{sqlsplit.Postgres, "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$", false},
		{sqlsplit.Postgres, "INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", false},
		{sqlsplit.Postgres, "COPY t FROM STDIN", false},
		{sqlsplit.Postgres, "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT SELECT ON TABLES TO app", false},
		// SQLite: the scratch database is in memory, attached files too.
		{sqlsplit.SQLite, "ATTACH DATABASE '/data/real.db' AS r", false},
	}
	for _, c := range cases {
		why := reachesOutside(c.d, sqlsplit.Tokens(c.d, c.sql), g)
		if (why != "") != c.outside {
			t.Errorf("%s %q: outside = %q, want outside %v", c.d, c.sql, why, c.outside)
		}
	}
}

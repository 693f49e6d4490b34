package sqlsplit

import (
	"strings"
	"testing"
)

// These cases state the expected statements outright, so that a golden
// file regenerated with -update cannot quietly bless a regression in the
// constructs that matter most.

func TestPostgres(t *testing.T) {
	runCases(t, Postgres, []splitCase{
		{name: "basic", src: "SELECT 1;\nSELECT 2", want: []string{"SELECT 1", "SELECT 2"}},
		{name: "empty statements", src: ";; SELECT 1 ;;; SELECT 2;;", want: []string{"SELECT 1", "SELECT 2"}},
		{name: "comments around", src: "-- a;\n/* b; */ SELECT 1 /* c; */ -- d;\n;",
			want: []string{"SELECT 1"}},
		{name: "strings", src: `SELECT 'a;''b', E'c\';d', e'\\', U&'x;', B'1', X'2;', N'n;'; SELECT 2`,
			want: []string{`SELECT 'a;''b', E'c\';d', e'\\', U&'x;', B'1', X'2;', N'n;'`, "SELECT 2"}},
		{name: "standard string backslash", src: `SELECT 'a\'; SELECT 'b'`,
			want: []string{`SELECT 'a\'`, `SELECT 'b'`}},
		{name: "word ending in e is not an E string", src: `SELECT the'x;'; SELECT 2`,
			want: []string{`SELECT the'x;'`, "SELECT 2"}},
		{name: "identifiers", src: `SELECT "a;""b", U&"c;d" FROM "t;"; SELECT 2`,
			want: []string{`SELECT "a;""b", U&"c;d" FROM "t;"`, "SELECT 2"}},
		{name: "nested comment", src: "SELECT 1 /* a /* b; */ c; */ + 1; SELECT 2",
			want: []string{"SELECT 1 /* a /* b; */ c; */ + 1", "SELECT 2"}},
		{name: "comment inside operator", src: "SELECT 2*/*x;*/3; SELECT 4--;\n;",
			want: []string{"SELECT 2*/*x;*/3", "SELECT 4"}},
		{name: "dollar bodies", src: "SELECT $$a;b$$; SELECT $x$ $$; $x$; SELECT $a$ $b$ $b$ ; $a$;",
			want: []string{"SELECT $$a;b$$", "SELECT $x$ $$; $x$", "SELECT $a$ $b$ $b$ ; $a$"}},
		{name: "dollar tag prefix", src: "SELECT $a$ $ab$; $a$; SELECT 2",
			want: []string{"SELECT $a$ $ab$; $a$", "SELECT 2"}},
		{name: "parameters are not tags", src: "SELECT $1, $2; SELECT $3",
			want: []string{"SELECT $1, $2", "SELECT $3"}},
		{name: "dollar inside identifier is not a tag", src: "SELECT a$b$, c$$ FROM t; SELECT 2",
			want: []string{"SELECT a$b$, c$$ FROM t", "SELECT 2"}},
		{name: "unicode dollar tag", src: "SELECT $é$;$é$; SELECT 2",
			want: []string{"SELECT $é$;$é$", "SELECT 2"}},
		{name: "lone dollar", src: "SELECT $ ; SELECT $a", want: []string{"SELECT $", "SELECT $a"}},
		{name: "number before dollar body", src: "SELECT 1$a$;$a$; SELECT 2",
			want: []string{"SELECT 1$a$;$a$", "SELECT 2"}},
		{name: "parentheses", src: "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); NOTIFY x); SELECT 1",
			want: []string{"CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); NOTIFY x)", "SELECT 1"}},
		{name: "stray close paren", src: "SELECT 1); SELECT 2", want: []string{"SELECT 1)", "SELECT 2"}},
		{name: "begin atomic", src: "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END; SELECT 3",
			want: []string{"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END", "SELECT 3"}},
		{name: "create or replace procedure", src: "create or replace procedure p() begin atomic insert into t values (1); end; select 1",
			want: []string{"create or replace procedure p() begin atomic insert into t values (1); end", "select 1"}},
		{name: "case outside begin", src: "CREATE FUNCTION f(x int) RETURNS int RETURN CASE WHEN x > 0 THEN 1 END; SELECT 2",
			want: []string{"CREATE FUNCTION f(x int) RETURNS int RETURN CASE WHEN x > 0 THEN 1 END", "SELECT 2"}},
		{name: "transaction begin", src: "BEGIN; SELECT 1; END; COMMIT",
			want: []string{"BEGIN", "SELECT 1", "END", "COMMIT"}, txn: []string{"BEGIN", "", "END", "COMMIT"}},
		{name: "quoted begin", src: `CREATE FUNCTION "begin"() RETURNS int AS 'select 1' LANGUAGE sql; SELECT 2`,
			want: []string{`CREATE FUNCTION "begin"() RETURNS int AS 'select 1' LANGUAGE sql`, "SELECT 2"}},
		{name: "table begin", src: "CREATE TABLE begin (a int); SELECT 2",
			want: []string{"CREATE TABLE begin (a int)", "SELECT 2"}},
		{name: "do block", src: "DO $$ BEGIN PERFORM 1; END $$; SELECT 2",
			want: []string{"DO $$ BEGIN PERFORM 1; END $$", "SELECT 2"}},
		{name: "crlf and lone cr", src: "SELECT 1;\r\nSELECT\r\n2;\rSELECT 3\r", want: []string{"SELECT 1", "SELECT\r\n2", "SELECT 3"},
			lines: []int{1, 2, 4}},
		{name: "no transaction", src: `CREATE INDEX CONCURRENTLY i ON t (a);
CREATE UNIQUE INDEX CONCURRENTLY i ON t (a);
CREATE INDEX i ON t (a) /* CONCURRENTLY */;
-- CONCURRENTLY
CREATE INDEX i ON t (a);
CREATE INDEX "concurrently" ON t (a);
DROP INDEX CONCURRENTLY i;
REINDEX TABLE CONCURRENTLY t;
REINDEX (VERBOSE, CONCURRENTLY) INDEX i;
REINDEX (VERBOSE) INDEX i;
REINDEX DATABASE d;
REINDEX SYSTEM d;
VACUUM FULL;
CREATE DATABASE d;
DROP DATABASE d;
ALTER SYSTEM SET x = 1;
CREATE TABLESPACE s LOCATION '/x';
DROP TABLESPACE s;
CREATE SUBSCRIPTION s CONNECTION '' PUBLICATION p;
DROP SUBSCRIPTION s;
ALTER DATABASE d SET TABLESPACE s;
ALTER DATABASE d SET search_path = x;
CLUSTER;
CLUSTER VERBOSE;
CLUSTER (VERBOSE);
CLUSTER t;
CLUSTER VERBOSE t USING i;
CREATE FUNCTION f() RETURNS void AS $$ CREATE INDEX CONCURRENTLY i ON t (a); $$ LANGUAGE sql;
SELECT 'CREATE INDEX CONCURRENTLY'`,
			want: []string{
				"CREATE INDEX CONCURRENTLY i ON t (a)",
				"CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)",
				"CREATE INDEX i ON t (a)",
				"CREATE INDEX i ON t (a)",
				`CREATE INDEX "concurrently" ON t (a)`,
				"DROP INDEX CONCURRENTLY i",
				"REINDEX TABLE CONCURRENTLY t",
				"REINDEX (VERBOSE, CONCURRENTLY) INDEX i",
				"REINDEX (VERBOSE) INDEX i",
				"REINDEX DATABASE d",
				"REINDEX SYSTEM d",
				"VACUUM FULL",
				"CREATE DATABASE d",
				"DROP DATABASE d",
				"ALTER SYSTEM SET x = 1",
				"CREATE TABLESPACE s LOCATION '/x'",
				"DROP TABLESPACE s",
				"CREATE SUBSCRIPTION s CONNECTION '' PUBLICATION p",
				"DROP SUBSCRIPTION s",
				"ALTER DATABASE d SET TABLESPACE s",
				"ALTER DATABASE d SET search_path = x",
				"CLUSTER",
				"CLUSTER VERBOSE",
				"CLUSTER (VERBOSE)",
				"CLUSTER t",
				"CLUSTER VERBOSE t USING i",
				"CREATE FUNCTION f() RETURNS void AS $$ CREATE INDEX CONCURRENTLY i ON t (a); $$ LANGUAGE sql",
				"SELECT 'CREATE INDEX CONCURRENTLY'",
			},
			notx: []string{
				"CREATE INDEX CONCURRENTLY", "CREATE INDEX CONCURRENTLY", "", "", "",
				"DROP INDEX CONCURRENTLY", "REINDEX CONCURRENTLY", "REINDEX CONCURRENTLY", "",
				"REINDEX DATABASE", "REINDEX SYSTEM", "VACUUM", "CREATE DATABASE", "DROP DATABASE",
				"ALTER SYSTEM", "CREATE TABLESPACE", "DROP TABLESPACE", "CREATE SUBSCRIPTION",
				"DROP SUBSCRIPTION", "ALTER DATABASE SET TABLESPACE", "", "CLUSTER", "CLUSTER",
				"CLUSTER", "", "", "", "",
			}},
		{name: "no transaction past the head", src: `ALTER TABLE ONLY public.measurements DETACH PARTITION public.measurements_2024 CONCURRENTLY;
ALTER TABLE IF EXISTS "m" DETACH PARTITION "p" CONCURRENTLY;
ALTER TABLE m DETACH PARTITION "concurrently";
ALTER TABLE m DETACH PARTITION p FINALIZE;
ALTER TABLE m DETACH PARTITION p;
REINDEX SCHEMA public;
REINDEX (VERBOSE) SCHEMA public;
ALTER SUBSCRIPTION s REFRESH PUBLICATION;
ALTER SUBSCRIPTION s SET PUBLICATION p1, p2;
ALTER SUBSCRIPTION s ADD PUBLICATION p3 WITH (refresh = false);
ALTER SUBSCRIPTION s DISABLE`,
			want: []string{
				"ALTER TABLE ONLY public.measurements DETACH PARTITION public.measurements_2024 CONCURRENTLY",
				`ALTER TABLE IF EXISTS "m" DETACH PARTITION "p" CONCURRENTLY`,
				`ALTER TABLE m DETACH PARTITION "concurrently"`,
				"ALTER TABLE m DETACH PARTITION p FINALIZE",
				"ALTER TABLE m DETACH PARTITION p",
				"REINDEX SCHEMA public",
				"REINDEX (VERBOSE) SCHEMA public",
				"ALTER SUBSCRIPTION s REFRESH PUBLICATION",
				"ALTER SUBSCRIPTION s SET PUBLICATION p1, p2",
				"ALTER SUBSCRIPTION s ADD PUBLICATION p3 WITH (refresh = false)",
				"ALTER SUBSCRIPTION s DISABLE",
			},
			notx: []string{
				"ALTER TABLE … DETACH PARTITION … CONCURRENTLY", "ALTER TABLE … DETACH PARTITION … CONCURRENTLY", "", "", "",
				"REINDEX SCHEMA", "REINDEX SCHEMA", "ALTER SUBSCRIPTION … REFRESH PUBLICATION",
				"ALTER SUBSCRIPTION … PUBLICATION (with refresh)", "", "",
			}},
		{name: "transaction control", src: `BEGIN; begin work; START TRANSACTION ISOLATION LEVEL SERIALIZABLE; COMMIT; commit and chain; END;
ROLLBACK; ROLLBACK TRANSACTION; ABORT; SAVEPOINT a; RELEASE a; RELEASE SAVEPOINT a; ROLLBACK TO a;
ROLLBACK WORK TO SAVEPOINT a; PREPARE TRANSACTION 'x'; COMMIT PREPARED 'x'; ROLLBACK PREPARED 'x';
PREPARE transaction AS SELECT 1; PREPARE q (int) AS SELECT $1; START REPLICATION;
CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;
DO $$ BEGIN COMMIT; END $$; SELECT 'COMMIT'; -- ROLLBACK
CREATE TABLE "begin" (commit int)`,
			want: []string{"BEGIN", "begin work", "START TRANSACTION ISOLATION LEVEL SERIALIZABLE", "COMMIT", "commit and chain", "END",
				"ROLLBACK", "ROLLBACK TRANSACTION", "ABORT", "SAVEPOINT a", "RELEASE a", "RELEASE SAVEPOINT a", "ROLLBACK TO a",
				"ROLLBACK WORK TO SAVEPOINT a", "PREPARE TRANSACTION 'x'", "COMMIT PREPARED 'x'", "ROLLBACK PREPARED 'x'",
				"PREPARE transaction AS SELECT 1", "PREPARE q (int) AS SELECT $1", "START REPLICATION",
				"CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END",
				"DO $$ BEGIN COMMIT; END $$", "SELECT 'COMMIT'", `CREATE TABLE "begin" (commit int)`},
			txn: []string{"BEGIN", "BEGIN", "START TRANSACTION", "COMMIT", "COMMIT", "END",
				"ROLLBACK", "ROLLBACK", "ABORT", "SAVEPOINT (savepoint)", "RELEASE SAVEPOINT (savepoint)", "RELEASE SAVEPOINT (savepoint)",
				"ROLLBACK TO SAVEPOINT (savepoint)", "ROLLBACK TO SAVEPOINT (savepoint)", "PREPARE TRANSACTION", "COMMIT PREPARED",
				"ROLLBACK PREPARED", "", "", "", "", "", "", ""}},
		{name: "unsupported", src: "DISCARD ALL; DISCARD TEMP; SELECT pg_catalog.pg_advisory_unlock_all(); SELECT pg_advisory_unlock(1); SELECT 'pg_advisory_unlock_all()'",
			want:  []string{"DISCARD ALL", "DISCARD TEMP", "SELECT pg_catalog.pg_advisory_unlock_all()", "SELECT pg_advisory_unlock(1)", "SELECT 'pg_advisory_unlock_all()'"},
			unsup: []string{"DISCARD ALL", "", "pg_advisory_unlock_all()", "", ""}},
		{name: "drop owned", src: "DROP OWNED BY CURRENT_USER CASCADE; REASSIGN OWNED BY a TO b; DROP OWNER_LOG",
			want:  []string{"DROP OWNED BY CURRENT_USER CASCADE", "REASSIGN OWNED BY a TO b", "DROP OWNER_LOG"},
			unsup: []string{"DROP OWNED", "", ""}},
		// Only turning it off: pg_dump's SET … = on is what strata reads by.
		{name: "standard_conforming_strings off", src: "SET standard_conforming_strings = off; SET SESSION standard_conforming_strings TO 'false'; " +
			"set local Standard_Conforming_Strings = 0; SET standard_conforming_strings = on; SET standard_conforming_strings TO DEFAULT; SELECT 'SET standard_conforming_strings = off'",
			want: []string{"SET standard_conforming_strings = off", "SET SESSION standard_conforming_strings TO 'false'", "set local Standard_Conforming_Strings = 0",
				"SET standard_conforming_strings = on", "SET standard_conforming_strings TO DEFAULT", "SELECT 'SET standard_conforming_strings = off'"},
			unsup: []string{"SET standard_conforming_strings = off", "SET standard_conforming_strings = off", "SET standard_conforming_strings = off", "", "", ""}},
		{name: "needs a transaction", src: "LOCK TABLE t IN SHARE MODE; lock t; DECLARE c CURSOR FOR SELECT 1; DECLARE c BINARY NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 1; DECLARE c CURSOR WITH HOLD FOR SELECT 1; SELECT 'LOCK'",
			want:  []string{"LOCK TABLE t IN SHARE MODE", "lock t", "DECLARE c CURSOR FOR SELECT 1", "DECLARE c BINARY NO SCROLL CURSOR WITHOUT HOLD FOR SELECT 1", "DECLARE c CURSOR WITH HOLD FOR SELECT 1", "SELECT 'LOCK'"},
			needs: []string{"LOCK TABLE", "LOCK TABLE", "DECLARE … CURSOR", "DECLARE … CURSOR", "", ""}},
		{name: "copy from a file or to stdout", src: "COPY t FROM '/tmp/x.csv'; COPY t (a) FROM PROGRAM 'cat x'; COPY t TO STDOUT; COPY (SELECT 1 FROM stdin) TO STDOUT",
			want: []string{"COPY t FROM '/tmp/x.csv'", "COPY t (a) FROM PROGRAM 'cat x'", "COPY t TO STDOUT", "COPY (SELECT 1 FROM stdin) TO STDOUT"}},
	})
}

func TestMySQL(t *testing.T) {
	runCases(t, MySQL, []splitCase{
		{name: "basic", src: "SELECT 1;\nSELECT 2", want: []string{"SELECT 1", "SELECT 2"}},
		{name: "strings", src: `SELECT 'a;\'b''', "c;\"d""", 'e\\'; SELECT 2`,
			want: []string{`SELECT 'a;\'b''', "c;\"d""", 'e\\'`, "SELECT 2"}},
		{name: "backticks", src: "SELECT `a;``b` FROM `t\\`; SELECT 2",
			want: []string{"SELECT `a;``b` FROM `t\\`", "SELECT 2"}},
		{name: "comments", src: "# a;\nSELECT 1 -- b;\n; -- c\nSELECT 2 /* d; */ # e;\n;",
			want: []string{"SELECT 1", "SELECT 2"}},
		{name: "double dash without space", src: "SELECT 1 --1; SELECT 2--\n;SELECT 3 --\t;\n;",
			want: []string{"SELECT 1 --1", "SELECT 2", "SELECT 3"}},
		{name: "double dash at end", src: "SELECT 1 --", want: []string{"SELECT 1"}},
		{name: "block comments do not nest", src: "SELECT 1 /* /* */; SELECT 2",
			want: []string{"SELECT 1", "SELECT 2"}},
		{name: "executable comments", src: "/*!40101 SET NAMES utf8 */;\n/*M!100100 SET x = 1 */; /*!*/; /* plain */;",
			want: []string{"/*!40101 SET NAMES utf8 */", "/*M!100100 SET x = 1 */", "/*!*/"}},
		{name: "null escape", src: `SELECT \N; SELECT 2`, want: []string{`SELECT \N`, "SELECT 2"}},
		{name: "delimiter", src: "DELIMITER $$\nSELECT 1; SELECT 2$$\nDELIMITER ;\nSELECT 3;",
			want: []string{"SELECT 1; SELECT 2", "SELECT 3"}, lines: []int{2, 4}},
		{name: "delimiter slashes", src: "delimiter //\nCREATE PROCEDURE p() BEGIN SELECT '//'; END//\nDelimiter ;\nSELECT 1",
			want: []string{"CREATE PROCEDURE p() BEGIN SELECT '//'; END", "SELECT 1"}},
		{name: "delimiter rest of line ignored", src: "DELIMITER // ignored ; words\nSELECT 1 //",
			want: []string{"SELECT 1"}},
		{name: "delimiter quoted", src: "DELIMITER 'a b'\nSELECT 1a b SELECT 2 a b\nDELIMITER \";\"\nSELECT 3;",
			want: []string{"SELECT 1", "SELECT 2", "SELECT 3"}},
		{name: "delimiter unclosed quote takes the line", src: "DELIMITER 'ab\r\nSELECT 1 ab",
			want: []string{"SELECT 1"}},
		{name: "delimiter after terminator", src: "SELECT 1; DELIMITER ;;\nSELECT 2;\nSELECT 3;;",
			want: []string{"SELECT 1", "SELECT 2;\nSELECT 3"}},
		{name: "delimiter after comment", src: "-- x\n/* y */ DELIMITER //\nSELECT 1//",
			want: []string{"SELECT 1"}},
		{name: "delimiter not at statement start", src: "SELECT 1\nDELIMITER //\n;",
			want: []string{"SELECT 1\nDELIMITER //"}},
		{name: "delimiter in quotes and comments", src: "DELIMITER //\nSELECT '//', \"//\", `//` /* // */ -- //\n# //\n//",
			want: []string{"SELECT '//', \"//\", `//`"}},
		{name: "delimiter inside a word", src: "DELIMITER end\nSELECT backend",
			want: []string{"SELECT back"}},
		{name: "delimiter at end of word", src: "DELIMITER ab\nSELECT xa b; SELECT xab",
			want: []string{"SELECT xa b; SELECT x"}},
		{name: "delimiter word prefix", src: "DELIMITERS ;", want: []string{"DELIMITERS"}},
		{name: "procedure without delimiter", src: `CREATE PROCEDURE p()
BEGIN
  DECLARE i INT DEFAULT 0;
  lbl: LOOP
    IF i > 3 THEN LEAVE lbl; ELSEIF i = 2 THEN SET i = i + 2; ELSE SET i = IF(i, i + 1, 1); END IF;
    WHILE i < 2 DO SET i = i + 1; END WHILE;
    REPEAT SET i = i + 1; UNTIL i > 9 END REPEAT;
    CASE i WHEN 1 THEN SELECT 1; ELSE SELECT CASE WHEN i THEN 2 END; END CASE;
  END LOOP lbl;
END;
SELECT 1`,
			want: []string{`CREATE PROCEDURE p()
BEGIN
  DECLARE i INT DEFAULT 0;
  lbl: LOOP
    IF i > 3 THEN LEAVE lbl; ELSEIF i = 2 THEN SET i = i + 2; ELSE SET i = IF(i, i + 1, 1); END IF;
    WHILE i < 2 DO SET i = i + 1; END WHILE;
    REPEAT SET i = i + 1; UNTIL i > 9 END REPEAT;
    CASE i WHEN 1 THEN SELECT 1; ELSE SELECT CASE WHEN i THEN 2 END; END CASE;
  END LOOP lbl;
END`, "SELECT 1"}},
		{name: "definer", src: "CREATE DEFINER=`root`@`localhost` PROCEDURE p() BEGIN SELECT 1; END; CREATE DEFINER='a'@'h.example.com' TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END; CREATE DEFINER = CURRENT_USER() FUNCTION f() RETURNS INT BEGIN RETURN 1; END; SELECT 2",
			want: []string{"CREATE DEFINER=`root`@`localhost` PROCEDURE p() BEGIN SELECT 1; END",
				"CREATE DEFINER='a'@'h.example.com' TRIGGER t BEFORE INSERT ON x FOR EACH ROW BEGIN SET NEW.a = 1; END",
				"CREATE DEFINER = CURRENT_USER() FUNCTION f() RETURNS INT BEGIN RETURN 1; END", "SELECT 2"}},
		{name: "routine without body block", src: "CREATE FUNCTION f() RETURNS INT RETURN (SELECT CASE WHEN 1 THEN 2 END); SELECT 2",
			want: []string{"CREATE FUNCTION f() RETURNS INT RETURN (SELECT CASE WHEN 1 THEN 2 END)", "SELECT 2"}},
		{name: "trigger if body", src: "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW IF NEW.a < 0 THEN SET NEW.a = 0; END IF; SELECT 2",
			want: []string{"CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW IF NEW.a < 0 THEN SET NEW.a = 0; END IF", "SELECT 2"}},
		{name: "event", src: "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM a; DELETE FROM b; END; SELECT 2",
			want: []string{"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM a; DELETE FROM b; END", "SELECT 2"}},
		{name: "event single statement", src: "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM a; SELECT 2",
			want: []string{"CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO DELETE FROM a", "SELECT 2"}},
		{name: "handler block", src: "CREATE PROCEDURE p() BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN SELECT 1; END; SELECT 2; END; SELECT 3",
			want: []string{"CREATE PROCEDURE p() BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN SELECT 1; END; SELECT 2; END", "SELECT 3"}},
		{name: "functions are not blocks", src: "CREATE PROCEDURE p() BEGIN DO IF(1, 2, 3); DO REPEAT('x', 3); CREATE TABLE IF NOT EXISTS t (a INT); END; SELECT 2",
			want: []string{"CREATE PROCEDURE p() BEGIN DO IF(1, 2, 3); DO REPEAT('x', 3); CREATE TABLE IF NOT EXISTS t (a INT); END", "SELECT 2"}},
		{name: "if statement with parenthesis", src: "CREATE PROCEDURE p() BEGIN IF(1 > 0) THEN SELECT 1; END IF; END; SELECT 2",
			want: []string{"CREATE PROCEDURE p() BEGIN IF(1 > 0) THEN SELECT 1; END IF; END", "SELECT 2"}},
		{name: "column named end", src: "CREATE PROCEDURE p() BEGIN SELECT `start`, end, (end) FROM t; END; SELECT 2",
			want: []string{"CREATE PROCEDURE p() BEGIN SELECT `start`, end, (end) FROM t; END", "SELECT 2"}},
		{name: "case expression end before punctuation", src: "CREATE PROCEDURE p() BEGIN SELECT (CASE WHEN 1 THEN 2 END), CASE 1 WHEN 1 THEN 2 END+1; END; SELECT 2",
			want: []string{"CREATE PROCEDURE p() BEGIN SELECT (CASE WHEN 1 THEN 2 END), CASE 1 WHEN 1 THEN 2 END+1; END", "SELECT 2"}},
		{name: "mariadb for loop", src: "CREATE PROCEDURE p() BEGIN FOR i IN 1..3 DO SELECT i; END FOR; END; SELECT 2",
			want: []string{"CREATE PROCEDURE p() BEGIN FOR i IN 1..3 DO SELECT i; END FOR; END", "SELECT 2"}},
		{name: "transactions", src: "BEGIN; START TRANSACTION; BEGIN WORK; COMMIT; SELECT IF(1, 'a', 'b'); DROP TABLE IF EXISTS t",
			want: []string{"BEGIN", "START TRANSACTION", "BEGIN WORK", "COMMIT", "SELECT IF(1, 'a', 'b')", "DROP TABLE IF EXISTS t"},
			txn:  []string{"BEGIN", "START TRANSACTION", "BEGIN", "COMMIT", "", ""}},
		{name: "case expression at top level", src: "SELECT CASE WHEN 1 THEN 2 END; SELECT CASE 1 WHEN 1 THEN 'a;' END",
			want: []string{"SELECT CASE WHEN 1 THEN 2 END", "SELECT CASE 1 WHEN 1 THEN 'a;' END"}},
		{name: "begin not atomic", src: "BEGIN NOT ATOMIC DECLARE x INT; IF x THEN SELECT 1; END IF; END; SELECT 2",
			want: []string{"BEGIN NOT ATOMIC DECLARE x INT; IF x THEN SELECT 1; END IF; END", "SELECT 2"}},
		{name: "mariadb top-level compound", src: "IF 1 THEN SELECT 1; END IF; lbl: LOOP LEAVE lbl; END LOOP; SELECT 2",
			want: []string{"IF 1 THEN SELECT 1; END IF", "lbl: LOOP LEAVE lbl; END LOOP", "SELECT 2"}},
		{name: "mysqldump", src: "/*!50003 CREATE*/ /*!50020 DEFINER=`root`@`%`*/ /*!50003 PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND */;\nSELECT 2",
			want: []string{"/*!50003 CREATE*/ /*!50020 DEFINER=`root`@`%`*/ /*!50003 PROCEDURE p()\nBEGIN\n  SELECT 1;\nEND */", "SELECT 2"}},
		{name: "block counting is off with a delimiter", src: "DELIMITER //\nCREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF//\nSELECT 2//",
			want: []string{"CREATE PROCEDURE p() BEGIN IF 1 THEN SELECT 1; END IF", "SELECT 2"}},
		{name: "transaction control", src: `BEGIN; begin work; START TRANSACTION READ ONLY; COMMIT WORK AND NO CHAIN; ROLLBACK; ROLLBACK WORK;
SAVEPOINT a; ROLLBACK TO a; ROLLBACK WORK TO SAVEPOINT a; RELEASE SAVEPOINT a;
XA START 'x'; XA END 'x'; XA PREPARE 'x'; XA COMMIT 'x'; XA ROLLBACK 'x'; XA RECOVER;
SET autocommit = 0; set @@session.autocommit:=0; SET NAMES utf8mb4, AUTOCOMMIT = OFF; SET @OLD_AUTOCOMMIT=@@AUTOCOMMIT, @@AUTOCOMMIT=0;
SET @autocommit = 0; SELECT @@autocommit = 1; START SLAVE; BEGIN NOT ATOMIC SELECT 1; END;
SET autocommit = 1; SET @@SESSION.autocommit = ON, sql_mode = ''; SET autocommit = DEFAULT; SET AUTOCOMMIT=@OLD_AUTOCOMMIT; SET autocommit = 'OFF';
CREATE PROCEDURE p() BEGIN START TRANSACTION; COMMIT; END;
/*!40101 SET autocommit=0 */;
DELIMITER //
COMMIT//
BEGIN NOT ATOMIC COMMIT; END//`,
			want: []string{"BEGIN", "begin work", "START TRANSACTION READ ONLY", "COMMIT WORK AND NO CHAIN", "ROLLBACK", "ROLLBACK WORK",
				"SAVEPOINT a", "ROLLBACK TO a", "ROLLBACK WORK TO SAVEPOINT a", "RELEASE SAVEPOINT a",
				"XA START 'x'", "XA END 'x'", "XA PREPARE 'x'", "XA COMMIT 'x'", "XA ROLLBACK 'x'", "XA RECOVER",
				"SET autocommit = 0", "set @@session.autocommit:=0", "SET NAMES utf8mb4, AUTOCOMMIT = OFF", "SET @OLD_AUTOCOMMIT=@@AUTOCOMMIT, @@AUTOCOMMIT=0",
				"SET @autocommit = 0", "SELECT @@autocommit = 1", "START SLAVE", "BEGIN NOT ATOMIC SELECT 1; END",
				"SET autocommit = 1", "SET @@SESSION.autocommit = ON, sql_mode = ''", "SET autocommit = DEFAULT", "SET AUTOCOMMIT=@OLD_AUTOCOMMIT", "SET autocommit = 'OFF'",
				"CREATE PROCEDURE p() BEGIN START TRANSACTION; COMMIT; END",
				"/*!40101 SET autocommit=0 */", "COMMIT", "BEGIN NOT ATOMIC COMMIT; END"},
			txn: []string{"BEGIN", "BEGIN", "START TRANSACTION", "COMMIT", "ROLLBACK", "ROLLBACK",
				"SAVEPOINT (savepoint)", "ROLLBACK TO SAVEPOINT (savepoint)", "ROLLBACK TO SAVEPOINT (savepoint)", "RELEASE SAVEPOINT (savepoint)",
				"XA START", "XA END", "XA PREPARE", "XA COMMIT", "XA ROLLBACK", "",
				"SET autocommit", "SET autocommit", "SET autocommit", "SET autocommit",
				"", "", "", "",
				"", "", "", "SET autocommit", "SET autocommit",
				"", "SET autocommit", "COMMIT", "COMMIT"}},
		// A BEGIN NOT ATOMIC block runs at once: what it runs is marked as
		// at the top level (trial 2, F9); a routine body runs only when
		// called, and only RELEASE_LOCK, which reads the same anywhere, is
		// marked there.
		{name: "begin not atomic body", src: `BEGIN NOT ATOMIC DO RELEASE_LOCK(CONCAT('strata_', 'x')); END;
BEGIN NOT ATOMIC DO RELEASE_LOCK('strata_abc'); END;
BEGIN NOT ATOMIC DO RELEASE_LOCK('mine'); END;
BEGIN NOT ATOMIC SET completion_type = 'RELEASE'; END;
BEGIN NOT ATOMIC XA START 'x'; END;
BEGIN NOT ATOMIC LOCK TABLES a WRITE; END;
begin not atomic flush tables with read lock; end;
BEGIN NOT ATOMIC BACKUP STAGE START; END;
BEGIN NOT ATOMIC DECLARE x INT DEFAULT 1; IF x THEN START TRANSACTION; ELSE SELECT 1; END IF; END;
BEGIN NOT ATOMIC WHILE 0 DO ROLLBACK; END WHILE; END;
BEGIN NOT ATOMIC l: LOOP SET autocommit = 0; LEAVE l; END LOOP; END;
BEGIN NOT ATOMIC DECLARE EXIT HANDLER FOR SQLEXCEPTION ROLLBACK; SELECT 1; END;
BEGIN NOT ATOMIC DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN UNLOCK TABLES; END; SELECT 1; END;
b: BEGIN NOT ATOMIC COMMIT; END b;
BEGIN NOT ATOMIC BEGIN SELECT 1; END; SELECT REPEAT('a', 2), IF(1, 'commit', 2) AS x; END;
CREATE PROCEDURE p() BEGIN LOCK TABLES a WRITE; COMMIT; END;
DELIMITER //
BEGIN NOT ATOMIC
  SELECT 1;
  REPEAT SAVEPOINT s; UNTIL 1 END REPEAT;
END//`,
			want: []string{"BEGIN NOT ATOMIC DO RELEASE_LOCK(CONCAT('strata_', 'x')); END",
				"BEGIN NOT ATOMIC DO RELEASE_LOCK('strata_abc'); END",
				"BEGIN NOT ATOMIC DO RELEASE_LOCK('mine'); END",
				"BEGIN NOT ATOMIC SET completion_type = 'RELEASE'; END",
				"BEGIN NOT ATOMIC XA START 'x'; END",
				"BEGIN NOT ATOMIC LOCK TABLES a WRITE; END",
				"begin not atomic flush tables with read lock; end",
				"BEGIN NOT ATOMIC BACKUP STAGE START; END",
				"BEGIN NOT ATOMIC DECLARE x INT DEFAULT 1; IF x THEN START TRANSACTION; ELSE SELECT 1; END IF; END",
				"BEGIN NOT ATOMIC WHILE 0 DO ROLLBACK; END WHILE; END",
				"BEGIN NOT ATOMIC l: LOOP SET autocommit = 0; LEAVE l; END LOOP; END",
				"BEGIN NOT ATOMIC DECLARE EXIT HANDLER FOR SQLEXCEPTION ROLLBACK; SELECT 1; END",
				"BEGIN NOT ATOMIC DECLARE CONTINUE HANDLER FOR NOT FOUND BEGIN UNLOCK TABLES; END; SELECT 1; END",
				"b: BEGIN NOT ATOMIC COMMIT; END b",
				"BEGIN NOT ATOMIC BEGIN SELECT 1; END; SELECT REPEAT('a', 2), IF(1, 'commit', 2) AS x; END",
				"CREATE PROCEDURE p() BEGIN LOCK TABLES a WRITE; COMMIT; END",
				"BEGIN NOT ATOMIC\n  SELECT 1;\n  REPEAT SAVEPOINT s; UNTIL 1 END REPEAT;\nEND"},
			txn: []string{"", "", "", "", "XA START", "", "", "",
				"START TRANSACTION", "ROLLBACK", "SET autocommit", "ROLLBACK", "", "COMMIT", "", "", "SAVEPOINT (savepoint)"},
			unsup: []string{"RELEASE_LOCK() of strata's lock", "RELEASE_LOCK() of strata's lock", "", "SET completion_type", "",
				"LOCK TABLES", "FLUSH TABLES … WITH READ LOCK", "BACKUP STAGE",
				"", "", "", "", "UNLOCK TABLES", "", "", "", ""}},
		{name: "table locks", src: "LOCK TABLES `users` WRITE; /*!40000 ALTER TABLE `users` DISABLE KEYS */; UNLOCK TABLES; lock table t read; FLUSH TABLES WITH READ LOCK; FLUSH TABLES t FOR EXPORT; FLUSH LOGS; SELECT RELEASE_ALL_LOCKS(); SELECT GET_LOCK('x', 1)",
			want: []string{"LOCK TABLES `users` WRITE", "/*!40000 ALTER TABLE `users` DISABLE KEYS */", "UNLOCK TABLES", "lock table t read",
				"FLUSH TABLES WITH READ LOCK", "FLUSH TABLES t FOR EXPORT", "FLUSH LOGS", "SELECT RELEASE_ALL_LOCKS()", "SELECT GET_LOCK('x', 1)"},
			unsup: []string{"LOCK TABLES", "", "UNLOCK TABLES", "LOCK TABLES", "FLUSH TABLES … WITH READ LOCK", "FLUSH TABLES … FOR EXPORT", "",
				"RELEASE_ALL_LOCKS()", ""}},
		{name: "session and lock handed over", src: "SELECT RELEASE_LOCK('mine'); DO RELEASE_LOCK('strata_0a1b'); SELECT RELEASE_LOCK(CONCAT('strata_', SHA1('x'))); " +
			"SELECT release_lock(@n); SELECT RELEASE_LOCK('mine' ); SELECT IS_FREE_LOCK('strata_x'); " +
			"SET completion_type = 2; SET SESSION completion_type = 'RELEASE'; SET @@session.completion_type := CHAIN; SET completion_type = NO_CHAIN; SET completion_type = 0; SET @completion_type = 2; " +
			"COMMIT RELEASE; ROLLBACK NO CHAIN RELEASE; BACKUP STAGE START; BACKUP LOCK t; BACKUP UNLOCK",
			want: []string{"SELECT RELEASE_LOCK('mine')", "DO RELEASE_LOCK('strata_0a1b')", "SELECT RELEASE_LOCK(CONCAT('strata_', SHA1('x')))",
				"SELECT release_lock(@n)", "SELECT RELEASE_LOCK('mine' )", "SELECT IS_FREE_LOCK('strata_x')",
				"SET completion_type = 2", "SET SESSION completion_type = 'RELEASE'", "SET @@session.completion_type := CHAIN", "SET completion_type = NO_CHAIN", "SET completion_type = 0", "SET @completion_type = 2",
				"COMMIT RELEASE", "ROLLBACK NO CHAIN RELEASE", "BACKUP STAGE START", "BACKUP LOCK t", "BACKUP UNLOCK"},
			txn: []string{"", "", "", "", "", "", "", "", "", "", "", "", "COMMIT", "ROLLBACK", "", "", ""},
			unsup: []string{"", "RELEASE_LOCK() of strata's lock", "RELEASE_LOCK() of strata's lock", "RELEASE_LOCK() of strata's lock", "", "",
				"SET completion_type", "SET completion_type", "SET completion_type", "", "", "",
				"", "", "BACKUP STAGE", "BACKUP LOCK", "BACKUP UNLOCK"}},
		{name: "client command words in other places", src: "USE db; HELP 'x'; SELECT status FROM t; status: LOOP LEAVE status; END LOOP; CREATE TABLE source (a INT)",
			want: []string{"USE db", "HELP 'x'", "SELECT status FROM t", "status: LOOP LEAVE status; END LOOP", "CREATE TABLE source (a INT)"}},
	})
}

func TestSQLite(t *testing.T) {
	runCases(t, SQLite, []splitCase{
		{name: "basic", src: "SELECT 1;\nSELECT 2", want: []string{"SELECT 1", "SELECT 2"}},
		{name: "quotes", src: "SELECT 'a;''b', \"c;\"\"d\", `e;``f`, [g;h] FROM t; SELECT 'a\\'",
			want: []string{"SELECT 'a;''b', \"c;\"\"d\", `e;``f`, [g;h] FROM t", "SELECT 'a\\'"}},
		{name: "comments", src: "-- a;\nSELECT 1 /* b; /* */ -- c;\r;",
			want: []string{"SELECT 1"}},
		{name: "trigger", src: "CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET a = CASE WHEN 1 THEN 2 ELSE 3 END; SELECT CASE 1 WHEN 1 THEN 'end' END; END; SELECT 2",
			want: []string{"CREATE TRIGGER t AFTER INSERT ON x BEGIN UPDATE x SET a = CASE WHEN 1 THEN 2 ELSE 3 END; SELECT CASE 1 WHEN 1 THEN 'end' END; END", "SELECT 2"}},
		{name: "temp trigger", src: "create temp trigger if not exists t before delete on x for each row when old.a begin delete from y; end; select 2",
			want: []string{"create temp trigger if not exists t before delete on x for each row when old.a begin delete from y; end", "select 2"}},
		{name: "temporary trigger without final semicolon", src: "CREATE TEMPORARY TRIGGER t AFTER UPDATE ON x BEGIN SELECT 1; END",
			want: []string{"CREATE TEMPORARY TRIGGER t AFTER UPDATE ON x BEGIN SELECT 1; END"}},
		{name: "not a trigger", src: "CREATE TABLE begin (a); BEGIN; END; CREATE VIEW v AS SELECT 1; SELECT 2",
			want: []string{"CREATE TABLE begin (a)", "BEGIN", "END", "CREATE VIEW v AS SELECT 1", "SELECT 2"},
			txn:  []string{"", "BEGIN", "END", "", ""}},
		{name: "vacuum", src: "VACUUM; vacuum INTO 'x'; SELECT 'VACUUM'; -- VACUUM\nPRAGMA x",
			want: []string{"VACUUM", "vacuum INTO 'x'", "SELECT 'VACUUM'", "PRAGMA x"},
			notx: []string{"VACUUM", "VACUUM", "", ""}},
		{name: "transaction control", src: `BEGIN; BEGIN IMMEDIATE TRANSACTION; COMMIT; END TRANSACTION; ROLLBACK; ROLLBACK TRANSACTION;
SAVEPOINT a; RELEASE a; RELEASE SAVEPOINT a; ROLLBACK TO a; ROLLBACK TRANSACTION TO SAVEPOINT a;
CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END; SELECT 'COMMIT'; CREATE TABLE "commit" (a)`,
			want: []string{"BEGIN", "BEGIN IMMEDIATE TRANSACTION", "COMMIT", "END TRANSACTION", "ROLLBACK", "ROLLBACK TRANSACTION",
				"SAVEPOINT a", "RELEASE a", "RELEASE SAVEPOINT a", "ROLLBACK TO a", "ROLLBACK TRANSACTION TO SAVEPOINT a",
				"CREATE TRIGGER t AFTER INSERT ON x BEGIN SELECT 1; END", "SELECT 'COMMIT'", `CREATE TABLE "commit" (a)`},
			txn: []string{"BEGIN", "BEGIN", "COMMIT", "END", "ROLLBACK", "ROLLBACK",
				"SAVEPOINT (savepoint)", "RELEASE SAVEPOINT (savepoint)", "RELEASE SAVEPOINT (savepoint)", "ROLLBACK TO SAVEPOINT (savepoint)",
				"ROLLBACK TO SAVEPOINT (savepoint)", "", "", ""}},
	})
}

// NO_BACKSLASH_ESCAPES and ANSI_QUOTES change where a string ends. The
// mode comes from the session (Options.SQLMode: the URL's sql_mode or the
// server's) and from SET statements earlier in the section, which hold for
// the statements after them, as on the server.
func TestMySQLSQLMode(t *testing.T) {
	const nbe, ansi, both = "NO_BACKSLASH_ESCAPES", "ANSI_QUOTES", "NO_BACKSLASH_ESCAPES,ANSI_QUOTES"
	runCases(t, MySQL, []splitCase{
		{name: "session mode", mode: "STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES", src: `INSERT INTO p VALUES ('C:\'); SELECT 'a\\'; SELECT "b\"`,
			want: []string{`INSERT INTO p VALUES ('C:\')`, `SELECT 'a\\'`, `SELECT "b\"`}, modes: []string{nbe, nbe, nbe}},
		{name: "session mode in lower case", mode: "no_backslash_escapes", src: `SELECT 'C:\'; SELECT 2`,
			want: []string{`SELECT 'C:\'`, "SELECT 2"}},
		{name: "set in the file", src: "SELECT 'it\\'s;'; SET sql_mode = 'NO_BACKSLASH_ESCAPES'; INSERT INTO p VALUES ('C:\\'); SELECT 2",
			want:  []string{`SELECT 'it\'s;'`, "SET sql_mode = 'NO_BACKSLASH_ESCAPES'", `INSERT INTO p VALUES ('C:\')`, "SELECT 2"},
			modes: []string{"", "", nbe, nbe}},
		{name: "set forms", src: "SET SESSION sql_mode='NO_BACKSLASH_ESCAPES'; SELECT '\\'; SET @@sql_mode = ''; SELECT '\\';'; " +
			"SET @@SESSION.sql_mode := \"ANSI,NO_BACKSLASH_ESCAPES\"; SELECT \"x\\\"; SET LOCAL sql_mode = DEFAULT; SELECT '\\';'; " +
			"set @@local.SQL_MODE='no_backslash_escapes'; select '\\'",
			want: []string{"SET SESSION sql_mode='NO_BACKSLASH_ESCAPES'", `SELECT '\'`, "SET @@sql_mode = ''", `SELECT '\';'`,
				`SET @@SESSION.sql_mode := "ANSI,NO_BACKSLASH_ESCAPES"`, `SELECT "x\"`, "SET LOCAL sql_mode = DEFAULT", `SELECT '\';'`,
				"set @@local.SQL_MODE='no_backslash_escapes'", `select '\'`},
			modes: []string{"", nbe, nbe, "", "", both, both, "", "", nbe}},
		{name: "global is not the session", src: "SET GLOBAL sql_mode = 'NO_BACKSLASH_ESCAPES'; SET @@global.sql_mode = 'NO_BACKSLASH_ESCAPES'; SELECT '\\';'",
			want: []string{"SET GLOBAL sql_mode = 'NO_BACKSLASH_ESCAPES'", "SET @@global.sql_mode = 'NO_BACKSLASH_ESCAPES'", `SELECT '\';'`}},
		{name: "mysqldump saves and restores", mode: "STRICT_TRANS_TABLES",
			src: "/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO,NO_BACKSLASH_ESCAPES' */;\n" +
				"INSERT INTO p VALUES ('C:\\');\n/*!40101 SET SQL_MODE=@OLD_SQL_MODE */;\nSELECT 'it\\'s;';",
			want: []string{"/*!40101 SET @OLD_SQL_MODE=@@SQL_MODE, SQL_MODE='NO_AUTO_VALUE_ON_ZERO,NO_BACKSLASH_ESCAPES' */",
				`INSERT INTO p VALUES ('C:\')`, "/*!40101 SET SQL_MODE=@OLD_SQL_MODE */", `SELECT 'it\'s;'`},
			modes: []string{"", nbe, nbe, ""}},
		{name: "concat and replace", src: "SET sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES'); SELECT '\\'; " +
			"SET sql_mode = (SELECT REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', '')); SELECT '\\';'; " +
			"SET sql_mode = CONCAT_WS(',', 'ANSI_QUOTES', 'NO_BACKSLASH_ESCAPES'); SELECT \"\\\"",
			want: []string{"SET sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')", `SELECT '\'`,
				"SET sql_mode = (SELECT REPLACE(@@sql_mode, 'NO_BACKSLASH_ESCAPES', ''))", `SELECT '\';'`,
				"SET sql_mode = CONCAT_WS(',', 'ANSI_QUOTES', 'NO_BACKSLASH_ESCAPES')", `SELECT "\"`},
			modes: []string{"", nbe, nbe, "", "", both}},
		{name: "unknown value keeps the mode", mode: nbe, src: "SET sql_mode = (SELECT m FROM modes); SELECT '\\'",
			want: []string{"SET sql_mode = (SELECT m FROM modes)", `SELECT '\'`}},
		{name: "ansi quotes", mode: ansi, src: `SELECT "a\" FROM t; SELECT 'b\';'`,
			want: []string{`SELECT "a\" FROM t`, `SELECT 'b\';'`}, modes: []string{ansi, ansi}},
		{name: "other sets", mode: nbe, src: "SET NAMES utf8mb4; SET @x = 'a', sql_mode = @x; SELECT '\\';'; SET STATEMENT sql_mode='NO_BACKSLASH_ESCAPES' FOR SELECT 1; SELECT '\\';'",
			want:  []string{"SET NAMES utf8mb4", "SET @x = 'a', sql_mode = @x", `SELECT '\';'`, "SET STATEMENT sql_mode='NO_BACKSLASH_ESCAPES' FOR SELECT 1", `SELECT '\';'`},
			modes: []string{nbe, nbe, "", "", ""}},
		// Several assignments, the character set's without "=" among them.
		{name: "set names and sql_mode", src: "SET NAMES utf8mb4, sql_mode = 'NO_BACKSLASH_ESCAPES'; SELECT '\\'; " +
			"SET NAMES latin1 COLLATE latin1_bin, @@SESSION.sql_mode = ''; SELECT '\\';'; " +
			"SET CHARACTER SET utf8mb4, SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'; SELECT '\\'; " +
			"SET @n = 1 + 2, sql_mode = DEFAULT; SELECT '\\';'",
			want: []string{"SET NAMES utf8mb4, sql_mode = 'NO_BACKSLASH_ESCAPES'", `SELECT '\'`,
				"SET NAMES latin1 COLLATE latin1_bin, @@SESSION.sql_mode = ''", `SELECT '\';'`,
				"SET CHARACTER SET utf8mb4, SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'", `SELECT '\'`,
				"SET @n = 1 + 2, sql_mode = DEFAULT", `SELECT '\';'`},
			modes: []string{"", nbe, nbe, "", "", nbe, nbe, ""}},
	})
}

// Without NO_BACKSLASH_ESCAPES, 'C:\' is unterminated, and the error
// says how to tell strata about the server's mode.
func TestMySQLBackslashHint(t *testing.T) {
	_, err := Split(MySQL, `INSERT INTO p VALUES ('C:\');`, Position{})
	if err == nil || !strings.Contains(err.Error(), "unterminated string") || !strings.Contains(err.Error(), "sql_mode=NO_BACKSLASH_ESCAPES") {
		t.Fatalf("got %v", err)
	}
	_, err = SplitWith(MySQL, `SET sql_mode = 'NO_BACKSLASH_ESCAPES'; SELECT 'it''s`, Position{}, Options{})
	if err == nil || strings.Contains(err.Error(), `\'`) {
		t.Fatalf("got %v", err)
	}
}

package strata

import (
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/testdb"
)

// TestErrorOnOwnObject runs each statement against a real database of
// each dialect and checks whether its real error is taken as being about
// the object the statement itself creates or drops: only those may be
// tolerated (-- strata:tolerate-existing) or, for "already exists", taken
// as proof after a crash. Errors from data statements and about other
// objects never are.
func TestErrorOnOwnObject(t *testing.T) {
	setup := map[string][]string{
		"postgres": {
			"CREATE TABLE t (id int PRIMARY KEY, c int)", "CREATE INDEX k ON t (c)", "CREATE VIEW v AS SELECT 1 AS x",
			"CREATE TABLE p (id int PRIMARY KEY)", "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id)",
			"CREATE SCHEMA s", "CREATE TYPE ty AS ENUM ('a')", "CREATE SEQUENCE sq", `CREATE TABLE "Mixed" (id int)`, "CREATE TABLE lower (id int)",
			"CREATE FUNCTION fn() RETURNS int LANGUAGE sql AS 'SELECT 1'",
		},
		"mysql": {
			"CREATE TABLE t (id int PRIMARY KEY, c int, KEY k (c))", "CREATE VIEW v AS SELECT 1 AS x",
			"CREATE TABLE p (id int PRIMARY KEY)", "ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id)",
			"CREATE PROCEDURE pr() SELECT 1", "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.c = 1",
		},
		"sqlite": {
			"CREATE TABLE t (id INTEGER PRIMARY KEY, c INTEGER)", "CREATE INDEX k ON t (c)", "CREATE VIEW v AS SELECT 1 AS x",
			"CREATE TRIGGER tr BEFORE INSERT ON t BEGIN SELECT 1; END",
		},
	}
	type tc struct {
		stmt string
		own  bool
	}
	common := []tc{
		{"CREATE TABLE t (id int)", true},
		{"create table IF NOT EXISTS x (id int); CREATE TABLE t (id int)", false}, // not one statement: x is what it creates
		{"CREATE TABLE t2 (id int, id int)", false},                               // a duplicate column is not the table
		{"CREATE TABLE t2 (t2 int, t2 int)", false},                               // not even of the same name
		{"ALTER TABLE t ADD COLUMN c int", true},
		{"ALTER TABLE t ADD c int", true},
		{"ALTER TABLE t ADD COLUMN c int, ADD COLUMN d int", false}, // d was not added either
		{"ALTER TABLE t DROP COLUMN nope", true},
		{"ALTER TABLE t DROP COLUMN c, DROP COLUMN nope", false}, // c was not dropped either
		{"ALTER TABLE nope ADD COLUMN x int", false},             // the table, not the column
		{"ALTER TABLE nope DROP COLUMN x", false},
		{"CREATE INDEX k ON t (c)", true},
		{"CREATE INDEX k2 ON nope (c)", false},
		{"CREATE INDEX k2 ON t (nocol)", false},
		{"DROP TABLE nope", true},
		{"DROP TABLE gone, nope", false}, // MySQL drops gone and fails on nope
		{"DROP VIEW nope", true},
		{"CREATE VIEW v AS SELECT 1", true},
		{"INSERT INTO t (nocol) VALUES (1)", false},
		{"INSERT INTO nope VALUES (1)", false},
		{"UPDATE nope SET a = 1", false},
		{"UPDATE t SET nocol = 1", false},
		{"DELETE FROM nope", false},
		{"SELECT * FROM nope", false},
		{"CREATE TABLE t3 AS SELECT * FROM nope", false},
	}
	extra := map[string][]tc{
		"postgres": {
			{"CREATE TABLE public.t (id int)", true},
			{"ALTER TABLE t ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES p (id)", true},
			{"ALTER TABLE t DROP CONSTRAINT nofk", true},
			{"ALTER TABLE p DROP CONSTRAINT fk", true}, // what it drops is gone, whoever else has one of that name
			{"DROP INDEX nope", true},
			{"DROP INDEX CONCURRENTLY IF EXISTS k; DROP INDEX nope", false},
			{"CREATE SCHEMA s", true},
			{"DROP SCHEMA nope", true},
			{"CREATE TYPE ty AS ENUM ('b')", true},
			{"DROP TYPE nope", true},
			{"CREATE SEQUENCE sq", true},
			{"CREATE FUNCTION fn() RETURNS int LANGUAGE sql AS 'SELECT 2'", true},
			{"DROP FUNCTION nofn()", true},
			{"DROP FUNCTION nofn", true},
			{`CREATE TABLE "Mixed" (id int)`, true},
			{"CREATE TABLE LOWER (id int)", true},                                                     // that is "lower"
			{`ALTER TABLE "Mixed" ADD COLUMN "ID" int; ALTER TABLE "Mixed" ADD COLUMN id int`, false}, // "ID" is not id
			{"CREATE VIEW v2 AS SELECT nocol FROM t", false},
			{"ALTER TABLE t ALTER COLUMN nocol TYPE int", false},
			{"ALTER TABLE t RENAME TO p", false},
			{"COMMENT ON TABLE nope IS 'x'", false},
			{"CREATE TABLE t4 (id int REFERENCES nope (id))", false},
		},
		"mysql": {
			{"CREATE TABLE t (id int) ENGINE=InnoDB", true},
			{"ALTER TABLE t ADD INDEX k (c)", true},
			{"ALTER TABLE t ADD COLUMN c INTEGER NOT NULL DEFAULT 1, ALGORITHM=COPY", true},
			{"ALTER TABLE t ADD COLUMN c INTEGER, LOCK = NONE", true},
			{"ALTER TABLE t ADD UNIQUE KEY k (c)", true},
			{"ALTER TABLE t DROP INDEX nope", true},
			{"DROP INDEX nope ON t", true},
			{"ALTER TABLE t DROP FOREIGN KEY nofk", true},
			{"CREATE VIEW v2 AS SELECT nocol FROM t", false},
			{"CREATE PROCEDURE pr() SELECT 2", true},
			{"DROP PROCEDURE nopr", true},
			{"CREATE DEFINER = CURRENT_USER TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.c = 2", true},
			{"DROP TRIGGER notr", true},
			{"ALTER TABLE t CHANGE nocol x int", false},
			{"ALTER TABLE t RENAME COLUMN nocol TO x", false},
			{"ALTER TABLE t RENAME TO p", false},
			{"RENAME TABLE t TO p", false},
		},
		"sqlite": {
			{"CREATE TABLE main.t (id int)", true},
			{"DROP INDEX nope", true},
			{"CREATE TRIGGER tr BEFORE INSERT ON t BEGIN SELECT 2;END", true},
			{"DROP TRIGGER notr", true},
			{`ALTER TABLE t DROP COLUMN "nope"`, true},
			{"ALTER TABLE t RENAME TO t", false},
		},
	}
	for name := range setup {
		setup[name] = append(setup[name], "CREATE TABLE gone (id int)")
	}
	for _, name := range testdb.Dialects {
		t.Run(name, func(t *testing.T) {
			db := testdb.Open(t, name)
			d, err := Dialect(name).impl()
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range setup[name] {
				if _, err := db.DB.Exec(s); err != nil {
					t.Fatalf("%s: %v", s, err)
				}
			}
			for _, c := range append(append([]tc{}, common...), extra[name]...) {
				stmt := c.stmt
				if i := strings.LastIndex(stmt, "; "); i >= 0 {
					// What the statement claims to be is only its first
					// part; the server runs the last.
					stmt = stmt[i+2:]
				}
				_, err := db.DB.Exec(stmt)
				if err == nil {
					t.Errorf("%s: no error", stmt)
					continue
				}
				info := d.Classify(err)
				if got := errorOnOwnObject(name, c.stmt, info); got != c.own {
					t.Errorf("%s\n\terror %v (kind %d, object %s %q of %q)\n\tabout its own object: %v, want %v",
						c.stmt, err, info.Kind, info.ObjectKind, info.Object, info.Parent, got, c.own)
				}
			}
		})
	}
}

// TestOwnTarget pins the parsing of the statement forms that have no
// error to go with them here: comments, quoting, modifiers.
func TestOwnTarget(t *testing.T) {
	for _, c := range []struct {
		dialect, stmt string
		ok            bool
		want          ddlTarget
	}{
		{"postgres", "-- make it\nCREATE UNLOGGED TABLE IF NOT EXISTS app.\"Users\" (id int)", true, ddlTarget{create: true, kind: "table", name: ident{"Users", true}}},
		{"postgres", "CREATE UNIQUE INDEX CONCURRENTLY users_email ON ONLY app.users (email)", true, ddlTarget{create: true, kind: "index", name: ident{"users_email", false}, parent: ident{"users", false}}},
		{"postgres", "CREATE INDEX ON users (email)", false, ddlTarget{}},
		{"postgres", "CREATE OR REPLACE VIEW v AS SELECT 1", false, ddlTarget{}},
		{"postgres", "CREATE PUBLICATION p FOR TABLE t", false, ddlTarget{}},
		{"postgres", "ALTER TABLE ONLY t ADD CONSTRAINT t_pk PRIMARY KEY (id)", true, ddlTarget{create: true, kind: "constraint", name: ident{"t_pk", false}, parent: ident{"t", false}}},
		{"postgres", "ALTER TABLE t ADD PRIMARY KEY (id)", false, ddlTarget{}},
		{"postgres", "ALTER TABLE t ADD COLUMN price numeric(10,2) DEFAULT 'a,b'", true, ddlTarget{create: true, kind: "column", name: ident{"price", false}, parent: ident{"t", false}}},
		{"postgres", "DROP FUNCTION f(int, text) CASCADE", true, ddlTarget{kind: "function", name: ident{"f", false}}},
		{"postgres", "DROP TRIGGER tr ON app.t", true, ddlTarget{kind: "trigger", name: ident{"tr", false}, parent: ident{"t", false}}},
		{"postgres", "DROP MATERIALIZED VIEW mv", true, ddlTarget{kind: "view", name: ident{"mv", false}}},
		{"mysql", "CREATE DEFINER=`root`@`localhost` SQL SECURITY INVOKER VIEW `v` AS SELECT 1", true, ddlTarget{create: true, kind: "view", name: ident{"v", true}}},
		{"mysql", "# a comment\nALTER TABLE `t` DROP FOREIGN KEY `fk_1`", true, ddlTarget{kind: "constraint", name: ident{"fk_1", true}, parent: ident{"t", true}}},
		{"mysql", "ALTER TABLE t ADD FULLTEXT KEY ft (body)", true, ddlTarget{create: true, kind: "index", name: ident{"ft", false}, parent: ident{"t", false}}},
		{"mysql", "ALTER TABLE t DROP PRIMARY KEY", false, ddlTarget{}},
		{"mysql", "DROP TEMPORARY TABLE IF EXISTS tmp", true, ddlTarget{kind: "table", name: ident{"tmp", false}}},
		{"sqlite", "CREATE VIRTUAL TABLE [docs] USING fts5(body)", true, ddlTarget{create: true, kind: "table", name: ident{"docs", true}}},
		{"sqlite", "INSERT INTO t VALUES ('CREATE TABLE x')", false, ddlTarget{}},
	} {
		got, ok := ownTarget(c.dialect, c.stmt)
		if ok != c.ok || ok && got != c.want {
			t.Errorf("%s: got %+v %v, want %+v %v", c.stmt, got, ok, c.want, c.ok)
		}
	}
}

package strata_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// hostileSections are, per dialect, sections that strata runs statement
// by statement and whose statements change the session in ways that
// would stop strata's own progress writes between them: a role without
// rights on strata's tables, a read-only default, a statement timeout of
// a millisecond, an sql_mode, PRAGMA query_only (a completion_type that
// ends the session at COMMIT is refused before anything runs). Each ends
// by storing what its later statements saw in a table "seen"; the
// dialect's probe follows.
func hostileSections(d, role string) fstest.MapFS {
	switch d {
	case "postgres":
		return fstest.MapFS{
			"001_hostile.sql": migration(`-- strata:no-transaction
CREATE TABLE t_first (id int);
SET default_transaction_read_only = on;
SELECT 1;
SET default_transaction_read_only = off;
SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY;
SELECT 2;
SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE;
SET ROLE ` + role + `;
CREATE TABLE as_role AS SELECT current_user::text AS u;
INSERT INTO as_role VALUES ('dml as role');
RESET ROLE;
SET SESSION AUTHORIZATION ` + role + `;
CREATE TABLE as_auth AS SELECT session_user::text AS u;
RESET SESSION AUTHORIZATION;
SET lock_timeout = 1;
SET search_path = nowhere, public;
CREATE TABLE public.seen AS SELECT current_setting('lock_timeout') AS lock_timeout, current_setting('search_path') AS search_path;
SET statement_timeout = 1;
SET idle_in_transaction_session_timeout = 1;
SET client_min_messages = error;
`),
			"002_probe.sql": migration(probe(d)),
		}
	case "mysql":
		return fstest.MapFS{
			"001_hostile.sql": migration(`CREATE TABLE t_first (id int);
SET SESSION TRANSACTION READ ONLY;
SELECT 1;
SET SESSION TRANSACTION READ WRITE;
SET SESSION tx_read_only = 1;
SELECT 2;
SET SESSION tx_read_only = 0;
SET NAMES latin1;
SET max_statement_time = 0.001;
SELECT 3;
SET max_statement_time = 0;
SET SESSION sql_select_limit = 0, sql_safe_updates = 1;
SELECT 4;
SET SESSION sql_select_limit = DEFAULT;
SET time_zone = '+09:00';
INSERT INTO t_first VALUES (1);
SET SESSION sql_mode = 'ANSI_QUOTES,PIPES_AS_CONCAT,NO_BACKSLASH_ESCAPES';
CREATE TABLE seen AS SELECT @@SESSION.sql_mode AS sql_mode, @@SESSION.time_zone AS time_zone,
	@@SESSION.character_set_client AS cs, @@SESSION.sql_safe_updates AS su;
SET SESSION TRANSACTION READ ONLY;
SET max_statement_time = 0.001;
SET SESSION sql_select_limit = 0;
`),
			"002_probe.sql": migration(probe(d)),
		}
	}
	return fstest.MapFS{
		"001_hostile.sql": migration(`-- strata:no-transaction
CREATE TABLE t_first (id INTEGER);
PRAGMA query_only = 1;
SELECT 1;
PRAGMA query_only = 0;
CREATE TABLE seen AS SELECT 1 AS x;
INSERT INTO t_first VALUES (1);
PRAGMA query_only = 1;
`),
		// In one transaction, whose history row comes after it.
		"002_in_tx.sql": migration("CREATE TABLE t_second (id INTEGER);\nPRAGMA query_only = ON;\n"),
		"003_probe.sql": migration(probe(d) + "\n"),
	}
}

// TestSessionHostileStatements: statements that change the session in
// ways that break strata's own writes between statements run, their later
// statements see what they set, strata records the migration applied, and
// the next migration finds the session as a new one.
func TestSessionHostileStatements(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, d)
			role := ""
			if d == "postgres" {
				role = "strata_hostile_" + strings.TrimPrefix(filepath.Base(db.Name), "strata_test_")
				for _, q := range []string{"CREATE ROLE " + role, "GRANT USAGE, CREATE ON SCHEMA public TO " + role} {
					if _, err := db.DB.Exec(q); err != nil {
						t.Fatal(err)
					}
				}
				t.Cleanup(func() {
					db.DB.Exec("DROP OWNED BY " + role)
					db.DB.Exec("DROP ROLE IF EXISTS " + role)
				})
			}
			fsys := hostileSections(d, role)
			want := row(t, db.DB, probes[d])
			m, err := strata.New(db.DB, strata.Dialect(d), fsys)
			if err != nil {
				t.Fatal(err)
			}
			res, err := m.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			if len(res) != len(fsys) {
				t.Fatalf("applied %d of %d", len(res), len(fsys))
			}
			got := row(t, db.DB, "SELECT * FROM probe")
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s: the next migration saw %q, a new session has %q", k, got[k], v)
				}
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Pending != 0 {
				t.Errorf("%d pending after up", st.Pending)
			}
			seen := row(t, db.DB, "SELECT * FROM seen")
			switch d {
			case "postgres":
				if n := count(t, db.DB, "SELECT count(*) FROM as_role WHERE u IN ($1, 'dml as role')", role); n != 2 {
					t.Errorf("%d of 2 rows written as the role", n)
				}
				if n := count(t, db.DB, "SELECT count(*) FROM as_auth WHERE u = $1", role); n != 1 {
					t.Error("the statement after SET SESSION AUTHORIZATION did not run as that user")
				}
				if seen["lock_timeout"] != "1ms" || seen["search_path"] != "nowhere, public" {
					t.Errorf("the section's later statement saw %v", seen)
				}
			case "mysql":
				if seen["time_zone"] != "+09:00" || seen["cs"] != "latin1" || seen["su"] != "1" ||
					!strings.Contains(seen["sql_mode"], "ANSI_QUOTES") {
					t.Errorf("the section's later statement saw %v", seen)
				}
				if n := count(t, db.DB, "SELECT count(*) FROM t_first"); n != 1 {
					t.Errorf("%d rows in t_first, want 1", n)
				}
			case "sqlite":
				if n := count(t, db.DB, "SELECT count(*) FROM t_first"); n != 1 {
					t.Errorf("%d rows in t_first, want 1", n)
				}
			}
		})
	}
}

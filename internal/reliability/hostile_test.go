package reliability

// Hostile migration content (issue 13, the class "hostile migration
// content"): what real migration files do that fights strata's own
// bookkeeping. Transaction control in every kind of section, changes of
// the session and of the current database, dump files made in the test by
// the real pg_dump and mariadb-dump from a real database, and statements
// on strata's own tables and functions, in every form. This file is the
// one list of them; hostile_cases_test.go holds the cases,
// hostile_dumps_test.go the dumps.
//
// Every case keeps one of strata's two promises, through the strata
// command on a database holding the two applied migrations of badinput's
// biBase:
//
//   - refused before anything runs: the exit code, a message naming the
//     file and line, and a database exactly as it was (biSnapshot on the
//     servers, the file's bytes on SQLite);
//   - or run correctly: exit 0, the history exactly the attempts asked
//     for and all successful, a probe migration after it that sees a
//     session like a new one (nothing leaked), and status, up, history and
//     validate working afterwards.
//
// A case marked known is a hole that another change fixes, or one this
// class found; it runs and fails until then (never skipped), and the test
// lists such failures per database.

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// hostileCase is one hostile migration directory.
type hostileCase struct {
	biCase // name, on, files, gen, args, code (0: it must run), want
	// probe adds 004_probe.sql, which records the session's settings
	// after the case's migrations, to compare with a new session's.
	probe bool
	// history lists the attempts a run must leave after the base's two,
	// as "version direction", all successful; nil is an up of every
	// added migration in order.
	history []string
	// check looks at what a run did.
	check func(t *testing.T, h *hostileEnv)
	// dump makes 003_dump.sql from the dialect's dumps, and says what a
	// refusal of it must mention (its line).
	dump func(t *testing.T, h *hostileEnv) (text string, want []string)
	// known names the hole (fixed by another change, or found by this
	// class) that makes the case fail until it is closed.
	known string
}

// hostileEnv is what a dialect's cases share.
type hostileEnv struct {
	d     string
	db    *testdb.DB // the case's database
	other *testdb.DB // another database of the same server (USE, ATTACH)
	role  string     // a PostgreSQL role the test made (SET ROLE)
	dumps map[string]string
}

// expand replaces the case's placeholders: %db% the database's name,
// %other% the other database's name (SQLite: its file), %role% the role.
func (h *hostileEnv) expand(s string) string {
	r := strings.NewReplacer("%db%", h.db.Name, "%other%", h.other.Name, "%role%", h.role)
	return r.Replace(s)
}

// hostileProbes read the session settings a migration can change; a
// probe migration stores them in a table, to compare with a new session.
var hostileProbes = map[string]string{
	"postgres": `SELECT current_setting('search_path') AS search_path, current_user AS current_user_name, session_user AS session_user_name,
	current_setting('statement_timeout') AS statement_timeout, current_setting('lock_timeout') AS lock_timeout,
	current_setting('TimeZone') AS time_zone, current_setting('client_min_messages') AS client_min_messages,
	current_setting('check_function_bodies') AS check_function_bodies, current_setting('row_security') AS row_security,
	current_setting('default_transaction_read_only') AS default_read_only, current_setting('session_replication_role') AS replication_role,
	current_setting('xmloption') AS xmloption, current_setting('standard_conforming_strings') AS standard_strings`,
	"mysql": `SELECT DATABASE() AS db, @@SESSION.sql_mode AS sql_mode, @@SESSION.foreign_key_checks AS foreign_key_checks,
	@@SESSION.unique_checks AS unique_checks, @@SESSION.time_zone AS time_zone, @@SESSION.character_set_client AS cs_client,
	@@SESSION.collation_connection AS collation_connection, @@SESSION.sql_notes AS sql_notes,
	@@SESSION.max_statement_time AS max_statement_time, @@SESSION.autocommit AS autocommit,
	@@SESSION.sql_safe_updates AS sql_safe_updates, @@SESSION.tx_isolation AS tx_isolation, @@SESSION.tx_read_only AS tx_read_only,
	@@SESSION.completion_type AS completion_type`,
	"sqlite": `SELECT (SELECT foreign_keys FROM pragma_foreign_keys) AS foreign_keys,
	(SELECT legacy_alter_table FROM pragma_legacy_alter_table) AS legacy_alter_table,
	(SELECT recursive_triggers FROM pragma_recursive_triggers) AS recursive_triggers,
	(SELECT query_only FROM pragma_query_only) AS query_only,
	(SELECT count(*) FROM pragma_database_list) AS databases`,
}

// TestHostile runs every hostile case on each database it concerns, the
// three databases in parallel.
func TestHostile(t *testing.T) {
	cases := hostileCases()
	seen := map[string]int{}
	for _, c := range cases {
		if seen[c.name]&c.on != 0 {
			t.Fatalf("two cases named %s on one database", c.name)
		}
		seen[c.name] |= c.on
	}
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			h := &hostileEnv{d: d, other: testdb.Open(t, d)}
			h.dumps = makeDumps(t, d)
			if d == "postgres" {
				h.role = hostileRole(t, h.other)
			}
			var known []string
			var tmpl []byte // SQLite: the prepared database's bytes
			fresh := true
			for _, c := range cases {
				if c.on&biBit[d] == 0 {
					continue
				}
				// A run changes the database, and so does a refusal
				// that failed (or stopped early): the next case needs a
				// fresh one.
				if fresh || c.code == 0 || d == "sqlite" {
					h.db = hostileDB(t, d, &tmpl)
				}
				fresh = true
				ok := t.Run(c.name, func(t *testing.T) {
					if c.known != "" {
						t.Logf("known hole: %s", c.known)
					}
					if c.code == 0 {
						hostileRun(t, h, c)
					} else {
						fresh = hostileRefused(t, h, c)
					}
				})
				if !ok && c.known != "" {
					known = append(known, c.name)
				}
			}
			if len(known) > 0 {
				t.Logf("%s: cases failing because of a known hole: %s", d, strings.Join(known, ", "))
			}
		})
	}
}

// hostileDB returns a database holding the base migrations: on SQLite a
// copy of one prepared file, so that its bytes can be compared.
func hostileDB(t *testing.T, d string, tmpl *[]byte) *testdb.DB {
	t.Helper()
	db := testdb.Open(t, d)
	if d != "sqlite" {
		biSetup(t, db.URL)
		return db
	}
	if *tmpl == nil {
		biSetup(t, db.URL)
		b, err := os.ReadFile(db.Name)
		if err != nil {
			t.Fatal(err)
		}
		*tmpl = b
		db = testdb.Open(t, d)
	}
	if err := os.WriteFile(db.Name, *tmpl, 0o644); err != nil {
		t.Fatal(err)
	}
	return db
}

// hostileRole makes a role the cases can SET ROLE to, allowed to create
// in public, which PostgreSQL 15 no longer allows everyone.
func hostileRole(t *testing.T, db *testdb.DB) string {
	t.Helper()
	role := "strata_hostile_" + strings.TrimPrefix(db.Name, "strata_test_")
	admin := biAdmin(t, "postgres")
	if _, err := admin.Exec("CREATE ROLE " + role); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP OWNED BY " + role)
		admin.Exec("DROP ROLE IF EXISTS " + role)
	})
	return role
}

// write makes the case's directory, placeholders expanded.
func (h *hostileEnv) write(t *testing.T, c hostileCase) string {
	t.Helper()
	bc := c.biCase
	bc.files = map[string]string{}
	for name, text := range c.files {
		bc.files[name] = h.expand(text)
	}
	if c.probe {
		bc.files["004_probe.sql"] = "CREATE TABLE probe AS " + hostileProbes[h.d] + ";\n"
	}
	if c.dump != nil {
		text, _ := c.dump(t, h)
		bc.files["003_dump.sql"] = text
	}
	return biWriteDir(t, bc)
}

// hostileRefused checks a case strata must refuse; it reports whether
// the database changed (and the next case needs a fresh one).
func hostileRefused(t *testing.T, h *hostileEnv, c hostileCase) (changed bool) {
	var before []string
	var beforeBytes []byte
	if h.d == "sqlite" {
		beforeBytes = hostileReadFile(t, h.db.Name)
	} else {
		before = biSnapshot(t, h.db)
	}
	r := strata(waitTimeout(2*time.Minute), h.db.URL, h.write(t, c), c.args...)
	c.want = slices.Clone(c.want)
	for i, w := range c.want {
		c.want[i] = h.expand(w)
	}
	if c.dump != nil {
		_, want := c.dump(t, h)
		c.want = append(c.want, want...)
	}
	biCheckOutput(t, c.biCase, r)
	if h.d == "sqlite" {
		if after := hostileReadFile(t, h.db.Name); !bytes.Equal(after, beforeBytes) {
			t.Errorf("the database file changed; history now:\n%s", biSQLiteHistory(t, h.db.Name))
			return true
		}
		return false
	}
	if d := biDiff(before, biSnapshot(t, h.db)); d != "" {
		t.Errorf("the database changed:\n%s", d)
		return true
	}
	return false
}

func hostileReadFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// hostileRun checks a case strata must run, and everything after it.
func hostileRun(t *testing.T, h *hostileEnv, c hostileCase) {
	ctx := waitTimeout(2 * time.Minute)
	dir := h.write(t, c)
	var want map[string]string
	if c.probe {
		// Read before strata runs, on a new session of the test's pool.
		want = hostileProbe(t, h, hostileProbes[h.d])
	}
	r := strata(ctx, h.db.URL, dir, c.args...)
	if r.code != 0 {
		t.Fatalf("%s: %s", strings.Join(c.args, " "), r)
	}
	if strings.Contains(r.stdout+r.stderr, "panic:") {
		t.Fatalf("strata crashed\n%s", r)
	}
	// The history: the base's two, then exactly the attempts asked for.
	wantRows := []string{"1 up true", "2 up true"}
	if c.history != nil {
		for _, a := range c.history {
			wantRows = append(wantRows, a+" true")
		}
	} else {
		for _, v := range hostileVersions(dir) {
			if v > "002" {
				wantRows = append(wantRows, strings.TrimLeft(v, "0")+" up true")
			}
		}
	}
	var got []string
	for _, a := range attemptRows(t, h.db.DB) {
		got = append(got, fmt.Sprintf("%s %s %v", a.version, a.direction, a.success))
	}
	if !slices.Equal(got, wantRows) {
		t.Errorf("history (version direction success):\n%s\nwant:\n%s\n%s", strings.Join(got, "\n"), strings.Join(wantRows, "\n"), r)
	}
	if c.probe {
		if got := hostileProbe(t, h, "SELECT * FROM probe"); !maps.Equal(got, want) {
			for k, v := range want {
				if got[k] != v {
					t.Errorf("the migration after it saw %s = %q, a new session has %q", k, got[k], v)
				}
			}
		}
	}
	if c.check != nil {
		c.check(t, h)
	}
	// strata's next commands still work: after an up nothing is
	// pending; after a down (the base's 002) one migration is, and up
	// applies it again.
	st := strata(ctx, h.db.URL, dir, "status")
	at, pending := strings.Fields(wantRows[len(wantRows)-1])[0], 0
	if c.args[0] == "down" {
		at, pending = "1", 1
	}
	if st.code != 0 || !strings.Contains(st.stdout, fmt.Sprintf("is at version %s; %d pending.", at, pending)) {
		t.Errorf("status after the run: want version %s, %d pending\n%s", at, pending, st)
	}
	if up := strata(ctx, h.db.URL, dir, "up"); up.code != 0 || len(attemptRows(t, h.db.DB)) != len(wantRows)+pending {
		t.Errorf("up after the run: %s", up)
	}
	if hi := strata(ctx, h.db.URL, dir, "history"); hi.code != 0 {
		t.Errorf("history after the run: %s", hi)
	}
	if va := strata(ctx, h.db.URL, dir, "validate"); va.code != 0 {
		t.Errorf("validate after the run: %s", va)
	}
}

// hostileVersions lists the version prefixes of the directory's
// migration files, in order.
func hostileVersions(dir string) []string {
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, e := range ents {
		if v, _, ok := strings.Cut(e.Name(), "_"); ok && strings.HasSuffix(e.Name(), ".sql") && !strings.HasSuffix(e.Name(), ".down.sql") {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// hostileProbe reads one row of q on the case's database as text.
func hostileProbe(t *testing.T, h *hostileEnv, q string) map[string]string {
	t.Helper()
	rows, err := h.db.DB.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("no row from %s", q)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for i, col := range cols {
		switch v := vals[i].(type) {
		case []byte:
			out[col] = string(v)
		case nil:
			out[col] = "NULL"
		default:
			out[col] = fmt.Sprint(v)
		}
	}
	return out
}

// hostileCount runs a count query on the case's database.
func hostileCount(t *testing.T, h *hostileEnv, q string) int {
	t.Helper()
	var n int
	if err := h.db.DB.QueryRow(q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

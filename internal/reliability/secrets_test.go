package reliability

// Secrets and injection (item 7 of the reliability issue).
//
//   - A password in the database URL never appears in any output, error,
//     JSON document, history row or lock row, whichever way the URL
//     arrives (flag, environment, config file) and whatever goes wrong.
//   - Table names from flags and the config file are quoted: a name with a
//     quote, a backtick or a semicolon is just a name.
//   - File names reach the history table as values: odd but valid names
//     round-trip exactly, and names that could carry SQL are refused by
//     the naming rule (see the name/quote case of TestBadInput).
//   - TLS settings in the URL (sslmode, tls=) reach the driver.

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// secPassword is a password with the characters that URLs, JSON and Go's
// %q escape differently: a leak in any of those spellings still shows the
// random token at its start, which is what the tests look for.
func secPassword() (password, token string) {
	var b [6]byte
	rand.Read(b[:])
	token = "Pw" + hex.EncodeToString(b[:])
	return token + `@:/%&<>?#=;!`, token
}

// secLeaks reports where text shows the password in any spelling.
func secLeaks(text, password, token string) []string {
	var found []string
	for _, s := range []string{password, token, url.QueryEscape(password), url.PathEscape(password)} {
		if strings.Contains(text, s) {
			found = append(found, s)
		}
	}
	return found
}

// secRun runs strata without the --database and --dir flags that the
// shared helper adds, so that the URL can come from the environment or
// the config file.
func secRun(ctx context.Context, dir string, env []string, args ...string) run {
	cmd := exec.CommandContext(ctx, strataBin, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "NO_COLOR=1"}, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := run{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			r.code = 128 + int(ws.Signal())
		}
	} else if err != nil {
		r.code = -1
		r.stderr += err.Error()
	}
	return r
}

// secUser creates a login with the password on the server of db, allowed
// to do everything strata does in db, and returns db's URL with that user.
// The login is dropped after the database.
func secUser(t *testing.T, dialect, password string, create func() *testdb.DB) (*testdb.DB, string) {
	t.Helper()
	var b [4]byte
	rand.Read(b[:])
	user := "strata_sec_" + hex.EncodeToString(b[:])
	if env := map[string]string{"postgres": testdb.PostgresEnv, "mysql": testdb.MySQLEnv}[dialect]; os.Getenv(env) == "" {
		t.Skipf("set %s to run this test on %s", env, dialect)
	}
	admin := biAdmin(t, dialect)
	sqlString := "'" + strings.ReplaceAll(password, "'", "''") + "'"
	switch dialect {
	case "postgres":
		if _, err := admin.Exec("CREATE ROLE " + user + " LOGIN PASSWORD " + sqlString); err != nil {
			t.Fatal(err)
		}
		// Registered before the database exists, so it runs after the
		// database is dropped: a role that owns a database cannot go.
		t.Cleanup(func() { admin.Exec("DROP ROLE IF EXISTS " + user) })
	case "mysql":
		if _, err := admin.Exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY " + sqlString); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec("DROP USER IF EXISTS '" + user + "'@'%'") })
	}
	db := create()
	switch dialect {
	case "postgres":
		// The owner may create in the public schema (PostgreSQL 15 and
		// later grant it to pg_database_owner only).
		if _, err := admin.Exec("ALTER DATABASE " + db.Name + " OWNER TO " + user); err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB.Exec("ALTER SCHEMA public OWNER TO " + user); err != nil {
			t.Fatal(err)
		}
	case "mysql":
		if _, err := admin.Exec("GRANT ALL ON `" + db.Name + "`.* TO '" + user + "'@'%'"); err != nil {
			t.Fatal(err)
		}
	}
	u, err := url.Parse(db.URL)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(user, password)
	return db, u.String()
}

// secChecker collects every output of a test and checks it for the
// password.
type secChecker struct {
	t               *testing.T
	password, token string
	runs            int
}

func (c *secChecker) check(what string, r run) {
	c.t.Helper()
	c.runs++
	if leaks := secLeaks(r.stdout+r.stderr, c.password, c.token); len(leaks) > 0 {
		c.t.Errorf("%s: the password is in the output (as %q)\n%s", what, leaks, r)
	}
	if strings.Contains(r.stdout+r.stderr, "panic:") {
		c.t.Errorf("%s: strata crashed\n%s", what, r)
	}
}

// checkJSON also checks that stdout is one JSON document.
func (c *secChecker) checkJSON(what string, r run) {
	c.t.Helper()
	c.check(what, r)
	if r.code == 0 && !json.Valid([]byte(r.stdout)) {
		c.t.Errorf("%s: stdout is not one JSON document\n%s", what, r)
	}
}

// rows checks every row of a table, every column as text.
func (c *secChecker) rows(what string, db *sql.DB, query string) []string {
	c.t.Helper()
	rows := biRows(c.t, db, query)
	for _, r := range rows {
		if leaks := secLeaks(r, c.password, c.token); len(leaks) > 0 {
			c.t.Errorf("%s: the password is in a row (as %q): %s", what, leaks, r)
		}
	}
	return rows
}

// TestSecretsNeverShown runs every command, with and without --json, as a
// user with a password, through success, failure, a held lock and bad
// settings, and looks for the password everywhere strata writes: stdout,
// stderr, the history rows and the lock row.
func TestSecretsNeverShown(t *testing.T) {
	for _, d := range []string{"postgres", "mysql"} {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			password, token := secPassword()
			db, dbURL := secUser(t, d, password, func() *testdb.DB { return testdb.Open(t, d) })
			c := &secChecker{t: t, password: password, token: token}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			dir := writeMigrations(t, 2, simpleMigration)
			both := func(want int, args ...string) {
				t.Helper()
				for _, json := range []bool{false, true} {
					a := args
					if json {
						a = append([]string{"--json"}, args...)
					}
					r := strata(ctx, dbURL, dir, a...)
					if want >= 0 && r.code != want {
						t.Errorf("strata %s: exit %d, want %d\n%s", strings.Join(a, " "), r.code, want, r)
					}
					if json {
						c.checkJSON(strings.Join(a, " "), r)
					} else {
						c.check(strings.Join(a, " "), r)
					}
				}
			}

			// Before anything exists, then the normal life of a project.
			both(0, "version")
			both(0, "status")
			both(0, "history")
			both(0, "up", "--dry-run")
			r := strata(ctx, dbURL, dir, "up")
			c.check("up", r)
			if r.code != 0 {
				t.Fatalf("up: %s", r)
			}
			both(0, "status")
			// The URL in the status text is shown, redacted.
			if r := strata(ctx, dbURL, dir, "status"); !strings.Contains(r.stdout, "xxxxx") {
				t.Errorf("status does not show the redacted URL\n%s", r)
			}
			both(0, "history")
			both(0, "validate")
			both(0, "down")
			both(0, "up")
			both(0, "redo")
			both(-1, "baseline", "--version", "1")
			both(0, "repair")
			both(0, "unlock")
			newDir := t.TempDir()
			for _, json := range []string{"", "--json"} {
				args := []string{"new", "add_thing"}
				if json != "" {
					args = append([]string{json}, args...)
				}
				c.check("new", strata(ctx, dbURL, newDir, args...))
			}

			// A held lock: the holder's row, and what the waiters print.
			slow := fmt.Sprintf("CREATE TABLE slow3 (id INTEGER);\n%s;\n-- strata:down\nDROP TABLE slow3;\n", testdb.Sleep(d, 4*time.Second))
			if err := os.WriteFile(filepath.Join(dir, "003_slow.sql"), []byte(slow), 0o644); err != nil {
				t.Fatal(err)
			}
			holder := command(ctx, dbURL, dir, "up")
			var hout, herr bytes.Buffer
			holder.Stdout, holder.Stderr = &hout, &herr
			if err := holder.Start(); err != nil {
				t.Fatal(err)
			}
			var lockRows []string
			for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				if lockRows = c.rows("lock row", db.DB, "SELECT * FROM migration_locks"); len(lockRows) > 0 {
					break
				}
			}
			if len(lockRows) == 0 {
				t.Error("no lock row appeared while a migration ran")
			} else {
				t.Logf("lock row: %s", lockRows[0])
				both(0, "status")
				both(4, "--lock-timeout", "500ms", "up")
			}
			if err := holder.Wait(); err != nil {
				t.Errorf("the lock holder: %v\n%s%s", err, hout.String(), herr.String())
			}
			c.check("lock holder", run{stdout: hout.String(), stderr: herr.String()})

			// A failing migration whose server error quotes the password:
			// the error is shown, recorded and listed, the password never.
			failing := fmt.Sprintf("CREATE TABLE fail4 (id INTEGER);\nSELECT * FROM %s;\n", secQuoteIdent(d, password))
			if err := os.WriteFile(filepath.Join(dir, "004_fail.sql"), []byte(failing), 0o644); err != nil {
				t.Fatal(err)
			}
			both(0, "up", "--dry-run")
			both(1, "up")
			both(0, "status")
			both(0, "history")
			both(3, "validate")
			failed := c.rows("history", db.DB, "SELECT * FROM schema_migrations ORDER BY id")
			if !slices.ContainsFunc(failed, func(s string) bool { return strings.Contains(s, "xxxxx") }) {
				t.Errorf("the failed attempt's error is not recorded with the password replaced:\n%s", strings.Join(failed, "\n"))
			}
			if d == "postgres" {
				c.rows("get_migration_history()", db.DB, "SELECT * FROM get_migration_history()")
			}
			c.rows("lock table after the runs", db.DB, "SELECT * FROM migration_locks")

			// The URL arrives by every road and something is wrong with it.
			bad := secBadURLs(t, d, dbURL, password)
			for _, b := range bad {
				r := strata(ctx, b.url, dir, "status")
				c.check(b.name, r)
				if r.code != b.code {
					t.Errorf("%s: exit %d, want %d\n%s", b.name, r.code, b.code, r)
				}
			}
			unreachable := secUnreachable(d, password)
			for _, env := range []string{"STRATA_DATABASE_URL", "DATABASE_URL"} {
				r := secRun(ctx, dir, []string{env + "=" + unreachable}, "--dir", ".", "status")
				c.check(env, r)
				if r.code != 1 || !strings.Contains(r.stderr, env) {
					t.Errorf("%s: want exit 1 and the variable named\n%s", env, r)
				}
			}
			for _, cf := range []struct {
				name, config string
				code         int
			}{
				{"config/unreachable", "database = " + strconv.Quote(unreachable) + "\n", 1},
				{"config/unset_variable", "database = " + strconv.Quote(unreachable+"${STRATA_SEC_UNSET}") + "\n", 2},
				{"config/unterminated_variable", "database = " + strconv.Quote(unreachable+"&x=${STRATA_SEC_OOPS") + "\n", 2},
				{"config/env_unreachable", "[env.prod]\ndatabase = " + strconv.Quote(unreachable) + "\n", 1},
				{"config/env_bad_duration", "[env.prod]\ndatabase = " + strconv.Quote(unreachable) + "\nlock_timeout = \"soon\"\n", 2},
			} {
				cfgDir := t.TempDir()
				if err := os.WriteFile(filepath.Join(cfgDir, "strata.toml"), []byte(cf.config), 0o644); err != nil {
					t.Fatal(err)
				}
				if err := os.Mkdir(filepath.Join(cfgDir, "migrations"), 0o755); err != nil {
					t.Fatal(err)
				}
				for _, json := range []string{"", "--json"} {
					args := []string{"--env", "prod", "status"}
					if !strings.Contains(cf.config, "[env.prod]") {
						args = args[2:]
					}
					if json != "" {
						args = append([]string{json}, args...)
					}
					r := secRun(ctx, cfgDir, nil, args...)
					c.check(cf.name, r)
					if r.code != cf.code || !strings.Contains(r.stderr, "strata.toml") {
						t.Errorf("%s: want exit %d and strata.toml named\n%s", cf.name, cf.code, r)
					}
				}
			}
			t.Logf("%d runs checked", c.runs)
		})
	}
}

// secQuoteIdent quotes name as an identifier, so that a statement can
// name a table after the password and make the server repeat it.
func secQuoteIdent(dialect, name string) string {
	if dialect == "mysql" {
		return "`" + strings.ReplaceAll(name, "`", "``") + "`"
	}
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// secUnreachable is a URL with the password of a server that is not there.
func secUnreachable(dialect, password string) string {
	u := &url.URL{Scheme: "postgres", User: url.UserPassword("u", password), Host: "127.0.0.1:1", Path: "/db", RawQuery: "sslmode=disable"}
	if dialect == "mysql" {
		u.Scheme, u.RawQuery = "mysql", ""
	}
	return u.String()
}

type secURL struct {
	name, url string
	code      int
}

// secBadURLs are URLs carrying the password that fail in different
// places: the URL parser, the driver's parameter parser, the network and
// the server's authentication.
func secBadURLs(t *testing.T, dialect, good, password string) []secURL {
	u, _ := url.Parse(good)
	withQuery := func(q string) string { v := *u; v.RawQuery = q; return v.String() }
	withPassword := func(p string) string { v := *u; v.User = url.UserPassword(u.User.Username(), p); return v.String() }
	out := []secURL{{"unreachable", secUnreachable(dialect, password), 1}}
	switch dialect {
	case "postgres":
		out = append(out,
			secURL{"password parameter", "postgres://u@127.0.0.1:1/db?sslmode=disable&password=" + url.QueryEscape(password), 1},
			// A bad parameter is a usage error (exit 2), as it is for
			// MySQL URLs.
			secURL{"bad sslmode", withQuery("sslmode=sometimes"), 2},
			secURL{"bad connect_timeout", withQuery("sslmode=disable&connect_timeout=soon"), 2},
		)
	case "mysql":
		out = append(out,
			secURL{"wrong password", withPassword("not-" + password), 1},
			secURL{"bad tls", withQuery("tls=sometimes"), 2},
			secURL{"bad timeout", withQuery("timeout=soon"), 2},
		)
	}
	return out
}

// TestSecretsInMalformedURLs: URLs that are wrong in their shape still
// carry a password, and the error about the shape must not repeat it.
// Some are other tools' spellings people paste: libpq keyword/value
// strings, go-sql-driver DSNs (user:password@tcp(host)/db, whose user is
// often "mysql" or "root"), a URL that lost its "//". None needs a server.
func TestSecretsInMalformedURLs(t *testing.T) {
	password, token := secPassword()
	userinfo := url.UserPassword("u", password).String()
	esc := url.PathEscape(password)
	for _, c := range []secURL{
		{"libpq keyword/value", "host=127.0.0.1 user=u password=" + token + " dbname=db", 2},
		{"go-sql-driver DSN", "u:" + token + "@tcp(127.0.0.1:1)/db", 2},
		{"go-sql-driver DSN of user mysql", "mysql:" + token + "@tcp(127.0.0.1:1)/db", 2},
		{"postgres without //", "postgres:" + esc + "@127.0.0.1:1/db", 2},
		{"postgresql without //", "postgresql:" + esc + "@localhost:1/db", 2},
		{"mysql without //", "mysql:" + esc + "@127.0.0.1:1/db", 2},
		{"postgres bad port", "postgres://" + userinfo + "@127.0.0.1:99999999x/db", 2},
		{"mysql bad port", "mysql://" + userinfo + "@127.0.0.1:99999999x/db", 2},
		{"postgres bad host", "postgres://" + userinfo + "@[::1/db", 2},
		{"mysql bad host", "mysql://" + userinfo + "@[::1/db", 2},
		{"postgres bad escape", "postgres://u:" + token + "%ZZ@127.0.0.1:1/db", 2},
		{"mysql bad escape", "mysql://u:" + token + "%ZZ@127.0.0.1:1/db", 2},
		{"mysql no database", "mysql://" + userinfo + "@127.0.0.1:1/", 2},
		{"mysql no host", "mysql://" + userinfo + "@/db", 2},
		{"postgres bad sslmode", "postgres://" + userinfo + "@127.0.0.1:1/db?sslmode=sometimes", 2},
		{"mysql bad tls", "mysql://" + userinfo + "@127.0.0.1:1/db?tls=sometimes", 2},
		{"unknown scheme", "oracle://" + userinfo + "@127.0.0.1:1/db", 2},
		{"sqlite with parameters", "sqlite:x.db?password=" + token, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			r := strata(waitTimeout(time.Minute), c.url, t.TempDir(), "status")
			if leaks := secLeaks(r.stdout+r.stderr, password, token); len(leaks) > 0 {
				t.Errorf("the password is in the output (as %q)\n%s", leaks, r)
			}
			if r.code != c.code {
				t.Errorf("exit %d, want %d\n%s", r.code, c.code, r)
			}
		})
	}
}

// TestRedactionKeepsOutput: a password that is also an ordinary word
// (postgres:postgres and root:mysql are everyday development logins) is
// hidden where it is the password, and only there. Replacing the word
// everywhere breaks the JSON contract ("database": "postgres" becomes
// "xxxxx") and, worse, tells the reader what the password is.
func TestRedactionKeepsOutput(t *testing.T) {
	for _, d := range []string{"postgres", "mysql"} {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			// The password is the dialect's name, which status prints.
			_, dbURL := secUser(t, d, d, func() *testdb.DB { return testdb.Open(t, d) })
			dir := writeMigrations(t, 2, simpleMigration)
			ctx := waitTimeout(2 * time.Minute)
			if r := strata(ctx, dbURL, dir, "up"); r.code != 0 {
				t.Fatalf("up: %s", r)
			}
			r := strata(ctx, dbURL, dir, "--json", "status")
			var st struct {
				Database       string `json:"database"`
				CurrentVersion string `json:"current_version"`
			}
			if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
				t.Fatalf("status --json: %v\n%s", err, r)
			}
			if st.Database != d || st.CurrentVersion != "2" {
				t.Errorf("status --json says database %q, current version %q; want %q, \"2\"\n%s", st.Database, st.CurrentVersion, d, r)
			}
			r = strata(ctx, dbURL, dir, "status")
			if !strings.Contains(r.stdout, d+"://") {
				t.Errorf("status does not show the URL's scheme %s://\n%s", d, r)
			}
		})
	}
}

// secOddNames are history and lock table names that would inject SQL if
// they were spliced into statements unquoted, or quoted carelessly (a
// doubled quote, a backtick, a backslash before a quote, PostgreSQL's
// dollar quote that strata's own function bodies use).
var secOddNames = []struct{ history, lock string }{
	{`x"; DROP TABLE keep; --`, "l`'; DROP TABLE keep; --"},
	{`h'); DROP TABLE keep; --`, `k\'; DROP TABLE keep; #`},
	{`h$strata$; DROP TABLE keep; --`, "locks_2"},
	{"history_3", `k$strata$ $$; DROP TABLE keep; --`},
}

// TestTableNameInjection gives strata table names full of SQL, by flag and
// by config file, on every database: strata must create tables of exactly
// those names, work as usual, and the table keep must survive.
func TestTableNameInjection(t *testing.T) {
	for _, d := range testdb.Dialects {
		for i, names := range secOddNames {
			for _, via := range []string{"flags", "config"} {
				if via == "config" && i > 0 {
					continue // one set by config is enough: both reach the same quoting
				}
				t.Run(fmt.Sprintf("%s/%d/%s", d, i, via), func(t *testing.T) {
					t.Parallel()
					db := testdb.Open(t, d)
					if _, err := db.DB.Exec("CREATE TABLE keep (id INTEGER)"); err != nil {
						t.Fatal(err)
					}
					if _, err := db.DB.Exec("INSERT INTO keep (id) VALUES (42)"); err != nil {
						t.Fatal(err)
					}
					dir := writeMigrations(t, 2, simpleMigration)
					var extra []string
					if via == "flags" {
						extra = []string{"--history-table", names.history, "--lock-table", names.lock}
					} else {
						// TOML basic strings take the same escapes as Go for
						// these ASCII names.
						config := "history_table = " + strconv.Quote(names.history) + "\nlock_table = " + strconv.Quote(names.lock) + "\n"
						if err := os.WriteFile(filepath.Join(dir, "strata.toml"), []byte(config), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					ctx := waitTimeout(2 * time.Minute)
					for _, args := range [][]string{{"up"}, {"status"}, {"--json", "history"}, {"validate"}, {"down"}, {"redo"}, {"up", "--dry-run"}, {"unlock"}, {"repair"}} {
						r := strata(ctx, db.URL, dir, append(slices.Clone(extra), args...)...)
						if r.code != 0 {
							t.Errorf("strata %s: %s", strings.Join(args, " "), r)
						}
					}
					if !tableExists(t, db, "keep") {
						t.Fatal("the table keep was dropped")
					}
					var n int
					if err := db.DB.QueryRow("SELECT count(*) FROM keep WHERE id = 42").Scan(&n); err != nil || n != 1 {
						t.Errorf("keep lost its row: %d, %v", n, err)
					}
					for _, name := range []string{names.history, names.lock} {
						if !tableExists(t, db, name) {
							t.Errorf("no table named %q", name)
						}
					}
					for _, name := range []string{"schema_migrations", "migration_locks"} {
						if tableExists(t, db, name) {
							t.Errorf("a table %s exists: the configured name was not used", name)
						}
					}
					// The history is in the odd table: up 1, up 2, down 2,
					// down 2 again by redo and up 2.
					if tableExists(t, db, names.history) {
						got := biRows(t, db.DB, "SELECT version, direction FROM "+secQuoteIdent(d, names.history)+" ORDER BY id")
						want := []string{"1 | up", "2 | up", "2 | down", "1 | down", "1 | up"}
						if !slices.Equal(got, want) {
							t.Errorf("history (version | direction):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
						}
					}
				})
			}
		}
	}
}

// TestFileNamesRoundTrip: odd but valid file names, in a directory whose
// own path is full of SQL, reach the history table exactly (versions
// without leading zeros, names and file names as written, no directory).
func TestFileNamesRoundTrip(t *testing.T) {
	files := map[string]string{
		"0000000000000000000000000000000000000000001_a1_2b_c3.sql": "CREATE TABLE r1 (id INTEGER);\n",
		"007_x.sql":                                        "CREATE TABLE r7 (id INTEGER);\n",
		"20240131120000_z9.up.sql":                         "CREATE TABLE r2024 (id INTEGER);\n",
		"20240131120000_z9.down.sql":                       "DROP TABLE r2024;\n",
		"1234567890123456789012345678901234567890_q_0.sql": "CREATE TABLE r40 (id INTEGER);\n",
		"not_a_migration.txt":                              "DROP TABLE keep;\n",
		".#009_editor_lock.sql":                            "DROP TABLE keep;\n",
	}
	want := []string{
		"1 | a1_2b_c3 | 0000000000000000000000000000000000000000001_a1_2b_c3.sql",
		"7 | x | 007_x.sql",
		"20240131120000 | z9 | 20240131120000_z9.up.sql",
		"1234567890123456789012345678901234567890 | q_0 | 1234567890123456789012345678901234567890_q_0.sql",
	}
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			db := testdb.Open(t, d)
			if _, err := db.DB.Exec("CREATE TABLE keep (id INTEGER)"); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(t.TempDir(), `it's "odd"; DROP TABLE keep; --`)
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			for name, text := range files {
				if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if r := strata(waitTimeout(2*time.Minute), db.URL, dir, "up"); r.code != 0 {
				t.Fatalf("up: %s", r)
			}
			got := biRows(t, db.DB, "SELECT version, name, filename FROM schema_migrations ORDER BY id")
			if !slices.Equal(got, want) {
				t.Errorf("history (version | name | filename):\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if !tableExists(t, db, "keep") {
				t.Error("the table keep was dropped")
			}
		})
	}
}

// tlsError is what an error about TLS looks like, from pgx, crypto/tls or
// the MySQL driver.
var tlsError = regexp.MustCompile(`(?i)\b(tls|ssl|x509|certificate)`)

// TestTLSSettingsReachDriver shows that sslmode (PostgreSQL) and tls
// (MySQL) in the URL are used: where the server speaks TLS, a migration
// records whether its own session is encrypted; where it does not, asking
// for TLS fails with exit 1 and an error about TLS. Verifying the local
// server's certificate against the system's roots fails either way.
func TestTLSSettingsReachDriver(t *testing.T) {
	type mode struct {
		query string
		// wantTLS: the session must be encrypted when the server offers
		// TLS; wantFail: the run must fail even then (an unverifiable
		// certificate).
		wantTLS, wantFail bool
	}
	cases := map[string]struct {
		serverTLS string // query telling whether the server offers TLS
		probe     string // migration recording the session's encryption
		modes     []mode
	}{
		"postgres": {
			serverTLS: "SELECT setting = 'on' FROM pg_settings WHERE name = 'ssl'",
			probe:     "CREATE TABLE tls_probe AS SELECT CASE WHEN ssl THEN 'yes' ELSE 'no' END AS encrypted FROM pg_stat_ssl WHERE pid = pg_backend_pid();\n",
			modes: []mode{
				{"sslmode=disable", false, false},
				{"sslmode=require", true, false},
				{"sslmode=verify-full", true, true},
			},
		},
		"mysql": {
			serverTLS: "SELECT VARIABLE_VALUE = 'YES' FROM information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME = 'HAVE_SSL'",
			probe:     "CREATE TABLE tls_probe AS SELECT CASE WHEN VARIABLE_VALUE <> '' THEN 'yes' ELSE 'no' END AS encrypted FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_CIPHER';\n",
			modes: []mode{
				{"tls=false", false, false},
				{"tls=skip-verify", true, false},
				{"tls=true", true, true},
			},
		},
	}
	for _, d := range []string{"postgres", "mysql"} {
		tc := cases[d]
		for _, m := range tc.modes {
			t.Run(d+"/"+m.query, func(t *testing.T) {
				t.Parallel()
				db := testdb.Open(t, d)
				var serverTLS bool
				if err := db.DB.QueryRow(tc.serverTLS).Scan(&serverTLS); err != nil {
					t.Fatal(err)
				}
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "001_tls_probe.sql"), []byte(tc.probe), 0o644); err != nil {
					t.Fatal(err)
				}
				u, _ := url.Parse(db.URL)
				u.RawQuery = m.query
				if d == "postgres" {
					// The server trusts local connections, so any password
					// works; it must still not be shown.
					u.User = url.UserPassword(u.User.Username(), biSecret)
				}
				r := strata(waitTimeout(time.Minute), u.String(), dir, "up")
				if strings.Contains(r.stdout+r.stderr, biSecret) {
					t.Errorf("the password is in the output\n%s", r)
				}
				msg, _, _ := strings.Cut(r.stderr, "\n")
				t.Logf("server offers TLS: %v; exit %d %s", serverTLS, r.code, msg)
				if (m.wantTLS && !serverTLS) || m.wantFail {
					if r.code != 1 || !tlsError.MatchString(r.stderr) {
						t.Errorf("want exit 1 and an error about TLS\n%s", r)
					}
					if tableExists(t, db, "tls_probe") {
						t.Error("the migration ran although the TLS setting could not be honoured")
					}
					return
				}
				if r.code != 0 {
					t.Fatalf("up: %s", r)
				}
				var enc string
				if err := db.DB.QueryRow("SELECT encrypted FROM tls_probe").Scan(&enc); err != nil {
					t.Fatal(err)
				}
				if want := map[bool]string{true: "yes", false: "no"}[m.wantTLS]; enc != want {
					t.Errorf("session encrypted: %s, want %s with %s", enc, want, m.query)
				}
			})
		}
	}
}

// secCharPassword is a password with one character that URLs give a
// meaning to between two random tokens. The second token starts with
// letters that are not hexadecimal, so that "%" before it is no escape.
func secCharPassword(ch string) string {
	var b [8]byte
	rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return "Pw" + h[:8] + ch + "Qz" + h[8:]
}

// secPieces are the parts of password that must never be printed: every
// run of four characters of it that holds a character other than the
// hexadecimal digits (which checksums in the output are made of), in
// every spelling of the password. A parser that splits the password at
// its special character and quotes one side shows one of them.
func secPieces(password string) []string {
	var out []string
	for _, s := range []string{password, url.QueryEscape(password), url.PathEscape(password)} {
		for i := 0; i+4 <= len(s); i++ {
			w := s[i : i+4]
			if strings.Trim(w, "0123456789abcdef") != "" && !slices.Contains(out, w) {
				out = append(out, w)
			}
		}
	}
	return out
}

// TestSecretsWithURLCharacters gives the database user a password holding
// each character a URL gives a meaning to (@ : / % # ? and a space), writes
// it into the URL percent-encoded and as it is, and runs every command
// that takes a database, by flag, environment variable and config file.
// Percent-encoded, every password works. As it is, @ and : work too (the
// user information ends at the last @, the user name at the first :); the
// others cannot be told from the URL's own parts, so the URL is refused
// with exit 2 and a message saying how to write it. Every command runs
// with every URL that is refused and with the @ password both ways; the
// other passwords that work, which only the URL parser all commands share
// reads differently, run the commands that read, write and record (the
// package's time is bounded, and every run here is a process). Whatever happens, no
// output and no history or lock row holds any piece of the password:
// before, an unescaped @ made pgx read the password's end as the host
// ("lookup Qz…@127.0.0.1: no such host") and url.Parse's errors quoted the
// part before a # or / as a port.
func TestSecretsWithURLCharacters(t *testing.T) {
	type command struct {
		want int // -1: any; the command may need rights this user lacks
		args []string
	}
	chars := []string{"@", ":", "/", "%", "#", "?", " "}
	for _, d := range []string{"postgres", "mysql"} {
		for _, ch := range chars {
			// Each character on its own user and database, in parallel:
			// the runs wait on the server more than they work.
			t.Run(fmt.Sprintf("%s/%q", d, ch), func(t *testing.T) {
				t.Parallel()
				password := secCharPassword(ch)
				db, base := secUser(t, d, password, func() *testdb.DB { return testdb.Open(t, d) })
				u, err := url.Parse(base)
				if err != nil {
					t.Fatal(err)
				}
				user := u.User.Username()
				dir := writeMigrations(t, 2, simpleMigration)
				ctx := waitTimeout(5 * time.Minute)
				runs := 0
				pieces := secPieces(password)
				leaks := func(what string, text string) {
					t.Helper()
					for _, p := range pieces {
						if strings.Contains(text, p) {
							t.Errorf("password with %q, %s: a piece of the password (%q) is shown:\n%s", ch, what, p, text)
							return
						}
					}
				}
				for _, escaped := range []bool{true, false} {
					dbURL := u.Scheme + "://" + url.UserPassword(user, password).String() + "@" + u.Host + u.Path
					if !escaped {
						dbURL = u.Scheme + "://" + user + ":" + password + "@" + u.Host + u.Path
					}
					if u.RawQuery != "" {
						dbURL += "?" + u.RawQuery
					}
					works := escaped || ch == "@" || ch == ":"
					name := fmt.Sprintf("%q %s", ch, map[bool]string{true: "percent-encoded", false: "as it is"}[escaped])
					check := func(args []string, r run, want int) {
						t.Helper()
						runs++
						leaks(name+" strata "+strings.Join(args, " "), r.stdout+r.stderr)
						switch {
						case !works && (r.code != 2 || !strings.Contains(r.stderr, "percent-encode")):
							t.Errorf("%s: strata %s: want exit 2 and how to encode the password\n%s", name, strings.Join(args, " "), r)
						case works && want >= 0 && r.code != want:
							t.Errorf("%s: strata %s: exit %d, want %d\n%s", name, strings.Join(args, " "), r.code, want, r)
						}
					}
					// Every command where the URL is refused, and with the @
					// password both ways; the other working passwords differ
					// only in the parsing every command shares.
					commands := []command{
						{0, []string{"status"}}, {0, []string{"up"}}, {0, []string{"--json", "history"}}, {0, []string{"down"}},
					}
					envs := []string{"STRATA_DATABASE_URL"}
					if !works || ch == "@" {
						commands = []command{
							{0, []string{"status"}}, {0, []string{"--json", "status"}}, {0, []string{"history"}},
							{0, []string{"validate"}}, {0, []string{"up", "--dry-run"}}, {0, []string{"up"}},
							{0, []string{"--json", "history"}}, {0, []string{"down"}}, {0, []string{"redo"}},
							{0, []string{"up"}}, {0, []string{"down", "--dry-run"}}, {0, []string{"baseline", "--version", "1"}},
							{0, []string{"repair"}}, {0, []string{"unlock"}}, {-1, []string{"health"}}, {-1, []string{"--json", "health"}},
							{-1, []string{"lint"}}, {-1, []string{"drift"}}, {-1, []string{"verify"}},
							{0, []string{"diff", "--from", dbURL, "--to", dbURL}},
						}
						envs = append(envs, "DATABASE_URL")
					}
					for _, c := range commands {
						check(c.args, strata(ctx, dbURL, dir, c.args...), c.want)
					}
					// The URL by environment variable and by config file.
					for _, env := range envs {
						check([]string{env, "status"}, secRun(ctx, dir, []string{env + "=" + dbURL}, "--dir", ".", "status"), 0)
					}
					cfgDir := t.TempDir()
					if err := os.Mkdir(filepath.Join(cfgDir, "migrations"), 0o755); err != nil {
						t.Fatal(err)
					}
					for _, config := range []string{
						"database = " + strconv.Quote(dbURL) + "\n",
						"[env.prod]\ndatabase = '" + dbURL + "'\n",
					} {
						if err := os.WriteFile(filepath.Join(cfgDir, "strata.toml"), []byte(config), 0o644); err != nil {
							t.Fatal(err)
						}
						args := []string{"status"}
						if strings.Contains(config, "[env.prod]") {
							args = []string{"--env", "prod", "status"}
						}
						r := secRun(ctx, cfgDir, nil, args...)
						check(append([]string{"config"}, args...), r, 0)
					}
				}
				// What strata wrote: no piece of the password either.
				for _, table := range []string{"schema_migrations", "migration_locks"} {
					for _, row := range biRows(t, db.DB, "SELECT * FROM "+table) {
						leaks("a row of "+table, row)
					}
				}
				t.Logf("%d runs checked", runs)
			})
		}
	}
}

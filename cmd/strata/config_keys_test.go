package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// allCommands are the commands, each with arguments that make it run.
var allCommands = map[string][]string{
	"new":      {"new", "next_one"},
	"up":       {"up"},
	"down":     {"down"},
	"redo":     {"redo"},
	"status":   {"status"},
	"history":  {"history"},
	"validate": {"validate"},
	"baseline": {"baseline", "--version", "1"},
	"repair":   {"repair"},
	"unlock":   {"unlock"},
	"lint":     {"lint"},
	"diff":     nil, // set per project: --from and --to
	"drift":    {"drift"},
	"verify":   {"verify"},
	"health":   {"health"},
	"version":  {"version"},
}

// keyProject is a project of one test: a directory with strata.toml, a
// migrations directory and an SQLite database.
type keyProject struct {
	dir, config, db string
}

// base is what every config file holds besides the key under test.
const keyBase = "database = 'sqlite:app.db'\ndir = 'migrations'\n"

func newKeyProject(t *testing.T, files map[string]string) *keyProject {
	dir := t.TempDir()
	writeFiles(t, filepath.Join(dir, "migrations"), files)
	return &keyProject{dir: dir, config: filepath.Join(dir, "strata.toml"), db: filepath.Join(dir, "app.db")}
}

// configure writes strata.toml with the key's lines at the top level, or
// in [env.ci] (over the top level's) when env is set.
func (p *keyProject) configure(t *testing.T, lines string, env bool) {
	base := ""
	for _, l := range strings.SplitAfter(keyBase, "\n") {
		if key, _, _ := strings.Cut(l, " ="); !strings.Contains(lines, key+" =") {
			base += l
		}
	}
	text := base + lines + "\n"
	if env {
		text = keyBase + "[env.ci]\n" + lines + "\n"
	}
	if err := os.WriteFile(p.config, []byte(text), 0o666); err != nil {
		t.Fatal(err)
	}
}

type keyRun struct {
	code           int
	stdout, stderr string
}

func (r keyRun) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// run runs strata with the project's config file and nothing else, as
// from the project's directory (the config names paths relative to it).
func (p *keyProject) run(ctx context.Context, env bool, args ...string) keyRun {
	full := []string{"--config", p.config}
	if env {
		full = append(full, "--env", "ci")
	}
	var stdout, stderr bytes.Buffer
	code := execute(ctx, append(full, args...), &stdout, &stderr)
	return keyRun{code, stdout.String(), stderr.String()}
}

// sqlExec runs statements on the project's database.
func (p *keyProject) sqlExec(t *testing.T, stmts ...string) {
	db, err := sql.Open(sqliteDriver.name, sqliteDSN(p.db, sqliteBusyTimeout))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

// holdLock starts a runner in this process that takes the lock of the
// project's database (with the lock table lockTable) and stops at the
// start of its first migration until released.
func (p *keyProject) holdLock(t *testing.T, lockTable string) (release func()) {
	db, err := sql.Open(sqliteDriver.name, sqliteDSN(p.db, sqliteBusyTimeout))
	if err != nil {
		t.Fatal(err)
	}
	started, stop := make(chan struct{}), make(chan struct{})
	m, err := strata.New(db, strata.SQLite, os.DirFS(filepath.Join(p.dir, "migrations")),
		strata.WithTables("schema_migrations", lockTable),
		strata.WithEvents(func(e strata.Event) {
			if _, ok := e.(strata.MigrationStarted); ok {
				close(started)
				<-stop
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := m.Up(context.Background())
		done <- err
	}()
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("the lock holder stopped before its migration: %v", err)
	}
	var once bool
	release = func() {
		if !once {
			once = true
			close(stop)
			<-done
			db.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// keyCase is one setting of strata.toml and what it must do to the
// commands it concerns; the others must not notice it.
type keyCase struct {
	key   string
	lines string // the config lines
	// setup prepares a project for one command; it may return a release
	// function to call once the command has run.
	setup func(t *testing.T, p *keyProject) func()
	// concerns maps a command to the check of its run; the commands not
	// listed must exit as ignores wants.
	concerns map[string]func(p *keyProject, r keyRun) error
	// ignores is the exit code of the other commands, or -1 to not run
	// them (a setting every command meets).
	ignores int
	// topOnly: the key is not valid in [env.NAME].
	topOnly bool
}

func want(ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf(format, args...)
}

var keyFiles = map[string]string{
	"001_one.sql": "CREATE TABLE one (id INTEGER);\n-- strata:down\nDROP TABLE one;\n",
	"002_two.sql": "CREATE TABLE two (id INTEGER);\n-- strata:down\nDROP TABLE two;\n",
}

// TestConfigKeysReachCommands sets each key of strata.toml, at the top
// level and in an [env.NAME] table, and runs every command: each command
// the key concerns must act on it, the others must run as without it.
// Before, allow_out_of_order reached up only (status called the migration
// out-of-order, validate reported it, lint's N104 too), and a misspelt key
// of [lint] was accepted by every command but lint, which gave no line.
func TestConfigKeysReachCommands(t *testing.T) {
	lockHolder := func(t *testing.T, p *keyProject) func() {
		if r := p.run(context.Background(), false, "up", "--to", "1"); r.code != 0 {
			t.Fatalf("up --to 1: %s", r)
		}
		return p.holdLock(t, "migration_locks")
	}
	gaveUp := regexp.MustCompile(`gave up after \d+(\.\d+)?ms`)
	locked := func(p *keyProject, r keyRun) error {
		return want(r.code == exitLocked && gaveUp.MatchString(r.stderr), "want exit 4 after lock_timeout's 50ms")
	}
	every := func(check func(p *keyProject, r keyRun) error, except ...string) map[string]func(p *keyProject, r keyRun) error {
		out := map[string]func(p *keyProject, r keyRun) error{}
		for c := range allCommands {
			if !slices.Contains(except, c) {
				out[c] = check
			}
		}
		return out
	}
	cases := []keyCase{
		{
			key: "database", lines: "database = 'postgres://u@127.0.0.1:1/db?sslmode=disable'",
			concerns: every(func(p *keyProject, r keyRun) error {
				return want(r.code == exitFailure && strings.Contains(r.stderr, "cannot reach the database postgres://u@127.0.0.1:1/db") &&
					regexp.MustCompile(`\(from \S+strata\.toml:\d+ \((env\.ci\.)?database\)\)`).MatchString(r.stderr),
					"want the unreachable database of the config, named as from strata.toml")
			}, "new", "version", "diff"),
			ignores: 0,
		},
		{
			key: "dir", lines: "dir = 'elsewhere'",
			concerns: func() map[string]func(p *keyProject, r keyRun) error {
				m := every(func(p *keyProject, r keyRun) error {
					return want(r.code == exitUsage && strings.Contains(r.stderr, "the migrations directory "+filepath.Join(p.dir, "elsewhere")+" does not exist"),
						"want the config's missing directory named")
				}, "new", "version", "diff")
				m["new"] = func(p *keyProject, r keyRun) error {
					_, err := os.Stat(filepath.Join(p.dir, "elsewhere", "003_next_one.sql"))
					_, err2 := os.Stat(filepath.Join(p.dir, "elsewhere", "001_next_one.sql"))
					return want(r.code == 0 && err != nil && err2 == nil, "want the new migration in elsewhere/, numbered from its own files")
				}
				return m
			}(),
			ignores: 0,
		},
		{
			key: "lock_timeout", lines: "lock_timeout = '50ms'", setup: lockHolder,
			concerns: map[string]func(p *keyProject, r keyRun) error{
				"up": locked, "down": locked, "redo": locked, "baseline": locked, "repair": locked,
			},
			ignores: -1,
		},
		{
			// A foreign table of the history's name: every command that
			// reads the history refuses it; diff leaves it out.
			key: "history_table", lines: "history_table = 'hist_cfg'",
			setup: func(t *testing.T, p *keyProject) func() {
				p.sqlExec(t, "CREATE TABLE hist_cfg (version BIGINT PRIMARY KEY, dirty BOOLEAN)")
				return nil
			},
			concerns: func() map[string]func(p *keyProject, r keyRun) error {
				m := every(func(p *keyProject, r keyRun) error {
					return want(r.code != 0 && strings.Contains(r.stderr, "table hist_cfg already exists but was not created by strata"),
						"want the configured history table refused as another tool's")
				}, "new", "version", "diff", "verify")
				m["diff"] = func(p *keyProject, r keyRun) error {
					return want(r.code == 0, "want hist_cfg left out of the comparison, as a tracking table")
				}
				return m
			}(),
			ignores: 0,
		},
		{
			// The lock held in the configured lock table: the commands
			// that take or read the lock see it.
			key: "lock_table", lines: "lock_table = 'locks_cfg'\nlock_timeout = '50ms'",
			setup: func(t *testing.T, p *keyProject) func() {
				if r := p.run(context.Background(), false, "up", "--to", "1"); r.code != 0 {
					t.Fatalf("up --to 1: %s", r)
				}
				return p.holdLock(t, "locks_cfg")
			},
			concerns: map[string]func(p *keyProject, r keyRun) error{
				"up": locked, "down": locked, "redo": locked, "baseline": locked, "repair": locked,
				"status": func(p *keyProject, r keyRun) error {
					return want(r.code == 0 && strings.Contains(r.stdout, "The migration lock is held by"), "want the holder in locks_cfg shown")
				},
				"health": func(p *keyProject, r keyRun) error {
					return want(strings.Contains(r.stdout, "Lock: held by"), "want the holder in locks_cfg shown")
				},
				"unlock": func(p *keyProject, r keyRun) error {
					return want(r.code != 0 && strings.Contains(r.stderr, "that runner may be alive"), "want the live holder in locks_cfg left alone")
				},
			},
			ignores: -1,
		},
		{
			// 002 applied, 001 pending: out of order, and allowed.
			key: "allow_out_of_order", lines: "allow_out_of_order = true",
			setup: func(t *testing.T, p *keyProject) func() {
				os.Rename(filepath.Join(p.dir, "migrations", "001_one.sql"), filepath.Join(p.dir, "001_one.sql"))
				if r := p.run(context.Background(), false, "up"); r.code != 0 {
					t.Fatalf("up: %s", r)
				}
				os.Rename(filepath.Join(p.dir, "001_one.sql"), filepath.Join(p.dir, "migrations", "001_one.sql"))
				return nil
			},
			concerns: map[string]func(p *keyProject, r keyRun) error{
				"up": func(p *keyProject, r keyRun) error {
					return want(r.code == 0 && strings.Contains(r.stdout, "applied 001_one.sql"), "want 001 applied")
				},
				"status": func(p *keyProject, r keyRun) error {
					return want(r.code == 0 && regexp.MustCompile(`(?m)^1 +one +pending`).MatchString(r.stdout), "want 001 pending, not out-of-order")
				},
				"validate": func(p *keyProject, r keyRun) error {
					return want(r.code == 0, "want no out-of-order problem")
				},
				"lint": func(p *keyProject, r keyRun) error {
					return want(!strings.Contains(r.stdout, "N104"), "want no N104 for a pending migration up will apply")
				},
			},
			ignores: -1,
		},
		{
			key: "warn_after", lines: "warn_after = '50ms'",
			setup: func(t *testing.T, p *keyProject) func() {
				// Migrations that run for 400ms, both ways.
				slow := testdb.Sleep("sqlite", 400*time.Millisecond)
				writeFiles(t, filepath.Join(p.dir, "migrations"), map[string]string{
					"001_one.sql": "CREATE TABLE one (id INTEGER);\n" + slow + ";\n-- strata:down\nDROP TABLE one;\n" + slow + ";\n",
					"002_two.sql": "CREATE TABLE two (id INTEGER);\n" + slow + ";\n-- strata:down\nDROP TABLE two;\n" + slow + ";\n",
				})
				if r := p.run(context.Background(), false, "up", "--to", "1"); r.code != 0 {
					t.Fatalf("up --to 1: %s", r)
				}
				return nil
			},
			concerns: map[string]func(p *keyProject, r keyRun) error{
				"up": func(p *keyProject, r keyRun) error {
					return want(r.code == 0 && strings.Contains(r.stderr, "002_two.sql has been running for"), "want the slow migration warned of")
				},
				"down": func(p *keyProject, r keyRun) error {
					return want(r.code == 0 && strings.Contains(r.stderr, "001_one.sql has been running for"), "want the slow rollback warned of")
				},
				"redo": func(p *keyProject, r keyRun) error {
					return want(r.code == 0 && strings.Contains(r.stderr, "has been running for"), "want the slow migration warned of")
				},
				"health": func(p *keyProject, r keyRun) error {
					return want(strings.Contains(r.stdout, "over 50ms marked"), "want warn_after's 50ms used")
				},
			},
			ignores: -1,
		},
		{
			// The holder stopped refreshing its lease: with a lease of a
			// millisecond it is dead at once; with the default 30s, each
			// command would give up after lock_timeout's 5s.
			key: "lock_lease", lines: "lock_lease = '1ms'\nlock_timeout = '5s'", setup: lockHolder,
			concerns: func() map[string]func(p *keyProject, r keyRun) error {
				tookOver := func(p *keyProject, r keyRun) error {
					return want(r.code == 0 && strings.Contains(r.stderr, "(interrupted) on version"), "want the expired lease taken over")
				}
				m := map[string]func(p *keyProject, r keyRun) error{"up": tookOver, "down": tookOver, "redo": tookOver, "baseline": tookOver, "repair": tookOver}
				m["unlock"] = func(p *keyProject, r keyRun) error {
					return want(r.code == 0 && strings.Contains(r.stdout, "Cleared the migration lock"), "want the expired lease cleared")
				}
				return m
			}(),
			ignores: -1,
		},
		{
			// A duplicated table (S101) turned off.
			key: "[lint]", lines: "[lint]\nseverity = { S101 = 'off' }", topOnly: true,
			setup: func(t *testing.T, p *keyProject) func() {
				writeFiles(t, filepath.Join(p.dir, "migrations"), map[string]string{
					"003_again.sql": "CREATE TABLE IF NOT EXISTS one (id INTEGER);\n-- strata:down\n",
				})
				return nil
			},
			concerns: map[string]func(p *keyProject, r keyRun) error{
				"lint": func(p *keyProject, r keyRun) error {
					return want(!strings.Contains(r.stdout, "S101"), "want S101 off")
				},
				"health": func(p *keyProject, r keyRun) error {
					return want(strings.Contains(r.stdout, "0 duplicated definitions"), "want S101 off in the lint summary")
				},
			},
			ignores: -1,
		},
		{
			// A misspelt key of [lint]: every command that reads the
			// config says where.
			key: "[lint] misspelt", lines: "[lint]\nmax_statment = 4", topOnly: true,
			concerns: every(func(p *keyProject, r keyRun) error {
				return want(r.code == exitUsage && strings.Contains(r.stderr, p.config+":4: [lint] unknown key max_statment (did you mean max_statements?)"),
					"want the misspelt key named with its line")
			}, "version"),
			ignores: 0,
		},
	}
	for _, kc := range cases {
		for _, env := range []bool{false, true} {
			if env && kc.topOnly {
				continue
			}
			for name, args := range allCommands {
				check, concerned := kc.concerns[name]
				if !concerned && kc.ignores < 0 {
					continue
				}
				where := "top"
				if env {
					where = "env"
				}
				t.Run(kc.key+"/"+where+"/"+name, func(t *testing.T) {
					t.Parallel()
					p := newKeyProject(t, keyFiles)
					p.configure(t, "", false)
					var release func()
					if kc.setup != nil {
						release = kc.setup(t, p)
					}
					p.configure(t, kc.lines, env)
					if name == "diff" {
						other := filepath.Join(t.TempDir(), "empty.db")
						args = []string{"diff", "--from", "sqlite:" + p.db, "--to", "sqlite:" + other}
						p.sqlExec(t, "SELECT 1") // the database exists for diff
					}
					ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
					defer cancel()
					r := p.run(ctx, env, args...)
					if release != nil {
						release()
					}
					if concerned {
						if err := check(p, r); err != nil {
							t.Errorf("strata %s with %q: %v\n%s", strings.Join(args, " "), kc.lines, err, r)
						}
					} else if r.code != kc.ignores {
						t.Errorf("strata %s, which %s does not concern: exit %d, want %d\n%s", strings.Join(args, " "), kc.key, r.code, kc.ignores, r)
					}
				})
			}
		}
	}
}

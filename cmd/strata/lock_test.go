package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata"
)

// TestLockHeld runs the command while another runner, in this process
// through the library, holds the migration lock: the command waits for
// --lock-timeout, names the holder, and exits with 4.
func TestLockHeld(t *testing.T) {
	dir := t.TempDir()
	migrations := filepath.Join(dir, "migrations")
	if err := os.Mkdir(migrations, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(migrations, "001_users.sql"), []byte("CREATE TABLE users (id INTEGER PRIMARY KEY);\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	dbPath := filepath.Join(dir, "app.db")
	db, err := sql.Open(sqliteDriver.name, sqliteDSN(dbPath, sqliteBusyTimeout))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// The holder stops inside its run, lock taken, until released.
	started, release := make(chan struct{}), make(chan struct{})
	holder, err := strata.New(db, strata.SQLite, os.DirFS(migrations), strata.WithEvents(func(e strata.Event) {
		if _, ok := e.(strata.MigrationStarted); ok {
			close(started)
			<-release
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := holder.Up(context.Background())
		done <- err
	}()
	<-started
	released := false
	defer func() {
		if !released {
			close(release)
			<-done
		}
	}()

	run := func(args ...string) (code int, stdout, stderr string) {
		var out, errOut bytes.Buffer
		code = execute(context.Background(), args, &out, &errOut)
		return code, out.String(), errOut.String()
	}
	who := regexp.QuoteMeta(fmt.Sprintf("(pid %d, strata up)", os.Getpid()))

	global := []string{"-d", "sqlite:" + dbPath, "--dir", migrations}
	code, stdout, stderr := run(append(global, "--lock-timeout", "200ms", "up")...)
	if code != exitLocked {
		t.Errorf("up exited with %d, want %d; stderr:\n%s", code, exitLocked, stderr)
	}
	for _, want := range []string{
		`(?m)^waiting for the migration lock, held by \S+@\S+ ` + who + ` since \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ \(for [0-9.]+m?s\)$`,
		`(?m)^error: the migration lock is held by \S+@\S+ ` + who + ` since .*; gave up after [0-9.]+m?s\. Try again later, raise --lock-timeout, or, if that runner is dead, run strata unlock$`,
	} {
		if !regexp.MustCompile(want).MatchString(stderr) {
			t.Errorf("stderr does not match %s:\n%s", want, stderr)
		}
	}
	if stdout != "" {
		t.Errorf("stdout of a failed up: %q", stdout)
	}

	// The lock timeout from a config file, whose relative paths start at
	// its directory; the flag still wins over it.
	config := filepath.Join(dir, "strata.toml")
	if err := os.WriteFile(config, []byte("database = \"sqlite:app.db\"\ndir = \"migrations\"\nlock_timeout = \"1500ms\"\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	gaveUp := regexp.MustCompile(`gave up after ([0-9.]+m?s)`)
	waited := func(stderr string) time.Duration {
		m := gaveUp.FindStringSubmatch(stderr)
		if m == nil {
			return 0
		}
		d, _ := time.ParseDuration(m[1])
		return d
	}
	code, _, stderr = run("--config", config, "up", "--json")
	if d := waited(stderr); code != exitLocked || d < 1500*time.Millisecond {
		t.Errorf("up with the config's lock_timeout exited with %d after %s, want %d after 1.5s; stderr:\n%s", code, d, exitLocked, stderr)
	}
	code, _, stderr = run("--config", config, "--lock-timeout", "10ms", "up")
	if d := waited(stderr); code != exitLocked || d == 0 || d >= 1500*time.Millisecond {
		t.Errorf("up with --lock-timeout 10ms over the config exited with %d after %s, want %d well before 1.5s; stderr:\n%s", code, d, exitLocked, stderr)
	}

	// Reading commands do not wait; status names the holder.
	code, stdout, stderr = run(append(global, "status")...)
	if code != exitOK || !regexp.MustCompile(`(?m)^The migration lock is held by \S+@\S+ `+who).MatchString(stdout) {
		t.Errorf("status exited with %d; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	code, stdout, _ = run(append(global, "status", "--json")...)
	var st struct {
		Lock *struct {
			ProcessID int    `json:"process_id"`
			Command   string `json:"command"`
		} `json:"lock"`
	}
	if err := json.Unmarshal([]byte(stdout), &st); err != nil || code != exitOK {
		t.Fatalf("status --json exited with %d: %v\n%s", code, err, stdout)
	}
	if st.Lock == nil || st.Lock.ProcessID != os.Getpid() || st.Lock.Command != "up" {
		t.Errorf("status --json lock = %+v, want this process running up", st.Lock)
	}

	// A live holder is not unlocked.
	code, _, stderr = run(append(global, "unlock")...)
	if code != exitLocked || !strings.Contains(stderr, "that runner may be alive: its lease is fresh and pid "+strconv.Itoa(os.Getpid())+" is running on this machine") {
		t.Errorf("unlock of a live holder exited with %d, want %d; stderr:\n%s", code, exitLocked, stderr)
	}

	close(release)
	released = true
	if err := <-done; err != nil {
		t.Fatalf("the holder's run: %v", err)
	}
	code, stdout, stderr = run(append(global, "up")...)
	if code != exitOK || !strings.Contains(stdout, "Nothing to apply: the database is at version 1.") {
		t.Errorf("up after the holder finished exited with %d; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
}

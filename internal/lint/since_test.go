package lint

import (
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/lint/report"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// gitRepo makes a git work tree in a temporary directory with the given
// migrations committed, and returns the migrations directory.
func gitRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "db", "migrations")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, files)
	run(t, root, "git", "init", "-q")
	run(t, root, "git", "add", ".")
	run(t, root, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "base")
	return dir
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func run(t *testing.T, dir string, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
}

func findings(t *testing.T, rep *report.Report, codes ...string) []string {
	t.Helper()
	var out []string
	for _, d := range rep.Diagnostics {
		for _, c := range codes {
			if d.Code == c {
				out = append(out, filepath.Base(d.File)+" "+d.Code)
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestSince checks that --since lints only what is new or changed
// (untracked, unstaged, committed), keeps the rest as context for the
// model, and reports a new migration older than a released one.
func TestSince(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"001_users.sql":  "CREATE TABLE users (id int, email text);\n",
		"003_orders.sql": "CREATE TABLE orders (id int);\n-- strata:down\nDROP TABLE orders;\n",
	})
	// New and untracked: older than 003, which was released.
	writeFiles(t, dir, map[string]string{
		"002_index.sql": "CREATE INDEX users_email ON users (email);\n-- strata:down\nDROP INDEX users_email;\n",
	})
	opts := Options{Dialect: sqlsplit.Postgres, Dir: dir, Since: "HEAD"}
	rep, err := Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	// 001 has no down (R101) but is old news; 002's index is on a table
	// the model knows from 001.
	if got, want := strings.Join(findings(t, rep, "R101", "PG101", "N104"), ","), "002_index.sql N104,002_index.sql PG101"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
	if rep.Checked != 1 || rep.Migrations != 3 {
		t.Fatalf("checked %d of %d", rep.Checked, rep.Migrations)
	}

	// Committed since the revision, and an unstaged edit of 001.
	root := filepath.Dir(filepath.Dir(dir))
	run(t, root, "git", "add", ".")
	run(t, root, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "index")
	writeFiles(t, dir, map[string]string{"001_users.sql": "CREATE TABLE users (id int, email text, name text);\n"})
	opts.Since = "HEAD~1"
	rep, err = Run(opts)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(findings(t, rep, "R101", "PG101", "N104"), ","), "001_users.sql R101,002_index.sql N104,002_index.sql PG101"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}

	opts.Since = "no-such-branch"
	if _, err := Run(opts); err == nil || !strings.Contains(err.Error(), "no such revision") {
		t.Fatalf("bad revision: %v", err)
	}
	if _, err := Run(Options{Dialect: sqlsplit.Postgres, Dir: t.TempDir(), Since: "HEAD"}); err == nil || !strings.Contains(err.Error(), "git work tree") {
		t.Fatalf("outside git: %v", err)
	}
}

package strata_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
)

func TestParseURLSQLiteDrivers(t *testing.T) {
	for _, tc := range []struct {
		driver, want string
	}{
		{"", "file:app.db?_pragma=busy_timeout(5000)"},
		{"sqlite", "file:app.db?_pragma=busy_timeout(5000)"},
		{"sqlite3", "file:app.db?_busy_timeout=5000&_sync=FULL"},
	} {
		got, err := strata.ParseURL("sqlite:app.db", strata.URLOptions{SQLiteDriver: tc.driver})
		if err != nil {
			t.Fatal(err)
		}
		if got.Dialect != strata.SQLite || got.DSN != tc.want || got.SQLitePath != "app.db" {
			t.Errorf("driver %q: got %+v, want DSN %q", tc.driver, got, tc.want)
		}
	}
	if _, err := strata.ParseURL("sqlite:app.db", strata.URLOptions{SQLiteDriver: "sqlite9"}); !errors.Is(err, strata.ErrUsage) {
		t.Errorf("an unknown SQLite driver gave %v, want ErrUsage", err)
	}
}

func TestParseURLErrorsKeepThePassword(t *testing.T) {
	for _, raw := range []string{
		"postgres://app:tiger@db:54x2/app",
		"mysql://app:tiger@db:3306/",
		"pg://app:tiger@db/app",
	} {
		_, err := strata.ParseURL(raw, strata.URLOptions{})
		var ue *strata.URLError
		if !errors.As(err, &ue) || !errors.Is(err, strata.ErrUsage) {
			t.Errorf("%s: got %v, want a *URLError with ErrUsage", raw, err)
			continue
		}
		if strings.Contains(err.Error(), "tiger") {
			t.Errorf("%s: the error shows the password: %v", raw, err)
		}
	}
}

func TestParseURLMySQLParts(t *testing.T) {
	got, err := strata.ParseURL("mysql://app@db/shop?password=p%40ss&tls=true", strata.URLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := strata.MySQLParts{Address: "tcp(db:3306)", User: "app", Password: "p@ss", DBName: "shop", Params: "tls=true"}
	if got.Driver != "mysql" || got.DSN != "" || got.MySQL == nil || *got.MySQL != want {
		t.Errorf("got %+v %+v, want %+v", got, got.MySQL, want)
	}
	if strings.Contains(got.Display, "p%40ss") || !strings.Contains(got.Display, "xxxxx") {
		t.Errorf("display %q shows the password", got.Display)
	}
}

func TestNewMigrationFile(t *testing.T) {
	t.Run("pair", func(t *testing.T) {
		dir := t.TempDir()
		for _, f := range []string{"001_a.up.sql", "001_a.down.sql"} {
			if err := os.WriteFile(filepath.Join(dir, f), []byte("SELECT 1;\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		nf, err := strata.NewMigrationFile(dir, "b", strata.NewFileOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if nf.Version != "2" || filepath.Base(nf.Path) != "002_b.up.sql" || filepath.Base(nf.DownPath) != "002_b.down.sql" {
			t.Errorf("got %+v", nf)
		}
	})
	t.Run("exists", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := strata.NewMigrationFile(dir, "a", strata.NewFileOptions{}); err != nil {
			t.Fatal(err)
		}
		// The next file is 002_b.sql; a directory of that name, which
		// the reader skips, is in the way.
		if err := os.Mkdir(filepath.Join(dir, "002_b.sql"), 0o755); err != nil {
			t.Fatal(err)
		}
		_, err := strata.NewMigrationFile(dir, "b", strata.NewFileOptions{})
		if !errors.Is(err, fs.ErrExist) {
			t.Errorf("got %v, want fs.ErrExist", err)
		}
	})
	t.Run("bad name", func(t *testing.T) {
		_, err := strata.NewMigrationFile(t.TempDir(), "a/b", strata.NewFileOptions{})
		if !errors.Is(err, strata.ErrUsage) {
			t.Errorf("got %v, want ErrUsage", err)
		}
	})
	t.Run("invalid files", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "001_a.sql"), []byte("-- strata:bogus\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := strata.NewMigrationFile(dir, "b", strata.NewFileOptions{})
		var fe *strata.FilesError
		if !errors.As(err, &fe) || len(fe.Problems()) == 0 {
			t.Errorf("got %v, want a *FilesError", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "002_b.sql")); err == nil {
			t.Error("a file was created in a directory with problems")
		}
	})
}

func TestLintConfigErrors(t *testing.T) {
	_, err := strata.ParseLintConfig(map[string]any{"disable": []any{"PG999"}, "max_bytes": int64(-1)})
	var ce *strata.LintConfigError
	if !errors.As(err, &ce) || !errors.Is(err, strata.ErrUsage) {
		t.Fatalf("got %v, want *LintConfigError", err)
	}
	if !strings.Contains(err.Error(), "PG999") || !strings.Contains(err.Error(), "max_bytes") {
		t.Errorf("%v does not name both problems", err)
	}
	_, err = strata.Lint(context.Background(), strata.LintOptions{Dialect: strata.SQLite, FS: fstest.MapFS{},
		Config: strata.LintConfig{Severity: map[string]string{"D101": "loud"}}})
	if !errors.As(err, &ce) || len(ce.Key) != 2 || ce.Key[1] != "D101" {
		t.Errorf("Lint with a bad severity gave %v, want a LintConfigError about severity.D101", err)
	}
}

package strata_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	execpkg "os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestLibraryLinksNoDriver: a program that imports only strata links no
// database driver, so that it chooses its own (and may link another
// SQLite driver without a "Register called twice" panic), and a
// Postgres-only service does not carry SQLite and MySQL.
func TestLibraryLinksNoDriver(t *testing.T) {
	banned := []string{
		"modernc.org/sqlite",
		"github.com/mattn/go-sqlite3",
		"github.com/go-sql-driver/mysql",
		"github.com/jackc/pgx/v5/stdlib",
		"github.com/lib/pq",
	}
	for _, tags := range []string{"", "sqlite_cgo"} {
		t.Run("tags="+tags, func(t *testing.T) {
			cmd := execpkg.Command("go", "list", "-tags="+tags, "-deps", "./testdata/nodriver")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("go list: %v\n%s", err, out)
			}
			deps := strings.Fields(string(out))
			if len(deps) < 10 || !containsString(deps, "github.com/strata-db/strata") {
				t.Fatalf("go list -deps listed %d packages without strata: %q", len(deps), deps)
			}
			for _, d := range deps {
				for _, b := range banned {
					if d == b || strings.HasPrefix(d, b+"/") {
						t.Errorf("a program importing only strata links %s", d)
					}
				}
			}
		})
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// fakeDriver is a real database/sql driver, just not one strata reads the
// errors of (as lib/pq is).
type fakeDriver struct{}

func (fakeDriver) Open(string) (driver.Conn, error) {
	return nil, errors.New("fake driver: no connections")
}

func init() { sql.Register("strata-test-fake", fakeDriver{}) }

// TestNewChecksDriver: New refuses a driver strata cannot read and a
// dialect of another database than the *sql.DB's driver, saying what to
// pass instead; it accepts each supported driver with its dialect. No
// connection is opened.
func TestNewChecksDriver(t *testing.T) {
	type db struct {
		driver, dsn string
		dialect     strata.Dialect // the dialect of the driver, "" for none
	}
	dbs := []db{
		{"pgx", "postgres://nobody@127.0.0.1:1/none", strata.Postgres},
		{"mysql", "nobody@tcp(127.0.0.1:1)/none", strata.MySQL},
		{"strata-test-fake", "whatever", ""},
	}
	for _, k := range testdb.SQLiteKinds {
		dbs = append(dbs, db{k.Name(), filepath.Join(t.TempDir(), "never.db"), strata.SQLite})
	}
	for _, c := range dbs {
		sdb, err := sql.Open(c.driver, c.dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer sdb.Close()
		for _, d := range []strata.Dialect{strata.Postgres, strata.MySQL, strata.SQLite} {
			t.Run(c.driver+"/"+string(d), func(t *testing.T) {
				_, err := strata.New(sdb, d, fstest.MapFS{})
				if d == c.dialect {
					if err != nil {
						t.Fatalf("New refused its own driver: %v", err)
					}
					return
				}
				if !errors.Is(err, strata.ErrUnsupportedDriver) || !errors.Is(err, strata.ErrUsage) {
					t.Fatalf("New(%s db, %s) = %v, want ErrUnsupportedDriver", c.driver, d, err)
				}
				msg := err.Error()
				want := []string{"open the database with", map[strata.Dialect]string{
					strata.Postgres: "github.com/jackc/pgx/v5/stdlib", strata.MySQL: "github.com/go-sql-driver/mysql", strata.SQLite: "modernc.org/sqlite"}[d]}
				if c.dialect != "" {
					want = []string{"uses the " + string(c.dialect) + " driver", "pass strata.", "or a *sql.DB opened with"}
				}
				for _, w := range want {
					if !strings.Contains(msg, w) {
						t.Errorf("%q does not say %q", msg, w)
					}
				}
			})
		}
		if stats := sdb.Stats(); stats.OpenConnections != 0 {
			t.Errorf("%s: New opened %d connections", c.driver, stats.OpenConnections)
		}
	}
}

// TestMemoryDatabaseNeedsDriver: MemoryDatabase without an SQLite driver
// says what to pass, and opens nothing.
func TestMemoryDatabaseNeedsDriver(t *testing.T) {
	ctx := context.Background()
	pg, err := sql.Open("pgx", "postgres://nobody@127.0.0.1:1/none")
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	for name, drv := range map[string]driver.Driver{"nil": nil, "pgx": pg.Driver(), "fake": fakeDriver{}} {
		t.Run(name, func(t *testing.T) {
			s, err := strata.MemoryDatabase(ctx, drv)
			if !errors.Is(err, strata.ErrNoScratch) || !errors.Is(err, strata.ErrUsage) || s != nil {
				t.Fatalf("MemoryDatabase(%s) = %v, %v; want ErrNoScratch", name, s, err)
			}
			if !strings.Contains(err.Error(), "SQLite") || !strings.Contains(err.Error(), "pass") {
				t.Errorf("%q does not say which driver to pass", err)
			}
		})
	}
	for _, k := range testdb.SQLiteKinds {
		t.Run(k.Name(), func(t *testing.T) {
			live := testdb.SQLiteWith(t, k)
			s, err := strata.MemoryDatabase(ctx, live.DB.Driver())
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close(ctx)
			if _, err := s.DB.ExecContext(ctx, "CREATE TABLE t (x)"); err != nil {
				t.Fatal(err)
			}
			// Another connection of the pool sees the same database.
			c1, err := s.DB.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer c1.Close()
			var n int
			if err := c1.QueryRowContext(ctx, "SELECT count(*) FROM t").Scan(&n); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// Package testdb gives each test its own real database: a fresh database
// on the PostgreSQL or MySQL/MariaDB server named by STRATA_TEST_POSTGRES_URL
// or STRATA_TEST_MYSQL_URL, dropped when the test ends, or a new SQLite file
// in the test's temporary directory. Tests of a server whose variable is
// unset are skipped, saying which variable to set.
package testdb

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
	"github.com/strata-db/strata/mysqlcfg"
)

// Environment variables naming the test servers.
const (
	PostgresEnv = "STRATA_TEST_POSTGRES_URL"
	MySQLEnv    = "STRATA_TEST_MYSQL_URL"
)

// DB is one test database.
type DB struct {
	DB      *sql.DB
	Dialect string // "postgres", "mysql" or "sqlite"
	// URL is the strata URL of the database (postgres://…, mysql://…,
	// sqlite:…), for running the strata command against it.
	URL string
	// Driver and DSN open more connections to it.
	Driver, DSN string
	Name        string // the database name, or the SQLite file
}

// Dialects lists the dialects, for table-driven tests over all three.
var Dialects = []string{"sqlite", "postgres", "mysql"}

// Open returns a fresh database of the dialect, or skips the test.
func Open(t testing.TB, dialect string) *DB {
	t.Helper()
	switch dialect {
	case "postgres":
		return Postgres(t)
	case "mysql":
		return MySQL(t)
	case "sqlite":
		return SQLite(t)
	}
	t.Fatalf("testdb: unknown dialect %q", dialect)
	return nil
}

func uniqueName() string {
	var b [6]byte
	rand.Read(b[:])
	return "strata_test_" + hex.EncodeToString(b[:])
}

// SQLite returns a new database file in the test's temporary directory.
func SQLite(t testing.TB) *DB {
	t.Helper()
	return SQLiteWith(t, SQLiteKind)
}

// SQLiteWith is SQLite with the driver k, one of SQLiteKinds.
func SQLiteWith(t testing.TB, k sqlitedialect.Driver) *DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "test.db")
	dsn := k.DSN(path, 5*time.Second)
	db, err := sql.Open(k.Name(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &DB{DB: db, Dialect: "sqlite", URL: "sqlite:" + path, Driver: k.Name(), DSN: dsn, Name: path}
}

// SQLiteDriver is the database/sql driver of the build for SQLite: "sqlite"
// (modernc.org/sqlite), or "sqlite3" (mattn/go-sqlite3) with -tags
// sqlite_cgo; see sqlite_modernc.go and sqlite_cgo.go.
var SQLiteDriver = SQLiteKind.Name()

// SQLiteDSN is the DSN strata's command uses for an SQLite file: a busy
// timeout, so that readers wait for a committing writer.
func SQLiteDSN(path string) string {
	return SQLiteKind.DSN(path, 5*time.Second)
}

// Postgres creates a database on the server of STRATA_TEST_POSTGRES_URL.
func Postgres(t testing.TB) *DB {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("set %s (e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable) to run PostgreSQL tests", PostgresEnv)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := uniqueName()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("testdb: creating database %s on %s: %v", name, PostgresEnv, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testdb: %s: %v", PostgresEnv, err)
	}
	u.Path = "/" + name
	db, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			t.Errorf("testdb: dropping %s: %v", name, err)
		}
	})
	return &DB{DB: db, Dialect: "postgres", URL: u.String(), Driver: "pgx", DSN: u.String(), Name: name}
}

// MySQLDSN turns a mysql:// URL into a go-sql-driver DSN.
func MySQLDSN(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	cfg := mysql.NewConfig()
	cfg.User = u.User.Username()
	cfg.Passwd, _ = u.User.Password()
	cfg.Net = "tcp"
	cfg.Addr = u.Host
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	mysqlcfg.Configure(cfg)
	params := u.Query()
	if len(params) > 0 {
		cfg.Params = map[string]string{}
		for k := range params {
			cfg.Params[k] = params.Get(k)
		}
	}
	return cfg.FormatDSN(), nil
}

// MySQL creates a database on the server of STRATA_TEST_MYSQL_URL.
func MySQL(t testing.TB) *DB {
	t.Helper()
	base := os.Getenv(MySQLEnv)
	if base == "" {
		t.Skipf("set %s (e.g. mysql://root@127.0.0.1:3306/mysql) to run MySQL/MariaDB tests", MySQLEnv)
	}
	adminDSN, err := MySQLDSN(base)
	if err != nil {
		t.Fatalf("testdb: %s: %v", MySQLEnv, err)
	}
	admin, err := sql.Open("mysql", adminDSN)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := uniqueName()
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("testdb: creating database %s on %s: %v", name, MySQLEnv, err)
	}
	u, _ := url.Parse(base)
	u.Path = "/" + name
	dsn, _ := MySQLDSN(u.String())
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.Close()
		admin, err := sql.Open("mysql", adminDSN)
		if err != nil {
			return
		}
		defer admin.Close()
		if _, err := admin.Exec("DROP DATABASE IF EXISTS " + name); err != nil {
			t.Errorf("testdb: dropping %s: %v", name, err)
		}
	})
	return &DB{DB: db, Dialect: "mysql", URL: u.String(), Driver: "mysql", DSN: dsn, Name: name}
}

// Sleep returns a statement that takes about d on the dialect, for tests
// that need a migration to be running for a while.
func Sleep(dialect string, d time.Duration) string {
	secs := d.Seconds()
	switch dialect {
	case "postgres":
		return fmt.Sprintf("SELECT pg_sleep(%g)", secs)
	case "mysql":
		// SELECT, not DO: MariaDB ends a DO SLEEP that is killed or
		// times out early and without an error, which would let a test
		// of stopping a statement pass whether it was stopped or not.
		return fmt.Sprintf("SELECT SLEEP(%g)", secs)
	}
	// SQLite has no sleep; a recursive count keeps it busy, for as many
	// rows as this build's SQLite counts in d.
	return fmt.Sprintf(sqliteCount, int(secs*sqliteRowsPerSecond()))
}

// sqliteCount counts to %d in SQLite.
const sqliteCount = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c WHERE x < %d) SELECT count(*) FROM c"

// sqliteRowsPerSecond is how fast this build's SQLite driver runs
// sqliteCount, measured once: the C library (-tags sqlite_cgo) counts
// several times faster than modernc.org/sqlite, so a fixed count would
// make the sleeps of one build too short to prove anything. Measured on
// a busy machine it comes out low, which only makes the sleeps longer.
var sqliteRowsPerSecond = sync.OnceValue(func() float64 {
	const fallback = 4e6 // modernc.org/sqlite on this class of machine
	db, err := sql.Open(SQLiteDriver, SQLiteKind.DSN(":memory:", 0))
	if err != nil {
		return fallback
	}
	defer db.Close()
	const n = 1_000_000
	start := time.Now()
	var got int
	if err := db.QueryRow(fmt.Sprintf(sqliteCount, n)).Scan(&got); err != nil || got != n {
		return fallback
	}
	return n / time.Since(start).Seconds()
})

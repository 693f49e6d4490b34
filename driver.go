package strata

import (
	"database/sql"
	"database/sql/driver"
	"fmt"

	"github.com/strata-db/strata/internal/dialect"
	mysqldialect "github.com/strata-db/strata/internal/dialect/mysql"
	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
)

// strata links no database driver: the program imports the one it wants
// and hands New a *sql.DB. New then checks that strata can read that
// driver's errors (codes, "already exists", lost connections), since with
// any other driver a migration would fail later in odd ways.

// pgxStdlib is the package of the PostgreSQL driver strata reads.
const pgxStdlib = "github.com/jackc/pgx/v5/stdlib"

// driverUse says which import and sql.Open call each dialect needs.
var driverUse = map[Dialect]string{
	Postgres: `github.com/jackc/pgx/v5/stdlib (sql.Open("pgx", url))`,
	MySQL:    `github.com/go-sql-driver/mysql (sql.Open("mysql", dsn))`,
	SQLite:   `modernc.org/sqlite (sql.Open("sqlite", path)) or, with cgo, github.com/mattn/go-sqlite3 (sql.Open("sqlite3", path))`,
}

// driverDialect is the dialect whose errors strata reads from drv, or "".
func driverDialect(drv driver.Driver) Dialect {
	pkg, name := dialect.TypeOf(drv)
	switch {
	case pkg == pgxStdlib && name == "Driver":
		return Postgres
	case pkg == mysqldialect.DriverPackage && name == "MySQLDriver":
		return MySQL
	}
	if _, ok := sqlitedialect.DriverOf(drv); ok {
		return SQLite
	}
	return ""
}

// checkDriver refuses a *sql.DB whose driver strata does not support, or
// that is of another database than d.
func checkDriver(db *sql.DB, d Dialect) error {
	drv := db.Driver()
	pkg, name := dialect.TypeOf(drv)
	got := driverDialect(drv)
	switch {
	case got == d:
		return nil
	case got != "":
		return fmt.Errorf("%w: %w: strata.New was given the dialect %s, but the *sql.DB uses the %s driver %s.%s; "+
			"pass strata.%s, or a *sql.DB opened with %s", ErrUsage, ErrUnsupportedDriver, d, got, pkg, name, exported(got), driverUse[d])
	case pkg == "":
		pkg, name = fmt.Sprintf("%T", drv), ""
	default:
		name = "." + name
	}
	return fmt.Errorf("%w: %w: strata cannot read the errors of the driver %s%s that the *sql.DB uses, "+
		"so it could not tell a failed statement's code or a lost connection; open the database with %s",
		ErrUsage, ErrUnsupportedDriver, pkg, name, driverUse[d])
}

// exported is the name of d's constant, for messages.
func exported(d Dialect) string {
	switch d {
	case Postgres:
		return "Postgres"
	case MySQL:
		return "MySQL"
	}
	return "SQLite"
}

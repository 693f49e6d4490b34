package strata

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
)

// MemoryDatabase opens an empty in-memory SQLite database with drv, shared
// by the connections of its pool until Close: the scratch database for
// Drift and Verify of an SQLite database. strata links no driver, so drv
// says which one to use: the Driver() of the caller's SQLite *sql.DB, or
// a driver value (&sqlite.Driver{} of modernc.org/sqlite,
// &sqlite3.SQLiteDriver{} of github.com/mattn/go-sqlite3). Without one it
// fails with ErrNoScratch.
func MemoryDatabase(ctx context.Context, drv driver.Driver) (*Scratch, error) {
	if drv == nil {
		return nil, fmt.Errorf("%w: %w: MemoryDatabase needs the SQLite driver to open the in-memory database with; "+
			"pass db.Driver() of your SQLite *sql.DB", ErrUsage, ErrNoScratch)
	}
	k, ok := sqlitedialect.DriverOf(drv)
	if !ok {
		pkg, name := dialect.TypeOf(drv)
		return nil, fmt.Errorf("%w: %w: MemoryDatabase was given the driver %s.%s, which is not an SQLite driver strata reads; "+
			"pass the driver of modernc.org/sqlite or github.com/mattn/go-sqlite3", ErrUsage, ErrNoScratch, pkg, name)
	}
	name := scratchName()
	// memdb databases whose name starts with "/" are shared between the
	// connections of the process, and live while one of them is open:
	// keep is that one.
	db := sql.OpenDB(dsnConnector{drv: drv, dsn: k.DSN("/"+name, 5*time.Second, "vfs=memdb")})
	keep, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening an in-memory SQLite database: %w", err)
	}
	return &Scratch{DB: db, Name: name, close: func(context.Context) error {
		return errors.Join(keep.Close(), db.Close())
	}}, nil
}

// dsnConnector opens connections of a driver value that no name was
// registered for.
type dsnConnector struct {
	drv driver.Driver
	dsn string
}

// Connect implements driver.Connector.
func (c dsnConnector) Connect(context.Context) (driver.Conn, error) { return c.drv.Open(c.dsn) }

// Driver implements driver.Connector.
func (c dsnConnector) Driver() driver.Driver { return c.drv }

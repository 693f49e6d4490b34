//go:build sqlite_cgo

package strata_test

import (
	"errors"

	"github.com/mattn/go-sqlite3" // the SQLite C library through cgo, registered as "sqlite3"; its error type is read below
)

// sqliteDriver is the database/sql driver the examples and tests open
// SQLite with: with -tags sqlite_cgo, "sqlite3", github.com/mattn/go-sqlite3;
// a program using strata imports the driver it wants, as above.
const sqliteDriver = "sqlite3"

// sqliteErrorCode is the primary result code of the SQLite driver's error
// in err's chain (mattn/go-sqlite3's sqlite3.Error), for tests that the
// driver's error survives strata's wrapping.
func sqliteErrorCode(err error) (int, bool) {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return 0, false
	}
	return int(se.Code), true
}

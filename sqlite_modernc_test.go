//go:build !sqlite_cgo

package strata_test

import (
	"errors"

	"modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"; its error type is read below
)

// sqliteDriver is the database/sql driver the examples and tests open
// SQLite with: "sqlite", modernc.org/sqlite, in the default build; a
// program using strata imports the driver it wants, as above.
const sqliteDriver = "sqlite"

// sqliteErrorCode is the primary result code of the SQLite driver's error
// in err's chain (modernc.org/sqlite's *sqlite.Error), for tests that the
// driver's error survives strata's wrapping.
func sqliteErrorCode(err error) (int, bool) {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return 0, false
	}
	return se.Code() & 0xff, true
}

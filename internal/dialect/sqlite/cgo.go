//go:build sqlite_cgo && cgo

package sqlite

import (
	"errors"
	"strconv"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// DriverName is the database/sql driver that this build of strata uses for
// SQLite: "sqlite3", from github.com/mattn/go-sqlite3, the SQLite C library
// through cgo, chosen with -tags sqlite_cgo because it runs migrations
// faster than the default pure-Go modernc.org/sqlite.
const DriverName = "sqlite3"

// driverModule is the driver's module, for DriverInfo.
const driverModule = "github.com/mattn/go-sqlite3"

// DSN is the data source name that opens the SQLite database name (a file
// path, or a name for mode=memory or vfs=memdb) with DriverName: name as an
// SQLite URI with the URI parameters params ("mode=ro", "vfs=memdb", …) and
// a busy timeout, so that a connection waits that long for another writer
// instead of failing at once with SQLITE_BUSY. name must not hold '?' or
// '#'.
func DSN(name string, busyTimeout time.Duration, params ...string) string {
	params = append(params[:len(params):len(params)],
		// Always given: the driver's default is 5 s, where a 0 must mean
		// no waiting, as it does with modernc.org/sqlite.
		"_busy_timeout="+strconv.FormatInt(busyTimeout.Milliseconds(), 10),
		// The driver sets synchronous=NORMAL unless told otherwise, which
		// in SQLite's rollback-journal mode may lose a committed
		// migration, or corrupt the file, on a power cut. FULL is SQLite's
		// own default, what modernc.org/sqlite and the sqlite3 shell use:
		// both builds of strata promise the same durability.
		"_sync=FULL")
	return "file:" + name + "?" + strings.Join(params, "&")
}

// driverError takes apart an error of github.com/mattn/go-sqlite3: its
// extended result code and its message (sqlite3_errmsg, with the system
// error after ": " for I/O errors).
func driverError(err error) (code int, msg string, ok bool) {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		var pse *sqlite3.Error
		if !errors.As(err, &pse) || pse == nil {
			return 0, "", false
		}
		se = *pse
	}
	code = int(se.ExtendedCode)
	if code == 0 {
		code = int(se.Code)
	}
	return code, se.Error(), true
}

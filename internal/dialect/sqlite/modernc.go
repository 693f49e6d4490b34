//go:build !sqlite_cgo

package sqlite

import (
	"errors"
	"strconv"
	"strings"
	"time"

	sqlitedriver "modernc.org/sqlite" // registers the "sqlite" driver
)

// DriverName is the database/sql driver that this build of strata uses for
// SQLite: "sqlite", from modernc.org/sqlite (pure Go, so the default build
// needs no C compiler). Built with -tags sqlite_cgo it is "sqlite3".
const DriverName = "sqlite"

// driverModule is the driver's module, for DriverInfo.
const driverModule = "modernc.org/sqlite"

// DSN is the data source name that opens the SQLite database name (a file
// path, or a name for mode=memory or vfs=memdb) with DriverName: name as an
// SQLite URI with the URI parameters params ("mode=ro", "vfs=memdb", …) and,
// unless busyTimeout is 0, a busy timeout, so that a connection waits that
// long for another writer instead of failing at once with SQLITE_BUSY. name
// must not hold '?' or '#'.
func DSN(name string, busyTimeout time.Duration, params ...string) string {
	if busyTimeout > 0 {
		params = append(params[:len(params):len(params)], "_pragma=busy_timeout("+strconv.FormatInt(busyTimeout.Milliseconds(), 10)+")")
	}
	if len(params) == 0 {
		return "file:" + name
	}
	return "file:" + name + "?" + strings.Join(params, "&")
}

// driverError takes apart an error of modernc.org/sqlite: its extended
// result code and its message without the driver's decoration.
func driverError(err error) (code int, msg string, ok bool) {
	var se *sqlitedriver.Error
	if !errors.As(err, &se) {
		return 0, "", false
	}
	code = se.Code()
	// modernc writes "<generic text>: <message> (<code>)", or for some
	// codes (SQLITE_BUSY) "<message> (<code>) (<name>)"; keep the message.
	msg = se.Error()
	if i := strings.LastIndex(msg, " (SQLITE_"); i >= 0 && strings.HasSuffix(msg, ")") {
		msg = msg[:i]
	}
	msg = strings.TrimSuffix(msg, " ("+strconv.Itoa(code)+")")
	if i := strings.Index(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return code, msg, true
}

package sqlite

import (
	"database/sql/driver"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/dialect"
)

// Driver is one of the two SQLite drivers strata reads the errors of. The
// program that uses strata imports and registers the one it wants; this
// package imports neither, and knows them by their types.
type Driver struct {
	name   string // the name it registers with database/sql
	module string // its module, and the package of its types
	typ    string // the name of its driver.Driver type
	cgo    bool   // the SQLite C library through cgo
}

// The SQLite drivers strata supports.
var (
	// Modernc is modernc.org/sqlite: SQLite translated to Go, so a build
	// needs no C compiler. It registers as "sqlite".
	Modernc = Driver{name: "sqlite", module: "modernc.org/sqlite", typ: "Driver"}
	// Mattn is github.com/mattn/go-sqlite3: the SQLite C library through
	// cgo, faster at applying migrations. It registers as "sqlite3".
	Mattn = Driver{name: "sqlite3", module: "github.com/mattn/go-sqlite3", typ: "SQLiteDriver", cgo: true}
)

// Name is the name the driver registers with database/sql.
func (d Driver) Name() string { return d.name }

// Module is the driver's Go module.
func (d Driver) Module() string { return d.module }

// DriverOf tells which supported driver drv is.
func DriverOf(drv driver.Driver) (Driver, bool) {
	pkg, name := dialect.TypeOf(drv)
	for _, d := range []Driver{Modernc, Mattn} {
		if pkg == d.module && name == d.typ {
			return d, true
		}
	}
	return Driver{}, false
}

// DSN is the data source name that opens the SQLite database name (a file
// path, or a name for mode=memory or vfs=memdb) with d: name as an SQLite
// URI with the URI parameters params ("mode=ro", "vfs=memdb", …) and a busy
// timeout, so that a connection waits that long for another writer
// instead of failing at once with SQLITE_BUSY. name must not hold '?' or
// '#'.
func (d Driver) DSN(name string, busyTimeout time.Duration, params ...string) string {
	params = params[:len(params):len(params)]
	switch {
	case d.cgo:
		params = append(params,
			// Always given: the driver's default is 5 s, where a 0 must
			// mean no waiting, as it does with modernc.org/sqlite.
			"_busy_timeout="+strconv.FormatInt(busyTimeout.Milliseconds(), 10),
			// The driver sets synchronous=NORMAL unless told otherwise,
			// which in SQLite's rollback-journal mode may lose a committed
			// migration, or corrupt the file, on a power cut. FULL is
			// SQLite's own default, what modernc.org/sqlite and the sqlite3
			// shell use: both drivers promise the same durability.
			"_sync=FULL")
	case busyTimeout > 0:
		params = append(params, "_pragma=busy_timeout("+strconv.FormatInt(busyTimeout.Milliseconds(), 10)+")")
	}
	if len(params) == 0 {
		return "file:" + name
	}
	return "file:" + name + "?" + strings.Join(params, "&")
}

// driverError takes apart an error of either driver: its extended result
// code and its message without the driver's decoration.
func driverError(err error) (code int, msg string, ok bool) {
	// modernc.org/sqlite: *sqlite.Error, with a Code method.
	var me interface {
		error
		Code() int
	}
	if errors.As(err, &me) {
		if pkg, _ := dialect.TypeOf(me); pkg == Modernc.module {
			return moderncError(me.Code(), me.Error())
		}
	}
	// github.com/mattn/go-sqlite3: sqlite3.Error, a struct of codes.
	if v, found := dialect.FindError(err, Mattn.module, "Error"); found {
		c, x := v.FieldByName("Code"), v.FieldByName("ExtendedCode")
		if c.IsValid() && x.IsValid() {
			code = int(x.Int())
			if code == 0 {
				code = int(c.Int())
			}
			// Error has a value receiver: the message is sqlite3_errmsg,
			// with the system error after ": " for I/O errors.
			if e, isErr := v.Interface().(error); isErr {
				return code, e.Error(), true
			}
		}
	}
	return 0, "", false
}

// moderncError strips modernc.org/sqlite's decoration from msg: it writes
// "<generic text>: <message> (<code>)", or for some codes (SQLITE_BUSY)
// "<message> (<code>) (<name>)"; keep the message.
func moderncError(code int, msg string) (int, string, bool) {
	if i := strings.LastIndex(msg, " (SQLITE_"); i >= 0 && strings.HasSuffix(msg, ")") {
		msg = msg[:i]
	}
	msg = strings.TrimSuffix(msg, " ("+strconv.Itoa(code)+")")
	if i := strings.Index(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	return code, msg, true
}

// ByName is the supported driver that registers as name.
func ByName(name string) (Driver, bool) {
	for _, d := range []Driver{Modernc, Mattn} {
		if d.name == name {
			return d, true
		}
	}
	return Driver{}, false
}

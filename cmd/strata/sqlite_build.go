package main

import (
	"database/sql"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/strata-db/strata"
)

// sqliteBuild is the SQLite driver this build registers (see
// sqlite_modernc.go and sqlite_cgo.go).
type sqliteBuild struct {
	name   string // the name it registers with database/sql
	module string // its Go module
	cgo    bool   // the SQLite C library through cgo
}

// Info describes the driver, for strata version: its module and version
// as built into this program, whether it is the C library, and the SQLite
// version it runs, e.g. "modernc.org/sqlite v1.62.0 (SQLite 3.50.4)".
func (d sqliteBuild) Info() string {
	s := d.module
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == d.module {
				s += " " + m.Version
			}
		}
	}
	var extra []string
	if d.cgo {
		extra = append(extra, "cgo")
	}
	// Asked of the library itself: the driver's module version does not
	// say which SQLite it bundles.
	if t, err := strata.ParseURL("sqlite::memory:", strata.URLOptions{SQLiteDriver: d.name}); err == nil {
		if db, err := sql.Open(t.Driver, t.DSN); err == nil {
			var v string
			if db.QueryRow("SELECT sqlite_version()").Scan(&v) == nil {
				extra = append(extra, "SQLite "+v)
			}
			db.Close()
		}
	}
	if len(extra) > 0 {
		s += fmt.Sprintf(" (%s)", strings.Join(extra, ", "))
	}
	return s
}

//go:build !sqlite_cgo

package testdb

import (
	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SQLiteKind is the SQLite driver the tests run with: modernc.org/sqlite
// in the default build.
var SQLiteKind = sqlitedialect.Modernc

// SQLiteKinds are the SQLite drivers linked into the tests: the default
// build has no cgo driver.
var SQLiteKinds = []sqlitedialect.Driver{sqlitedialect.Modernc}

//go:build sqlite_cgo

package testdb

import (
	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SQLiteKind is the SQLite driver the tests run with:
// github.com/mattn/go-sqlite3 with -tags sqlite_cgo.
var SQLiteKind = sqlitedialect.Mattn

// SQLiteKinds are the SQLite drivers linked into the tests: with -tags
// sqlite_cgo both, so that tests of what strata reads of each driver run
// in one binary, as in a program that links both.
var SQLiteKinds = []sqlitedialect.Driver{sqlitedialect.Mattn, sqlitedialect.Modernc}

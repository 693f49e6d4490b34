//go:build sqlite_cgo

package strata_test

import (
	_ "github.com/mattn/go-sqlite3" // the SQLite C library through cgo, registered as "sqlite3"
)

// sqliteDriver is the database/sql driver the examples and tests open
// SQLite with: with -tags sqlite_cgo, "sqlite3", github.com/mattn/go-sqlite3;
// a program using strata imports the driver it wants, as above.
const sqliteDriver = "sqlite3"

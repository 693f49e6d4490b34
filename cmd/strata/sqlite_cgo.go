//go:build sqlite_cgo && cgo

package main

import (
	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
)

// sqliteDriver is the SQLite driver of this build, chosen with -tags
// sqlite_cgo: github.com/mattn/go-sqlite3, the SQLite C library through
// cgo, which applies migrations faster.
var sqliteDriver = sqlitedialect.Mattn

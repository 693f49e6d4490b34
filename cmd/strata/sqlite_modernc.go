//go:build !sqlite_cgo

package main

import (
	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// sqliteDriver is the SQLite driver of this build: modernc.org/sqlite,
// pure Go, so that the default build needs no C compiler.
var sqliteDriver = sqlitedialect.Modernc

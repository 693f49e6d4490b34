//go:build !sqlite_cgo

package main

import (
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// sqliteDriver is the SQLite driver of this build: modernc.org/sqlite,
// pure Go, so that the default build needs no C compiler.
var sqliteDriver = sqliteBuild{name: "sqlite", module: "modernc.org/sqlite"}

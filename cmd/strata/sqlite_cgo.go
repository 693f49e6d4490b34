//go:build sqlite_cgo && cgo

package main

import (
	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
)

// sqliteDriver is the SQLite driver of this build, chosen with -tags
// sqlite_cgo: github.com/mattn/go-sqlite3, the SQLite C library through
// cgo, which applies migrations faster.
var sqliteDriver = sqliteBuild{name: "sqlite3", module: "github.com/mattn/go-sqlite3", cgo: true}

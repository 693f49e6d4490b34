//go:build sqlite_cgo

package main

// wantSQLiteDSN is the DSN an SQLite URL of path must become with -tags
// sqlite_cgo: mattn/go-sqlite3's syntax for a 5 s busy timeout, and
// synchronous=FULL, SQLite's default, which that driver would otherwise
// lower to NORMAL.
func wantSQLiteDSN(path string) string {
	return "file:" + path + "?_busy_timeout=5000&_sync=FULL"
}

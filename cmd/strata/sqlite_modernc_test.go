//go:build !sqlite_cgo

package main

// wantSQLiteDSN is the DSN an SQLite URL of path must become in the
// default build: modernc.org/sqlite's syntax for a 5 s busy timeout.
func wantSQLiteDSN(path string) string {
	return "file:" + path + "?_pragma=busy_timeout(5000)"
}

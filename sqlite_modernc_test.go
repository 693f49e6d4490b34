//go:build !sqlite_cgo

package strata_test

import (
	_ "modernc.org/sqlite" // the pure-Go SQLite driver, registered as "sqlite"
)

// sqliteDriver is the database/sql driver the examples and tests open
// SQLite with: "sqlite", modernc.org/sqlite, in the default build; a
// program using strata imports the driver it wants, as above.
const sqliteDriver = "sqlite"

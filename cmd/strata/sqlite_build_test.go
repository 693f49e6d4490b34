package main

import (
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
)

// TestDriverInfo: strata version names the driver of the build and the
// SQLite it runs.
func TestDriverInfo(t *testing.T) {
	info := sqliteDriver.Info()
	if !strings.HasPrefix(info, sqliteDriver.module) || !strings.Contains(info, "(") || !strings.Contains(info, "SQLite 3.") {
		t.Errorf("Info() = %q, want %s … (…SQLite 3.x.y)", info, sqliteDriver.module)
	}
}

// sqliteDSN opens path with the build's driver, as the tests' own
// connections need to: a DSN in that driver's syntax.
func sqliteDSN(path string, busyTimeout time.Duration, params ...string) string {
	d, ok := sqlitedialect.ByName(sqliteDriver.name)
	if !ok {
		panic("no SQLite driver named " + sqliteDriver.name)
	}
	return d.DSN(path, busyTimeout, params...)
}

// sqliteBusyTimeout is the busy timeout strata.ParseURL gives SQLite
// URLs, for the tests' connections to the same files.
const sqliteBusyTimeout = 5 * time.Second

// randomName is 16 random hexadecimal digits, for database names.
func randomName() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

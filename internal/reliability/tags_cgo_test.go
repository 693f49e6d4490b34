//go:build sqlite_cgo

package reliability

// buildTags are the build tags of the strata binary under test: the native
// SQLite driver, like this test binary.
const buildTags = "sqlite_cgo"

//go:build !sqlite_cgo

package reliability

// buildTags are the build tags of the strata binary under test: none, so
// that it uses modernc.org/sqlite like this test binary.
const buildTags = ""

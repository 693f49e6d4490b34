// Package mysqlcfg sets the options of github.com/go-sql-driver/mysql that
// strata runs with. It imports (and so registers) the driver, which is why
// it stands apart from the root package: the strata command and the tests
// use it, and so may a program that opens its MySQL *sql.DB the way the
// command does (see strata.MySQLParts).
package mysqlcfg

import "github.com/go-sql-driver/mysql"

// Configure sets the driver options strata runs with, whatever the URL
// said.
func Configure(cfg *mysql.Config) {
	// strata splits the files into statements itself; a statement that
	// smuggled in a second one must fail rather than run unrecorded.
	cfg.MultiStatements = false
	// Without it every statement with parameters (strata's progress and
	// history writes) is prepared, run and closed: two round trips
	// instead of one. The driver escapes the values itself and leaves
	// character sets where that is unsafe to the server.
	cfg.InterpolateParams = true
	// 0 makes the driver ask the server for its max_allowed_packet, so that
	// a statement too big for the server fails with that reason instead of
	// a connection reset.
	cfg.MaxAllowedPacket = 0
}

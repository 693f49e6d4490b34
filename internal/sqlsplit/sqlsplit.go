// Package sqlsplit cuts a section of SQL into the statements a database
// would see, for PostgreSQL, MySQL/MariaDB and SQLite.
//
// It is a lexer, not a parser: it knows every way a dialect hides a
// semicolon (quotes, comments, dollar-quoted bodies, BEGIN … END compound
// bodies, the mysql client's DELIMITER command) and nothing more. Each
// statement keeps its exact place in the file so that errors can point at
// it. The package imports nothing outside the standard library.
package sqlsplit

import "fmt"

// Syntax selects the lexical rules of one database family: how its
// strings, identifiers, comments and statement ends are written. It is
// what the splitter needs of strata.Dialect, the public name of the
// database.
type Syntax int

// The syntaxes of the databases strata supports.
const (
	Postgres Syntax = iota + 1
	MySQL
	SQLite
)

// String returns the database's name as used on the command line.
func (d Syntax) String() string {
	switch d {
	case Postgres:
		return "postgres"
	case MySQL:
		return "mysql"
	case SQLite:
		return "sqlite"
	}
	return fmt.Sprintf("Syntax(%d)", int(d))
}

// Position is a place in a file. Line and Column are 1-based; Column counts
// Unicode characters (not bytes) from the start of the line, as the
// databases do when they report an error position. A line ends at "\n",
// "\r\n" or a lone "\r".
type Position struct {
	Offset int // byte offset from the start of the file
	Line   int
	Column int
}

// Statement is one statement of a section, exactly as it is sent to the
// database.
type Statement struct {
	// Text is the statement without its terminator (";" or the current
	// DELIMITER) and without the whitespace and comments around it. It is
	// always the slice src[Start.Offset-origin.Offset : End-origin.Offset]
	// of the input given to Split.
	Text string
	// Start is where the statement's first token begins in the file.
	Start Position
	// End is the byte offset in the file just past the statement's last
	// token (before any terminator).
	End int
	// NoTransaction is non-empty when the statement cannot run inside a
	// transaction block; it names the construct, e.g.
	// "CREATE INDEX CONCURRENTLY" or "VACUUM". Only top-level words count:
	// the same words in a comment, a string or a function body do not.
	NoTransaction string
	// NeedsTransaction is non-empty when the statement works only inside
	// a transaction block, which PostgreSQL refuses outside one: "LOCK
	// TABLE", "DECLARE … CURSOR" (without WITH HOLD). The savepoint
	// commands are marked by Savepoint instead.
	NeedsTransaction string
	// Transaction names the transaction-control command the statement
	// is, e.g. "COMMIT", "START TRANSACTION", "XA START" or "SET
	// autocommit"; "" for any other statement. The BEGIN of a routine or
	// trigger body (BEGIN ATOMIC, BEGIN … END, MariaDB's BEGIN NOT ATOMIC)
	// is not transaction control.
	Transaction string
	// Savepoint is set, with Transaction, on SAVEPOINT, RELEASE and
	// ROLLBACK TO: they nest inside an open transaction without ending it.
	Savepoint bool
	// Unsupported names a statement that undoes what the session running
	// a migration relies on between statements, so that no section can
	// hold it: MySQL's LOCK TABLES, UNLOCK TABLES and FLUSH TABLES … WITH
	// READ LOCK (the session may then write nothing but the locked
	// tables), PostgreSQL's DISCARD ALL and pg_advisory_unlock_all(), and
	// MySQL's RELEASE_ALL_LOCKS() (they release the session's locks).
	Unsupported string
	// Mode is MySQL's sql_mode in force when the statement runs, as far as
	// it changes how the statement's text reads (see Options): the
	// section's starting mode and the SET sql_mode statements before it.
	Mode SQLMode
}

// Error is a lexical problem that stops splitting: an unterminated quote,
// comment or body, a psql meta-command, a misused DELIMITER.
type Error struct {
	Pos  Position // where the offending construct starts
	Msg  string   // what is wrong
	Hint string   // what to do about it; may be empty
}

// Error formats the error as "line L, column C: message (hint)".
func (e *Error) Error() string {
	s := fmt.Sprintf("line %d, column %d: %s", e.Pos.Line, e.Pos.Column, e.Msg)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

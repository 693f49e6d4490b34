// Package tokstmt reads MySQL and SQLite statements for strata lint.
// Neither has a parser in pure Go, so this is a small token-level reader:
// it knows keywords outside quotes and comments and the shapes of the
// statements that change a schema, and nothing more. [Read] turns a
// statement into facts (internal/lint/facts); everything it does not
// fully understand is left unknown, and every check it drives stays
// silent on unknowns.
package tokstmt

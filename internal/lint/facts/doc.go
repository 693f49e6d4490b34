// Package facts is what strata lint knows about a migrations directory:
// its migrations, their up and down sections, their statements, and the
// dialect-neutral facts (ops) each statement is read into: tables created
// with their columns and constraints, columns added, altered, renamed and
// dropped, indexes, other objects by name, rows written.
//
// The readers (internal/lint/pgtree for PostgreSQL, internal/lint/tokstmt
// for MySQL and SQLite) fill the facts in, the schema model
// (internal/lint/model) completes them, and the checks read them: no
// check looks at SQL text or parse trees. A reader that cannot tell a
// fact leaves it unknown rather than guessing.
package facts

// Package source reads a directory of migration files from any fs.FS into
// an ordered list of migrations: versions, names, up and down sections,
// directives and checksums.
//
// It implements part 1 of DESIGN.md ("Migration files", "Checksums") and
// imports nothing outside the standard library, so that embed.FS, os.DirFS
// and test file systems all work the same way.
package source

import "time"

// Migration is one versioned migration: a single file with an up section and
// an optional down section, or a golang-migrate style .up.sql/.down.sql pair.
type Migration struct {
	Version Version
	Name    string // lower-case words joined by "_"
	Up      Section
	Down    Section // Down.Present is false when the migration has no down section
}

// Section is the up or the down part of a migration.
type Section struct {
	// Present reports whether the section exists at all. An up section is
	// always present; a down section exists after a "-- strata:down" line
	// or in a .down.sql file, even when it is empty.
	Present bool
	// File is the path of the file holding the section, relative to the
	// fs.FS root (e.g. "migrations/001_core.sql").
	File string
	// SQL is the raw text of the section exactly as it is in the file,
	// without the "-- strata:up"/"-- strata:down" marker lines and without a
	// leading UTF-8 byte order mark. Directive lines stay in it (they are SQL
	// comments).
	SQL string
	// Offset and Line locate the first byte of SQL in File (Line is 1-based).
	Offset int
	Line   int
	// Checksum is "sha256:<hex>" of the section's normal form (see Normalize).
	Checksum string
	// Directives are the "-- strata:" lines of the section, in file order.
	Directives []Directive
	// The directives, interpreted.
	NoTransaction    bool
	TolerateExisting bool
	Timeout          time.Duration // 0 when not set
}

// Directive is one "-- strata:<word> [args]" line.
type Directive struct {
	Name string // the word after "strata:", e.g. "no-transaction"
	Args string // the rest of the line, trimmed
	Line int    // 1-based line in the section's file
}

// Problem is one thing wrong with a migrations directory.
type Problem struct {
	File string // path relative to the fs.FS root
	Line int    // 1-based; 0 when the problem concerns the whole file
	Msg  string // what is wrong and what to do about it
}

// Package synth generates the synthetic migration sets of strata's speed
// benchmarks: N small but realistic migrations (tables with primary and
// foreign keys, added columns, indexes, a routine every 20, a few inserts)
// for one dialect, written both in strata's file format and as one plain
// script for the database's own client, so that strata and the client run
// exactly the same SQL.
//
// The output depends only on the dialect, N and the seed: the benchmark must
// measure the same work on every run and every machine.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/strata-db/strata"
)

// Dialect is a database family the generator writes SQL for.
type Dialect string

// The dialects; the names are those strata.ParseDialect accepts.
const (
	Postgres Dialect = "postgres"
	MySQL    Dialect = "mysql"
	SQLite   Dialect = "sqlite"
)

// Dialects lists every dialect, in the order the benchmark reports them.
var Dialects = []Dialect{Postgres, MySQL, SQLite}

// ParseDialect accepts the spellings of a dialect name strata does (see
// strata.ParseDialect).
func ParseDialect(s string) (Dialect, error) {
	d, err := strata.ParseDialect(strings.TrimSpace(s))
	if err != nil {
		return "", fmt.Errorf("unknown dialect %q (use postgres, mysql or sqlite)", s)
	}
	return Dialect(d), nil
}

// DefaultSeed is the seed the benchmark uses unless told otherwise.
const DefaultSeed = 20260101

// Statement is one SQL statement, without its terminating ';'.
type Statement struct {
	SQL string
	// Compound marks a routine or trigger whose body holds ';'. strata's
	// splitter keeps such a statement whole by itself; the mysql client
	// needs it wrapped in DELIMITER, so the plain MySQL script does that.
	Compound bool
}

// Migration is one generated migration.
type Migration struct {
	Version int
	Name    string // lower-case words joined by '_'
	Comment string // one line saying what it does, written as an SQL comment
	Up      []Statement
	// Down undoes Up exactly, statement by statement in reverse order.
	Down []Statement
}

// Width is the number of digits of the versions of an n-migration set:
// four, or more when n needs them (five for 10,000).
func Width(n int) int {
	return max(4, len(strconv.Itoa(n)))
}

// FileName is the migration's file name in a set padded to width digits.
func (m Migration) FileName(width int) string {
	return fmt.Sprintf("%0*d_%s.sql", width, m.Version, m.Name)
}

// column is a column of a generated table.
type column struct {
	name string
	// indexable is false for columns an index should not cover.
	indexable bool
}

// table is a table created by an earlier migration.
type table struct {
	name string
	cols []column
	has  map[string]bool
}

func (t *table) add(name string, indexable bool) {
	t.cols = append(t.cols, column{name, indexable})
	t.has[name] = true
}

// File renders a migration in strata's format: the up section, a
// "-- strata:down" line, the down section.
func File(m Migration) string {
	var b strings.Builder
	b.WriteString("-- " + m.Comment + "\n")
	writeStmts(&b, m.Up, "", "")
	b.WriteString("-- strata:down\n")
	writeStmts(&b, m.Down, "", "")
	return b.String()
}

// writeStmts writes statements separated by blank lines. Compound
// statements get the given delimiter lines around them when open is set.
func writeStmts(b *strings.Builder, stmts []Statement, open, close string) {
	for _, s := range stmts {
		if s.Compound && open != "" {
			b.WriteString(open + "\n" + s.SQL + close + "\n\n")
			continue
		}
		b.WriteString(s.SQL + ";\n\n")
	}
}

// Script renders the plain script the database's own client runs for the
// same migrations: up sections in order (down=false) or down sections in
// reverse order (down=true). PostgreSQL and SQLite get one transaction per
// migration, as strata runs them; MySQL runs statements as they come (its
// DDL commits by itself) and needs DELIMITER around compound statements.
func Script(d Dialect, migs []Migration, down bool) string {
	var b strings.Builder
	switch d {
	case Postgres:
		b.WriteString("\\set ON_ERROR_STOP on\n\n")
	case SQLite:
		b.WriteString(".bail on\n\n")
	}
	width := Width(len(migs))
	for i := range migs {
		m := migs[i]
		stmts := m.Up
		if down {
			m = migs[len(migs)-1-i]
			stmts = m.Down
		}
		b.WriteString("-- " + m.FileName(width) + ": " + m.Comment + "\n")
		switch d {
		case MySQL:
			writeStmts(&b, stmts, "DELIMITER //", "//\nDELIMITER ;")
		default:
			b.WriteString("BEGIN;\n")
			writeStmts(&b, stmts, "", "")
			b.WriteString("COMMIT;\n\n")
		}
	}
	return b.String()
}

// Write generates n migrations for d into dir: dir/migrations/*.sql in
// strata's format, dir/up.sql and dir/down.sql for the client. dir must not
// hold an earlier set (stale files would mix into the migrations).
func Write(dir string, d Dialect, n int, seed uint64) ([]Migration, error) {
	migs, err := Generate(d, n, seed)
	if err != nil {
		return nil, err
	}
	mdir := filepath.Join(dir, "migrations")
	if ents, err := os.ReadDir(mdir); err == nil && len(ents) > 0 {
		return nil, fmt.Errorf("%s is not empty; remove it or choose another directory", mdir)
	}
	if err := os.MkdirAll(mdir, 0o755); err != nil {
		return nil, err
	}
	width := Width(n)
	for _, m := range migs {
		if err := os.WriteFile(filepath.Join(mdir, m.FileName(width)), []byte(File(m)), 0o644); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "up.sql"), []byte(Script(d, migs, false)), 0o644); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "down.sql"), []byte(Script(d, migs, true)), 0o644); err != nil {
		return nil, err
	}
	return migs, nil
}

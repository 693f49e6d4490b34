package lint

import (
	"unicode/utf8"

	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// migration is one migration as lint sees it.
type migration struct {
	*source.Migration
	index int      // position in version order
	up    *section // never nil
	down  *section // nil when there is no down section
	// checked is false when Options.Since leaves the migration out.
	checked bool
	added   bool // with Since: the migration's up file is new since the revision
}

// section is the up or down part of a migration.
type section struct {
	src   *source.Section
	mig   *migration
	down  bool
	file  string // display path
	stmts []*stmt
	// splitErr is set when sqlsplit rejected the section; stmts is then
	// empty and the section is unknown to every check.
	splitErr *sqlsplit.Error
	// fileIgnore holds the codes silenced for the whole file by
	// directives before its first statement.
	fileIgnore []string
}

// stmt is one statement with everything lint derived from it.
type stmt struct {
	sqlsplit.Statement
	sec   *section
	index int

	kind stmtKind
	verb string // "CREATE TABLE", "ALTER TABLE", … for messages
	ops  []op

	ignore []string // codes silenced by lint-ignore directives for this statement

	// base is the offset of Text in the string given to the parser, so
	// that parser locations can be turned into file positions.
	base int
	// parseErr is the PostgreSQL parser's complaint, when it had one.
	parseErr *pgError
	// setting is the variable a SET statement sets, lower-case, and
	// value the string it sets it to (PostgreSQL; "" when not a string).
	setting, value string
	// unsets is true when a SET statement turns its setting off or back
	// to its default: RESET, RESET ALL (setting "all"), SET … TO DEFAULT,
	// or a value of 0, which turns a timeout off.
	unsets bool
	// algorithm and lock are MySQL's ALTER TABLE/CREATE INDEX ALGORITHM=
	// and LOCK= clauses, upper-case, "" when absent.
	algorithm, lock string
}

// posAt returns the file position of byte offset off of the statement's
// text (clamped to the text).
func (s *stmt) posAt(off int) sqlsplit.Position {
	off = max(0, min(off, len(s.Text)))
	p := s.Start
	for i := 0; i < off; {
		c := s.Text[i]
		switch {
		case c == '\n' || c == '\r':
			if c == '\r' && i+1 < off && s.Text[i+1] == '\n' {
				i++
			}
			p.Line++
			p.Column = 1
			i++
		case c < utf8.RuneSelf:
			p.Column++
			i++
		default:
			_, n := utf8.DecodeRuneInString(s.Text[i:])
			p.Column++
			i += n
		}
	}
	p.Offset = s.Start.Offset + off
	return p
}

// parserPos converts a location reported by the PostgreSQL parser
// (relative to the string it was given; -1 when unknown) to a position.
func (s *stmt) parserPos(loc int32) sqlsplit.Position {
	if loc < 0 {
		return s.Start
	}
	return s.posAt(int(loc) - s.base)
}

// origin returns an origin for a definition at pos in this statement.
func (s *stmt) origin(pos sqlsplit.Position, text string) origin {
	return origin{mig: s.sec.mig, file: s.sec.file, pos: pos, text: text}
}

// pgError is a syntax error reported by the parser.
type pgError struct {
	msg string
	pos sqlsplit.Position
}

// addOp appends an op to the statement.
func (s *stmt) addOp(o op) {
	s.ops = append(s.ops, o)
}

// lineOffset returns the file offset of the start of line n of a section.
func lineOffset(sec *section, n int) int {
	line, off := sec.src.Line, sec.src.Offset
	for i := 0; i < len(sec.src.SQL) && line < n; i++ {
		if c := sec.src.SQL[i]; c == '\n' || c == '\r' && (i+1 == len(sec.src.SQL) || sec.src.SQL[i+1] != '\n') {
			line++
			off = sec.src.Offset + i + 1
		}
	}
	return off
}

// stmtForDirective returns the statement a directive on line n applies
// to: the statement whose text holds the line, else the next one.
func (sec *section) stmtForDirective(n int) *stmt {
	for _, s := range sec.stmts {
		if n < s.Start.Line {
			return s
		}
		if n <= s.posAt(s.End-s.Start.Offset).Line {
			return s
		}
	}
	return nil
}

package facts

import (
	"unicode/utf8"

	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Migration is one migration as lint sees it.
type Migration struct {
	*source.Migration
	Index       int      // position in version order
	UpSection   *Section // never nil
	DownSection *Section // nil when there is no down section
	// Checked is false when lint.Options.Since leaves the migration out.
	Checked bool
	Added   bool // with Since: the migration's up file is new since the revision
}

// Section is the up or down part of a migration.
type Section struct {
	Src   *source.Section // the section as internal/source read it
	Mig   *Migration      // the migration it belongs to
	Down  bool            // the down section
	File  string          // display path
	Stmts []*Stmt
	// SplitErr is set when sqlsplit rejected the section; Stmts is then
	// empty and the section is unknown to every check.
	SplitErr *sqlsplit.Error
	// FileIgnore holds the codes silenced for the whole file by
	// directives before its first statement.
	FileIgnore []string
}

// Stmt is one statement with everything lint derived from it.
type Stmt struct {
	sqlsplit.Statement
	Sec   *Section // the section it is in
	Index int      // position in the section

	Kind StmtKind
	Verb string // "CREATE TABLE", "ALTER TABLE", … for messages
	Ops  []Op

	Ignore []string // codes silenced by lint-ignore directives for this statement

	// Base is the offset of Text in the string given to the parser, so
	// that parser locations can be turned into file positions.
	Base int
	// ParseErr is the PostgreSQL parser's complaint, when it had one.
	ParseErr *SyntaxError
	// Setting is the variable a SET statement sets, lower-case, and
	// Value the string it sets it to (PostgreSQL; "" when not a string).
	Setting, Value string
	// Unsets is true when a SET statement turns its setting off or back
	// to its default: RESET, RESET ALL (setting "all"), SET … TO DEFAULT,
	// or a value of 0, which turns a timeout off.
	Unsets bool
	// Algorithm and Lock are MySQL's ALTER TABLE/CREATE INDEX ALGORITHM=
	// and LOCK= clauses, upper-case, "" when absent.
	Algorithm, Lock string
}

// PosAt returns the file position of byte offset off of the statement's
// text (clamped to the text).
func (s *Stmt) PosAt(off int) sqlsplit.Position {
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

// ParserPos converts a location reported by the PostgreSQL parser
// (relative to the string it was given; -1 when unknown) to a position.
func (s *Stmt) ParserPos(loc int32) sqlsplit.Position {
	if loc < 0 {
		return s.Start
	}
	return s.PosAt(int(loc) - s.Base)
}

// Origin returns an origin for a definition at pos in this statement.
func (s *Stmt) Origin(pos sqlsplit.Position, text string) Origin {
	return Origin{Mig: s.Sec.Mig, File: s.Sec.File, Pos: pos, Text: text}
}

// SyntaxError is a syntax error reported by the parser.
type SyntaxError struct {
	Msg string
	Pos sqlsplit.Position
}

// AddOp appends an op to the statement.
func (s *Stmt) AddOp(o Op) {
	s.Ops = append(s.Ops, o)
}

// LineOffset returns the file offset of the start of line n of a section.
func LineOffset(sec *Section, n int) int {
	line, off := sec.Src.Line, sec.Src.Offset
	for i := 0; i < len(sec.Src.SQL) && line < n; i++ {
		if c := sec.Src.SQL[i]; c == '\n' || c == '\r' && (i+1 == len(sec.Src.SQL) || sec.Src.SQL[i+1] != '\n') {
			line++
			off = sec.Src.Offset + i + 1
		}
	}
	return off
}

// StmtForDirective returns the statement a directive on line n applies
// to: the statement whose text holds the line, else the next one.
func (sec *Section) StmtForDirective(n int) *Stmt {
	for _, s := range sec.Stmts {
		if n < s.Start.Line {
			return s
		}
		if n <= s.PosAt(s.End-s.Start.Offset).Line {
			return s
		}
	}
	return nil
}

package pgtree

import (
	"errors"

	"github.com/strata-db/strata/internal/lint/facts"
)

// PostgreSQL statements are read by PostgreSQL's own parser (see
// wasm.go). After start-up a call costs about 0.3 ms plus the parsing
// itself, so lint parses a whole section per call rather than a statement
// per call (8x fewer calls on real directories), mapping the parser's
// statements back to sqlsplit's by offset.

// Parse parses a section's statements and derives their facts.
func Parse(sec *facts.Section) error {
	parser, err := getParser()
	if err != nil {
		return err
	}
	if res, err := parser.Parse(sec.Src.SQL); err == nil && mapRaw(sec, res) {
		return nil
	}
	// One statement does not parse, or the parser cut the section
	// differently from sqlsplit: parse statement by statement, so that
	// each error lands on its own statement.
	for _, s := range sec.Stmts {
		s.Base = 0
		res, err := parser.Parse(s.Text)
		if err != nil {
			var se *syntaxError
			if !errors.As(err, &se) {
				return err
			}
			s.Kind = facts.KindUnknown
			s.ParseErr = &facts.SyntaxError{Msg: se.msg, Pos: s.PosAt(charOffset(s.Text, se.cursor))}
			continue
		}
		if len(res.Stmts) != 1 {
			// sqlsplit and the parser disagree on where this statement
			// ends; leave it unknown rather than guess.
			continue
		}
		translate(s, res.Stmts[0].Stmt)
	}
	return nil
}

// mapRaw pairs the parser's statements with sqlsplit's, which must agree
// one to one, and translates them. It reports false, translating
// nothing, when they do not agree.
func mapRaw(sec *facts.Section, res *ParseResult) bool {
	if len(res.Stmts) != len(sec.Stmts) {
		return false
	}
	for i, raw := range res.Stmts {
		s := sec.Stmts[i]
		start := s.Start.Offset - sec.Src.Offset
		end := len(sec.Src.SQL)
		if raw.StmtLen > 0 {
			end = int(raw.StmtLocation + raw.StmtLen)
		}
		if start < int(raw.StmtLocation) || start >= end {
			return false
		}
	}
	for i, raw := range res.Stmts {
		s := sec.Stmts[i]
		s.Base = s.Start.Offset - sec.Src.Offset
		translate(s, raw.Stmt)
	}
	return true
}

// charOffset converts the parser's 1-based character position to a byte
// offset of s (0 when unknown).
func charOffset(s string, cursor int) int {
	if cursor <= 1 {
		return 0
	}
	n := 1
	for i := range s {
		if n == cursor {
			return i
		}
		n++
	}
	return len(s)
}

package tokstmt

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// The statement side of the token-level reader for MySQL and SQLite (see
// tokens.go). It walks a statement's tokens with a cursor, recognises the
// statement shapes that change a schema, and turns them into ops. Every
// routine here is written to give up rather than guess: an unexpected
// token ends the reading of a clause, leaving what it would have said
// unknown (a column's nullability, a default, an index's columns), and an
// ALTER TABLE action it cannot read marks the table opaque to the
// cross-migration checks.

// tokReader is a cursor over one statement's tokens.
type tokReader struct {
	d    sqlsplit.Syntax
	s    *facts.Stmt
	toks []token
	i    int
}

// peek returns the token k places ahead, or a zero token past the end.
func (p *tokReader) peek(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return token{}
}

func (p *tokReader) done() bool { return p.i >= len(p.toks) }

// at reports whether the next tokens are the given keywords.
func (p *tokReader) at(kws ...string) bool {
	for k, kw := range kws {
		if !p.peek(k).is(kw) {
			return false
		}
	}
	return true
}

// accept consumes the keywords when they are next.
func (p *tokReader) accept(kws ...string) bool {
	if p.at(kws...) {
		p.i += len(kws)
		return true
	}
	return false
}

// acceptPunct consumes the character c when it is next.
func (p *tokReader) acceptPunct(c byte) bool {
	if p.peek(0).punct(c) {
		p.i++
		return true
	}
	return false
}

// name reads a possibly qualified name. SQLite's "main." schema is
// dropped; MySQL's database qualifier is kept.
func (p *tokReader) name() (string, bool) {
	t := p.peek(0)
	if t.kind != tWord && t.kind != tIdent && !(t.kind == tString && p.d == sqlsplit.SQLite) {
		return "", false
	}
	p.i++
	n := t.name()
	for p.peek(0).punct('.') && (p.peek(1).kind == tWord || p.peek(1).kind == tIdent) {
		n += "." + p.peek(1).name()
		p.i += 2
	}
	if p.d == sqlsplit.SQLite {
		n = strings.TrimPrefix(n, "main.")
	}
	return n, true
}

// group consumes a parenthesised group and returns the tokens inside it.
func (p *tokReader) group() ([]token, bool) {
	if !p.peek(0).punct('(') {
		return nil, false
	}
	depth := 0
	for j := p.i; j < len(p.toks); j++ {
		switch {
		case p.toks[j].punct('('):
			depth++
		case p.toks[j].punct(')'):
			depth--
			if depth == 0 {
				inner := p.toks[p.i+1 : j]
				p.i = j + 1
				return inner, true
			}
		}
	}
	return nil, false
}

// skipClause advances to the next comma at depth 0 (not consuming it) or
// the end.
func (p *tokReader) skipClause() {
	depth := 0
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		switch {
		case t.punct('('):
			depth++
		case t.punct(')'):
			depth--
		case t.punct(',') && depth <= 0:
			return
		}
	}
}

// splitTop cuts tokens at commas outside parentheses.
func splitTop(toks []token) [][]token {
	var out [][]token
	depth, start := 0, 0
	for j, t := range toks {
		switch {
		case t.punct('('):
			depth++
		case t.punct(')'):
			depth--
		case t.punct(',') && depth == 0:
			out = append(out, toks[start:j])
			start = j + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// tokText renders tokens canonically, so that expressions written with
// different spacing or case compare equal: words lower-case (both
// dialects compare keywords and identifiers case-insensitively), single
// spaces, none inside parentheses, before commas or after a sign.
func tokText(toks []token) string {
	var b strings.Builder
	for j, t := range toks {
		if j > 0 && !t.punct(')') && !t.punct(',') && !t.punct('(') && !t.punct('.') {
			prev := toks[j-1]
			sign := (prev.punct('-') || prev.punct('+')) && (j == 1 || toks[j-2].kind == tPunct)
			if !prev.punct('(') && !prev.punct('.') && !sign {
				b.WriteByte(' ')
			}
		}
		if t.kind == tWord {
			b.WriteString(strings.ToLower(t.text))
		} else {
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// Read derives a MySQL or SQLite statement's facts from its tokens.
func Read(d sqlsplit.Syntax, s *facts.Stmt) {
	p := &tokReader{d: d, s: s, toks: lexTokens(d, s.Text, s.Mode)}
	if p.done() {
		return
	}
	first := p.peek(0)
	s.Kind = facts.KindUnknown
	switch {
	case s.Transaction != "":
		// The splitter's classification, which strata refuses by.
		s.Kind, s.Verb = facts.KindTxn, s.Transaction
	case first.is("CREATE"):
		p.i++
		s.Kind = facts.KindDDL
		p.create()
	case first.is("ALTER"):
		s.Kind = facts.KindDDL
		if p.at("ALTER", "TABLE") {
			p.i += 2
			p.alterTable()
		} else {
			s.Verb = "ALTER"
		}
	case first.is("DROP"):
		p.i++
		s.Kind = facts.KindDDL
		p.drop()
	case first.is("RENAME"):
		s.Kind, s.Verb = facts.KindDDL, "RENAME TABLE"
		p.i++
		p.accept("TABLE")
		p.renameTables()
	case first.is("TRUNCATE"):
		s.Kind, s.Verb = facts.KindDML, "TRUNCATE"
		p.i++
		p.accept("TABLE")
		if n, ok := p.name(); ok {
			s.AddOp(facts.Op{Kind: facts.OpTruncate, Table: n, Pos: s.Start})
		}
	case first.is("INSERT"), first.is("REPLACE"):
		s.Kind, s.Verb = facts.KindDML, strings.ToUpper(first.text)
		for !p.done() && !p.at("INTO") && !p.peek(0).punct('(') {
			p.i++
		}
		if p.accept("INTO") {
			if n, ok := p.name(); ok {
				s.AddOp(facts.Op{Kind: facts.OpWrite, Table: n, Pos: s.Start})
			}
		}
	case first.is("UPDATE"):
		s.Kind, s.Verb = facts.KindDML, "UPDATE"
		p.i++
		for p.accept("LOW_PRIORITY") || p.accept("IGNORE") || p.accept("OR") {
			if p.peek(0).kind == tWord && !p.at("SET") && p.peek(1).kind == tWord {
				p.i++ // UPDATE OR REPLACE t (SQLite)
			}
		}
		if n, ok := p.name(); ok {
			s.AddOp(facts.Op{Kind: facts.OpWrite, Table: n, Pos: s.Start})
		}
	case first.is("DELETE"):
		s.Kind, s.Verb = facts.KindDML, "DELETE"
		for !p.done() && !p.at("FROM") {
			p.i++
		}
		if p.accept("FROM") {
			if n, ok := p.name(); ok {
				s.AddOp(facts.Op{Kind: facts.OpWrite, Table: n, Pos: s.Start})
			}
		}
	case first.is("WITH"):
		// A CTE ahead of INSERT/UPDATE/DELETE: find the verb at depth 0.
		s.Kind, s.Verb = facts.KindQuery, "SELECT"
		for !p.done() {
			if p.peek(0).punct('(') {
				if _, ok := p.group(); !ok {
					break // unbalanced: give up
				}
				continue
			}
			t := p.peek(0)
			if t.is("INSERT") || t.is("UPDATE") || t.is("DELETE") || t.is("REPLACE") {
				s.Kind, s.Verb = facts.KindDML, strings.ToUpper(t.text)
				break
			}
			p.i++
		}
	case first.is("SELECT"), first.is("SHOW"), first.is("EXPLAIN"), first.is("DESCRIBE"), first.is("DESC"), first.is("VALUES"):
		s.Kind, s.Verb = facts.KindQuery, strings.ToUpper(first.text)
	case first.is("SET"), first.is("PRAGMA"):
		s.Kind, s.Verb = facts.KindSet, strings.ToUpper(first.text)
		p.i++
		for p.accept("SESSION") || p.accept("LOCAL") || p.accept("GLOBAL") || p.acceptPunct('@') {
		}
		if n, ok := p.name(); ok {
			s.Setting = n
		}
	case first.is("BEGIN"):
		s.Kind, s.Verb = facts.KindProcedural, "BEGIN NOT ATOMIC"
	case first.is("CALL"), first.is("DO"):
		s.Kind, s.Verb = facts.KindProcedural, strings.ToUpper(first.text)
	case first.is("ANALYZE"), first.is("OPTIMIZE"), first.is("VACUUM"), first.is("REINDEX"), first.is("LOCK"), first.is("UNLOCK"), first.is("FLUSH"):
		s.Kind, s.Verb = facts.KindMaintenance, strings.ToUpper(first.text)
	case first.is("GRANT"), first.is("REVOKE"):
		s.Kind, s.Verb = facts.KindDDL, strings.ToUpper(first.text)
	}
}

package tokstmt

import (
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// MySQL and SQLite have no parser available to a pure-Go build, so lint
// reads their statements with a token-level reader: tokens outside quotes
// and comments, keywords compared case-insensitively, parentheses matched.
// It is deliberately not a parser. It recognises the shapes of the
// statements that change a schema (CREATE/ALTER/DROP/RENAME/TRUNCATE and the
// DML verbs) well enough to feed the schema model and the checks, and when a
// statement is anything it does not fully understand, the derived facts say
// "unknown" so that every check driven by them stays silent rather than
// guess (see reader.go).

// tokKind classifies a token, as sqlsplit.TokenKind does.
type tokKind uint8

const (
	tWord   = tokKind(sqlsplit.Word)   // keyword or bare identifier
	tIdent  = tokKind(sqlsplit.Ident)  // quoted identifier: `x`, "x" (SQLite), [x]
	tString = tokKind(sqlsplit.String) // string literal: 'x', "x" (MySQL), X'..'
	tNumber = tokKind(sqlsplit.Number) // numeric literal
	tPunct  = tokKind(sqlsplit.Punct)  // an operator (<=, <>, ||) or any other single character
)

// token is one token of a statement. off is the byte offset of the token
// in the statement text, text the token as written (quotes included).
type token struct {
	kind tokKind
	text string
	off  int
}

// is reports whether t is the bare word kw (kw upper-case).
func (t token) is(kw string) bool {
	return t.kind == tWord && len(t.text) == len(kw) && strings.EqualFold(t.text, kw)
}

// punct reports whether t is the single character c.
func (t token) punct(c byte) bool {
	return t.kind == tPunct && len(t.text) == 1 && t.text[0] == c
}

// name returns the identifier a word or quoted identifier denotes, with
// quotes removed, doubled quotes undone and, since both dialects compare
// identifiers case-insensitively, folded to lower case (see
// sqlsplit.Token.Name).
func (t token) name() string {
	return sqlsplit.Token{Kind: sqlsplit.TokenKind(t.kind), Text: t.text}.Name()
}

// lexTokens cuts one statement (as sqlsplit returns it) into tokens, with
// the splitter's own tokenizer, in MySQL's sql_mode mode
// (sqlsplit.Statement.Mode).
func lexTokens(d sqlsplit.Syntax, src string, mode sqlsplit.SQLMode) []token {
	ts := sqlsplit.TokensIn(d, src, mode)
	toks := make([]token, len(ts))
	for i, t := range ts {
		toks[i] = token{tokKind(t.Kind), t.Text, t.Off}
	}
	return toks
}

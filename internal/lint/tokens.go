package lint

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
// guess (see tokstmt.go).

// tokKind classifies a token.
type tokKind uint8

const (
	tWord   tokKind = iota + 1 // keyword or bare identifier
	tIdent                     // quoted identifier: `x`, "x" (SQLite), [x]
	tString                    // string literal: 'x', "x" (MySQL), X'..'
	tNumber                    // numeric literal
	tPunct                     // an operator (<=, <>, ||) or any other single character
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
// identifiers case-insensitively, folded to lower case. Strings give
// their content too: MySQL accepts 'x' in some name positions, and SQLite
// accepts a string where an identifier is expected.
func (t token) name() string {
	switch t.kind {
	case tWord:
		return strings.ToLower(t.text)
	case tIdent, tString:
		return strings.ToLower(unquote(t.text))
	}
	return ""
}

// unquote strips the quotes of a quoted token and undoes doubled closing
// quotes. Backslash escapes are left alone: names never need them.
func unquote(s string) string {
	if len(s) < 2 {
		return s
	}
	open, end := s[0], s[len(s)-1]
	closer := open
	if open == '[' {
		closer = ']'
	}
	if end != closer {
		return s[1:] // unterminated: only possible on input sqlsplit rejects
	}
	body := s[1 : len(s)-1]
	if open != '[' {
		body = strings.ReplaceAll(body, string([]byte{closer, closer}), string(closer))
	}
	return body
}

// lexTokens cuts one statement (as sqlsplit returns it) into tokens.
// Whitespace and comments are dropped. MySQL's executable comments
// /*! … */ and /*M! … */ are read as their content, because the server
// runs it. Malformed input (an unterminated quote or comment, which
// sqlsplit would have rejected) ends at the end of the text instead of
// failing: the reader must never panic, whatever it is given. mode is
// MySQL's sql_mode for the statement (sqlsplit.Statement.Mode): with
// NO_BACKSLASH_ESCAPES a backslash in a string is an ordinary character,
// and with ANSI_QUOTES "x" is an identifier, as the server reads them.
func lexTokens(d sqlsplit.Dialect, src string, mode sqlsplit.SQLMode) []token {
	toks := make([]token, 0, len(src)/4)
	escapes := d == sqlsplit.MySQL && !mode.NoBackslashEscapes
	inExec := false
	for i := 0; i < len(src); {
		c := src[i]
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '#' && d == sqlsplit.MySQL:
			i = skipLine(src, i)
		case c == '-' && next == '-' && (d != sqlsplit.MySQL || i+2 == len(src) || isSpace(src[i+2])):
			i = skipLine(src, i)
		case c == '/' && next == '*':
			if n := execCommentOpener(d, src, i); n > 0 {
				inExec = true
				i += n
				continue
			}
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				return toks
			}
			i += 2 + j + 2
		case c == '*' && next == '/' && inExec:
			inExec = false
			i += 2
		case c == '\'':
			j := endQuoted(src, i, escapes)
			toks = append(toks, token{tString, src[i:j], i})
			i = j
		case c == '"':
			k := tIdent
			if d == sqlsplit.MySQL && !mode.ANSIQuotes {
				k = tString // without ANSI_QUOTES, MySQL reads "x" as a string
			}
			j := endQuoted(src, i, escapes && k == tString)
			toks = append(toks, token{k, src[i:j], i})
			i = j
		case c == '`':
			j := endQuoted(src, i, false)
			toks = append(toks, token{tIdent, src[i:j], i})
			i = j
		case c == '[' && d == sqlsplit.SQLite:
			j := strings.IndexByte(src[i:], ']')
			if j < 0 {
				j = len(src) - i - 1
			}
			toks = append(toks, token{tIdent, src[i : i+j+1], i})
			i += j + 1
		case (c == 'x' || c == 'X' || c == 'b' || c == 'B') && next == '\'':
			j := endQuoted(src, i+1, false)
			toks = append(toks, token{tString, src[i:j], i})
			i = j
		case c >= '0' && c <= '9' || c == '.' && next >= '0' && next <= '9':
			j := i + 1
			for j < len(src) && (isWordByte(src[j]) || src[j] == '.') {
				j++
			}
			kind := tNumber
			if d == sqlsplit.MySQL && !isNumber(src[i:j]) {
				kind = tWord // MySQL identifiers may start with a digit: 1st_table
			}
			toks = append(toks, token{kind, src[i:j], i})
			i = j
		case isWordByte(c):
			j := i + 1
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			toks = append(toks, token{tWord, src[i:j], i})
			i = j
		case strings.IndexByte("<>=!|&", c) >= 0:
			// Operators of several characters are one token: >=, <>, ||.
			j := i + 1
			for j < len(src) && strings.IndexByte("<>=!|&", src[j]) >= 0 {
				j++
			}
			toks = append(toks, token{tPunct, src[i:j], i})
			i = j
		default:
			toks = append(toks, token{tPunct, src[i : i+1], i})
			i++
		}
	}
	return toks
}

// execCommentOpener returns the length of a MySQL executable comment
// opener at i ("/*!", "/*!50003", "/*M!"), or 0.
func execCommentOpener(d sqlsplit.Dialect, src string, i int) int {
	if d != sqlsplit.MySQL {
		return 0
	}
	j := i + 2
	if j < len(src) && src[j] == 'M' {
		j++
	}
	if j >= len(src) || src[j] != '!' {
		return 0
	}
	j++
	for j < len(src) && src[j] >= '0' && src[j] <= '9' {
		j++
	}
	return j - i
}

// endQuoted returns the offset just past the quoted token starting at i.
// A doubled quote stands for itself; with backslash, a backslash escapes
// the next byte (MySQL strings).
func endQuoted(src string, i int, backslash bool) int {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch src[j] {
		case '\\':
			if backslash {
				j++
			}
		case q:
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(src)
}

func skipLine(src string, i int) int {
	for i < len(src) && src[i] != '\n' && src[i] != '\r' {
		i++
	}
	return i
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// isWordByte reports whether c may be part of a bare word. Bytes of
// multi-byte UTF-8 characters count, as both dialects allow them in
// identifiers.
func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// isNumber reports whether s is a decimal or hex number (1, 1.5, 1e3,
// 0x1F) rather than a word starting with a digit.
func isNumber(s string) bool {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		for _, c := range []byte(s[2:]) {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
		return true
	}
	exp := false
	for k := 0; k < len(s); k++ {
		c := s[k]
		switch {
		case c >= '0' && c <= '9', c == '.':
		case (c == 'e' || c == 'E') && !exp && k > 0:
			exp = true
		default:
			return false
		}
	}
	return true
}

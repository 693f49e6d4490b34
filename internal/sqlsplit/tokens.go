package sqlsplit

import "strings"

// Tokens cut one statement, as Split returns it, into the tokens a reader
// of statements needs: lint's reader of MySQL and SQLite statements, and
// strata's guard on its own tables. Whitespace and comments are dropped.
// MySQL's executable comments /*! … */ and /*M! … */ are read as their
// content, because the server runs it. Malformed input (an unterminated
// quote or comment, which Split rejects) ends at the end of the text
// instead of failing: a reader must never panic, whatever it is given.

// TokenKind classifies a Token.
type TokenKind uint8

// The kinds of Token.
const (
	Word   TokenKind = iota + 1 // keyword or bare identifier
	Ident                       // quoted identifier: `x`, "x" (not MySQL), [x] (SQLite), U&"x"
	String                      // string literal: 'x', "x" (MySQL), X'..', E'..', $tag$…$tag$
	Number                      // numeric literal
	Punct                       // an operator (<=, <>, ||) or any other single character
)

// Token is one token of a statement: Text as written (quotes included,
// and the UESCAPE clause of a U& token), Off its byte offset in the
// statement.
type Token struct {
	Kind TokenKind
	Text string
	Off  int
}

// Is reports whether t is the bare word kw (kw upper-case).
func (t Token) Is(kw string) bool {
	return t.Kind == Word && keyword(t.Text, kw)
}

// Tokens cuts text, one statement of dialect d, into tokens, reading
// MySQL strings in the server's default sql_mode.
func Tokens(d Syntax, text string) []Token { return TokensIn(d, text, SQLMode{}) }

// TokensIn is Tokens in MySQL's sql_mode mode (Statement.Mode): with
// NO_BACKSLASH_ESCAPES a backslash in a string is an ordinary character,
// and with ANSI_QUOTES "x" is an identifier, as the server reads them.
func TokensIn(d Syntax, text string, mode SQLMode) []Token {
	src := text
	escapes := d == MySQL && !mode.NoBackslashEscapes
	toks := make([]Token, 0, len(src)/4)
	inExec := false
	for i := 0; i < len(src); {
		c := src[i]
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		switch {
		case spaces[c]:
			i++
		case c == '#' && d == MySQL:
			i = lineEnd(src, i, false)
		case c == '-' && next == '-' && (d != MySQL || i+2 == len(src) || spaces[src[i+2]]):
			i = lineEnd(src, i, d == Postgres)
		case c == '/' && next == '*':
			if d == MySQL {
				if n := execOpener(src, i); n > 0 {
					inExec = true
					i += n
					continue
				}
			}
			j := skipBlockComment(src, i, d == Postgres)
			if j < 0 {
				return toks
			}
			i = j
		case c == '*' && next == '/' && inExec:
			inExec = false
			i += 2
		case c == '\'':
			j := endQuoted(src, i, escapes)
			toks = append(toks, Token{String, src[i:j], i})
			i = j
		case c == '"':
			k := Ident
			if d == MySQL && !mode.ANSIQuotes {
				k = String // without ANSI_QUOTES, MySQL reads "x" as a string
			}
			j := endQuoted(src, i, escapes && k == String)
			toks = append(toks, Token{k, src[i:j], i})
			i = j
		case c == '`' && d != Postgres:
			j := endQuoted(src, i, false)
			toks = append(toks, Token{Ident, src[i:j], i})
			i = j
		case c == '[' && d == SQLite:
			j := strings.IndexByte(src[i:], ']')
			if j < 0 {
				j = len(src) - i - 1
			}
			toks = append(toks, Token{Ident, src[i : i+j+1], i})
			i += j + 1
		case c == '$' && d == Postgres && !digits[next]:
			j := endDollar(src, i)
			if j == i+1 {
				toks = append(toks, Token{Punct, "$", i})
			} else {
				toks = append(toks, Token{String, src[i:j], i})
			}
			i = j
		case (c == 'x' || c == 'X' || c == 'b' || c == 'B') && next == '\'',
			d == Postgres && (c == 'e' || c == 'E' || c == 'n' || c == 'N') && next == '\'':
			j := endQuoted(src, i+1, c == 'e' || c == 'E')
			toks = append(toks, Token{String, src[i:j], i})
			i = j
		case d == Postgres && (c == 'u' || c == 'U') && next == '&' && i+2 < len(src) && (src[i+2] == '\'' || src[i+2] == '"'):
			j := uescapeClause(src, endQuoted(src, i+2, false))
			k := String
			if src[i+2] == '"' {
				k = Ident
			}
			toks = append(toks, Token{k, src[i:j], i})
			i = j
		case c >= '0' && c <= '9' || c == '.' && next >= '0' && next <= '9':
			j := i + 1
			for j < len(src) && (isWordByte(src[j]) || src[j] == '.') {
				j++
			}
			kind := Number
			if d == MySQL && !IsNumber(src[i:j]) {
				kind = Word // MySQL identifiers may start with a digit: 1st_table
			}
			toks = append(toks, Token{kind, src[i:j], i})
			i = j
		case isWordByte(c):
			j := i + 1
			for j < len(src) && isWordByte(src[j]) {
				j++
			}
			toks = append(toks, Token{Word, src[i:j], i})
			i = j
		case strings.IndexByte("<>=!|&", c) >= 0:
			// Operators of several characters are one token: >=, <>, ||.
			j := i + 1
			for j < len(src) && strings.IndexByte("<>=!|&", src[j]) >= 0 {
				j++
			}
			toks = append(toks, Token{Punct, src[i:j], i})
			i = j
		default:
			toks = append(toks, Token{Punct, src[i : i+1], i})
			i++
		}
	}
	return toks
}

// endDollar returns the offset just past the dollar-quoted body opening
// at i ($tag$…$tag$, or to the end of src when it is not closed), or i+1
// when the '$' opens none.
func endDollar(src string, i int) int {
	k := span(src, i+1, pgDolqCont)
	if k >= len(src) || src[k] != '$' {
		return i + 1
	}
	tag := src[i : k+1]
	end := strings.Index(src[k+1:], tag)
	if end < 0 {
		return len(src)
	}
	return k + 1 + end + len(tag)
}

// endQuoted returns the offset just past the quoted token starting at i,
// or len(src) when it is not closed. A doubled quote stands for itself;
// with backslash, a backslash escapes the next byte (MySQL strings).
func endQuoted(src string, i int, backslash bool) int {
	if j := skipQuoted(src, i, backslash); j >= 0 {
		return j
	}
	return len(src)
}

// isWordByte reports whether c may be part of a bare word. Bytes of
// multi-byte UTF-8 characters count, as every dialect allows them in
// identifiers.
func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// IsNumber reports whether s is a decimal or hex number (1, 1.5, 1e3,
// 0x1F) rather than a word starting with a digit.
func IsNumber(s string) bool {
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

// Name returns the identifier a word or quoted identifier denotes: quotes
// removed, doubled quotes undone, folded to lower case (strata compares
// the names it guards case-insensitively, the safe side on every
// dialect). Strings give their content too: MySQL accepts 'x' in some
// name positions, and SQLite accepts a string where an identifier is
// expected.
func (t Token) Name() string {
	switch t.Kind {
	case Word:
		return strings.ToLower(t.Text)
	case Ident, String:
		return strings.ToLower(Unquote(t.Text))
	}
	return ""
}

// Unquote strips the quotes of a quoted token and undoes doubled closing
// quotes. Backslash escapes are left alone: names never need them. A
// PostgreSQL U&"…" token (with its UESCAPE clause, which Tokens keeps in
// the token) has its Unicode escapes decoded, as the server reads it.
func Unquote(s string) string {
	if len(s) > 2 && (s[0] == 'u' || s[0] == 'U') && s[1] == '&' {
		return unquoteUnicode(s)
	}
	if len(s) < 2 {
		return s
	}
	open, end := s[0], s[len(s)-1]
	closer := open
	if open == '[' {
		closer = ']'
	}
	if end != closer {
		return s[1:] // unterminated: only possible on input Split rejects
	}
	body := s[1 : len(s)-1]
	if open != '[' {
		body = strings.ReplaceAll(body, string([]byte{closer, closer}), string(closer))
	}
	return body
}

package sqlsplit

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// PostgreSQL's Unicode-escape names and strings, U&"\0073chema" and
// U&'!0061' UESCAPE '!': a reader comparing names must see the name the
// server sees, or DROP TABLE U&"\0073chema_migrations" passes for another
// table's drop.

// uescapeClause returns the offset just past a UESCAPE 'c' clause that
// follows a U& token ending at i (after whitespace and comments), or i
// when none follows. The clause belongs to the token: without it the
// escape character is not known.
func uescapeClause(src string, i int) int {
	j := skipSpace(src, i)
	if j+7 > len(src) || !strings.EqualFold(src[j:j+7], "UESCAPE") || j+7 < len(src) && isWordByte(src[j+7]) {
		return i
	}
	j = skipSpace(src, j+7)
	if j >= len(src) || src[j] != '\'' {
		return i
	}
	return endQuoted(src, j, false)
}

// skipSpace skips whitespace and comments from i.
func skipSpace(src string, i int) int {
	for i < len(src) {
		switch {
		case spaces[src[i]]:
			i++
		case strings.HasPrefix(src[i:], "--"):
			i = lineEnd(src, i, true)
		case strings.HasPrefix(src[i:], "/*"):
			j := skipBlockComment(src, i, true)
			if j < 0 {
				return len(src)
			}
			i = j
		default:
			return i
		}
	}
	return i
}

// unquoteUnicode is Unquote of U&"…" or U&'…', with its UESCAPE clause
// when the token has one: the quotes are stripped, doubled quotes undone
// and the escapes decoded (\XXXX, \+XXXXXX, \\ for the default escape
// character \). An escape the server would reject stays as written.
func unquoteUnicode(s string) string {
	body := s[2:]
	esc := byte('\\')
	if end := endQuoted(body, 0, false); end < len(body) {
		rest := body[end:]
		body = body[:end]
		if j := skipSpace(rest, skipSpace(rest, 0)+len("UESCAPE")); j+1 < len(rest) && rest[j] == '\'' {
			esc = rest[j+1]
		}
	}
	body = Unquote(body)
	if strings.IndexByte(body, esc) < 0 {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != esc || i+1 >= len(body) {
			b.WriteByte(c)
			continue
		}
		if body[i+1] == esc {
			b.WriteByte(esc)
			i++
			continue
		}
		n, skip := 4, 1
		if body[i+1] == '+' {
			n, skip = 6, 2
		}
		if i+skip+n > len(body) {
			b.WriteByte(c)
			continue
		}
		r, err := strconv.ParseUint(body[i+skip:i+skip+n], 16, 32)
		if err != nil || !utf8.ValidRune(rune(r)) {
			b.WriteByte(c)
			continue
		}
		b.WriteRune(rune(r))
		i += skip + n - 1
	}
	return b.String()
}

package sqlsplit

import (
	"strings"
	"unicode/utf8"
)

// Split cuts src (one section of a migration file) into statements.
//
// origin is the position in the file of src's first byte, so that every
// Position and offset returned is a position in the file. A zero origin
// means src starts the file (line 1, column 1).
//
// Statements come back in file order. Empty statements (";;") are dropped,
// and so are sections holding only whitespace and comments. The last
// statement needs no terminator. An error is always an *Error.
func Split(d Syntax, src string, origin Position) ([]Statement, error) {
	return SplitWith(d, src, origin, Options{})
}

// SplitWith is Split with what the session that runs the section has set
// (see Options).
func SplitWith(d Syntax, src string, origin Position, o Options) ([]Statement, error) {
	s := newScanner(src, origin)
	s.opts = o
	// Most ';' end a statement: one allocation instead of a growing slice.
	s.stmts = make([]Statement, 0, strings.Count(src, ";")+1)
	var err error
	switch d {
	case Postgres:
		err = splitPostgres(&s)
	case MySQL:
		err = splitMySQL(&s)
	case SQLite:
		err = splitSQLite(&s)
	default:
		return nil, &Error{Pos: s.origin, Msg: "unknown dialect " + d.String(),
			Hint: "use sqlsplit.Postgres, sqlsplit.MySQL or sqlsplit.SQLite"}
	}
	if err != nil {
		return nil, err
	}
	return s.stmts, nil
}

// byteSet is a lookup table: faster than a chain of comparisons in the hot
// loops, and it lets each dialect state its character classes once.
type byteSet [256]bool

// set returns a byteSet holding the bytes of chars plus, when letters is
// true, ASCII letters, '_' and every byte >= 0x80 (so that identifiers may
// hold any UTF-8 character, as all three databases allow).
func set(chars string, letters bool) *byteSet {
	var b byteSet
	for i := 0; i < len(chars); i++ {
		b[chars[i]] = true
	}
	if letters {
		for c := 'a'; c <= 'z'; c++ {
			b[c] = true
			b[c-'a'+'A'] = true
		}
		b['_'] = true
		for c := 0x80; c < 0x100; c++ {
			b[c] = true
		}
	}
	return &b
}

var (
	spaces  = set(" \t\n\v\f\r", false)
	digits  = set("0123456789", false)
	letters = set("", true)
)

// tokKind classifies the tokens the dialects look at to recognise a
// statement's kind (non-transactional commands, routine definitions).
type tokKind uint8

const (
	tkWord  tokKind = iota + 1 // an unquoted identifier or keyword
	tkOther                    // a literal, quoted identifier, parameter, …
	tkPunct                    // one byte of punctuation or an operator
	tkGroup                    // a whole parenthesised group (PostgreSQL)
)

// token is one token of a statement's head. text is a slice of the input,
// never a copy.
type token struct {
	kind tokKind
	text string
	// concurrently is set on a tkGroup holding the option CONCURRENTLY,
	// as in "REINDEX (CONCURRENTLY) TABLE t".
	concurrently bool
}

// head keeps the first tokens of a statement: enough to recognise every
// command that cannot run in a transaction, without allocating.
type head struct {
	toks [8]token
	n    int // tokens seen, including those past len(toks)
}

func (h *head) add(t token) {
	if h.n < len(h.toks) {
		h.toks[h.n] = t
	}
	h.n++
}

// is reports whether token i is the keyword kw (upper case).
func (h *head) is(i int, kw string) bool {
	return i < h.n && i < len(h.toks) && h.toks[i].kind == tkWord && keyword(h.toks[i].text, kw)
}

// has reports whether the keywords kw1 kw2 follow each other among the
// tokens kept.
func (h *head) has(kw1, kw2 string) bool {
	for i := 0; i+1 < min(h.n, len(h.toks)); i++ {
		if h.is(i, kw1) && h.is(i+1, kw2) {
			return true
		}
	}
	return false
}

// keyword reports whether word equals kw, which must be upper-case ASCII,
// ignoring ASCII case. SQL keywords are ASCII, so this is all the case
// folding needed, and it never allocates.
func keyword(word, kw string) bool {
	if len(word) != len(kw) {
		return false
	}
	for i := 0; i < len(word); i++ {
		c := word[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != kw[i] {
			return false
		}
	}
	return true
}

// scanner holds what every dialect needs: the input, the statements found
// so far, the extent of the statement being read, and a cursor turning
// offsets into lines and columns.
type scanner struct {
	src    string
	origin Position
	opts   Options
	stmts  []Statement

	start int // offset in src of the current statement's first token, or -1
	end   int // offset in src just past its last token

	// The cursor: Position of src offset cur. Statements are reported in
	// order, so it only moves forward and the whole split counts each line
	// once.
	cur     int
	curPos  Position
	afterCR bool // src[cur-1:cur+1] is "\r\n", whose line break is already counted
}

func newScanner(src string, origin Position) scanner {
	if origin.Line < 1 {
		origin.Line = 1
	}
	if origin.Column < 1 {
		origin.Column = 1
	}
	return scanner{src: src, origin: origin, start: -1, curPos: origin}
}

// token extends the current statement over src[from:to].
func (s *scanner) token(from, to int) {
	if s.start < 0 {
		s.start = from
	}
	s.end = to
}

// inStatement reports whether a token has been seen since the last
// terminator.
func (s *scanner) inStatement() bool { return s.start >= 0 }

// marks are what a dialect recognised about a statement: the fields of
// Statement that classify it.
type marks struct {
	noTransaction, needsTransaction, transaction, unsupported string
	savepoint                                                 bool
}

// emit ends the current statement, if it has any token.
func (s *scanner) emit(m marks) {
	if s.start < 0 {
		return
	}
	s.stmts = append(s.stmts, Statement{
		Text:             s.src[s.start:s.end],
		Start:            s.position(s.start),
		End:              s.origin.Offset + s.end,
		NoTransaction:    m.noTransaction,
		NeedsTransaction: m.needsTransaction,
		Transaction:      m.transaction,
		Savepoint:        m.savepoint,
		Unsupported:      m.unsupported,
	})
	s.start = -1
}

// position returns the file position of src offset off.
func (s *scanner) position(off int) Position {
	if off < s.cur {
		// Only errors about an earlier construct go back; start over.
		s.cur, s.curPos, s.afterCR = 0, s.origin, false
	}
	src, i := s.src, s.cur
	line, col := s.curPos.Line, s.curPos.Column
	if s.afterCR && i < off && src[i] == '\n' {
		i++ // the '\r' before it has counted this line break
	}
	s.afterCR = false
	for ; i < off; i++ {
		c := src[i]
		if ' ' <= c && c < 0x80 {
			col++
			continue
		}
		switch {
		case c == '\n' || c == '\r':
			line++
			col = 1
			if c == '\r' && i+1 < len(src) && src[i+1] == '\n' {
				if i+1 == off {
					s.afterCR = true
				} else {
					i++
				}
			}
		case c < 0x80:
			col++
		default:
			// One character per UTF-8 sequence, and per byte of invalid
			// UTF-8, as utf8.RuneCountInString counts.
			_, size := utf8.DecodeRuneInString(src[i:off])
			i += size - 1
			col++
		}
	}
	s.cur = off
	s.curPos = Position{Offset: s.origin.Offset + off, Line: line, Column: col}
	return s.curPos
}

// fail returns an *Error located at src offset off.
func (s *scanner) fail(off int, msg, hint string) error {
	return &Error{Pos: s.position(off), Msg: msg, Hint: hint}
}

// where describes src offset off for use inside a message.
func (s *scanner) where(off int) string {
	p := s.position(off)
	return "line " + itoa(p.Line) + ", column " + itoa(p.Column)
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// The lexing helpers below are shared by the dialects. Each takes the
// offset of the construct's first byte and returns the offset just past
// it, or -1 when the input ends first.

// skipQuoted skips a literal or identifier opened by the quote byte at i.
// A doubled quote stands for itself; with backslash set, a backslash
// escapes the next byte too.
func skipQuoted(src string, i int, backslash bool) int {
	q := src[i]
	for j := i + 1; ; {
		var k int
		if backslash {
			k = indexEither(src[j:], q, '\\')
		} else {
			k = strings.IndexByte(src[j:], q)
		}
		if k < 0 {
			return -1
		}
		j += k
		if src[j] == '\\' {
			j += 2
			if j > len(src) {
				return -1
			}
			continue
		}
		if j+1 < len(src) && src[j+1] == q {
			j += 2
			continue
		}
		return j + 1
	}
}

// indexEither is strings.IndexAny for two bytes, without its set building.
func indexEither(s string, a, b byte) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == a || c == b {
			return i
		}
	}
	return -1
}

// skipBlockComment skips the /* comment at i; with nested set, as in
// PostgreSQL, every /* inside needs its own */.
func skipBlockComment(src string, i int, nested bool) int {
	if !nested {
		k := strings.Index(src[i+2:], "*/")
		if k < 0 {
			return -1
		}
		return i + 2 + k + 2
	}
	depth := 0
	for j := i; j+1 < len(src); {
		switch {
		case src[j] == '/' && src[j+1] == '*':
			depth++
			j += 2
		case src[j] == '*' && src[j+1] == '/':
			depth--
			j += 2
			if depth == 0 {
				return j
			}
		default:
			j++
		}
	}
	return -1
}

// lineEnd returns the offset of the line break ending the line comment that
// starts before i (or len(src)). crToo makes a lone '\r' end it as well,
// as in PostgreSQL; MySQL and SQLite end comments at '\n' only.
func lineEnd(src string, i int, crToo bool) int {
	if !crToo {
		if k := strings.IndexByte(src[i:], '\n'); k >= 0 {
			return i + k
		}
		return len(src)
	}
	if k := indexEither(src[i:], '\n', '\r'); k >= 0 {
		return i + k
	}
	return len(src)
}

// span returns the offset just past the run of bytes in set starting at i.
func span(src string, i int, set *byteSet) int {
	for i < len(src) && set[src[i]] {
		i++
	}
	return i
}

// backslashCommand returns the client command starting with the backslash
// at i, for error messages: with word set, as psql reads it (\connect,
// \i, \!), else as the mysql client does (\g, \G: one character).
func backslashCommand(src string, i int, word bool) string {
	j := i + 1
	if word {
		j = span(src, j, letters)
	}
	if j == i+1 && j < len(src) && !spaces[src[j]] {
		_, size := utf8.DecodeRuneInString(src[j:])
		j += size
	}
	return src[i:j]
}

package sqlsplit

import "strings"

// MySQL splitting follows the mysql command-line client (client/mysql.cc:
// add_line, com_delimiter, get_arg), because that is how MySQL migrations
// are written and tested: the DELIMITER command, '#' and "-- " comments,
// /*! … */ executable comments kept as statement text, backslash escapes in
// strings. On top of that, compound bodies written without DELIMITER
// (CREATE PROCEDURE … BEGIN … END; MariaDB's BEGIN NOT ATOMIC … END) are
// kept whole by counting their blocks, which the server parses as one
// statement anyway.

var mysqlIdent = set("0123456789$", true) // MySQL identifiers may start with a digit

// blockKind is a kind of compound-statement block.
type blockKind uint8

const (
	blkBegin    blockKind = iota + 1 // BEGIN … END
	blkIf                            // IF … END IF
	blkCase                          // CASE statement: CASE … END CASE
	blkCaseExpr                      // CASE expression: CASE … END
	blkLoop                          // LOOP … END LOOP
	blkWhile                         // WHILE … END WHILE
	blkRepeat                        // REPEAT … END REPEAT
	blkFor                           // MariaDB's FOR … DO … END FOR
)

// String implements fmt.Stringer.
func (k blockKind) String() string {
	switch k {
	case blkBegin:
		return "BEGIN"
	case blkIf:
		return "IF"
	case blkCase, blkCaseExpr:
		return "CASE"
	case blkLoop:
		return "LOOP"
	case blkWhile:
		return "WHILE"
	case blkFor:
		return "FOR"
	}
	return "REPEAT"
}

// closer is what ends a block of kind k.
func (k blockKind) closer() string {
	if k == blkBegin || k == blkCaseExpr {
		return "END"
	}
	return "END " + k.String()
}

type block struct {
	kind blockKind
	off  int // offset in src of the word opening it
}

// header states: recognising CREATE [OR REPLACE] [DEFINER = user]
// [AGGREGATE] {PROCEDURE|FUNCTION|TRIGGER|EVENT}.
const (
	hdrStart   = iota // before the first word
	hdrCreate         // after CREATE and its optional words
	hdrDefiner        // inside the DEFINER clause
	hdrDone           // decided
)

// definerTokens bounds the DEFINER clause: a user is at most
// 'name'@'host.with.dots', a dozen tokens.
const definerTokens = 16

// mysqlStmt is what the MySQL splitter tracks about the current statement.
// Block counting only matters while the delimiter is ";".
type mysqlStmt struct {
	hdr     int
	hdrToks int
	routine bool // CREATE PROCEDURE/FUNCTION/TRIGGER/EVENT

	blocks []block // open blocks; the slice is reused across statements
	// atStart: the next word starts a statement (at the start of the whole
	// statement, or inside a body after ';', BEGIN, THEN, ELSE, DO, LOOP,
	// REPEAT, a label, FOR EACH ROW). Only there do IF, CASE, LOOP, WHILE,
	// REPEAT and FOR open blocks, so IF(…), REPEAT(…) and IF NOT EXISTS do
	// not.
	atStart    bool
	label      bool  // the last token was a word at a statement start: "name:" makes it a label
	endPending bool  // END was read; the next word may be IF, CASE, LOOP, …
	afterBegin uint8 // 1 right after BEGIN, 2 after BEGIN NOT
	topBegin   int   // offset of a top-level BEGIN that may turn out to be BEGIN NOT ATOMIC
	each       bool  // the last word was EACH (as in FOR EACH ROW)

	// What the statement is, from every token, whatever the delimiter:
	// class reads it whole, body the statements of a BEGIN NOT ATOMIC
	// block one by one.
	class mysqlClass
	body  mysqlBody
}

func (m *mysqlStmt) reset() {
	*m = mysqlStmt{blocks: m.blocks[:0], atStart: true, topBegin: -1}
}

func splitMySQL(s *scanner) error {
	src := s.src
	delim := ";"
	var st mysqlStmt
	st.reset()
	ms := newModeState(s.opts.SQLMode)
	inExec := false // inside /*! … */, whose "*/" is statement text
	for i := 0; i < len(src); {
		c := src[i]
		if !s.inStatement() && (c == 'd' || c == 'D') && isDelimiterCommand(src, i) {
			d, j, err := delimiterCommand(s, i)
			if err != nil {
				return err
			}
			delim, i = d, j
			continue
		}
		semi := delim == ";"
		// As in the mysql client, the delimiter is looked for before
		// anything else outside quotes and comments.
		if semi && c == ';' {
			st.closeEnd()
			if len(st.blocks) == 0 {
				if err := st.emit(s, ms); err != nil {
					return err
				}
				st.reset()
				inExec = false
				i++
				continue
			}
		} else if !semi && strings.HasPrefix(src[i:], delim) {
			if err := st.emit(s, ms); err != nil {
				return err
			}
			st.reset()
			inExec = false
			i += len(delim)
			continue
		}
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		switch {
		case spaces[c]:
			i++
		case c == '#':
			i = lineEnd(src, i+1, false)
		case c == '-' && next == '-' && (i+2 == len(src) || spaces[src[i+2]]):
			i = lineEnd(src, i+2, false)
		case c == '/' && next == '*':
			if n := execOpener(src, i); n > 0 {
				s.token(i, i+n)
				inExec = true
				i += n
				continue
			}
			j := skipBlockComment(src, i, false)
			if j < 0 {
				return s.fail(i, "unterminated /* comment", "close it with */")
			}
			i = j
		case c == '*' && next == '/' && inExec:
			s.token(i, i+2)
			inExec = false
			i += 2
		case c == '\'' || c == '"':
			ansi := c == '"' && ms.mode.ANSIQuotes // an identifier
			j := skipQuoted(src, i, !ms.mode.NoBackslashEscapes && !ansi)
			if j < 0 {
				return unterminatedQuote(s, i, ms.mode, ansi)
			}
			s.token(i, j)
			st.note(tkOther, src[i:j])
			if semi {
				st.feed(s, tkOther, i, j)
			}
			i = j
		case c == '`':
			j := skipQuoted(src, i, false)
			if j < 0 {
				return s.fail(i, "unterminated quoted identifier: the ` is never closed",
					"close the identifier with `; write `` for a ` inside it")
			}
			s.token(i, j)
			st.note(tkOther, src[i:j])
			if semi {
				st.feed(s, tkOther, i, j)
			}
			i = j
		case c == '\\':
			if next != 'N' { // \N is NULL; anything else is a client command
				extra := ""
				if s.start >= 0 && strings.IndexByte(src[s.start:i], '\\') >= 0 {
					// A string ending in a backslash ran on to here.
					extra = nbeHint
				}
				return mysqlClientCommand(s, i, backslashCommand(src, i, false), extra)
			}
			s.token(i, i+2)
			st.note(tkOther, src[i:i+2])
			if semi {
				st.feed(s, tkOther, i, i+2)
			}
			i += 2
		case mysqlIdent[c]:
			j := span(src, i+1, mysqlIdent)
			if !semi {
				j = cutAtDelimiter(src, i, j, delim)
			}
			s.token(i, j)
			st.note(tkWord, src[i:j])
			if semi {
				st.feed(s, tkWord, i, j)
			}
			i = j
		default:
			s.token(i, i+1)
			st.note(tkPunct, src[i:i+1])
			if semi {
				st.feed(s, tkPunct, i, i+1)
			}
			i++
		}
	}
	st.closeEnd()
	if len(st.blocks) > 0 {
		return st.unclosed(s)
	}
	return st.emit(s, ms)
}

// execOpener returns the length of the executable-comment opener at i
// ("/*!" for MySQL, "/*M!" for MariaDB, with the optional version number
// as in "/*!50003"), or 0. The mysql client sends those comments to the
// server, which runs their content.
func execOpener(src string, i int) int {
	j := i + 2
	if j < len(src) && src[j] == 'M' {
		j++
	}
	if j >= len(src) || src[j] != '!' {
		return 0
	}
	return span(src, j+1, digits) - i
}

// cutAtDelimiter shortens the word src[i:j] to end where the delimiter
// starts, when it starts inside it or overlaps its end: the mysql client
// looks for the delimiter at every byte, even inside a word ("DELIMITER
// end" makes "backend" end a statement).
func cutAtDelimiter(src string, i, j int, delim string) int {
	window := src[i:min(len(src), j+len(delim)-1)]
	if k := strings.Index(window, delim); k >= 0 && i+k < j {
		return i + k
	}
	return j
}

// isDelimiterCommand reports whether the DELIMITER command starts at i:
// the word DELIMITER, in any case, not followed by an identifier byte.
func isDelimiterCommand(src string, i int) bool {
	const word = "DELIMITER"
	return len(src)-i >= len(word) && keyword(src[i:i+len(word)], word) &&
		(i+len(word) == len(src) || !mysqlIdent[src[i+len(word)]])
}

// delimiterCommand reads the DELIMITER command at i as get_arg in
// client/mysql.cc does: the argument is the next word, or a quoted string,
// and the rest of the line is ignored. It returns the new delimiter and the
// offset of the next line.
func delimiterCommand(s *scanner, i int) (string, int, error) {
	src := s.src
	eol := lineEnd(src, i, false)
	next := min(eol+1, len(src))
	line := strings.TrimRight(src[:eol], "\r") // src up to the end of the line, without a CR
	a := i + len("DELIMITER")
	for a < len(line) && (line[a] == ' ' || line[a] == '\t' || line[a] == '\v' || line[a] == '\f') {
		a++
	}
	const hint = "write the new delimiter after a space, e.g. DELIMITER // on a line of its own, then DELIMITER ; to switch back"
	if a < len(line) && a == i+len("DELIMITER") {
		// Glued to the word, as in "DELIMITER;": the client rejects it too.
		return "", 0, s.fail(i, "DELIMITER must be followed by a delimiter", hint)
	}
	var arg string
	switch {
	case a == len(line):
	case line[a] == '\'' || line[a] == '"' || line[a] == '`':
		arg = line[a+1:]
		if k := strings.IndexByte(arg, line[a]); k >= 0 {
			arg = arg[:k]
		}
	default:
		e := a
		for e < len(line) && !spaces[line[e]] {
			e++
		}
		arg = line[a:e]
	}
	if arg == "" {
		return "", 0, s.fail(i, "DELIMITER must be followed by a delimiter", hint)
	}
	if strings.IndexByte(arg, '\\') >= 0 {
		return "", 0, s.fail(a, "DELIMITER cannot contain a backslash", "choose another delimiter, e.g. // or $$")
	}
	return arg, next, nil
}

// closeEnd completes a pending END at a ';' or the end of the input: it
// closes the innermost block.
func (m *mysqlStmt) closeEnd() {
	if m.endPending {
		m.endPending = false
		m.blocks = m.blocks[:len(m.blocks)-1]
	}
}

func (m *mysqlStmt) open(k blockKind, off int) {
	m.blocks = append(m.blocks, block{kind: k, off: off})
}

// unclosed reports the blocks still open at the end of the input.
func (m *mysqlStmt) unclosed(s *scanner) error {
	outer, inner := m.blocks[0], m.blocks[len(m.blocks)-1]
	msg := "unterminated " + outer.kind.String() + " block: no " + outer.kind.closer() + " closes it"
	if len(m.blocks) > 1 {
		msg += "; the " + inner.kind.String() + " at " + s.where(inner.off) + " is still open"
	}
	return s.fail(outer.off, msg, "add the missing "+inner.kind.closer()+
		", or write the body between DELIMITER // and DELIMITER ; lines")
}

// feed moves the compound-statement state over one token src[i:j].
func (m *mysqlStmt) feed(s *scanner, kind tokKind, i, j int) {
	text := s.src[i:j]
	if m.endPending {
		m.endPending = false
		top := m.blocks[len(m.blocks)-1].kind
		switch {
		case kind == tkWord && (keyword(text, "IF") || keyword(text, "CASE") || keyword(text, "LOOP") ||
			keyword(text, "WHILE") || keyword(text, "REPEAT") || keyword(text, "FOR")):
			m.blocks = m.blocks[:len(m.blocks)-1]
			m.atStart = false
			return // END IF, END CASE, …
		case kind == tkWord || top == blkCaseExpr:
			m.blocks = m.blocks[:len(m.blocks)-1]
		default:
			// Only ';' or a label may follow the END of a block (and ';'
			// is handled by closeEnd): "end," or "end)" is a column
			// named end.
		}
	}
	m.header(kind, text)
	start, label := m.atStart, m.label
	afterBegin, each := m.afterBegin, m.each
	m.atStart, m.label, m.afterBegin, m.each = false, false, 0, false
	if kind != tkWord {
		switch {
		case text == ";": // only seen inside a block
			m.atStart = true
		case text == ":" && label:
			m.atStart = true
		}
		return
	}
	active := m.routine || len(m.blocks) > 0 // inside a compound statement
	switch {
	case keyword(text, "BEGIN"):
		switch {
		case active:
			m.open(blkBegin, i)
			m.atStart, m.afterBegin = true, 1
		case start:
			// A top-level BEGIN is a transaction unless NOT ATOMIC follows.
			m.topBegin, m.afterBegin = i, 1
		}
	case keyword(text, "NOT") && afterBegin == 1:
		m.atStart, m.afterBegin = start, 2
	case keyword(text, "ATOMIC") && afterBegin == 2:
		if m.topBegin >= 0 {
			m.open(blkBegin, m.topBegin)
			m.topBegin = -1
		}
		m.atStart = true
	case keyword(text, "IF") && start:
		m.open(blkIf, i)
	case keyword(text, "CASE") && start:
		m.open(blkCase, i)
	case keyword(text, "CASE") && active:
		m.open(blkCaseExpr, i)
	case keyword(text, "LOOP") && start:
		m.open(blkLoop, i)
		m.atStart = true
	case keyword(text, "REPEAT") && start:
		m.open(blkRepeat, i)
		m.atStart = true
	case keyword(text, "WHILE") && start:
		m.open(blkWhile, i)
	case keyword(text, "FOR") && start:
		m.open(blkFor, i)
	case keyword(text, "END") && len(m.blocks) > 0:
		m.endPending = true
	case keyword(text, "THEN") || keyword(text, "ELSE"):
		m.atStart = active && (len(m.blocks) == 0 || m.blocks[len(m.blocks)-1].kind != blkCaseExpr)
	case keyword(text, "DO"):
		// WHILE … DO, FOR … DO and CREATE EVENT … DO; DO at a statement
		// start is the DO statement, followed by an expression.
		m.atStart = active && !start
	case keyword(text, "EACH"):
		m.each = true
	case keyword(text, "ROW"):
		m.atStart = m.routine && each
	default:
		m.label = start
	}
}

// header recognises routine definitions from the first tokens.
func (m *mysqlStmt) header(kind tokKind, text string) {
	switch m.hdr {
	case hdrStart:
		m.hdr = hdrDone
		if kind == tkWord && keyword(text, "CREATE") {
			m.hdr = hdrCreate
		}
	case hdrCreate:
		switch {
		case kind != tkWord:
			m.hdr = hdrDone
		case keyword(text, "OR") || keyword(text, "REPLACE") || keyword(text, "AGGREGATE"):
		case keyword(text, "DEFINER"):
			m.hdr = hdrDefiner
		default:
			m.hdr = hdrDone
			m.routine = isRoutineKind(text)
		}
	case hdrDefiner:
		// The user may be 'a'@'b', `a`@`b`, a@b.example, CURRENT_USER(),
		// so rather than parse it, wait for the object type.
		m.hdrToks++
		if kind == tkWord && isRoutineKind(text) {
			m.hdr, m.routine = hdrDone, true
		} else if m.hdrToks > definerTokens {
			m.hdr = hdrDone
		}
	}
}

func isRoutineKind(w string) bool {
	return keyword(w, "PROCEDURE") || keyword(w, "FUNCTION") || keyword(w, "TRIGGER") || keyword(w, "EVENT")
}

// emit ends the statement, refusing a command of the mysql client: the
// client runs it itself, and the server would reject it only after the
// statements before it had run.
func (m *mysqlStmt) emit(s *scanner, ms *modeState) error {
	h := &m.class.head
	if h.n > 0 && h.toks[0].kind == tkWord && mysqlClientWords[strings.ToLower(h.toks[0].text)] &&
		!(h.n > 1 && h.toks[1].kind == tkPunct && h.toks[1].text == ":") { // a label
		return mysqlClientCommand(s, s.start, h.toks[0].text, "")
	}
	// The statement reads in the mode before it and may change it for
	// the next.
	n := len(s.stmts)
	s.emit(m.marks())
	if len(s.stmts) > n {
		s.stmts[n].Mode = ms.mode
		ms.statement(s.stmts[n].Text)
	}
	return nil
}

// mysqlClientWords are the commands of the mysql and mariadb clients
// (client/mysql.cc) that are not SQL too: not USE, HELP or DELIMITER.
var mysqlClientWords = map[string]bool{
	"source": true, "charset": true, "clear": true, "connect": true, "edit": true, "ego": true, "exit": true,
	"go": true, "nopager": true, "notee": true, "nowarning": true, "pager": true, "print": true, "prompt": true,
	"quit": true, "rehash": true, "resetconnection": true, "sandbox": true, "status": true, "system": true,
	"tee": true, "warnings": true, "query_attributes": true, "ssl_session_data_print": true,
}

// mysqlClientCommand refuses the client command cmd at src offset i;
// extra, when set, is added to the hint.
func mysqlClientCommand(s *scanner, i int, cmd, extra string) error {
	hint := "remove it, and end statements with ; or the current DELIMITER"
	switch strings.ToLower(cmd) {
	case `\.`, "source":
		hint = "copy the statements of that file into the migration, or into migrations of their own"
	case `\-`, "sandbox":
		hint = "delete that line: mariadb-dump writes it on the first line of a dump for the mariadb client (sandbox mode), and it holds nothing for the server to run"
	}
	if extra != "" {
		hint += "; " + extra
	}
	return s.fail(i, "mysql client command "+cmd+
		" is not SQL: strata sends each statement to the server, not to the mysql client", hint)
}

// nbeHint is said where a backslash may have been read as an escape that
// the server takes literally.
const nbeHint = "if the server runs with NO_BACKSLASH_ESCAPES, where a backslash in a string is an ordinary character, " +
	"say so in the database URL (sql_mode=NO_BACKSLASH_ESCAPES) or in the file (SET sql_mode = …) before this statement"

// unterminatedQuote reports the string (or, with ANSI_QUOTES, the
// identifier) opened at i and never closed, with how to write a quote
// inside it in the mode in force, and, when a backslash may be the cause,
// how to tell strata that the server takes it literally.
func unterminatedQuote(s *scanner, i int, mode SQLMode, ansi bool) error {
	q := string(s.src[i])
	what := "string"
	if ansi {
		what = "quoted identifier"
	}
	hint := "close the " + what + " with " + q + "; write " + q + q + " for a " + q + " inside it"
	if !mode.NoBackslashEscapes && !ansi {
		hint = "close the string with " + q + "; write \\" + q + " or " + q + q + " for a " + q + " inside it"
		from := i
		if s.start >= 0 {
			from = s.start // a backslash earlier in the statement may have run on
		}
		if strings.IndexByte(s.src[from:], '\\') >= 0 {
			hint += "; " + nbeHint
		}
	}
	return s.fail(i, "unterminated "+what+": the "+q+" is never closed", hint)
}

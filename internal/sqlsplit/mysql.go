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

package sqlsplit

import "strings"

// SQLite splitting follows SQLite's tokenizer (tokenize.c). Inside the
// BEGIN … END body of CREATE TRIGGER, ';' separates the body's statements
// and, as in sqlite3_complete, the body ends at an END that starts a
// statement: an END elsewhere (closing a CASE) does not end it.

var sqliteIdent = set("0123456789$", true)

// sqliteStmt is what the SQLite splitter tracks about the current
// statement.
type sqliteStmt struct {
	head    head
	trigger int  // 0: not a trigger; 1: after CREATE [TEMP]; 2: CREATE TRIGGER; 3: its body is closed
	inBody  bool // inside the trigger's BEGIN … END
	body    int  // offset of the body's BEGIN
	atStart bool // in the body, the next token starts a statement
}

func splitSQLite(s *scanner) error {
	src := s.src
	var st sqliteStmt
	for i := 0; i < len(src); {
		c := src[i]
		next := byte(0)
		if i+1 < len(src) {
			next = src[i+1]
		}
		switch {
		case spaces[c]:
			i++
		case c == '-' && next == '-':
			i = lineEnd(src, i+2, false)
		case c == '/' && next == '*':
			j := skipBlockComment(src, i, false)
			if j < 0 {
				return s.fail(i, "unterminated /* comment", "close it with */")
			}
			i = j
		case c == ';' && !st.inBody:
			s.emit(st.marks())
			st = sqliteStmt{}
			i++
		case c == '\'' || c == '"' || c == '`':
			j := skipQuoted(src, i, false)
			if j < 0 {
				q := string(c)
				what := "quoted identifier"
				if c == '\'' {
					what = "string"
				}
				return s.fail(i, "unterminated "+what+": the "+q+" is never closed",
					"close it with "+q+"; write "+q+q+" for a "+q+" inside it")
			}
			st.add(s, tkOther, i, j)
			i = j
		case c == '[':
			k := strings.IndexByte(src[i:], ']')
			if k < 0 {
				return s.fail(i, "unterminated [identifier]: the [ is never closed", "close it with ]")
			}
			st.add(s, tkOther, i, i+k+1)
			i += k + 1
		case c == '\\':
			// No SQLite token starts with a backslash: this is a client
			// command (psql's \i, \connect) that the server would reject
			// only after the statements before it had run.
			return s.fail(i, "client command "+backslashCommand(src, i, true)+
				" is not SQL: strata sends each statement to SQLite, not to a client program",
				"remove it from the migration, or do what it does outside the migration")
		case c == '.' && !s.inStatement() && letters[next]:
			// No SQLite statement starts with '.': this is a dot-command
			// of the sqlite3 shell, which SQLite would reject only after
			// the statements before it had run.
			j := span(src, i+1, letters)
			return s.fail(i, "sqlite3 shell command "+src[i:j]+
				" is not SQL: strata sends each statement to SQLite, not to the sqlite3 shell",
				"remove it from the migration; for .read, copy the statements of that file into the migration")
		case sqliteIdent[c]:
			j := span(src, i+1, sqliteIdent)
			st.add(s, tkWord, i, j)
			i = j
		default:
			st.add(s, tkPunct, i, i+1)
			i++
		}
	}
	if st.inBody {
		return s.fail(st.body, "unterminated trigger body: no END closes this BEGIN",
			"end the body with END; after its last statement, and end each statement inside with ;")
	}
	s.emit(st.marks())
	return nil
}

// add records the token src[i:j].
func (st *sqliteStmt) add(s *scanner, kind tokKind, i, j int) {
	s.token(i, j)
	text := s.src[i:j]
	st.head.add(token{kind: kind, text: text})
	word := kind == tkWord
	switch {
	case st.inBody:
		if word && st.atStart && keyword(text, "END") {
			st.inBody, st.trigger = false, 3
		}
		st.atStart = text == ";"
	case st.trigger == 2:
		if word && keyword(text, "BEGIN") {
			st.inBody, st.body, st.atStart = true, i, true
		}
	case st.head.n == 1:
		if word && keyword(text, "CREATE") {
			st.trigger = 1
		}
	case st.trigger == 1:
		switch {
		case word && (keyword(text, "TEMP") || keyword(text, "TEMPORARY")):
		case word && keyword(text, "TRIGGER"):
			st.trigger = 2
		default:
			st.trigger = 0
		}
	}
}

// marks classifies the statement from its first tokens.
func (st *sqliteStmt) marks() marks {
	var m marks
	h := &st.head
	switch {
	case h.is(0, "VACUUM"):
		m.noTransaction = "VACUUM"
	case h.is(0, "BEGIN"), h.is(0, "COMMIT"), h.is(0, "END"):
		m.transaction = strings.ToUpper(h.toks[0].text)
	case h.is(0, "ROLLBACK"):
		// ROLLBACK [TRANSACTION] [TO [SAVEPOINT] name]
		m.transaction = "ROLLBACK"
		if h.is(1, "TO") || h.is(1, "TRANSACTION") && h.is(2, "TO") {
			m.transaction, m.savepoint = "ROLLBACK TO SAVEPOINT", true
		}
	case h.is(0, "SAVEPOINT"):
		m.transaction, m.savepoint = "SAVEPOINT", true
	case h.is(0, "RELEASE"):
		m.transaction, m.savepoint = "RELEASE SAVEPOINT", true
	}
	return m
}

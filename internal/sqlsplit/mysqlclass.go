package sqlsplit

import "strings"

// What a MySQL statement is, read from its tokens: a transaction-control
// command, or a statement that undoes what strata's session relies on.
// mysqlClass reads one statement; mysqlBody reads, one by one, the
// statements of a MariaDB BEGIN NOT ATOMIC block, which the server runs
// at once (unlike a routine body, which runs only when called), so that a
// COMMIT or LOCK TABLES inside it is refused as it is at the top level.

// mysqlClass follows the tokens of one statement, whatever the delimiter.
type mysqlClass struct {
	head       head
	last       [3]token // the latest tokens, last[0] the latest
	autocommit bool     // SET … autocommit = x, x not 1, ON, TRUE or DEFAULT
	acValue    bool     // the next token is the value assigned to autocommit
	flushLock  string   // FLUSH TABLES … WITH READ LOCK / FOR EXPORT
	unlockAll  bool     // RELEASE_ALL_LOCKS()
	session    mysqlSession
}

// note follows every token of the statement, whatever the delimiter, to
// tell what the statement is (see marks).
func (m *mysqlClass) note(kind tokKind, text string) {
	m.head.add(token{kind: kind, text: text})
	m.session.note(kind, text, m.last)
	h := &m.head
	switch {
	case m.acValue:
		// Turning autocommit on where it is on changes nothing; off, or
		// to a value saved before (mysqldump's @OLD_AUTOCOMMIT), makes
		// the session's statements wait for a COMMIT.
		m.acValue = false
		on := kind == tkWord && (text == "1" || keyword(text, "ON") || keyword(text, "TRUE") || keyword(text, "DEFAULT")) ||
			kind == tkOther && (text == "'ON'" || text == "'on'" || text == "'1'")
		m.autocommit = m.autocommit || !on
	case kind == tkWord && keyword(text, "RELEASE_ALL_LOCKS"):
		m.unlockAll = true
	case h.is(0, "SET") && kind == tkPunct && text == "=":
		// autocommit = …, @@autocommit, @@session.autocommit, := …; not
		// the user variable @autocommit.
		l := m.last
		if l[0].kind == tkPunct && l[0].text == ":" {
			l = [3]token{l[1], l[2]}
		}
		if l[0].kind == tkWord && keyword(l[0].text, "AUTOCOMMIT") && !(l[1].text == "@" && l[2].text != "@") {
			m.acValue = true
		}
	case h.is(0, "FLUSH") && kind == tkWord && m.last[0].kind == tkWord:
		switch {
		case keyword(text, "LOCK") && keyword(m.last[0].text, "READ"):
			m.flushLock = "FLUSH TABLES … WITH READ LOCK"
		case keyword(text, "EXPORT") && keyword(m.last[0].text, "FOR"):
			m.flushLock = "FLUSH TABLES … FOR EXPORT"
		}
	}
	m.last = [3]token{{kind: kind, text: text}, m.last[0], m.last[1]}
}

// marks classifies the statement.
func (m *mysqlClass) marks() marks {
	var k marks
	h := &m.head
	switch {
	case h.is(0, "BEGIN"):
		if !h.is(1, "NOT") || !h.is(2, "ATOMIC") {
			k.transaction = "BEGIN"
		}
	case h.is(0, "START") && h.is(1, "TRANSACTION"):
		k.transaction = "START TRANSACTION"
	case h.is(0, "COMMIT"):
		k.transaction = "COMMIT"
	case h.is(0, "ROLLBACK"):
		// ROLLBACK [WORK] TO [SAVEPOINT] name
		k.transaction = "ROLLBACK"
		if h.is(1, "TO") || h.is(1, "WORK") && h.is(2, "TO") {
			k.transaction, k.savepoint = "ROLLBACK TO SAVEPOINT", true
		}
	case h.is(0, "SAVEPOINT"):
		k.transaction, k.savepoint = "SAVEPOINT", true
	case h.is(0, "RELEASE") && h.is(1, "SAVEPOINT"):
		k.transaction, k.savepoint = "RELEASE SAVEPOINT", true
	case h.is(0, "XA") && (h.is(1, "START") || h.is(1, "BEGIN") || h.is(1, "END") || h.is(1, "PREPARE") ||
		h.is(1, "COMMIT") || h.is(1, "ROLLBACK")):
		k.transaction = "XA " + strings.ToUpper(h.toks[1].text)
	case m.autocommit:
		k.transaction = "SET autocommit"
	case (h.is(0, "LOCK") || h.is(0, "UNLOCK")) && (h.is(1, "TABLES") || h.is(1, "TABLE")):
		k.unsupported = strings.ToUpper(h.toks[0].text) + " TABLES"
	case m.flushLock != "":
		k.unsupported = m.flushLock
	case h.is(0, "BACKUP") && (h.is(1, "LOCK") || h.is(1, "STAGE") || h.is(1, "UNLOCK")):
		k.unsupported = "BACKUP " + strings.ToUpper(h.toks[1].text)
	case m.session.unsupported() != "":
		k.unsupported = m.session.unsupported()
	}
	if m.unlockAll {
		k.unsupported = "RELEASE_ALL_LOCKS()"
	}
	return k
}

// mysqlBody classifies the statements of a BEGIN NOT ATOMIC block. It
// is a lexer's view: a body statement starts after ';', a label, and the
// words that open a block or a branch (BEGIN, THEN, ELSE, ELSEIF, LOOP,
// REPEAT, WHILE … DO, the condition list of DECLARE … HANDLER FOR).
type mysqlBody struct {
	on      bool       // past BEGIN NOT ATOMIC: the tokens are the body's
	cur     mysqlClass // the body statement being read
	handler uint8      // in DECLARE … HANDLER: 1 after HANDLER, 2 after its FOR
	got     marks      // the first marks of the body statements read
}

// note reads the next token of the whole statement, whose head is whole
// (the token included).
func (b *mysqlBody) note(whole *head, kind tokKind, text string) {
	if !b.on {
		// BEGIN NOT ATOMIC, or label: BEGIN NOT ATOMIC.
		h := whole
		b.on = kind == tkWord && keyword(text, "ATOMIC") &&
			(h.n == 3 && h.is(0, "BEGIN") && h.is(1, "NOT") ||
				h.n == 5 && h.toks[1].text == ":" && h.is(2, "BEGIN") && h.is(3, "NOT"))
		return
	}
	c := &b.cur
	switch {
	case kind == tkPunct && text == ";":
		b.next()
		return
	case kind == tkPunct && text == ":" && c.head.n == 1:
		b.cur = mysqlClass{} // a label
		return
	case kind == tkWord && b.handler == 2 && handlerStatement(text):
		b.next() // the handler's statement starts here
	}
	c.note(kind, text)
	if kind != tkWord {
		return
	}
	switch {
	case keyword(text, "HANDLER") && c.head.is(0, "DECLARE"):
		b.handler = 1
	case keyword(text, "FOR") && b.handler == 1:
		b.handler = 2
	case keyword(text, "BEGIN") || keyword(text, "THEN") || keyword(text, "ELSE") || keyword(text, "ELSEIF") ||
		keyword(text, "LOOP") || keyword(text, "REPEAT") || keyword(text, "DO") && c.head.n > 1:
		b.next()
	}
}

// handlerStatement reports whether w, after DECLARE … HANDLER FOR, starts
// the handler's statement rather than naming a condition.
func handlerStatement(w string) bool {
	for _, kw := range [...]string{"START", "COMMIT", "ROLLBACK", "XA", "LOCK", "UNLOCK", "BACKUP",
		"SAVEPOINT", "RELEASE", "SET", "FLUSH", "BEGIN", "DO", "SELECT"} {
		if keyword(w, kw) {
			return true
		}
	}
	return false
}

// next ends the body statement being read and keeps its marks.
func (b *mysqlBody) next() {
	k := b.cur.marks()
	if k.transaction == "BEGIN" {
		k.transaction = "" // inside a body, BEGIN opens a block
	}
	b.got = mergeMarks(b.got, k)
	b.cur, b.handler = mysqlClass{}, 0
}

// mergeMarks adds to a what b marks that a does not.
func mergeMarks(a, b marks) marks {
	if a.transaction == "" {
		a.transaction, a.savepoint = b.transaction, b.savepoint
	}
	if a.unsupported == "" {
		a.unsupported = b.unsupported
	}
	return a
}

// note reads the next token of the statement.
func (m *mysqlStmt) note(kind tokKind, text string) {
	m.class.note(kind, text)
	m.body.note(&m.class.head, kind, text)
}

// marks classifies the statement, and a BEGIN NOT ATOMIC block by the
// statements it runs.
func (m *mysqlStmt) marks() marks {
	k := m.class.marks()
	if m.body.on {
		m.body.next()
		k = mergeMarks(k, m.body.got)
	}
	return k
}

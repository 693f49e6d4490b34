package sqlsplit

import "strings"

// PostgreSQL splitting follows psql's lexer (src/fe_utils/psqlscan.l),
// because psql is what people test their migrations with: a ';' ends a
// statement unless it is inside a literal, a comment, a dollar-quoted body,
// parentheses (CREATE RULE … DO (a; b)) or the BEGIN ATOMIC … END body of
// a CREATE FUNCTION/PROCEDURE.

var (
	pgIdentStart = set("", true)
	pgIdentCont  = set("0123456789$", true)
	pgDolqCont   = set("0123456789", true)   // a dollar tag has no '$' inside
	pgNumberCont = set("0123456789._", true) // 1.5e3, 1_000, 0x1F and the junk psql lexes along
)

// pgStmt is what the PostgreSQL splitter tracks about the current
// statement.
type pgStmt struct {
	head   head
	parens int // depth of parentheses

	// psql's heuristic for BEGIN ATOMIC bodies: the first letters of the
	// statement's first four words when they are CREATE, OR, REPLACE,
	// FUNCTION or PROCEDURE, so that "cf", "cp", "corf" and "corp" mark a
	// routine definition.
	firsts [4]byte
	words  int
	begins int // open BEGIN (and CASE inside BEGIN) blocks
	begin  int // offset of the outermost open BEGIN

	// Clauses past the head that decide a statement's kind, followed
	// token by token at the top level.
	copyFrom   uint8 // COPY …: 1 after FROM, 2 after FROM STDIN
	detach     uint8 // ALTER TABLE …: 1 after DETACH, 2 after PARTITION, 3 after (part of) its name
	detachConc bool  // … DETACH PARTITION name CONCURRENTLY
	refreshOpt bool  // a REFRESH option in parentheses (ALTER SUBSCRIPTION … WITH (refresh = false))
	unlockAll  bool  // a call of pg_advisory_unlock_all anywhere
}

func splitPostgres(s *scanner) error {
	src := s.src
	var st pgStmt
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
			i = lineEnd(src, i+2, true)
		case c == '/' && next == '*':
			j := skipBlockComment(src, i, true)
			if j < 0 {
				return s.fail(i, "unterminated /* comment",
					"close it with */; comments nest in PostgreSQL, so each /* inside it needs its own */")
			}
			i = j
		case c == ';' && st.parens == 0 && st.begins == 0:
			if st.copyFrom == 2 {
				return copyFromStdin(s)
			}
			s.emit(st.marks())
			st = pgStmt{}
			i++
		case c == '\'':
			j, err := pgString(s, i, i, false)
			if err != nil {
				return err
			}
			st.other(s, i, j)
			i = j
		case c == '"':
			j := skipQuoted(src, i, false)
			if j < 0 {
				return s.fail(i, `unterminated quoted identifier: the " is never closed`,
					`close the identifier with "; write "" for a " inside it`)
			}
			st.other(s, i, j)
			i = j
		case c == '$':
			j, err := pgDollar(s, i)
			if err != nil {
				return err
			}
			if j == i+1 {
				st.punct(s, i)
			} else {
				st.other(s, i, j)
			}
			i = j
		case c == '\\':
			return psqlCommand(s, i)
		case pgIdentStart[c]:
			j := span(src, i+1, pgIdentCont)
			if j == i+1 && j < len(src) && (src[j] == '\'' || src[j] == '&') {
				if k, err := pgPrefixed(s, i, j); err != nil {
					return err
				} else if k > 0 {
					st.other(s, i, k)
					i = k
					continue
				}
			}
			st.word(s, i, j)
			i = j
		case digits[c]:
			j := span(src, i+1, pgNumberCont)
			st.other(s, i, j)
			i = j
		default:
			st.punct(s, i)
			i++
		}
	}
	if st.begins > 0 {
		return s.fail(st.begin, "unterminated BEGIN ATOMIC body: no END closes this BEGIN",
			"end the function body with END; each CASE inside it needs its own END too")
	}
	if st.copyFrom == 2 {
		return copyFromStdin(s)
	}
	s.emit(st.marks())
	return nil
}

// psqlCommand refuses the psql meta-command at i.
func psqlCommand(s *scanner, i int) error {
	cmd := backslashCommand(s.src, i, true)
	hint := "remove it from the migration, or do what it does outside the migration, e.g. in the script that runs strata"
	switch cmd {
	case `\restrict`, `\unrestrict`:
		hint = "delete the \\restrict and \\unrestrict lines: pg_dump writes them around a dump for psql, and the statements between them need neither"
	case `\.`:
		hint = "it ends the rows of a COPY … FROM stdin, which strata cannot send: dump with pg_dump --inserts (or --column-inserts) instead"
	}
	return s.fail(i, "psql meta-command "+cmd+" is not SQL: strata sends each statement to the server, not to psql", hint)
}

// copyFromStdin refuses the COPY … FROM STDIN statement being read: its
// rows follow it in the file, for psql to send, and a driver has no way
// to send them.
func copyFromStdin(s *scanner) error {
	return s.fail(s.start, "COPY … FROM STDIN reads its rows from the client (psql sends the lines after it, up to \\.); strata sends each statement through a database driver, which has no rows to send",
		"dump the data as INSERT statements (pg_dump --inserts, or --column-inserts), or load it with psql outside the migration; COPY … FROM 'file' on the server works too")
}

// pgString skips the string literal whose opening quote is at q (the
// literal, with its prefix, starts at start).
func pgString(s *scanner, start, q int, backslash bool) (int, error) {
	j := skipQuoted(s.src, q, backslash)
	if j >= 0 {
		return j, nil
	}
	hint := "close the string with '; write '' for a ' inside it"
	if backslash {
		hint = `close the string with '; write \' or '' for a ' inside it`
	}
	return 0, s.fail(start, "unterminated string: the ' is never closed", hint)
}

// pgPrefixed handles a one-letter word, src[i:j], followed by a
// quote or '&': the prefixed literals E'…' (backslash escapes), B'…', X'…',
// N'…', U&'…' and the identifier U&"…". It returns 0 when the word is just
// a word.
func pgPrefixed(s *scanner, i, j int) (int, error) {
	src := s.src
	w := src[i:j]
	switch {
	case src[j] == '\'' && keyword(w, "E"):
		return pgString(s, i, j, true)
	case src[j] == '\'' && (keyword(w, "B") || keyword(w, "X") || keyword(w, "N")):
		return pgString(s, i, j, false)
	case src[j] == '&' && keyword(w, "U") && j+1 < len(src):
		switch src[j+1] {
		case '\'':
			return pgString(s, i, j+1, false)
		case '"':
			k := skipQuoted(src, j+1, false)
			if k < 0 {
				return 0, s.fail(i, `unterminated quoted identifier: the " is never closed`,
					`close the identifier with "; write "" for a " inside it`)
			}
			return k, nil
		}
	}
	return 0, nil
}

// pgDollar handles a '$' at i: a dollar-quoted body $tag$…$tag$, a
// parameter $1, or a lone '$' (returns i+1). Inside a body only the exact
// opening tag closes it, so "$a$ … $b$ … $b$ … $a$" is one body.
func pgDollar(s *scanner, i int) (int, error) {
	src := s.src
	if i+1 < len(src) && digits[src[i+1]] {
		return span(src, i+1, digits), nil
	}
	k := span(src, i+1, pgDolqCont)
	if k >= len(src) || src[k] != '$' {
		return i + 1, nil
	}
	tag := src[i : k+1]
	end := strings.Index(src[k+1:], tag)
	if end < 0 {
		return 0, s.fail(i, "unterminated dollar-quoted body: no closing "+tag+" for this "+tag,
			"end the body with "+tag+", spelled exactly as the opening tag: tags are case-sensitive")
	}
	return k + 1 + end + len(tag), nil
}

// word records an unquoted identifier or keyword at src[i:j].
func (st *pgStmt) word(s *scanner, i, j int) {
	s.token(i, j)
	w := s.src[i:j]
	if st.words < len(st.firsts) {
		for _, kw := range [...]string{"CREATE", "OR", "REPLACE", "FUNCTION", "PROCEDURE"} {
			if keyword(w, kw) {
				st.firsts[st.words] = kw[0]
			}
		}
	}
	st.words++
	f := st.firsts
	routine := f[0] == 'C' && (f[1] == 'F' || f[1] == 'P' ||
		f[1] == 'O' && f[2] == 'R' && (f[3] == 'F' || f[3] == 'P'))
	if routine && st.parens == 0 {
		switch {
		case keyword(w, "BEGIN"):
			if st.begins == 0 {
				st.begin = i
			}
			st.begins++
		case keyword(w, "CASE"):
			// CASE ends with END as well; it only matters inside BEGIN.
			if st.begins > 0 {
				st.begins++
			}
		case keyword(w, "END"):
			if st.begins > 0 {
				st.begins--
			}
		}
	}
	if keyword(w, "PG_ADVISORY_UNLOCK_ALL") {
		st.unlockAll = true
	}
	switch {
	case st.parens == 0:
		st.head.add(token{kind: tkWord, text: w})
		st.clause(tkWord, w)
	case st.parens == 1 && st.head.n > 0 && st.head.n <= len(st.head.toks) && keyword(w, "CONCURRENTLY"):
		// Only the group just recorded can be open at depth 1.
		st.head.toks[st.head.n-1].concurrently = true
	case st.parens == 1 && keyword(w, "REFRESH"):
		st.refreshOpt = true
	}
}

// clause follows the top-level token t (not a word: its first byte) through
// the clauses past the head that decide what the statement is: COPY …
// FROM STDIN and ALTER TABLE … DETACH PARTITION name CONCURRENTLY.
func (st *pgStmt) clause(kind tokKind, t string) {
	h := &st.head
	word := kind == tkWord
	switch {
	case !h.is(0, "COPY"):
	case word && keyword(t, "FROM"):
		st.copyFrom = 1
	case st.copyFrom == 1 && word && keyword(t, "STDIN"):
		st.copyFrom = 2
	case st.copyFrom == 1:
		st.copyFrom = 0 // FROM 'file', FROM PROGRAM
	}
	if !h.is(0, "ALTER") || !h.is(1, "TABLE") {
		return
	}
	switch {
	case word && keyword(t, "DETACH"):
		st.detach = 1
	case st.detach == 1 && word && keyword(t, "PARTITION"):
		st.detach = 2
	case st.detach == 2 && (word || kind == tkOther):
		st.detach = 3
	case st.detach == 3 && kind == tkPunct && t == ".":
		st.detach = 2 // schema.name
	case st.detach == 3 && word && keyword(t, "CONCURRENTLY"):
		st.detachConc = true
		st.detach = 0
	default:
		st.detach = 0
	}
}

// other records a literal, quoted identifier or parameter at src[i:j].
func (st *pgStmt) other(s *scanner, i, j int) {
	s.token(i, j)
	if st.parens == 0 {
		st.head.add(token{kind: tkOther, text: s.src[i:j]})
		st.clause(tkOther, s.src[i:j])
	}
}

// punct records the one-byte token at i.
func (st *pgStmt) punct(s *scanner, i int) {
	s.token(i, i+1)
	switch s.src[i] {
	case '(':
		if st.parens == 0 {
			st.head.add(token{kind: tkGroup, text: "("})
			st.clause(tkGroup, "(")
		}
		st.parens++
		return
	case ')':
		if st.parens > 0 {
			st.parens--
			return
		}
	}
	if st.parens == 0 {
		st.head.add(token{kind: tkPunct, text: s.src[i : i+1]})
		st.clause(tkPunct, s.src[i:i+1])
	}
}

// marks classifies the statement from its top-level tokens only.
func (st *pgStmt) marks() marks {
	var m marks
	m.transaction, m.savepoint = st.transaction()
	m.noTransaction = st.noTransaction()
	h := &st.head
	switch {
	case h.is(0, "LOCK"):
		m.needsTransaction = "LOCK TABLE"
	case h.is(0, "DECLARE") && !h.has("WITH", "HOLD"):
		m.needsTransaction = "DECLARE … CURSOR"
	}
	switch {
	case st.head.is(0, "DISCARD") && st.head.is(1, "ALL"):
		m.unsupported = "DISCARD ALL"
	case st.unlockAll:
		m.unsupported = "pg_advisory_unlock_all()"
	case st.head.is(0, "DROP") && st.head.is(1, "OWNED"):
		m.unsupported = "DROP OWNED"
	case scsOff(h):
		m.unsupported = "SET standard_conforming_strings = off"
	}
	return m
}

// scsOff reports SET [SESSION | LOCAL] standard_conforming_strings = (or
// TO) a false value: after it, the server reads a backslash in '…' as an
// escape, where strata, like the server before it, reads it as itself.
func scsOff(h *head) bool {
	i := 1
	if h.is(1, "SESSION") || h.is(1, "LOCAL") {
		i = 2
	}
	if !h.is(0, "SET") || !h.is(i, "STANDARD_CONFORMING_STRINGS") || h.n != i+3 || i+2 >= len(h.toks) {
		return false
	}
	if to := h.toks[i+1]; !(to.kind == tkPunct && to.text == "=" || to.kind == tkWord && keyword(to.text, "TO")) {
		return false
	}
	v := strings.ToLower(strings.Trim(h.toks[i+2].text, `'"`))
	switch v {
	case "off", "of", "false", "fals", "fal", "fa", "f", "no", "n", "0":
		return true
	}
	return false
}

// transaction names the transaction-control command the statement is,
// and whether it is one of the savepoint commands.
func (st *pgStmt) transaction() (string, bool) {
	h := &st.head
	switch {
	case h.n == 0 || h.toks[0].kind != tkWord:
	case h.is(0, "BEGIN"), h.is(0, "END"), h.is(0, "ABORT"):
		return strings.ToUpper(h.toks[0].text), false
	case h.is(0, "START") && h.is(1, "TRANSACTION"):
		return "START TRANSACTION", false
	case h.is(0, "COMMIT"):
		if h.is(1, "PREPARED") {
			return "COMMIT PREPARED", false
		}
		return "COMMIT", false
	case h.is(0, "ROLLBACK"):
		// ROLLBACK [WORK | TRANSACTION] TO [SAVEPOINT] name
		if h.is(1, "TO") || (h.is(1, "WORK") || h.is(1, "TRANSACTION")) && h.is(2, "TO") {
			return "ROLLBACK TO SAVEPOINT", true
		}
		if h.is(1, "PREPARED") {
			return "ROLLBACK PREPARED", false
		}
		return "ROLLBACK", false
	case h.is(0, "PREPARE") && h.is(1, "TRANSACTION") && h.n > 2 && h.toks[2].kind == tkOther:
		// PREPARE TRANSACTION 'id', not PREPARE name AS …
		return "PREPARE TRANSACTION", false
	case h.is(0, "SAVEPOINT"):
		return "SAVEPOINT", true
	case h.is(0, "RELEASE"):
		return "RELEASE SAVEPOINT", true
	}
	return "", false
}

// noTransaction names the command when the statement cannot run inside a
// transaction block, from its top-level tokens only.
func (st *pgStmt) noTransaction() string {
	h := &st.head
	switch {
	case h.is(0, "CREATE"):
		idx := 1
		if h.is(1, "UNIQUE") {
			idx = 2
		}
		if h.is(idx, "INDEX") && h.is(idx+1, "CONCURRENTLY") {
			return "CREATE INDEX CONCURRENTLY"
		}
		for _, obj := range [...]string{"DATABASE", "TABLESPACE", "SUBSCRIPTION"} {
			if h.is(1, obj) {
				return "CREATE " + obj
			}
		}
	case h.is(0, "DROP"):
		if h.is(1, "INDEX") && h.is(2, "CONCURRENTLY") {
			return "DROP INDEX CONCURRENTLY"
		}
		for _, obj := range [...]string{"DATABASE", "TABLESPACE", "SUBSCRIPTION"} {
			if h.is(1, obj) {
				return "DROP " + obj
			}
		}
	case h.is(0, "REINDEX"):
		// REINDEX [ (options) ] {INDEX|TABLE|SCHEMA|DATABASE|SYSTEM} [CONCURRENTLY] name
		target := 1
		if h.n > 1 && h.toks[1].kind == tkGroup {
			if h.toks[1].concurrently {
				return "REINDEX CONCURRENTLY"
			}
			target = 2
		}
		if h.is(target+1, "CONCURRENTLY") {
			return "REINDEX CONCURRENTLY"
		}
		if h.is(target, "DATABASE") {
			return "REINDEX DATABASE"
		}
		if h.is(target, "SYSTEM") {
			return "REINDEX SYSTEM"
		}
		if h.is(target, "SCHEMA") {
			return "REINDEX SCHEMA"
		}
	case h.is(0, "VACUUM"):
		return "VACUUM"
	case h.is(0, "ALTER"):
		if h.is(1, "SYSTEM") {
			return "ALTER SYSTEM"
		}
		if h.is(1, "TABLE") && st.detachConc {
			return "ALTER TABLE … DETACH PARTITION … CONCURRENTLY"
		}
		// ALTER SUBSCRIPTION name REFRESH PUBLICATION, and {SET | ADD |
		// DROP} PUBLICATION, which refresh unless told not to.
		if h.is(1, "SUBSCRIPTION") && h.is(3, "REFRESH") && h.is(4, "PUBLICATION") {
			return "ALTER SUBSCRIPTION … REFRESH PUBLICATION"
		}
		if h.is(1, "SUBSCRIPTION") && (h.is(3, "SET") || h.is(3, "ADD") || h.is(3, "DROP")) && h.is(4, "PUBLICATION") && !st.refreshOpt {
			return "ALTER SUBSCRIPTION … PUBLICATION (with refresh)"
		}
		if h.is(1, "DATABASE") && h.is(3, "SET") && h.is(4, "TABLESPACE") {
			return "ALTER DATABASE SET TABLESPACE"
		}
	case h.is(0, "CLUSTER"):
		// Without a table, CLUSTER reclusters every table: CLUSTER,
		// CLUSTER VERBOSE, CLUSTER (VERBOSE).
		rest := 1
		if h.n > rest && h.toks[rest].kind == tkGroup {
			rest++
		}
		if h.is(rest, "VERBOSE") {
			rest++
		}
		if h.n == rest {
			return "CLUSTER"
		}
	}
	return ""
}

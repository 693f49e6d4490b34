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
			s.emit(st.noTransaction())
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
			return s.fail(i, "psql meta-command "+backslashCommand(src, i, true)+
				" is not SQL: strata sends each statement to the server, not to psql",
				"remove it from the migration, or do what it does outside the migration, e.g. in the script that runs strata")
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
	s.emit(st.noTransaction())
	return nil
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
	switch {
	case st.parens == 0:
		st.head.add(token{kind: tkWord, text: w})
	case st.parens == 1 && st.head.n > 0 && st.head.n <= len(st.head.toks) && keyword(w, "CONCURRENTLY"):
		// Only the group just recorded can be open at depth 1.
		st.head.toks[st.head.n-1].concurrently = true
	}
}

// other records a literal, quoted identifier or parameter at src[i:j].
func (st *pgStmt) other(s *scanner, i, j int) {
	s.token(i, j)
	if st.parens == 0 {
		st.head.add(token{kind: tkOther, text: s.src[i:j]})
	}
}

// punct records the one-byte token at i.
func (st *pgStmt) punct(s *scanner, i int) {
	s.token(i, i+1)
	switch s.src[i] {
	case '(':
		if st.parens == 0 {
			st.head.add(token{kind: tkGroup, text: "("})
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
	}
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
	case h.is(0, "VACUUM"):
		return "VACUUM"
	case h.is(0, "ALTER"):
		if h.is(1, "SYSTEM") {
			return "ALTER SYSTEM"
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

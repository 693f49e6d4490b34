package sqlsplit

import "strings"

// SQLMode is what of MySQL's sql_mode changes how text is cut into
// tokens. The mysql client follows the same two flags, which the server
// reports after each statement.
type SQLMode struct {
	// NoBackslashEscapes (NO_BACKSLASH_ESCAPES): a backslash is an
	// ordinary character in strings, so 'C:\' is a whole string.
	NoBackslashEscapes bool
	// ANSIQuotes (ANSI_QUOTES): "…" quotes an identifier, in which a
	// backslash is an ordinary character.
	ANSIQuotes bool
}

// ParseSQLMode reads a value of sql_mode, such as the server's
// @@SESSION.sql_mode ("STRICT_TRANS_TABLES,NO_BACKSLASH_ESCAPES"), in any
// case, with the combination modes that include ANSI_QUOTES.
func ParseSQLMode(value string) SQLMode {
	var m SQLMode
	for _, part := range strings.Split(value, ",") {
		switch strings.ToUpper(strings.TrimSpace(part)) {
		case "NO_BACKSLASH_ESCAPES":
			m.NoBackslashEscapes = true
		case "ANSI_QUOTES", "ANSI", "ORACLE", "MSSQL", "DB2", "POSTGRESQL", "MAXDB":
			m.ANSIQuotes = true
		}
	}
	return m
}

// Options are what Split needs to know beyond the dialect.
type Options struct {
	// SQLMode is MySQL's sql_mode when the section starts, as the session
	// that runs it has it (the URL's sql_mode parameter or the server's
	// default). SET sql_mode statements in the section change it for the
	// statements after them, as they change it on the server.
	SQLMode string
}

// modeState follows sql_mode through a MySQL section: the value, and the
// user variables that hold a value of it (mysqldump saves it in
// @OLD_SQL_MODE and restores it from there).
type modeState struct {
	initial, value string
	mode           SQLMode
	vars           map[string]string
}

func newModeState(initial string) *modeState {
	return &modeState{initial: initial, value: initial, mode: ParseSQLMode(initial)}
}

// statement follows one statement: a SET that assigns sql_mode for the
// session (SET sql_mode = …, SET SESSION/LOCAL sql_mode, SET
// @@sql_mode, @@SESSION.sql_mode, @@LOCAL.sql_mode, also inside an
// executable comment as mysqldump writes it) changes the mode of the
// statements after it. The value is followed where it is written as a
// string, DEFAULT, a user variable that saved a mode, or CONCAT, CONCAT_WS
// and REPLACE of those; anything else leaves the mode as it was.
func (ms *modeState) statement(text string) {
	if len(text) < 4 {
		return
	}
	if n := execOpener(text, 0); n > 0 && strings.HasSuffix(text, "*/") {
		text = text[n : len(text)-2]
	}
	// Most statements are not SET, and most SET statements leave sql_mode
	// alone: look no further than the first word and the name, without
	// allocating. (A user variable is followed only where its value names
	// sql_mode, as mysqldump's @OLD_SQL_MODE=@@SQL_MODE does.)
	i := span(text, 0, spaces)
	if len(text)-i < 4 || !keyword(text[i:i+3], "SET") || mysqlIdent[text[i+3]] || !containsFold(text, "SQL_MODE") {
		return
	}
	toks := modeTokens(text, ms.mode)
	if len(toks) < 3 || !keyword(toks[0], "SET") {
		return
	}
	if keyword(toks[1], "STATEMENT") {
		// SET STATEMENT … FOR: for that one statement.
		return
	}
	changed := false
	p := &modeParser{toks: toks, i: 1, ms: ms}
	for p.i < len(p.toks) {
		if p.charset() {
			// SET NAMES utf8mb4, sql_mode = …: on to the next one.
			if !p.eat(",") {
				break
			}
			continue
		}
		target := p.target()
		if target == "" || !p.eat("=") && !p.eat(":=") {
			return
		}
		v, ok := p.expr()
		if target == "@@sql_mode" {
			if ok {
				ms.value, changed = v, true
			}
		} else if len(target) > 1 && target[0] == '@' && target[1] != '@' {
			if ms.vars == nil {
				ms.vars = map[string]string{}
			}
			if ok {
				ms.vars[target] = v
			} else {
				delete(ms.vars, target)
			}
		}
		if !p.eat(",") && !p.skipToComma() {
			break
		}
	}
	if changed {
		ms.mode = ParseSQLMode(ms.value)
	}
}

// modeParser reads the assignments of a SET statement.
type modeParser struct {
	toks []string
	i    int
	ms   *modeState
}

func (p *modeParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *modeParser) eat(tok string) bool {
	if p.i < len(p.toks) && strings.EqualFold(p.toks[p.i], tok) {
		p.i++
		return true
	}
	return false
}

// charset reads an assignment of the character set that has no "=":
// NAMES x [COLLATE y], CHARACTER SET x, CHARSET x.
func (p *modeParser) charset() bool {
	switch {
	case keyword(p.peek(), "NAMES"):
		p.i += 2
		if p.eat("COLLATE") {
			p.i++
		}
	case keyword(p.peek(), "CHARSET"):
		p.i += 2
	case keyword(p.peek(), "CHARACTER") && p.i+1 < len(p.toks) && keyword(p.toks[p.i+1], "SET"):
		p.i += 3
	default:
		return false
	}
	return true
}

// skipToComma passes the rest of a value that expr could not read
// (SET @a = 1 + 2, sql_mode = …) up to and past the comma that ends it,
// and reports whether there was one.
func (p *modeParser) skipToComma() bool {
	depth := 0
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		p.i++
		switch {
		case t == "(":
			depth++
		case t == ")":
			depth--
		case t == "," && depth <= 0:
			return true
		}
	}
	return false
}

// target reads what an assignment sets: "@@sql_mode" for the session's
// sql_mode, "@name" (lower case) for a user variable, "@@other" for
// anything else; "" when it cannot be read.
func (p *modeParser) target() string {
	t := p.peek()
	switch {
	case t == "":
		return ""
	case keyword(t, "SESSION") || keyword(t, "LOCAL"):
		p.i++
		return p.variable(p.peek())
	case keyword(t, "GLOBAL") || keyword(t, "PERSIST") || keyword(t, "PERSIST_ONLY"):
		// Not this session's value.
		p.i++
		p.i++
		return "@@other"
	}
	return p.variable(t)
}

// variable reads a variable name token.
func (p *modeParser) variable(t string) string {
	p.i++
	lower := strings.ToLower(t)
	switch {
	case strings.HasPrefix(lower, "@@"):
		name := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(lower[2:], "session."), "local."), "global.")
		if name == "sql_mode" && !strings.HasPrefix(lower, "@@global.") {
			return "@@sql_mode"
		}
		return "@@other"
	case strings.HasPrefix(lower, "@"):
		return strings.Trim(lower, "`'\"")
	case lower == "sql_mode":
		return "@@sql_mode"
	}
	return "@@other"
}

// expr evaluates a value; ok is false when it cannot be known from the
// text.
func (p *modeParser) expr() (string, bool) {
	t := p.peek()
	if t == "" {
		return "", false
	}
	p.i++
	switch {
	case t[0] == '\'' || t[0] == '"' && !p.ms.mode.ANSIQuotes:
		return unquote(t, p.ms.mode), true
	case keyword(t, "DEFAULT"):
		// The server's default; the section started with it unless the
		// connection set its own, which is the best known.
		return p.ms.initial, true
	case t == "(":
		p.eat("SELECT")
		v, ok := p.expr()
		if !p.eat(")") {
			return "", false
		}
		return v, ok
	case t[0] == '@':
		lower := strings.ToLower(t)
		if strings.HasPrefix(lower, "@@") {
			name := strings.TrimPrefix(strings.TrimPrefix(lower[2:], "session."), "local.")
			switch name {
			case "sql_mode":
				return p.ms.value, true
			case "global.sql_mode":
				return p.ms.initial, true
			}
			return "", false
		}
		v, ok := p.ms.vars[strings.Trim(lower, "`'\"")]
		return v, ok
	case keyword(t, "CONCAT") || keyword(t, "CONCAT_WS") || keyword(t, "REPLACE"):
		if !p.eat("(") {
			return "", false
		}
		var args []string
		ok := true
		for {
			v, vok := p.expr()
			args, ok = append(args, v), ok && vok
			if p.eat(")") {
				break
			}
			if !p.eat(",") {
				return "", false
			}
		}
		if !ok {
			return "", false
		}
		switch {
		case keyword(t, "CONCAT"):
			return strings.Join(args, ""), true
		case keyword(t, "CONCAT_WS") && len(args) > 0:
			return strings.Join(args[1:], args[0]), true
		case keyword(t, "REPLACE") && len(args) == 3:
			return strings.ReplaceAll(args[0], args[1], args[2]), true
		}
	}
	return "", false
}

// unquote returns the value of a string token.
func unquote(t string, m SQLMode) string {
	q := t[0]
	body := t[1 : len(t)-1]
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\\' && !m.NoBackslashEscapes && i+1 < len(body):
			i++
			b.WriteByte(body[i])
		case c == q && i+1 < len(body) && body[i+1] == q:
			i++
			b.WriteByte(q)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// modeTokens cuts a SET statement into the tokens modeParser reads:
// words and variables (with their dots), whole strings and quoted names,
// ":=" and single punctuation bytes. Comments are skipped.
func modeTokens(text string, m SQLMode) []string {
	var toks []string
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case spaces[c]:
			i++
		case c == '#' || c == '-' && strings.HasPrefix(text[i:], "-- "):
			i = lineEnd(text, i, false)
		case c == '/' && strings.HasPrefix(text[i:], "/*"):
			j := skipBlockComment(text, i, false)
			if j < 0 {
				return toks
			}
			i = j
		case c == '\'' || c == '"' || c == '`':
			j := skipQuoted(text, i, c != '`' && !m.NoBackslashEscapes && !(c == '"' && m.ANSIQuotes))
			if j < 0 {
				return toks
			}
			toks = append(toks, text[i:j])
			i = j
		case c == '@' || mysqlIdent[c]:
			j := i + 1
			for j < len(text) && (mysqlIdent[text[j]] || text[j] == '@' || text[j] == '.') {
				j++
			}
			// @`name`, @'name': a quoted user variable.
			if c == '@' && j == i+1 && j < len(text) && (text[j] == '`' || text[j] == '\'' || text[j] == '"') {
				if k := skipQuoted(text, j, false); k > 0 {
					j = k
				}
			}
			toks = append(toks, text[i:j])
			i = j
		case c == ':' && strings.HasPrefix(text[i:], ":="):
			toks = append(toks, ":=")
			i += 2
		default:
			toks = append(toks, text[i:i+1])
			i++
		}
	}
	return toks
}

// containsFold reports whether s holds word (upper-case ASCII) in any
// case.
func containsFold(s, word string) bool {
	for i := 0; i+len(word) <= len(s); i++ {
		if keyword(s[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

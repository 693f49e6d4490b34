package strata

import (
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// ddlTarget is the one object a DDL statement creates or drops: a table,
// a column of a table, an index, a constraint, …
type ddlTarget struct {
	create bool   // CREATE or ADD; false for DROP
	kind   string // table, view, index, sequence, column, constraint, trigger, function, …
	name   ident
	parent ident // the table of a column, constraint, index or trigger, where the statement names it
}

// ident is a name as a statement wrote it, without its schema.
type ident struct {
	text   string
	quoted bool
}

// errorOnOwnObject reports whether err is "already exists" for the very
// object the statement creates, or "does not exist" for the very object
// it drops: the only errors that say the statement's effect is already
// there. It decides both what -- strata:tolerate-existing may tolerate and
// what a statement re-run after a crash may take as proof that it had run
// (where only "already exists" counts). An error about any other object
// (a missing table in an UPDATE, an unknown column in an INSERT, a
// duplicate column in a CREATE TABLE) never qualifies, and neither does a
// statement that creates or drops several objects at once, since the
// error says nothing about the others.
func errorOnOwnObject(dialectName, text string, info dialect.ErrorInfo) bool {
	if info.Kind != dialect.AlreadyExists && info.Kind != dialect.DoesNotExist || info.ObjectKind == "" {
		return false
	}
	t, ok := ownTarget(dialectName, text)
	if !ok || t.create != (info.Kind == dialect.AlreadyExists) || !kindsAgree(info.ObjectKind, t.kind) {
		return false
	}
	// MySQL's "Trigger does not exist" names nothing; its kind is enough.
	if info.Object == "" && info.ObjectKind != "trigger" {
		return false
	}
	if info.Object != "" && !sameName(dialectName, t.name, info.Object) {
		return false
	}
	return info.Parent == "" || t.parent.text == "" || sameName(dialectName, t.parent, info.Parent)
}

// kindsAgree reports whether an error about an object of kind errKind can
// be about an object of kind stmtKind.
func kindsAgree(errKind, stmtKind string) bool {
	if errKind == stmtKind {
		return true
	}
	switch errKind {
	case "relation": // PostgreSQL's and MySQL's word for all of these
		return stmtKind == "table" || stmtKind == "view" || stmtKind == "index" || stmtKind == "sequence"
	case "index", "constraint": // unique constraints are indexes, and MySQL calls both keys
		return stmtKind == "index" || stmtKind == "constraint"
	case "column or key": // older MySQL: "Can't DROP 'x'; check that column/key exists"
		return stmtKind == "column" || stmtKind == "index" || stmtKind == "constraint"
	case "database", "schema":
		return stmtKind == "database" || stmtKind == "schema"
	case "function", "procedure":
		return stmtKind == "function" || stmtKind == "procedure"
	}
	return false
}

// sameName compares a name from a statement with one from an error
// message: PostgreSQL folds unquoted names to lower case and keeps quoted
// ones exact; MySQL and SQLite compare these names without case.
func sameName(dialectName string, id ident, server string) bool {
	if dialectName == "postgres" {
		if id.quoted {
			return id.text == server
		}
		return strings.ToLower(id.text) == server
	}
	return strings.EqualFold(id.text, server)
}

// createKinds are the object kinds CREATE and DROP name, by keyword.
var createKinds = map[string]string{
	"TABLE": "table", "VIEW": "view", "INDEX": "index", "SEQUENCE": "sequence", "TRIGGER": "trigger",
	"FUNCTION": "function", "PROCEDURE": "procedure", "SCHEMA": "schema", "DATABASE": "database",
	"TYPE": "type", "DOMAIN": "type", "EXTENSION": "extension", "EVENT": "event", "ROLE": "role",
}

// ownTarget finds the one object a statement creates or drops: CREATE
// kind name, DROP kind name, ALTER TABLE t ADD/DROP one column, index or
// constraint. ok is false for anything else, for CREATE OR REPLACE (which
// never fails for the object's existence), for unnamed indexes and
// constraints, and for statements with several objects or actions.
func ownTarget(dialectName, text string) (t ddlTarget, ok bool) {
	toks := tokenize(text, dialectName == "mysql")
	p := &tokens{toks: toks}
	switch {
	case p.word("CREATE"):
		t.create = true
		if p.peekWord("OR") {
			return t, false
		}
		if !p.kind(&t) {
			return t, false
		}
		p.word("CONCURRENTLY")
		p.words("IF", "NOT", "EXISTS")
		if t.kind == "index" && p.peekWord("ON") {
			return t, false // unnamed: the server makes up its name
		}
		if t.name, ok = p.name(); !ok {
			return t, false
		}
		if t.kind == "index" && p.word("ON") {
			p.word("ONLY")
			t.parent, _ = p.name()
		}
		return t, true
	case p.word("DROP"):
		if !p.kind(&t) {
			return t, false
		}
		p.word("CONCURRENTLY")
		p.words("IF", "EXISTS")
		if t.name, ok = p.name(); !ok || p.topLevelComma() {
			return t, false
		}
		if p.skipArgs(); p.word("ON") {
			t.parent, _ = p.name()
		}
		return t, true
	case p.word("ALTER"):
		p.word("ONLINE")
		p.word("IGNORE")
		if !p.word("TABLE") {
			return t, false
		}
		p.words("IF", "EXISTS")
		p.word("ONLY")
		if t.parent, ok = p.name(); !ok || p.topLevelComma() {
			return t, false
		}
		p.punct("*")
		switch {
		case p.word("ADD"):
			t.create = true
			return t, p.alterTarget(&t, true)
		case p.word("DROP"):
			return t, p.alterTarget(&t, false)
		}
	}
	return t, false
}

// alterTarget reads what ALTER TABLE … ADD or DROP names.
func (p *tokens) alterTarget(t *ddlTarget, add bool) bool {
	exists := func() {
		if add {
			p.words("IF", "NOT", "EXISTS")
		} else {
			p.words("IF", "EXISTS")
		}
	}
	switch {
	case p.word("COLUMN"):
		t.kind = "column"
	case p.word("CONSTRAINT"):
		t.kind = "constraint"
	case p.word("INDEX"), p.word("KEY"):
		t.kind = "index"
	case add && (p.word("UNIQUE") || p.word("FULLTEXT") || p.word("SPATIAL")):
		t.kind = "index"
		_ = p.word("INDEX") || p.word("KEY")
	case !add && p.word("FOREIGN"):
		if !p.word("KEY") {
			return false
		}
		t.kind = "constraint"
	case !add && p.word("CHECK"):
		t.kind = "constraint"
	case p.peekWord("PRIMARY"), p.peekWord("FOREIGN"), p.peekWord("CHECK"), p.peekWord("PARTITION"),
		p.peekWord("PERIOD"), p.peekWord("SYSTEM"), p.peekWord("DEFAULT"):
		return false
	default:
		t.kind = "column" // ADD c int, DROP c
	}
	exists()
	var ok bool
	t.name, ok = p.name()
	return ok
}

// token is one lexical token of a statement: a word or name (quoted or
// not), or one character of punctuation. String literals are kept as
// punctuation "'" so that nothing in them is read as a word.
type token struct {
	text   string
	quoted bool
	punct  bool
	depth  int // parentheses open before it
}

type tokens struct {
	toks []token
	i    int
}

func (p *tokens) peek() (token, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return token{}, false
}

func (p *tokens) peekWord(w string) bool {
	t, ok := p.peek()
	return ok && !t.quoted && !t.punct && strings.EqualFold(t.text, w)
}

// word consumes the keyword w if it comes next.
func (p *tokens) word(w string) bool {
	if p.peekWord(w) {
		p.i++
		return true
	}
	return false
}

// words consumes the keywords ws if they all come next.
func (p *tokens) words(ws ...string) bool {
	for j, w := range ws {
		t := token{}
		if p.i+j < len(p.toks) {
			t = p.toks[p.i+j]
		}
		if t.quoted || t.punct || !strings.EqualFold(t.text, w) {
			return false
		}
	}
	p.i += len(ws)
	return true
}

func (p *tokens) punct(s string) bool {
	if t, ok := p.peek(); ok && t.punct && t.text == s {
		p.i++
		return true
	}
	return false
}

// kindModifiers may come between CREATE or DROP and the object's kind.
var kindModifiers = map[string]bool{
	"TEMP": true, "TEMPORARY": true, "UNLOGGED": true, "GLOBAL": true, "LOCAL": true, "UNIQUE": true,
	"FULLTEXT": true, "SPATIAL": true, "MATERIALIZED": true, "VIRTUAL": true, "FOREIGN": true,
	"RECURSIVE": true, "CONSTRAINT": true, "TRUSTED": true, "PROCEDURAL": true, "AGGREGATE": true,
	"ONLINE": true, "OFFLINE": true,
}

// kind skips the modifiers of CREATE or DROP (TEMPORARY, UNIQUE,
// MATERIALIZED, MySQL's DEFINER = u@h, ALGORITHM = …, SQL SECURITY …) up
// to the object's kind, and reads it.
func (p *tokens) kind(t *ddlTarget) bool {
	free := false // inside MySQL's view and routine options, whose values are any words
	for n := 0; n < 16; n++ {
		tok, ok := p.peek()
		if !ok || tok.text == "(" {
			return false
		}
		p.i++
		if tok.quoted || tok.punct {
			if free {
				continue
			}
			return false
		}
		w := strings.ToUpper(tok.text)
		if k, ok := createKinds[w]; ok {
			t.kind = k
			return true
		}
		switch {
		case w == "DEFINER" || w == "ALGORITHM" || w == "SQL":
			free = true
		case !free && !kindModifiers[w]:
			return false
		}
	}
	return false
}

// name reads a possibly qualified name and keeps its last part.
func (p *tokens) name() (ident, bool) {
	tok, ok := p.peek()
	if !ok || tok.punct {
		return ident{}, false
	}
	p.i++
	id := ident{text: tok.text, quoted: tok.quoted}
	for p.punct(".") {
		tok, ok := p.peek()
		if !ok || tok.punct {
			return ident{}, false
		}
		p.i++
		id = ident{text: tok.text, quoted: tok.quoted}
	}
	return id, true
}

// skipArgs skips a function's argument list.
func (p *tokens) skipArgs() {
	if t, ok := p.peek(); !ok || t.text != "(" || !t.punct {
		return
	}
	d := p.toks[p.i].depth
	for p.i++; p.i < len(p.toks); p.i++ {
		if t := p.toks[p.i]; t.punct && t.text == ")" && t.depth == d {
			p.i++
			return
		}
	}
}

// topLevelComma reports a comma outside parentheses from here on: a
// second object or action.
func (p *tokens) topLevelComma() bool {
	for j := p.i; j < len(p.toks); j++ {
		if t := p.toks[j]; !t.punct || t.text != "," || t.depth != 0 {
			continue
		}
		// MySQL's ALTER TABLE options (", ALGORITHM=COPY", ", LOCK=NONE")
		// are no second action.
		if j+1 < len(p.toks) {
			if n := p.toks[j+1]; !n.quoted && !n.punct && (strings.EqualFold(n.text, "ALGORITHM") || strings.EqualFold(n.text, "LOCK")) {
				continue
			}
		}
		return true
	}
	return false
}

// tokenize cuts a statement into tokens, skipping comments (and, on
// MySQL, # comments too). It is only as exact as ownTarget needs: words,
// quoted names, strings and punctuation with their parenthesis depth.
func tokenize(s string, mysql bool) []token {
	var out []token
	depth := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && strings.HasPrefix(s[i:], "--"), c == '#' && mysql:
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				return out
			}
			i += j + 1
		case c == '/' && strings.HasPrefix(s[i:], "/*"):
			j := strings.Index(s[i+2:], "*/")
			if j < 0 {
				return out
			}
			i += j + 4
		case c == '"' || c == '`' || c == '[' || c == '\'':
			end := c
			if c == '[' {
				end = ']'
			}
			var b strings.Builder
			j := i + 1
			for j < len(s) {
				if s[j] == end {
					if end != ']' && j+1 < len(s) && s[j+1] == end {
						b.WriteByte(end)
						j += 2
						continue
					}
					break
				}
				if c == '\'' && s[j] == '\\' && mysql && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
				j++
			}
			if c == '\'' {
				out = append(out, token{text: "'", punct: true, depth: depth})
			} else {
				out = append(out, token{text: b.String(), quoted: true, depth: depth})
			}
			i = j + 1
		case c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80:
			j := i
			for j < len(s) {
				d := s[j]
				if d == '_' || d == '$' || d >= '0' && d <= '9' || d >= 'a' && d <= 'z' || d >= 'A' && d <= 'Z' || d >= 0x80 {
					j++
					continue
				}
				break
			}
			out = append(out, token{text: s[i:j], depth: depth})
			i = j
		default:
			if c == ')' {
				depth--
			}
			out = append(out, token{text: string(c), punct: true, depth: depth})
			if c == '(' {
				depth++
			}
			i++
		}
	}
	return out
}

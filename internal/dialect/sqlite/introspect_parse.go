package sqlite

import (
	"strings"

	"github.com/strata-db/strata/internal/schema"
)

// createTable is what the pragmas do not tell about a table, read from its
// CREATE TABLE statement.
type createTable struct {
	columns map[string]columnDef // by lower-case name
	checks  []*schema.Check
	// deferrable is the deferrability of each foreign key, by its
	// lower-case columns joined with ",".
	deferrable map[string]string
	using      string // a virtual table's module and arguments
}

type columnDef struct {
	collation     string
	generated     string // the expression
	autoincrement bool
}

// parseCreateTable reads a CREATE TABLE statement. It trusts SQLite to
// have accepted the statement, and only walks its structure: the column
// and constraint definitions between the outer parentheses, separated by
// commas at depth one.
func parseCreateTable(sql string) *createTable {
	ct := &createTable{columns: map[string]columnDef{}, deferrable: map[string]string{}}
	toks := lex(sql)
	open := -1
	for i, tk := range toks {
		if tk.is("USING") && tk.depth == 0 && i+1 < len(toks) {
			ct.using = schema.Squeeze(sql[toks[i+1].start:])
			return ct
		}
		if tk.text == "(" && tk.depth == 0 {
			open = i
			break
		}
	}
	if open < 0 {
		return ct // CREATE TABLE … AS SELECT
	}
	var elem []token
	for _, tk := range toks[open+1:] {
		if tk.depth == 0 { // the closing parenthesis
			ct.element(sql, elem)
			break
		}
		if tk.depth == 1 && tk.text == "," {
			ct.element(sql, elem)
			elem = nil
			continue
		}
		elem = append(elem, tk)
	}
	return ct
}

// element reads one column or table constraint definition.
func (ct *createTable) element(sql string, toks []token) {
	if len(toks) == 0 {
		return
	}
	tableConstraint := false
	switch strings.ToUpper(toks[0].text) {
	case "CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN":
		tableConstraint = true
	}
	var cd columnDef
	name := "" // of the constraint being read
	for i := 0; i < len(toks); i++ {
		tk := toks[i]
		if tk.depth != 1 {
			// Inside an expression: a CAST(x AS t) is no generated column.
			continue
		}
		switch {
		case tk.is("CONSTRAINT") && i+1 < len(toks):
			name = toks[i+1].ident()
			i++
		case tk.is("CHECK"):
			if expr, end := parenthesised(sql, toks, i+1); end > 0 {
				ct.checks = append(ct.checks, &schema.Check{Name: name, Expr: expr})
				i = end
			}
			name = ""
		case tk.is("COLLATE") && i+1 < len(toks) && !tableConstraint:
			cd.collation = strings.ToUpper(toks[i+1].ident())
			i++
		case tk.is("AS") && !tableConstraint:
			if expr, end := parenthesised(sql, toks, i+1); end > 0 {
				cd.generated = expr
				i = end
			}
		case tk.is("AUTOINCREMENT"):
			cd.autoincrement = true
		case tk.is("REFERENCES"):
			cols := []string{toks[0].ident()}
			if tableConstraint {
				cols = fkColumns(toks)
			}
			ct.deferrable[strings.ToLower(strings.Join(cols, ","))] = deferrability(toks[i:])
			name = ""
		}
	}
	if !tableConstraint {
		ct.columns[strings.ToLower(toks[0].ident())] = cd
	}
}

// fkColumns returns the columns of FOREIGN KEY (a, b) in a table
// constraint.
func fkColumns(toks []token) []string {
	var cols []string
	in := false
	for _, tk := range toks {
		switch {
		case tk.is("REFERENCES"):
			return cols
		case tk.text == "(":
			in = true
		case tk.text == ")":
			in = false
		case in && tk.text != ",":
			cols = append(cols, tk.ident())
		}
	}
	return cols
}

// deferrability reads [NOT] DEFERRABLE [INITIALLY DEFERRED|IMMEDIATE] in a
// foreign key clause.
func deferrability(toks []token) string {
	for i, tk := range toks {
		if !tk.is("DEFERRABLE") {
			continue
		}
		if i > 0 && toks[i-1].is("NOT") {
			return ""
		}
		if i+2 < len(toks) && toks[i+1].is("INITIALLY") && toks[i+2].is("DEFERRED") {
			return "DEFERRABLE INITIALLY DEFERRED"
		}
		return "DEFERRABLE INITIALLY IMMEDIATE"
	}
	return ""
}

// parenthesised returns the text inside the parentheses that open at
// toks[i], squeezed, and the index of the closing one; end is 0 when
// toks[i] is not "(".
func parenthesised(sql string, toks []token, i int) (expr string, end int) {
	if i >= len(toks) || toks[i].text != "(" {
		return "", 0
	}
	d := toks[i].depth
	for j := i + 1; j < len(toks); j++ {
		if toks[j].text == ")" && toks[j].depth == d {
			return schema.Squeeze(sql[toks[i].end:toks[j].start]), j
		}
	}
	return "", 0
}

// createIndex is what the pragmas do not tell about an index.
type createIndex struct {
	keys  []string // each key part's text, for expressions
	where string
}

func parseCreateIndex(sql string) *createIndex {
	ci := &createIndex{}
	toks := lex(sql)
	i := 0
	for i < len(toks) && toks[i].text != "(" {
		i++
	}
	if i == len(toks) {
		return ci
	}
	start := toks[i].end
	for j := i + 1; j < len(toks); j++ {
		tk := toks[j]
		if tk.depth == 0 || (tk.depth == 1 && tk.text == ",") {
			ci.keys = append(ci.keys, schema.Squeeze(sql[start:tk.start]))
			start = tk.end
		}
		if tk.depth == 0 {
			if j+1 < len(toks) && toks[j+1].is("WHERE") && j+2 < len(toks) {
				ci.where = schema.Squeeze(sql[toks[j+2].start:])
			}
			break
		}
	}
	return ci
}

// token is one lexical token of an SQLite statement. depth is the number
// of parentheses open around it; an opening parenthesis has the depth
// outside it, a closing one the depth after it.
type token struct {
	text       string
	start, end int
	depth      int
	quoted     bool
}

func (t token) is(word string) bool { return !t.quoted && strings.EqualFold(t.text, word) }

// ident is the token as a name: without its quotes.
func (t token) ident() string {
	if !t.quoted || len(t.text) < 2 {
		return t.text
	}
	q := t.text[0]
	inner := t.text[1 : len(t.text)-1]
	if q == '[' {
		return inner
	}
	return strings.ReplaceAll(inner, string([]byte{q, q}), string(q))
}

// lex cuts SQLite SQL into tokens, skipping whitespace and comments.
func lex(sql string) []token {
	var out []token
	depth := 0
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(sql) && sql[i+1] == '-':
			j := strings.IndexByte(sql[i:], '\n')
			if j < 0 {
				return out
			}
			i += j + 1
		case c == '/' && i+1 < len(sql) && sql[i+1] == '*':
			j := strings.Index(sql[i+2:], "*/")
			if j < 0 {
				return out
			}
			i += j + 4
		case c == '\'' || c == '"' || c == '`' || c == '[':
			end := c
			if c == '[' {
				end = ']'
			}
			j := i + 1
			for j < len(sql) {
				if sql[j] == end {
					if end != ']' && j+1 < len(sql) && sql[j+1] == end {
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, len(sql))
			out = append(out, token{text: sql[i:j], start: i, end: j, depth: depth, quoted: c != '\''})
			i = j
		case c == '(':
			out = append(out, token{text: "(", start: i, end: i + 1, depth: depth})
			depth++
			i++
		case c == ')':
			depth--
			out = append(out, token{text: ")", start: i, end: i + 1, depth: depth})
			i++
		case isWord(c):
			j := i + 1
			for j < len(sql) && isWord(sql[j]) {
				j++
			}
			out = append(out, token{text: sql[i:j], start: i, end: j, depth: depth})
			i = j
		default:
			out = append(out, token{text: sql[i : i+1], start: i, end: i + 1, depth: depth})
			i++
		}
	}
	return out
}

func isWord(c byte) bool {
	return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

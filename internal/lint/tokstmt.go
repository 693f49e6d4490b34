package lint

import (
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// The statement side of the token-level reader for MySQL and SQLite (see
// tokens.go). It walks a statement's tokens with a cursor, recognises the
// statement shapes that change a schema, and turns them into ops. Every
// routine here is written to give up rather than guess: an unexpected
// token ends the reading of a clause, leaving what it would have said
// unknown (a column's nullability, a default, an index's columns), and an
// ALTER TABLE action it cannot read marks the table opaque to the
// cross-migration checks.

// tokReader is a cursor over one statement's tokens.
type tokReader struct {
	d    sqlsplit.Dialect
	s    *stmt
	toks []token
	i    int
}

// peek returns the token k places ahead, or a zero token past the end.
func (p *tokReader) peek(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return token{}
}

func (p *tokReader) done() bool { return p.i >= len(p.toks) }

// at reports whether the next tokens are the given keywords.
func (p *tokReader) at(kws ...string) bool {
	for k, kw := range kws {
		if !p.peek(k).is(kw) {
			return false
		}
	}
	return true
}

// accept consumes the keywords when they are next.
func (p *tokReader) accept(kws ...string) bool {
	if p.at(kws...) {
		p.i += len(kws)
		return true
	}
	return false
}

// acceptPunct consumes the character c when it is next.
func (p *tokReader) acceptPunct(c byte) bool {
	if p.peek(0).punct(c) {
		p.i++
		return true
	}
	return false
}

// name reads a possibly qualified name. SQLite's "main." schema is
// dropped; MySQL's database qualifier is kept.
func (p *tokReader) name() (string, bool) {
	t := p.peek(0)
	if t.kind != tWord && t.kind != tIdent && !(t.kind == tString && p.d == sqlsplit.SQLite) {
		return "", false
	}
	p.i++
	n := t.name()
	for p.peek(0).punct('.') && (p.peek(1).kind == tWord || p.peek(1).kind == tIdent) {
		n += "." + p.peek(1).name()
		p.i += 2
	}
	if p.d == sqlsplit.SQLite {
		n = strings.TrimPrefix(n, "main.")
	}
	return n, true
}

// group consumes a parenthesised group and returns the tokens inside it.
func (p *tokReader) group() ([]token, bool) {
	if !p.peek(0).punct('(') {
		return nil, false
	}
	depth := 0
	for j := p.i; j < len(p.toks); j++ {
		switch {
		case p.toks[j].punct('('):
			depth++
		case p.toks[j].punct(')'):
			depth--
			if depth == 0 {
				inner := p.toks[p.i+1 : j]
				p.i = j + 1
				return inner, true
			}
		}
	}
	return nil, false
}

// skipClause advances to the next comma at depth 0 (not consuming it) or
// the end.
func (p *tokReader) skipClause() {
	depth := 0
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		switch {
		case t.punct('('):
			depth++
		case t.punct(')'):
			depth--
		case t.punct(',') && depth <= 0:
			return
		}
	}
}

// splitTop cuts tokens at commas outside parentheses.
func splitTop(toks []token) [][]token {
	var out [][]token
	depth, start := 0, 0
	for j, t := range toks {
		switch {
		case t.punct('('):
			depth++
		case t.punct(')'):
			depth--
		case t.punct(',') && depth == 0:
			out = append(out, toks[start:j])
			start = j + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// tokText renders tokens canonically, so that expressions written with
// different spacing or case compare equal: words lower-case (both
// dialects compare keywords and identifiers case-insensitively), single
// spaces, none inside parentheses, before commas or after a sign.
func tokText(toks []token) string {
	var b strings.Builder
	for j, t := range toks {
		if j > 0 && !t.punct(')') && !t.punct(',') && !t.punct('(') && !t.punct('.') {
			prev := toks[j-1]
			sign := (prev.punct('-') || prev.punct('+')) && (j == 1 || toks[j-2].kind == tPunct)
			if !prev.punct('(') && !prev.punct('.') && !sign {
				b.WriteByte(' ')
			}
		}
		if t.kind == tWord {
			b.WriteString(strings.ToLower(t.text))
		} else {
			b.WriteString(t.text)
		}
	}
	return b.String()
}

// readTokens derives a MySQL or SQLite statement's facts from its tokens.
func readTokens(d sqlsplit.Dialect, s *stmt) {
	p := &tokReader{d: d, s: s, toks: lexTokens(d, s.Text, s.Mode)}
	if p.done() {
		return
	}
	first := p.peek(0)
	s.kind = kindUnknown
	switch {
	case s.Transaction != "":
		// The splitter's classification, which strata refuses by.
		s.kind, s.verb = kindTxn, s.Transaction
	case first.is("CREATE"):
		p.i++
		s.kind = kindDDL
		p.create()
	case first.is("ALTER"):
		s.kind = kindDDL
		if p.at("ALTER", "TABLE") {
			p.i += 2
			p.alterTable()
		} else {
			s.verb = "ALTER"
		}
	case first.is("DROP"):
		p.i++
		s.kind = kindDDL
		p.drop()
	case first.is("RENAME"):
		s.kind, s.verb = kindDDL, "RENAME TABLE"
		p.i++
		p.accept("TABLE")
		p.renameTables()
	case first.is("TRUNCATE"):
		s.kind, s.verb = kindDML, "TRUNCATE"
		p.i++
		p.accept("TABLE")
		if n, ok := p.name(); ok {
			s.addOp(op{kind: opTruncate, table: n, pos: s.Start})
		}
	case first.is("INSERT"), first.is("REPLACE"):
		s.kind, s.verb = kindDML, strings.ToUpper(first.text)
		for !p.done() && !p.at("INTO") && !p.peek(0).punct('(') {
			p.i++
		}
		if p.accept("INTO") {
			if n, ok := p.name(); ok {
				s.addOp(op{kind: opWrite, table: n, pos: s.Start})
			}
		}
	case first.is("UPDATE"):
		s.kind, s.verb = kindDML, "UPDATE"
		p.i++
		for p.accept("LOW_PRIORITY") || p.accept("IGNORE") || p.accept("OR") {
			if p.peek(0).kind == tWord && !p.at("SET") && p.peek(1).kind == tWord {
				p.i++ // UPDATE OR REPLACE t (SQLite)
			}
		}
		if n, ok := p.name(); ok {
			s.addOp(op{kind: opWrite, table: n, pos: s.Start})
		}
	case first.is("DELETE"):
		s.kind, s.verb = kindDML, "DELETE"
		for !p.done() && !p.at("FROM") {
			p.i++
		}
		if p.accept("FROM") {
			if n, ok := p.name(); ok {
				s.addOp(op{kind: opWrite, table: n, pos: s.Start})
			}
		}
	case first.is("WITH"):
		// A CTE ahead of INSERT/UPDATE/DELETE: find the verb at depth 0.
		s.kind, s.verb = kindQuery, "SELECT"
		for !p.done() {
			if p.peek(0).punct('(') {
				if _, ok := p.group(); !ok {
					break // unbalanced: give up
				}
				continue
			}
			t := p.peek(0)
			if t.is("INSERT") || t.is("UPDATE") || t.is("DELETE") || t.is("REPLACE") {
				s.kind, s.verb = kindDML, strings.ToUpper(t.text)
				break
			}
			p.i++
		}
	case first.is("SELECT"), first.is("SHOW"), first.is("EXPLAIN"), first.is("DESCRIBE"), first.is("DESC"), first.is("VALUES"):
		s.kind, s.verb = kindQuery, strings.ToUpper(first.text)
	case first.is("SET"), first.is("PRAGMA"):
		s.kind, s.verb = kindSet, strings.ToUpper(first.text)
		p.i++
		for p.accept("SESSION") || p.accept("LOCAL") || p.accept("GLOBAL") || p.acceptPunct('@') {
		}
		if n, ok := p.name(); ok {
			s.setting = n
		}
	case first.is("BEGIN"):
		s.kind, s.verb = kindProcedural, "BEGIN NOT ATOMIC"
	case first.is("CALL"), first.is("DO"):
		s.kind, s.verb = kindProcedural, strings.ToUpper(first.text)
	case first.is("ANALYZE"), first.is("OPTIMIZE"), first.is("VACUUM"), first.is("REINDEX"), first.is("LOCK"), first.is("UNLOCK"), first.is("FLUSH"):
		s.kind, s.verb = kindMaintenance, strings.ToUpper(first.text)
	case first.is("GRANT"), first.is("REVOKE"):
		s.kind, s.verb = kindDDL, strings.ToUpper(first.text)
	}
}

// create reads CREATE …, after the CREATE.
func (p *tokReader) create() {
	s := p.s
	orReplace := p.accept("OR", "REPLACE")
	temporary := p.accept("TEMPORARY") || p.accept("TEMP")
	// MySQL view and routine options before the object word.
	for {
		switch {
		case p.at("ALGORITHM") || p.at("DEFINER") || p.at("SQL", "SECURITY"):
			p.skipOption()
			continue
		}
		break
	}
	switch {
	case p.accept("TABLE"):
		s.verb = "CREATE TABLE"
		p.createTable(temporary, false)
	case p.accept("VIRTUAL", "TABLE"):
		s.verb = "CREATE VIRTUAL TABLE"
		p.createTable(false, true)
	case p.at("INDEX") || p.at("UNIQUE") || p.at("FULLTEXT") || p.at("SPATIAL"):
		s.verb = "CREATE INDEX"
		p.createIndex()
	case p.accept("VIEW"):
		s.verb = "CREATE VIEW"
		p.createObject(objView, orReplace)
	case p.accept("TRIGGER"):
		s.verb = "CREATE TRIGGER"
		ifNot := p.accept("IF", "NOT", "EXISTS")
		n, ok := p.name()
		if !ok {
			return
		}
		tbl := ""
		for !p.done() && !p.at("ON") {
			p.i++
		}
		if p.accept("ON") {
			tbl, _ = p.name()
		}
		// MySQL and SQLite trigger names are per schema, not per table.
		s.addOp(op{kind: opCreateObject, obj: objTrigger, table: tbl, name: n, ifExists: ifNot, pos: s.Start})
	case p.accept("DATABASE"), p.accept("SCHEMA"):
		s.verb = "CREATE DATABASE"
		p.createObject(objDatabase, false)
	case p.accept("PROCEDURE"):
		s.verb = "CREATE PROCEDURE"
		p.createObject(objProcedure, orReplace)
	case p.accept("FUNCTION"):
		s.verb = "CREATE FUNCTION"
		p.createObject(objFunction, orReplace)
	case p.accept("EVENT"):
		s.verb = "CREATE EVENT"
		p.createObject(objOther, orReplace)
	default:
		s.verb = "CREATE"
	}
}

// skipOption skips a MySQL "WORD = value" or "SQL SECURITY x" option.
func (p *tokReader) skipOption() {
	if p.accept("SQL", "SECURITY") {
		p.i++
		return
	}
	p.i++
	p.acceptPunct('=')
	p.i++
	for p.peek(0).punct('@') || p.peek(0).punct('.') {
		p.i += 2 // user@host
	}
}

func (p *tokReader) createObject(k objKind, orReplace bool) {
	ifNot := p.accept("IF", "NOT", "EXISTS")
	if n, ok := p.name(); ok {
		p.s.addOp(op{kind: opCreateObject, obj: k, name: n, ifExists: ifNot, orReplace: orReplace, pos: p.s.Start})
	}
}

// createTable reads CREATE TABLE, after TABLE.
func (p *tokReader) createTable(temporary, virtual bool) {
	s := p.s
	ifNot := p.accept("IF", "NOT", "EXISTS")
	start := p.peek(0)
	n, ok := p.name()
	if !ok {
		s.kind = kindUnknown
		return
	}
	t := &table{name: n, origin: s.origin(s.posAt(start.off), "CREATE TABLE "+n)}
	o := op{kind: opCreateTable, table: n, tbl: t, ifExists: ifNot, temporary: temporary, pos: t.origin.pos}
	body, ok := p.group()
	if virtual || !ok {
		// CREATE TABLE … AS SELECT, … LIKE other, CREATE VIRTUAL TABLE:
		// the columns are not written here.
		t.incomplete = true
		s.addOp(o)
		return
	}
	for _, part := range splitTop(body) {
		p.tableElement(t, part)
	}
	if p.d == sqlsplit.MySQL {
		t.charset = tableOptionCharset(p.toks[p.i:], false)
		for _, c := range t.cols {
			if c.charset == "" && isTextType(c.typ) {
				c.charset = t.charset
			}
		}
	}
	for _, c := range t.cons {
		if c.kind == conPrimary {
			for _, cn := range c.cols {
				if col := t.column(cn); col != nil && p.d == sqlsplit.MySQL {
					col.null = notNull // MySQL makes primary key columns NOT NULL
				}
			}
		}
	}
	s.addOp(o)
}

// tableElement reads one element of CREATE TABLE's list: a column or a
// table constraint.
func (p *tokReader) tableElement(t *table, part []token) {
	if len(part) == 0 {
		return
	}
	sub := &tokReader{d: p.d, s: p.s, toks: part}
	if con, isCon, ok := sub.tableConstraint(t); isCon {
		if ok && con != nil {
			t.cons = append(t.cons, con)
		} else if !ok {
			t.incomplete = true
		}
		return
	}
	col, cons := sub.columnDef(t.name)
	if col == nil {
		t.incomplete = true
		return
	}
	t.cols = append(t.cols, col)
	t.cons = append(t.cons, cons...)
}

// tableConstraint reads a table constraint or a MySQL inline index. isCon
// reports whether the element is one at all; ok whether it was read.
// Inline indexes (KEY/INDEX) come back as nil constraints: the model
// does not need them for its checks.
func (p *tokReader) tableConstraint(t *table) (con *constraint, isCon, ok bool) {
	start := p.peek(0)
	name := ""
	if p.accept("CONSTRAINT") {
		if !p.at("PRIMARY") && !p.at("UNIQUE") && !p.at("FOREIGN") && !p.at("CHECK") {
			name, _ = p.name()
		}
	}
	con = &constraint{name: name, named: name != ""}
	switch {
	case p.accept("PRIMARY", "KEY"):
		con.kind = conPrimary
	case p.accept("UNIQUE"):
		con.kind = conUnique
		_ = p.accept("INDEX") || p.accept("KEY")
		if !p.peek(0).punct('(') && !p.at("USING") {
			if n, ok := p.name(); ok && !con.named {
				con.name, con.named = n, true
			}
		}
	case p.accept("FOREIGN", "KEY"):
		con.kind = conForeign
		if !p.peek(0).punct('(') {
			if n, ok := p.name(); ok && !con.named {
				con.name, con.named = n, true
			}
		}
	case p.accept("CHECK"):
		con.kind = conCheck
		g, ok := p.group()
		if !ok {
			return nil, true, false
		}
		con.expr = tokText(g)
		con.origin = p.s.origin(p.s.posAt(start.off), con.render())
		return con, true, true
	case p.at("INDEX") || p.at("KEY") || p.at("FULLTEXT") || p.at("SPATIAL"):
		return nil, true, true
	default:
		if con.named {
			return nil, true, false
		}
		return nil, false, false
	}
	for p.accept("USING") {
		p.i++
	}
	cols, ok := p.indexColumns()
	if !ok {
		return nil, true, false
	}
	con.cols = cols
	if con.kind == conForeign {
		if !p.foreignKeyRef(con) {
			return nil, true, false
		}
	}
	if !con.named {
		con.name = p.defaultConstraintName(t, con)
	}
	con.origin = p.s.origin(p.s.posAt(start.off), con.render())
	return con, true, true
}

// defaultConstraintName is the name MySQL gives an unnamed constraint
// (SQLite gives none; the model then matches by columns).
func (p *tokReader) defaultConstraintName(t *table, c *constraint) string {
	if p.d != sqlsplit.MySQL {
		return ""
	}
	switch c.kind {
	case conPrimary:
		return "PRIMARY"
	case conForeign:
		n := 1
		for _, o := range t.cons {
			if o.kind == conForeign {
				n++
			}
		}
		return baseName(t.name) + "_ibfk_" + itoa(n)
	case conUnique:
		if len(c.cols) > 0 {
			return strings.SplitN(c.cols[0], "(", 2)[0]
		}
	}
	return ""
}

// indexColumns reads "(a, b(10) DESC, …)" into canonical column names;
// expressions make it fail.
func (p *tokReader) indexColumns() ([]string, bool) {
	g, ok := p.group()
	if !ok {
		return nil, false
	}
	var cols []string
	for _, part := range splitTop(g) {
		if len(part) == 0 || part[0].kind != tWord && part[0].kind != tIdent {
			return nil, false
		}
		c := part[0].name()
		rest := part[1:]
		if len(rest) > 0 && rest[0].punct('(') {
			// MySQL prefix length: name(10)
			if len(rest) < 3 || !rest[2].punct(')') {
				return nil, false
			}
			c += "(" + rest[1].text + ")"
			rest = rest[3:]
		}
		if len(rest) > 0 && (rest[0].is("COLLATE")) && len(rest) > 1 {
			rest = rest[2:]
		}
		if len(rest) > 0 && (rest[0].is("ASC") || rest[0].is("DESC")) {
			if rest[0].is("DESC") {
				c += " DESC"
			}
			rest = rest[1:]
		}
		if len(rest) > 0 {
			return nil, false
		}
		cols = append(cols, c)
	}
	return cols, true
}

// foreignKeyRef reads "REFERENCES t (cols) [ON DELETE x] [ON UPDATE y]".
func (p *tokReader) foreignKeyRef(con *constraint) bool {
	if !p.accept("REFERENCES") {
		return false
	}
	ref, ok := p.name()
	if !ok {
		return false
	}
	con.refTable = ref
	if p.peek(0).punct('(') {
		cols, ok := p.indexColumns()
		if !ok {
			return false
		}
		con.refCols = cols
	}
	con.onDelete, con.onUpdate = actNoAction, actNoAction
	for !p.done() {
		switch {
		case p.accept("ON", "DELETE"):
			a, ok := p.action()
			if !ok {
				return false
			}
			con.onDelete = a
		case p.accept("ON", "UPDATE"):
			a, ok := p.action()
			if !ok {
				return false
			}
			con.onUpdate = a
		case p.accept("MATCH"):
			p.i++
		case p.at("DEFERRABLE") || p.at("NOT", "DEFERRABLE") || p.at("INITIALLY"):
			for !p.done() && !p.at("ON") && !p.peek(0).punct(',') {
				p.i++
			}
		default:
			return true
		}
	}
	return true
}

func (p *tokReader) action() (string, bool) {
	switch {
	case p.accept("CASCADE"):
		return actCascade, true
	case p.accept("RESTRICT"):
		return actRestrict, true
	case p.accept("SET", "NULL"):
		return actSetNull, true
	case p.accept("SET", "DEFAULT"):
		return actSetDefault, true
	case p.accept("NO", "ACTION"):
		return actNoAction, true
	}
	return "", false
}

// columnStop lists the words that end a column's type.
var columnStop = map[string]bool{
	"NOT": true, "NULL": true, "DEFAULT": true, "PRIMARY": true, "UNIQUE": true, "KEY": true,
	"CHECK": true, "REFERENCES": true, "CONSTRAINT": true, "COLLATE": true, "AUTO_INCREMENT": true,
	"AUTOINCREMENT": true, "COMMENT": true, "GENERATED": true, "AS": true, "ON": true, "CHARACTER": true,
	"CHARSET": true, "INVISIBLE": true, "VISIBLE": true, "COLUMN_FORMAT": true, "STORAGE": true,
	"SRID": true, "FIRST": true, "AFTER": true, "SERIAL": true,
}

// columnDef reads "name type attributes…" and the constraints written on
// the column. It returns nil when the element does not start like a
// column.
func (p *tokReader) columnDef(tableName string) (*column, []*constraint) {
	start := p.peek(0)
	if start.kind != tWord && start.kind != tIdent && !(start.kind == tString && p.d == sqlsplit.SQLite) {
		return nil, nil
	}
	p.i++
	col := &column{name: start.name(), null: nullable, defKnown: true}
	// The type: words and a parenthesised group, until an attribute.
	var typ []token
	for !p.done() {
		t := p.peek(0)
		if t.kind == tWord && columnStop[strings.ToUpper(t.text)] {
			break
		}
		if t.punct('(') {
			g, ok := p.group()
			if !ok {
				return nil, nil
			}
			typ = append(typ, token{kind: tPunct, text: "("})
			typ = append(typ, g...)
			typ = append(typ, token{kind: tPunct, text: ")"})
			continue
		}
		if t.kind != tWord && t.kind != tNumber {
			break
		}
		typ = append(typ, t)
		p.i++
	}
	col.typ = p.canonicalType(typ)
	sawNull := false
	var cons []*constraint
	unknown := func() {
		if !sawNull {
			col.null = nullUnknown
		}
		col.defKnown = col.defKnown && col.def != ""
		if col.def == "" {
			col.defKnown = false
		}
	}
	if p.d == sqlsplit.MySQL && strings.HasPrefix(col.typ, "timestamp") {
		// Without explicit_defaults_for_timestamp (MySQL 5.x), a
		// TIMESTAMP column is NOT NULL with a default; which setting the
		// server had is unknown.
		col.null = nullUnknown
	}
	for !p.done() && !p.peek(0).punct(',') {
		switch {
		case p.accept("NOT", "NULL"):
			col.null, sawNull = notNull, true
		case p.accept("NULL"):
			col.null, sawNull = nullable, true
		case p.accept("DEFAULT"):
			d, ok := p.defaultExpr()
			if d == "NULL" {
				d = "" // the same as no default
			}
			col.def, col.defKnown = d, ok
			if !ok {
				unknown()
				return p.finishColumn(col, start), cons
			}
		case p.accept("AUTO_INCREMENT"), p.accept("AUTOINCREMENT"), p.accept("INVISIBLE"), p.accept("VISIBLE"), p.accept("FIRST"):
		case p.accept("AFTER"):
			p.i++ // MySQL: where the column goes
		case p.accept("PRIMARY", "KEY"):
			_ = p.accept("ASC") || p.accept("DESC")
			if p.d == sqlsplit.MySQL {
				col.null, sawNull = notNull, true
			}
			cons = append(cons, &constraint{kind: conPrimary, cols: []string{col.name}, inline: true, name: p.defaultConstraintName(&table{name: tableName}, &constraint{kind: conPrimary})})
			if p.accept("ON", "CONFLICT") {
				p.i++
			}
		case p.accept("UNIQUE"):
			_ = p.accept("KEY")
			cons = append(cons, &constraint{kind: conUnique, cols: []string{col.name}, inline: true, name: p.defaultConstraintName(&table{name: tableName}, &constraint{kind: conUnique, cols: []string{col.name}})})
		case p.accept("KEY"):
		case p.accept("COMMENT"), p.accept("COLUMN_FORMAT"), p.accept("STORAGE"), p.accept("SRID"):
			p.i++
		case p.accept("COLLATE"):
			if col.charset == "" {
				col.charset = charsetOfCollation(p.peek(0).name())
			}
			p.i++
		case p.accept("CHARACTER", "SET"), p.accept("CHARSET"):
			col.charset = strings.ToLower(p.peek(0).name())
			p.i++
		case p.accept("ON", "UPDATE"):
			if _, ok := p.defaultExpr(); !ok {
				unknown()
				return p.finishColumn(col, start), cons
			}
		case p.accept("CHECK"):
			g, ok := p.group()
			if !ok {
				unknown()
				return p.finishColumn(col, start), cons
			}
			cons = append(cons, &constraint{kind: conCheck, cols: []string{col.name}, expr: tokText(g), inline: true})
		case p.at("REFERENCES"):
			con := &constraint{kind: conForeign, cols: []string{col.name}, inline: true}
			if !p.foreignKeyRef(con) {
				unknown()
				return p.finishColumn(col, start), cons
			}
			// MySQL parses and ignores REFERENCES written on a column, so
			// only SQLite gets a constraint from it.
			if p.d == sqlsplit.SQLite {
				cons = append(cons, con)
			}
		case p.accept("CONSTRAINT"):
			p.i++ // SQLite names a column constraint; the name is not needed
		case p.accept("GENERATED", "ALWAYS"), p.accept("AS"):
			p.accept("AS")
			if _, ok := p.group(); !ok {
				unknown()
				return p.finishColumn(col, start), cons
			}
			col.defKnown = false
			_ = p.accept("VIRTUAL") || p.accept("STORED") || p.accept("PERSISTENT")
		default:
			unknown()
			return p.finishColumn(col, start), cons
		}
	}
	return p.finishColumn(col, start), cons
}

func (p *tokReader) finishColumn(col *column, start token) *column {
	col.origin = p.s.origin(p.s.posAt(start.off), col.render())
	return col
}

// defaultExpr reads a DEFAULT value: a literal, a signed number, a word
// such as CURRENT_TIMESTAMP (with optional parentheses) or a
// parenthesised expression, canonically.
func (p *tokReader) defaultExpr() (string, bool) {
	t := p.peek(0)
	switch {
	case t.punct('-') || t.punct('+'):
		if n := p.peek(1); n.kind == tNumber {
			p.i += 2
			return normNumber(t.text + n.text), true
		}
		return "", false
	case t.kind == tNumber:
		p.i++
		return normNumber(t.text), true
	case t.kind == tString:
		p.i++
		v := sqlsplit.Unquote(t.text)
		if sqlsplit.IsNumber(v) && v != "" && t.text[0] == '\'' {
			return normNumber(v), true
		}
		return "'" + strings.ReplaceAll(v, "'", "''") + "'", true
	case t.punct('('):
		g, _ := p.group()
		return "(" + tokText(g) + ")", true
	case t.kind == tWord:
		p.i++
		w := strings.ToUpper(t.text)
		if p.peek(0).punct('(') {
			g, _ := p.group()
			if len(g) > 0 && w != "CURRENT_TIMESTAMP" && w != "NOW" {
				return w + "(" + tokText(g) + ")", true
			}
		}
		switch w {
		case "NOW", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "LOCALTIME":
			return "CURRENT_TIMESTAMP", true
		case "TRUE":
			return "1", true
		case "FALSE":
			return "0", true
		}
		return w, true
	}
	return "", false
}

// normNumber drops a leading plus and trailing zeros after a decimal
// point, so 0.0, '0' and 0 compare equal as defaults.
func normNumber(s string) string {
	s = strings.TrimPrefix(s, "+")
	if strings.Contains(s, ".") && !strings.ContainsAny(s, "eExX") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		if s == "" || s == "-" {
			s += "0"
		}
	}
	return s
}

// canonicalType renders a MySQL or SQLite column type canonically.
// MySQL's integer display widths (int(11)) mean nothing for storage and
// are dropped, and its synonyms are folded. SQLite keeps what was
// written, lower-cased: any text is a valid SQLite type.
func (p *tokReader) canonicalType(typ []token) string {
	if len(typ) == 0 {
		return ""
	}
	s := strings.ToLower(tokText(typ))
	if p.d != sqlsplit.MySQL {
		return s
	}
	base, rest, _ := strings.Cut(s, "(")
	base = strings.TrimSpace(base)
	mods := ""
	if rest != "" {
		inner, after, _ := strings.Cut(rest, ")")
		mods, rest = "("+inner+")", strings.TrimSpace(after)
	}
	switch base {
	case "integer":
		base = "int"
	case "bool", "boolean":
		base, mods = "tinyint", "(1)"
	case "dec", "numeric", "fixed":
		base = "decimal"
	case "double precision", "real":
		base = "double"
	}
	switch base {
	case "tinyint", "smallint", "mediumint", "int", "bigint":
		if mods != "(1)" || base != "tinyint" {
			mods = ""
		}
	}
	out := base + mods
	if rest != "" {
		out += " " + rest
	}
	return out
}

// createIndex reads CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX.
func (p *tokReader) createIndex() {
	s := p.s
	unique := p.accept("UNIQUE")
	method := ""
	if p.at("FULLTEXT") || p.at("SPATIAL") {
		method = strings.ToLower(p.peek(0).text)
		p.i++
	}
	if !p.accept("INDEX") {
		s.kind = kindUnknown
		return
	}
	ifNot := p.accept("IF", "NOT", "EXISTS")
	n, ok := p.name()
	if !ok {
		s.kind = kindUnknown
		return
	}
	if p.accept("USING") {
		p.i++
	}
	if !p.accept("ON") {
		s.kind = kindUnknown
		return
	}
	tbl, ok := p.name()
	if !ok {
		s.kind = kindUnknown
		return
	}
	idx := &index{name: n, named: true, table: tbl, unique: unique, method: method}
	cols, ok := p.indexColumns()
	idx.cols, idx.known = cols, ok
	for !p.done() {
		switch {
		case p.accept("USING"):
			p.i++
		case p.at("ALGORITHM") || p.at("LOCK"):
			p.lockClause()
		case p.accept("WHERE"):
			idx.where = tokText(p.toks[p.i:])
			p.i = len(p.toks)
		default:
			p.i++ // COMMENT, VISIBLE, KEY_BLOCK_SIZE …
		}
	}
	idx.origin = s.origin(s.Start, idx.render())
	s.addOp(op{kind: opCreateIndex, table: tbl, name: n, idx: idx, ifExists: ifNot, pos: s.Start})
}

// lockClause reads MySQL's ALGORITHM [=] x or LOCK [=] x.
func (p *tokReader) lockClause() {
	which := strings.ToUpper(p.peek(0).text)
	p.i++
	p.acceptPunct('=')
	v := strings.ToUpper(p.peek(0).text)
	p.i++
	if which == "ALGORITHM" {
		p.s.algorithm = v
	} else {
		p.s.lock = v
	}
}

// alterTable reads ALTER TABLE, after TABLE.
func (p *tokReader) alterTable() {
	s := p.s
	s.verb = "ALTER TABLE"
	p.accept("ONLINE")
	p.accept("IGNORE")
	p.accept("IF", "EXISTS")
	tbl, ok := p.name()
	if !ok {
		s.kind = kindUnknown
		return
	}
	for !p.done() {
		p.alterAction(tbl)
		p.skipClause()
		if !p.acceptPunct(',') {
			break
		}
	}
}

// alterAction reads one action of ALTER TABLE and records its ops.
func (p *tokReader) alterAction(tbl string) {
	s := p.s
	startTok := p.peek(0)
	pos := s.posAt(startTok.off)
	add := func(o op) {
		o.table = tbl
		if o.pos.Line == 0 {
			o.pos = pos
		}
		s.addOp(o)
	}
	switch {
	case p.at("ALGORITHM") || p.at("LOCK"):
		p.lockClause()
	case p.accept("ADD"):
		t := &table{name: tbl}
		if p.at("CONSTRAINT") || p.at("PRIMARY") || p.at("UNIQUE") || p.at("FOREIGN") || p.at("CHECK") ||
			p.at("INDEX") || p.at("KEY") || p.at("FULLTEXT") || p.at("SPATIAL") {
			save := p.i
			if p.at("INDEX") || p.at("KEY") || p.at("FULLTEXT") || p.at("SPATIAL") ||
				p.at("UNIQUE", "INDEX") || p.at("UNIQUE", "KEY") {
				// ADD INDEX name (cols): an index, not a constraint.
				unique := p.accept("UNIQUE")
				method := ""
				if p.at("FULLTEXT") || p.at("SPATIAL") {
					method = strings.ToLower(p.peek(0).text)
					p.i++
				}
				_ = p.accept("INDEX") || p.accept("KEY")
				n := ""
				if !p.peek(0).punct('(') {
					n, _ = p.name()
				}
				cols, ok := p.indexColumns()
				if n == "" && ok && len(cols) > 0 {
					n = strings.SplitN(cols[0], "(", 2)[0]
				}
				if n == "" {
					return
				}
				idx := &index{name: n, named: true, table: tbl, unique: unique, method: method, cols: cols, known: ok}
				idx.origin = s.origin(pos, idx.render())
				add(op{kind: opCreateIndex, name: n, idx: idx})
				return
			}
			p.i = save
			con, _, ok := p.tableConstraint(t)
			if !ok || con == nil {
				add(op{kind: opAlterTableOther})
				return
			}
			add(op{kind: opAddConstraint, name: con.name, con: con})
			return
		}
		p.accept("COLUMN")
		ifNot := p.accept("IF", "NOT", "EXISTS")
		if p.peek(0).punct('(') {
			add(op{kind: opAlterTableOther}) // ADD (a INT, b INT)
			return
		}
		col, cons := p.columnDef(tbl)
		if col == nil {
			add(op{kind: opAlterTableOther})
			return
		}
		add(op{kind: opAddColumn, name: col.name, col: col, ifExists: ifNot, pos: col.origin.pos})
		for _, c := range cons {
			if c.name == "" {
				c.name = p.defaultConstraintName(t, c)
			}
			c.origin = s.origin(col.origin.pos, c.render())
			add(op{kind: opAddConstraint, name: c.name, con: c, viaColumn: true, ifExists: ifNot, pos: col.origin.pos})
		}
	case p.accept("DROP"):
		switch {
		case p.accept("PRIMARY", "KEY"):
			add(op{kind: opDropConstraint, name: "PRIMARY"})
			return
		case p.accept("FOREIGN", "KEY"), p.accept("CONSTRAINT"), p.accept("CHECK"):
			ifEx := p.accept("IF", "EXISTS")
			n, ok := p.name()
			if !ok {
				add(op{kind: opAlterTableOther})
				return
			}
			add(op{kind: opDropConstraint, name: n, ifExists: ifEx})
			return
		case p.accept("INDEX"), p.accept("KEY"):
			ifEx := p.accept("IF", "EXISTS")
			n, ok := p.name()
			if !ok {
				add(op{kind: opAlterTableOther})
				return
			}
			add(op{kind: opDropIndex, name: n, ifExists: ifEx})
			return
		}
		p.accept("COLUMN")
		ifEx := p.accept("IF", "EXISTS")
		n, ok := p.name()
		if !ok {
			add(op{kind: opAlterTableOther})
			return
		}
		add(op{kind: opDropColumn, name: n, ifExists: ifEx})
	case p.accept("CHANGE"):
		p.accept("COLUMN")
		old, ok := p.name()
		if !ok {
			add(op{kind: opAlterTableOther})
			return
		}
		col, _ := p.columnDef(tbl)
		if col == nil {
			add(op{kind: opAlterTableOther})
			return
		}
		add(op{kind: opModifyColumn, name: old, newName: col.name, col: col})
	case p.accept("MODIFY"):
		p.accept("COLUMN")
		col, _ := p.columnDef(tbl)
		if col == nil {
			add(op{kind: opAlterTableOther})
			return
		}
		add(op{kind: opModifyColumn, name: col.name, newName: col.name, col: col})
	case p.accept("RENAME"):
		switch {
		case p.accept("COLUMN"):
			a, ok1 := p.name()
			p.accept("TO")
			b, ok2 := p.name()
			if !ok1 || !ok2 {
				add(op{kind: opAlterTableOther})
				return
			}
			add(op{kind: opRenameColumn, name: a, newName: b})
			return
		case p.accept("INDEX"), p.accept("KEY"):
			a, ok1 := p.name()
			p.accept("TO")
			b, ok2 := p.name()
			if !ok1 || !ok2 {
				return
			}
			add(op{kind: opRenameIndex, name: a, newName: b})
			return
		}
		hadTo := p.accept("TO") || p.accept("AS")
		n, ok := p.name()
		if !ok {
			add(op{kind: opAlterTableOther})
			return
		}
		if !hadTo && p.accept("TO") {
			// SQLite: RENAME a TO b renames a column.
			if b, ok := p.name(); ok {
				add(op{kind: opRenameColumn, name: n, newName: b})
				return
			}
			add(op{kind: opAlterTableOther})
			return
		}
		add(op{kind: opRenameTable, newName: n})
	case p.accept("ALTER"):
		p.accept("COLUMN")
		n, ok := p.name()
		if !ok {
			add(op{kind: opAlterTableOther})
			return
		}
		switch {
		case p.accept("SET", "DEFAULT"):
			d, ok := p.defaultExpr()
			add(op{kind: opSetDefault, name: n, col: &column{name: n, def: d, defKnown: ok}})
			return
		case p.accept("DROP", "DEFAULT"):
			add(op{kind: opDropDefault, name: n})
			return
		}
		// SET VISIBLE / INVISIBLE: nothing the model holds.
	case p.accept("CONVERT", "TO"):
		add(op{kind: opTableRebuild, name: "CONVERT TO CHARACTER SET", newName: tableOptionCharset(p.toks[p.i:], true)})
	case p.at("ENGINE"), p.at("FORCE"):
		add(op{kind: opTableRebuild, name: strings.ToUpper(startTok.text)})
	case p.at("DEFAULT") || p.at("CHARACTER") || p.at("CHARSET") || p.at("COLLATE") || p.at("COMMENT") ||
		p.at("AUTO_INCREMENT") || p.at("ROW_FORMAT") || p.at("KEY_BLOCK_SIZE") || p.at("ORDER"):
		// Table options: of what the model holds, only the character set
		// of new columns.
		if cs := tableOptionCharset(p.toks[p.i:], true); cs != "" {
			add(op{kind: opTableCharset, newName: cs})
		}
	default:
		add(op{kind: opAlterTableOther})
	}
}

// drop reads DROP …, after DROP.
func (p *tokReader) drop() {
	s := p.s
	p.accept("TEMPORARY")
	kinds := []struct {
		kw  string
		obj objKind
	}{{"TABLE", objTable}, {"VIEW", objView}, {"INDEX", objIndex}, {"TRIGGER", objTrigger},
		{"DATABASE", objDatabase}, {"SCHEMA", objDatabase}, {"PROCEDURE", objProcedure},
		{"FUNCTION", objFunction}, {"EVENT", objOther}}
	for _, k := range kinds {
		if !p.accept(k.kw) {
			continue
		}
		s.verb = "DROP " + k.kw
		ifEx := p.accept("IF", "EXISTS")
		for {
			n, ok := p.name()
			if !ok {
				return
			}
			o := op{ifExists: ifEx, pos: s.Start}
			switch k.obj {
			case objTable:
				o.kind, o.table = opDropTable, n
			case objIndex:
				o.kind, o.name = opDropIndex, n
				if p.accept("ON") {
					o.table, _ = p.name()
				}
			case objTrigger:
				o.kind, o.obj, o.name = opDropObject, objTrigger, n
			default:
				o.kind, o.obj, o.name = opDropObject, k.obj, n
			}
			s.addOp(o)
			if !p.acceptPunct(',') {
				break
			}
		}
		if p.accept("CASCADE") {
			for i := range s.ops {
				s.ops[i].cascade = true
			}
		}
		for !p.done() {
			if p.at("ALGORITHM") || p.at("LOCK") {
				p.lockClause()
				continue
			}
			p.i++
		}
		return
	}
	s.verb = "DROP"
}

// renameTables reads MySQL's RENAME TABLE a TO b [, c TO d].
func (p *tokReader) renameTables() {
	for {
		a, ok1 := p.name()
		p.accept("TO")
		b, ok2 := p.name()
		if !ok1 || !ok2 {
			return
		}
		p.s.addOp(op{kind: opRenameTable, table: a, newName: b, pos: p.s.Start})
		if !p.acceptPunct(',') {
			return
		}
	}
}

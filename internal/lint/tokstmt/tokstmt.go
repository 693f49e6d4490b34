package tokstmt

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
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
	s    *facts.Stmt
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
func Read(d sqlsplit.Dialect, s *facts.Stmt) {
	p := &tokReader{d: d, s: s, toks: lexTokens(d, s.Text, s.Mode)}
	if p.done() {
		return
	}
	first := p.peek(0)
	s.Kind = facts.KindUnknown
	switch {
	case s.Transaction != "":
		// The splitter's classification, which strata refuses by.
		s.Kind, s.Verb = facts.KindTxn, s.Transaction
	case first.is("CREATE"):
		p.i++
		s.Kind = facts.KindDDL
		p.create()
	case first.is("ALTER"):
		s.Kind = facts.KindDDL
		if p.at("ALTER", "TABLE") {
			p.i += 2
			p.alterTable()
		} else {
			s.Verb = "ALTER"
		}
	case first.is("DROP"):
		p.i++
		s.Kind = facts.KindDDL
		p.drop()
	case first.is("RENAME"):
		s.Kind, s.Verb = facts.KindDDL, "RENAME TABLE"
		p.i++
		p.accept("TABLE")
		p.renameTables()
	case first.is("TRUNCATE"):
		s.Kind, s.Verb = facts.KindDML, "TRUNCATE"
		p.i++
		p.accept("TABLE")
		if n, ok := p.name(); ok {
			s.AddOp(facts.Op{Kind: facts.OpTruncate, Table: n, Pos: s.Start})
		}
	case first.is("INSERT"), first.is("REPLACE"):
		s.Kind, s.Verb = facts.KindDML, strings.ToUpper(first.text)
		for !p.done() && !p.at("INTO") && !p.peek(0).punct('(') {
			p.i++
		}
		if p.accept("INTO") {
			if n, ok := p.name(); ok {
				s.AddOp(facts.Op{Kind: facts.OpWrite, Table: n, Pos: s.Start})
			}
		}
	case first.is("UPDATE"):
		s.Kind, s.Verb = facts.KindDML, "UPDATE"
		p.i++
		for p.accept("LOW_PRIORITY") || p.accept("IGNORE") || p.accept("OR") {
			if p.peek(0).kind == tWord && !p.at("SET") && p.peek(1).kind == tWord {
				p.i++ // UPDATE OR REPLACE t (SQLite)
			}
		}
		if n, ok := p.name(); ok {
			s.AddOp(facts.Op{Kind: facts.OpWrite, Table: n, Pos: s.Start})
		}
	case first.is("DELETE"):
		s.Kind, s.Verb = facts.KindDML, "DELETE"
		for !p.done() && !p.at("FROM") {
			p.i++
		}
		if p.accept("FROM") {
			if n, ok := p.name(); ok {
				s.AddOp(facts.Op{Kind: facts.OpWrite, Table: n, Pos: s.Start})
			}
		}
	case first.is("WITH"):
		// A CTE ahead of INSERT/UPDATE/DELETE: find the verb at depth 0.
		s.Kind, s.Verb = facts.KindQuery, "SELECT"
		for !p.done() {
			if p.peek(0).punct('(') {
				if _, ok := p.group(); !ok {
					break // unbalanced: give up
				}
				continue
			}
			t := p.peek(0)
			if t.is("INSERT") || t.is("UPDATE") || t.is("DELETE") || t.is("REPLACE") {
				s.Kind, s.Verb = facts.KindDML, strings.ToUpper(t.text)
				break
			}
			p.i++
		}
	case first.is("SELECT"), first.is("SHOW"), first.is("EXPLAIN"), first.is("DESCRIBE"), first.is("DESC"), first.is("VALUES"):
		s.Kind, s.Verb = facts.KindQuery, strings.ToUpper(first.text)
	case first.is("SET"), first.is("PRAGMA"):
		s.Kind, s.Verb = facts.KindSet, strings.ToUpper(first.text)
		p.i++
		for p.accept("SESSION") || p.accept("LOCAL") || p.accept("GLOBAL") || p.acceptPunct('@') {
		}
		if n, ok := p.name(); ok {
			s.Setting = n
		}
	case first.is("BEGIN"):
		s.Kind, s.Verb = facts.KindProcedural, "BEGIN NOT ATOMIC"
	case first.is("CALL"), first.is("DO"):
		s.Kind, s.Verb = facts.KindProcedural, strings.ToUpper(first.text)
	case first.is("ANALYZE"), first.is("OPTIMIZE"), first.is("VACUUM"), first.is("REINDEX"), first.is("LOCK"), first.is("UNLOCK"), first.is("FLUSH"):
		s.Kind, s.Verb = facts.KindMaintenance, strings.ToUpper(first.text)
	case first.is("GRANT"), first.is("REVOKE"):
		s.Kind, s.Verb = facts.KindDDL, strings.ToUpper(first.text)
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
		s.Verb = "CREATE TABLE"
		p.createTable(temporary, false)
	case p.accept("VIRTUAL", "TABLE"):
		s.Verb = "CREATE VIRTUAL TABLE"
		p.createTable(false, true)
	case p.at("INDEX") || p.at("UNIQUE") || p.at("FULLTEXT") || p.at("SPATIAL"):
		s.Verb = "CREATE INDEX"
		p.createIndex()
	case p.accept("VIEW"):
		s.Verb = "CREATE VIEW"
		p.createObject(facts.ObjView, orReplace)
	case p.accept("TRIGGER"):
		s.Verb = "CREATE TRIGGER"
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
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjTrigger, Table: tbl, Name: n, IfExists: ifNot, Pos: s.Start})
	case p.accept("DATABASE"), p.accept("SCHEMA"):
		s.Verb = "CREATE DATABASE"
		p.createObject(facts.ObjDatabase, false)
	case p.accept("PROCEDURE"):
		s.Verb = "CREATE PROCEDURE"
		p.createObject(facts.ObjProcedure, orReplace)
	case p.accept("FUNCTION"):
		s.Verb = "CREATE FUNCTION"
		p.createObject(facts.ObjFunction, orReplace)
	case p.accept("EVENT"):
		s.Verb = "CREATE EVENT"
		p.createObject(facts.ObjOther, orReplace)
	default:
		s.Verb = "CREATE"
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

func (p *tokReader) createObject(k facts.ObjKind, orReplace bool) {
	ifNot := p.accept("IF", "NOT", "EXISTS")
	if n, ok := p.name(); ok {
		p.s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: k, Name: n, IfExists: ifNot, OrReplace: orReplace, Pos: p.s.Start})
	}
}

// createTable reads CREATE TABLE, after TABLE.
func (p *tokReader) createTable(temporary, virtual bool) {
	s := p.s
	ifNot := p.accept("IF", "NOT", "EXISTS")
	start := p.peek(0)
	n, ok := p.name()
	if !ok {
		s.Kind = facts.KindUnknown
		return
	}
	t := &facts.Table{Name: n, Origin: s.Origin(s.PosAt(start.off), "CREATE TABLE "+n)}
	o := facts.Op{Kind: facts.OpCreateTable, Table: n, Tbl: t, IfExists: ifNot, Temporary: temporary, Pos: t.Origin.Pos}
	body, ok := p.group()
	if virtual || !ok {
		// CREATE TABLE … AS SELECT, … LIKE other, CREATE VIRTUAL TABLE:
		// the columns are not written here.
		t.Incomplete = true
		s.AddOp(o)
		return
	}
	for _, part := range splitTop(body) {
		p.tableElement(t, part)
	}
	if p.d == sqlsplit.MySQL {
		t.Charset = tableOptionCharset(p.toks[p.i:], false)
		for _, c := range t.Cols {
			if c.Charset == "" && facts.IsTextType(c.Type) {
				c.Charset = t.Charset
			}
		}
	}
	for _, c := range t.Cons {
		if c.Kind == facts.ConPrimary {
			for _, cn := range c.Cols {
				if col := t.Column(cn); col != nil && p.d == sqlsplit.MySQL {
					col.Null = facts.NotNull // MySQL makes primary key columns NOT NULL
				}
			}
		}
	}
	s.AddOp(o)
}

// tableElement reads one element of CREATE TABLE's list: a column or a
// table constraint.
func (p *tokReader) tableElement(t *facts.Table, part []token) {
	if len(part) == 0 {
		return
	}
	sub := &tokReader{d: p.d, s: p.s, toks: part}
	if con, isCon, ok := sub.tableConstraint(t); isCon {
		if ok && con != nil {
			t.Cons = append(t.Cons, con)
		} else if !ok {
			t.Incomplete = true
		}
		return
	}
	col, cons := sub.columnDef(t.Name)
	if col == nil {
		t.Incomplete = true
		return
	}
	t.Cols = append(t.Cols, col)
	t.Cons = append(t.Cons, cons...)
}

// tableConstraint reads a table constraint or a MySQL inline index. isCon
// reports whether the element is one at all; ok whether it was read.
// Inline indexes (KEY/INDEX) come back as nil constraints: the model
// does not need them for its checks.
func (p *tokReader) tableConstraint(t *facts.Table) (con *facts.Constraint, isCon, ok bool) {
	start := p.peek(0)
	name := ""
	if p.accept("CONSTRAINT") {
		if !p.at("PRIMARY") && !p.at("UNIQUE") && !p.at("FOREIGN") && !p.at("CHECK") {
			name, _ = p.name()
		}
	}
	con = &facts.Constraint{Name: name, Named: name != ""}
	switch {
	case p.accept("PRIMARY", "KEY"):
		con.Kind = facts.ConPrimary
	case p.accept("UNIQUE"):
		con.Kind = facts.ConUnique
		_ = p.accept("INDEX") || p.accept("KEY")
		if !p.peek(0).punct('(') && !p.at("USING") {
			if n, ok := p.name(); ok && !con.Named {
				con.Name, con.Named = n, true
			}
		}
	case p.accept("FOREIGN", "KEY"):
		con.Kind = facts.ConForeign
		if !p.peek(0).punct('(') {
			if n, ok := p.name(); ok && !con.Named {
				con.Name, con.Named = n, true
			}
		}
	case p.accept("CHECK"):
		con.Kind = facts.ConCheck
		g, ok := p.group()
		if !ok {
			return nil, true, false
		}
		con.Expr = tokText(g)
		con.Origin = p.s.Origin(p.s.PosAt(start.off), con.Render())
		return con, true, true
	case p.at("INDEX") || p.at("KEY") || p.at("FULLTEXT") || p.at("SPATIAL"):
		return nil, true, true
	default:
		if con.Named {
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
	con.Cols = cols
	if con.Kind == facts.ConForeign {
		if !p.foreignKeyRef(con) {
			return nil, true, false
		}
	}
	if !con.Named {
		con.Name = p.defaultConstraintName(t, con)
	}
	con.Origin = p.s.Origin(p.s.PosAt(start.off), con.Render())
	return con, true, true
}

// defaultConstraintName is the name MySQL gives an unnamed constraint
// (SQLite gives none; the model then matches by columns).
func (p *tokReader) defaultConstraintName(t *facts.Table, c *facts.Constraint) string {
	if p.d != sqlsplit.MySQL {
		return ""
	}
	switch c.Kind {
	case facts.ConPrimary:
		return "PRIMARY"
	case facts.ConForeign:
		n := 1
		for _, o := range t.Cons {
			if o.Kind == facts.ConForeign {
				n++
			}
		}
		return facts.BaseName(t.Name) + "_ibfk_" + facts.Itoa(n)
	case facts.ConUnique:
		if len(c.Cols) > 0 {
			return strings.SplitN(c.Cols[0], "(", 2)[0]
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
func (p *tokReader) foreignKeyRef(con *facts.Constraint) bool {
	if !p.accept("REFERENCES") {
		return false
	}
	ref, ok := p.name()
	if !ok {
		return false
	}
	con.RefTable = ref
	if p.peek(0).punct('(') {
		cols, ok := p.indexColumns()
		if !ok {
			return false
		}
		con.RefCols = cols
	}
	con.OnDelete, con.OnUpdate = facts.ActNoAction, facts.ActNoAction
	for !p.done() {
		switch {
		case p.accept("ON", "DELETE"):
			a, ok := p.action()
			if !ok {
				return false
			}
			con.OnDelete = a
		case p.accept("ON", "UPDATE"):
			a, ok := p.action()
			if !ok {
				return false
			}
			con.OnUpdate = a
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
		return facts.ActCascade, true
	case p.accept("RESTRICT"):
		return facts.ActRestrict, true
	case p.accept("SET", "NULL"):
		return facts.ActSetNull, true
	case p.accept("SET", "DEFAULT"):
		return facts.ActSetDefault, true
	case p.accept("NO", "ACTION"):
		return facts.ActNoAction, true
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
func (p *tokReader) columnDef(tableName string) (*facts.Column, []*facts.Constraint) {
	start := p.peek(0)
	if start.kind != tWord && start.kind != tIdent && !(start.kind == tString && p.d == sqlsplit.SQLite) {
		return nil, nil
	}
	p.i++
	col := &facts.Column{Name: start.name(), Null: facts.Nullable, DefKnown: true}
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
	col.Type = p.canonicalType(typ)
	sawNull := false
	var cons []*facts.Constraint
	unknown := func() {
		if !sawNull {
			col.Null = facts.NullUnknown
		}
		col.DefKnown = col.DefKnown && col.Def != ""
		if col.Def == "" {
			col.DefKnown = false
		}
	}
	if p.d == sqlsplit.MySQL && strings.HasPrefix(col.Type, "timestamp") {
		// Without explicit_defaults_for_timestamp (MySQL 5.x), a
		// TIMESTAMP column is NOT NULL with a default; which setting the
		// server had is unknown.
		col.Null = facts.NullUnknown
	}
	for !p.done() && !p.peek(0).punct(',') {
		switch {
		case p.accept("NOT", "NULL"):
			col.Null, sawNull = facts.NotNull, true
		case p.accept("NULL"):
			col.Null, sawNull = facts.Nullable, true
		case p.accept("DEFAULT"):
			d, ok := p.defaultExpr()
			if d == "NULL" {
				d = "" // the same as no default
			}
			col.Def, col.DefKnown = d, ok
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
				col.Null, sawNull = facts.NotNull, true
			}
			cons = append(cons, &facts.Constraint{Kind: facts.ConPrimary, Cols: []string{col.Name}, Inline: true, Name: p.defaultConstraintName(&facts.Table{Name: tableName}, &facts.Constraint{Kind: facts.ConPrimary})})
			if p.accept("ON", "CONFLICT") {
				p.i++
			}
		case p.accept("UNIQUE"):
			_ = p.accept("KEY")
			cons = append(cons, &facts.Constraint{Kind: facts.ConUnique, Cols: []string{col.Name}, Inline: true, Name: p.defaultConstraintName(&facts.Table{Name: tableName}, &facts.Constraint{Kind: facts.ConUnique, Cols: []string{col.Name}})})
		case p.accept("KEY"):
		case p.accept("COMMENT"), p.accept("COLUMN_FORMAT"), p.accept("STORAGE"), p.accept("SRID"):
			p.i++
		case p.accept("COLLATE"):
			if col.Charset == "" {
				col.Charset = facts.CharsetOfCollation(p.peek(0).name())
			}
			p.i++
		case p.accept("CHARACTER", "SET"), p.accept("CHARSET"):
			col.Charset = strings.ToLower(p.peek(0).name())
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
			cons = append(cons, &facts.Constraint{Kind: facts.ConCheck, Cols: []string{col.Name}, Expr: tokText(g), Inline: true})
		case p.at("REFERENCES"):
			con := &facts.Constraint{Kind: facts.ConForeign, Cols: []string{col.Name}, Inline: true}
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
			col.DefKnown = false
			_ = p.accept("VIRTUAL") || p.accept("STORED") || p.accept("PERSISTENT")
		default:
			unknown()
			return p.finishColumn(col, start), cons
		}
	}
	return p.finishColumn(col, start), cons
}

func (p *tokReader) finishColumn(col *facts.Column, start token) *facts.Column {
	col.Origin = p.s.Origin(p.s.PosAt(start.off), col.Render())
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
		s.Kind = facts.KindUnknown
		return
	}
	ifNot := p.accept("IF", "NOT", "EXISTS")
	n, ok := p.name()
	if !ok {
		s.Kind = facts.KindUnknown
		return
	}
	if p.accept("USING") {
		p.i++
	}
	if !p.accept("ON") {
		s.Kind = facts.KindUnknown
		return
	}
	tbl, ok := p.name()
	if !ok {
		s.Kind = facts.KindUnknown
		return
	}
	idx := &facts.Index{Name: n, Named: true, Table: tbl, Unique: unique, Method: method}
	cols, ok := p.indexColumns()
	idx.Cols, idx.Known = cols, ok
	for !p.done() {
		switch {
		case p.accept("USING"):
			p.i++
		case p.at("ALGORITHM") || p.at("LOCK"):
			p.lockClause()
		case p.accept("WHERE"):
			idx.Where = tokText(p.toks[p.i:])
			p.i = len(p.toks)
		default:
			p.i++ // COMMENT, VISIBLE, KEY_BLOCK_SIZE …
		}
	}
	idx.Origin = s.Origin(s.Start, idx.Render())
	s.AddOp(facts.Op{Kind: facts.OpCreateIndex, Table: tbl, Name: n, Idx: idx, IfExists: ifNot, Pos: s.Start})
}

// lockClause reads MySQL's ALGORITHM [=] x or LOCK [=] x.
func (p *tokReader) lockClause() {
	which := strings.ToUpper(p.peek(0).text)
	p.i++
	p.acceptPunct('=')
	v := strings.ToUpper(p.peek(0).text)
	p.i++
	if which == "ALGORITHM" {
		p.s.Algorithm = v
	} else {
		p.s.Lock = v
	}
}

// alterTable reads ALTER TABLE, after TABLE.
func (p *tokReader) alterTable() {
	s := p.s
	s.Verb = "ALTER TABLE"
	p.accept("ONLINE")
	p.accept("IGNORE")
	p.accept("IF", "EXISTS")
	tbl, ok := p.name()
	if !ok {
		s.Kind = facts.KindUnknown
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
	pos := s.PosAt(startTok.off)
	add := func(o facts.Op) {
		o.Table = tbl
		if o.Pos.Line == 0 {
			o.Pos = pos
		}
		s.AddOp(o)
	}
	switch {
	case p.at("ALGORITHM") || p.at("LOCK"):
		p.lockClause()
	case p.accept("ADD"):
		t := &facts.Table{Name: tbl}
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
				idx := &facts.Index{Name: n, Named: true, Table: tbl, Unique: unique, Method: method, Cols: cols, Known: ok}
				idx.Origin = s.Origin(pos, idx.Render())
				add(facts.Op{Kind: facts.OpCreateIndex, Name: n, Idx: idx})
				return
			}
			p.i = save
			con, _, ok := p.tableConstraint(t)
			if !ok || con == nil {
				add(facts.Op{Kind: facts.OpAlterTableOther})
				return
			}
			add(facts.Op{Kind: facts.OpAddConstraint, Name: con.Name, Con: con})
			return
		}
		p.accept("COLUMN")
		ifNot := p.accept("IF", "NOT", "EXISTS")
		if p.peek(0).punct('(') {
			add(facts.Op{Kind: facts.OpAlterTableOther}) // ADD (a INT, b INT)
			return
		}
		col, cons := p.columnDef(tbl)
		if col == nil {
			add(facts.Op{Kind: facts.OpAlterTableOther})
			return
		}
		add(facts.Op{Kind: facts.OpAddColumn, Name: col.Name, Col: col, IfExists: ifNot, Pos: col.Origin.Pos})
		for _, c := range cons {
			if c.Name == "" {
				c.Name = p.defaultConstraintName(t, c)
			}
			c.Origin = s.Origin(col.Origin.Pos, c.Render())
			add(facts.Op{Kind: facts.OpAddConstraint, Name: c.Name, Con: c, ViaColumn: true, IfExists: ifNot, Pos: col.Origin.Pos})
		}
	case p.accept("DROP"):
		switch {
		case p.accept("PRIMARY", "KEY"):
			add(facts.Op{Kind: facts.OpDropConstraint, Name: "PRIMARY"})
			return
		case p.accept("FOREIGN", "KEY"), p.accept("CONSTRAINT"), p.accept("CHECK"):
			ifEx := p.accept("IF", "EXISTS")
			n, ok := p.name()
			if !ok {
				add(facts.Op{Kind: facts.OpAlterTableOther})
				return
			}
			add(facts.Op{Kind: facts.OpDropConstraint, Name: n, IfExists: ifEx})
			return
		case p.accept("INDEX"), p.accept("KEY"):
			ifEx := p.accept("IF", "EXISTS")
			n, ok := p.name()
			if !ok {
				add(facts.Op{Kind: facts.OpAlterTableOther})
				return
			}
			add(facts.Op{Kind: facts.OpDropIndex, Name: n, IfExists: ifEx})
			return
		}
		p.accept("COLUMN")
		ifEx := p.accept("IF", "EXISTS")
		n, ok := p.name()
		if !ok {
			add(facts.Op{Kind: facts.OpAlterTableOther})
			return
		}
		add(facts.Op{Kind: facts.OpDropColumn, Name: n, IfExists: ifEx})
	case p.accept("CHANGE"):
		p.accept("COLUMN")
		old, ok := p.name()
		if !ok {
			add(facts.Op{Kind: facts.OpAlterTableOther})
			return
		}
		col, _ := p.columnDef(tbl)
		if col == nil {
			add(facts.Op{Kind: facts.OpAlterTableOther})
			return
		}
		add(facts.Op{Kind: facts.OpModifyColumn, Name: old, NewName: col.Name, Col: col})
	case p.accept("MODIFY"):
		p.accept("COLUMN")
		col, _ := p.columnDef(tbl)
		if col == nil {
			add(facts.Op{Kind: facts.OpAlterTableOther})
			return
		}
		add(facts.Op{Kind: facts.OpModifyColumn, Name: col.Name, NewName: col.Name, Col: col})
	case p.accept("RENAME"):
		switch {
		case p.accept("COLUMN"):
			a, ok1 := p.name()
			p.accept("TO")
			b, ok2 := p.name()
			if !ok1 || !ok2 {
				add(facts.Op{Kind: facts.OpAlterTableOther})
				return
			}
			add(facts.Op{Kind: facts.OpRenameColumn, Name: a, NewName: b})
			return
		case p.accept("INDEX"), p.accept("KEY"):
			a, ok1 := p.name()
			p.accept("TO")
			b, ok2 := p.name()
			if !ok1 || !ok2 {
				return
			}
			add(facts.Op{Kind: facts.OpRenameIndex, Name: a, NewName: b})
			return
		}
		hadTo := p.accept("TO") || p.accept("AS")
		n, ok := p.name()
		if !ok {
			add(facts.Op{Kind: facts.OpAlterTableOther})
			return
		}
		if !hadTo && p.accept("TO") {
			// SQLite: RENAME a TO b renames a column.
			if b, ok := p.name(); ok {
				add(facts.Op{Kind: facts.OpRenameColumn, Name: n, NewName: b})
				return
			}
			add(facts.Op{Kind: facts.OpAlterTableOther})
			return
		}
		add(facts.Op{Kind: facts.OpRenameTable, NewName: n})
	case p.accept("ALTER"):
		p.accept("COLUMN")
		n, ok := p.name()
		if !ok {
			add(facts.Op{Kind: facts.OpAlterTableOther})
			return
		}
		switch {
		case p.accept("SET", "DEFAULT"):
			d, ok := p.defaultExpr()
			add(facts.Op{Kind: facts.OpSetDefault, Name: n, Col: &facts.Column{Name: n, Def: d, DefKnown: ok}})
			return
		case p.accept("DROP", "DEFAULT"):
			add(facts.Op{Kind: facts.OpDropDefault, Name: n})
			return
		}
		// SET VISIBLE / INVISIBLE: nothing the model holds.
	case p.accept("CONVERT", "TO"):
		add(facts.Op{Kind: facts.OpTableRebuild, Name: "CONVERT TO CHARACTER SET", NewName: tableOptionCharset(p.toks[p.i:], true)})
	case p.at("ENGINE"), p.at("FORCE"):
		add(facts.Op{Kind: facts.OpTableRebuild, Name: strings.ToUpper(startTok.text)})
	case p.at("DEFAULT") || p.at("CHARACTER") || p.at("CHARSET") || p.at("COLLATE") || p.at("COMMENT") ||
		p.at("AUTO_INCREMENT") || p.at("ROW_FORMAT") || p.at("KEY_BLOCK_SIZE") || p.at("ORDER"):
		// Table options: of what the model holds, only the character set
		// of new columns.
		if cs := tableOptionCharset(p.toks[p.i:], true); cs != "" {
			add(facts.Op{Kind: facts.OpTableCharset, NewName: cs})
		}
	default:
		add(facts.Op{Kind: facts.OpAlterTableOther})
	}
}

// drop reads DROP …, after DROP.
func (p *tokReader) drop() {
	s := p.s
	p.accept("TEMPORARY")
	kinds := []struct {
		kw  string
		obj facts.ObjKind
	}{{"TABLE", facts.ObjTable}, {"VIEW", facts.ObjView}, {"INDEX", facts.ObjIndex}, {"TRIGGER", facts.ObjTrigger},
		{"DATABASE", facts.ObjDatabase}, {"SCHEMA", facts.ObjDatabase}, {"PROCEDURE", facts.ObjProcedure},
		{"FUNCTION", facts.ObjFunction}, {"EVENT", facts.ObjOther}}
	for _, k := range kinds {
		if !p.accept(k.kw) {
			continue
		}
		s.Verb = "DROP " + k.kw
		ifEx := p.accept("IF", "EXISTS")
		for {
			n, ok := p.name()
			if !ok {
				return
			}
			o := facts.Op{IfExists: ifEx, Pos: s.Start}
			switch k.obj {
			case facts.ObjTable:
				o.Kind, o.Table = facts.OpDropTable, n
			case facts.ObjIndex:
				o.Kind, o.Name = facts.OpDropIndex, n
				if p.accept("ON") {
					o.Table, _ = p.name()
				}
			case facts.ObjTrigger:
				o.Kind, o.Obj, o.Name = facts.OpDropObject, facts.ObjTrigger, n
			default:
				o.Kind, o.Obj, o.Name = facts.OpDropObject, k.obj, n
			}
			s.AddOp(o)
			if !p.acceptPunct(',') {
				break
			}
		}
		if p.accept("CASCADE") {
			for i := range s.Ops {
				s.Ops[i].Cascade = true
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
	s.Verb = "DROP"
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
		p.s.AddOp(facts.Op{Kind: facts.OpRenameTable, Table: a, NewName: b, Pos: p.s.Start})
		if !p.acceptPunct(',') {
			return
		}
	}
}

package tokstmt

import (
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

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
		return facts.BaseName(t.Name) + "_ibfk_" + strconv.Itoa(n)
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

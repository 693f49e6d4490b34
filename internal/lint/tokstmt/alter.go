package tokstmt

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
)

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

package tokstmt

import (
	"github.com/strata-db/strata/internal/lint/facts"
)

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

package pgtree

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
)

func alterTable(s *facts.Stmt, a *AlterTableStmt) {
	name := relName(a.Relation)
	switch a.Objtype {
	case "OBJECT_TABLE", "OBJECT_FOREIGN_TABLE":
		s.Verb = "ALTER TABLE"
	default:
		// ALTER INDEX/SEQUENCE/VIEW … SET (…): nothing the model holds.
		s.Verb = "ALTER " + strings.TrimPrefix(a.Objtype, "OBJECT_")
		return
	}
	for _, cn := range a.Cmds {
		cmd := cn.alterTableCmd()
		if cmd == nil {
			continue
		}
		o := facts.Op{Table: name, Name: cmd.Name, IfExists: cmd.MissingOk, Pos: s.Start,
			Cascade: cmd.Behavior == "DROP_CASCADE"}
		switch cmd.Subtype {
		case "AT_AddColumn":
			cd := cmd.Def.columnDef()
			if cd == nil {
				continue
			}
			col, cons := column(s, name, cd)
			o.Kind, o.Name, o.Col, o.Pos = facts.OpAddColumn, col.Name, col, col.Origin.Pos
			s.AddOp(o)
			for _, con := range cons {
				s.AddOp(facts.Op{Kind: facts.OpAddConstraint, Table: name, Name: con.Name, Con: con, Pos: con.Origin.Pos, IfExists: cmd.MissingOk, ViaColumn: true})
			}
			continue
		case "AT_DropColumn":
			o.Kind = facts.OpDropColumn
		case "AT_ColumnDefault":
			if cmd.Def == nil {
				o.Kind = facts.OpDropDefault
			} else {
				def, ok := exprString(cmd.Def)
				o.Kind = facts.OpSetDefault
				o.Col = &facts.Column{Name: cmd.Name, Def: def, DefKnown: ok}
			}
		case "AT_SetNotNull":
			o.Kind = facts.OpSetNotNull
		case "AT_DropNotNull":
			o.Kind = facts.OpDropNotNull
		case "AT_AlterColumnType":
			cd := cmd.Def.columnDef()
			o.Kind = facts.OpAlterColumnType
			if cd != nil {
				o.Type = typeString(cd.TypeName)
				o.Pos = s.ParserPos(cd.TypeName.location())
			}
		case "AT_AddConstraint":
			c := cmd.Def.constraint()
			if c == nil {
				continue
			}
			con := constraintOf(s, name, c, nil)
			if con == nil {
				continue
			}
			o.Kind, o.Name, o.Con, o.Pos = facts.OpAddConstraint, con.Name, con, con.Origin.Pos
		case "AT_DropConstraint":
			o.Kind = facts.OpDropConstraint
		case "AT_ValidateConstraint":
			o.Kind = facts.OpValidateConstraint
		case "AT_AddInherit", "AT_DropInherit", "AT_AddOf", "AT_DropOf", "AT_AttachPartition", "AT_DetachPartition":
			o.Kind = facts.OpAlterTableOther
		default:
			// Owner, storage, statistics, triggers, row security, …:
			// nothing the model holds.
			continue
		}
		s.AddOp(o)
	}
}

func createIndex(s *facts.Stmt, x *IndexStmt) {
	s.Verb = "CREATE INDEX"
	tableName := relName(x.Relation)
	idx := &facts.Index{Table: tableName, Unique: x.Unique, Known: true}
	if x.AccessMethod != "" && x.AccessMethod != "btree" {
		idx.Method = x.AccessMethod
	}
	var colNames []string
	for _, p := range x.IndexParams {
		e := p.indexElem()
		if e == nil {
			idx.Known = false
			continue
		}
		colNames = append(colNames, indexColName(e))
		c := e.Name
		if c == "" {
			expr, ok := exprString(e.Expr)
			if !ok {
				idx.Known = false
			}
			c = "(" + expr + ")"
		}
		if len(e.Opclass) > 0 {
			c += " " + qualName(e.Opclass)
		}
		if e.Ordering == "SORTBY_DESC" {
			c += " DESC"
		}
		idx.Cols = append(idx.Cols, c)
	}
	if x.WhereClause != nil {
		w, ok := exprString(x.WhereClause)
		idx.Where = w
		idx.Known = idx.Known && ok
	}
	idx.Named = x.Idxname != ""
	if idx.Named {
		idx.Name = facts.SchemaPrefix(tableName) + x.Idxname
	} else {
		label := "idx"
		if x.Primary {
			label = "pkey"
		}
		idx.Name = facts.SchemaPrefix(tableName) + objectName(facts.BaseName(tableName), strings.Join(colNames, "_"), label)
	}
	idx.Origin = s.Origin(s.Start, idx.Render())
	s.AddOp(facts.Op{Kind: facts.OpCreateIndex, Table: tableName, Name: idx.Name, Idx: idx, IfExists: x.IfNotExists,
		Concurrently: x.Concurrent, Pos: s.Start})
}

// dropKinds maps DROP's object types to the model's.
var dropKinds = map[string]facts.ObjKind{
	"OBJECT_VIEW": facts.ObjView, "OBJECT_MATVIEW": facts.ObjMatView,
	"OBJECT_SEQUENCE": facts.ObjSequence, "OBJECT_TYPE": facts.ObjType,
	"OBJECT_DOMAIN": facts.ObjDomain, "OBJECT_FUNCTION": facts.ObjFunction,
	"OBJECT_PROCEDURE": facts.ObjProcedure, "OBJECT_ROUTINE": facts.ObjFunction,
	"OBJECT_TRIGGER": facts.ObjTrigger, "OBJECT_SCHEMA": facts.ObjSchema,
	"OBJECT_EXTENSION": facts.ObjExtension,
}

func drop(s *facts.Stmt, d *DropStmt) {
	s.Verb = "DROP " + strings.ReplaceAll(strings.TrimPrefix(d.RemoveType, "OBJECT_"), "_", " ")
	for _, obj := range d.Objects {
		o := facts.Op{IfExists: d.MissingOk, Cascade: d.Behavior == "DROP_CASCADE", Concurrently: d.Concurrent, Pos: s.Start}
		name := objectNameOf(obj)
		switch d.RemoveType {
		case "OBJECT_TABLE", "OBJECT_FOREIGN_TABLE":
			o.Kind, o.Table = facts.OpDropTable, name
		case "OBJECT_INDEX":
			o.Kind, o.Name = facts.OpDropIndex, name
		case "OBJECT_TRIGGER":
			o.Kind, o.Obj, o.Name = facts.OpDropObject, facts.ObjTrigger, name
			o.Table = facts.SchemaPrefix(name)
			if o.Table != "" {
				o.Table = o.Table[:len(o.Table)-1]
			}
		default:
			k, ok := dropKinds[d.RemoveType]
			if !ok {
				k = facts.ObjOther
			}
			o.Kind, o.Obj, o.Name = facts.OpDropObject, k, name
		}
		s.AddOp(o)
	}
}

// objectNameOf names the object of a DROP: a dotted name list, a type
// name, a function signature or a plain string.
func objectNameOf(n *Node) string {
	if n == nil {
		return ""
	}
	switch x := n.v.(type) {
	case *List:
		return qualName(x.Items)
	case *String:
		return x.Sval
	case *TypeName:
		return qualName(x.Names)
	case *ObjectWithArgs:
		return qualName(x.Objname)
	}
	return ""
}

func rename(s *facts.Stmt, r *RenameStmt) {
	table := relName(r.Relation)
	o := facts.Op{Table: table, IfExists: r.MissingOk, Pos: s.Start}
	switch r.RenameType {
	case "OBJECT_TABLE", "OBJECT_FOREIGN_TABLE":
		s.Verb = "ALTER TABLE RENAME"
		o.Kind, o.NewName = facts.OpRenameTable, facts.SchemaPrefix(table)+r.Newname
	case "OBJECT_COLUMN":
		s.Verb = "ALTER TABLE RENAME COLUMN"
		if r.RelationType != "OBJECT_TABLE" && r.RelationType != "OBJECT_FOREIGN_TABLE" {
			return // a view's or a type's column
		}
		o.Kind, o.Name, o.NewName = facts.OpRenameColumn, r.Subname, r.Newname
	case "OBJECT_TABCONSTRAINT":
		s.Verb = "ALTER TABLE RENAME CONSTRAINT"
		o.Kind, o.Name, o.NewName = facts.OpRenameConstraint, r.Subname, r.Newname
	case "OBJECT_INDEX":
		s.Verb = "ALTER INDEX RENAME"
		o.Kind, o.Name, o.NewName, o.Table = facts.OpRenameIndex, table, facts.SchemaPrefix(table)+r.Newname, ""
	default:
		s.Verb = "RENAME"
		k, ok := dropKinds[r.RenameType]
		if !ok {
			return
		}
		name := table
		if name == "" && r.Object != nil {
			name = objectNameOf(r.Object)
		}
		if k == facts.ObjTrigger {
			name = table + "." + r.Subname
			o.NewName = table + "." + r.Newname
		} else {
			o.NewName = facts.SchemaPrefix(name) + r.Newname
			o.Table = ""
		}
		o.Kind, o.Obj, o.Name = facts.OpRenameObject, k, name
	}
	s.AddOp(o)
}

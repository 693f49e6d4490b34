package lint

import (
	"strings"
)

// translatePG derives a statement's facts from its parse tree.
func translatePG(s *stmt, n *pgNode) {
	if n == nil {
		return
	}
	s.kind = kindDDL
	switch x := n.v.(type) {
	case *pgCreateStmt:
		pgCreateTable(s, x)
	case *pgCreateTableAsStmt:
		rel := x.Into.rel()
		name := relName(rel)
		if x.Objtype == "OBJECT_MATVIEW" {
			s.verb = "CREATE MATERIALIZED VIEW"
			s.addOp(op{kind: opCreateObject, obj: objMatView, name: name, ifExists: x.IfNotExists, pos: s.Start})
			return
		}
		s.verb = "CREATE TABLE AS"
		s.addOp(op{kind: opCreateTable, table: name, ifExists: x.IfNotExists, pos: s.Start,
			temporary: rel.temporary(),
			tbl:       &table{name: name, incomplete: true, origin: s.origin(s.Start, "")}})
	case *pgAlterTableStmt:
		pgAlterTable(s, x)
	case *pgIndexStmt:
		pgCreateIndex(s, x)
	case *pgDropStmt:
		pgDrop(s, x)
	case *pgDropdbStmt:
		s.verb = "DROP DATABASE"
		s.addOp(op{kind: opDropObject, obj: objDatabase, name: x.Dbname, ifExists: x.MissingOk, pos: s.Start})
	case *pgRenameStmt:
		pgRename(s, x)
	case *pgAlterObjectSchemaStmt:
		s.verb = "ALTER … SET SCHEMA"
		if x.ObjectType == "OBJECT_TABLE" && x.Relation != nil {
			to := x.Relation.Relname
			if x.Newschema != "public" {
				to = x.Newschema + "." + to
			}
			s.addOp(op{kind: opRenameTable, table: relName(x.Relation), newName: to, ifExists: x.MissingOk, pos: s.Start})
		}
	case *pgTruncateStmt:
		s.kind, s.verb = kindDML, "TRUNCATE"
		for _, r := range x.Relations {
			s.addOp(op{kind: opTruncate, table: relName(r.rangeVar()), cascade: x.Behavior == "DROP_CASCADE", pos: s.Start})
		}
	case *pgRelationStmt:
		s.kind, s.verb = kindDML, strings.ToUpper(strings.TrimSuffix(n.typ, "Stmt"))
		s.addOp(op{kind: opWrite, table: relName(x.Relation), pos: s.Start})
	case *pgCopyStmt:
		if x.IsFrom {
			s.kind, s.verb = kindDML, "COPY"
			s.addOp(op{kind: opWrite, table: relName(x.Relation), pos: s.Start})
		} else {
			s.kind, s.verb = kindQuery, "COPY"
		}
	case *pgSelectStmt:
		if into := x.IntoClause; into != nil {
			name := relName(into.Rel)
			s.verb = "SELECT INTO"
			s.addOp(op{kind: opCreateTable, table: name, pos: s.Start, temporary: into.Rel.temporary(),
				tbl: &table{name: name, incomplete: true, origin: s.origin(s.Start, "")}})
			return
		}
		s.kind, s.verb = kindQuery, "SELECT"
	case *pgViewStmt:
		s.verb = "CREATE VIEW"
		s.addOp(op{kind: opCreateObject, obj: objView, name: relName(x.View), orReplace: x.Replace, pos: s.Start})
	case *pgCreateFunctionStmt:
		kind, verb := objFunction, "CREATE FUNCTION"
		if x.IsProcedure {
			kind, verb = objProcedure, "CREATE PROCEDURE"
		}
		s.verb = verb
		s.addOp(op{kind: opCreateObject, obj: kind, name: qualName(x.Funcname), orReplace: x.Replace, pos: s.Start})
	case *pgCreateTrigStmt:
		s.verb = "CREATE TRIGGER"
		s.addOp(op{kind: opCreateObject, obj: objTrigger, table: relName(x.Relation), name: relName(x.Relation) + "." + x.Trigname,
			orReplace: x.Replace, uses: qualName(x.Funcname), pos: s.Start})
	case *pgCreateSeqStmt:
		s.verb = "CREATE SEQUENCE"
		s.addOp(op{kind: opCreateObject, obj: objSequence, name: relName(x.Sequence), ifExists: x.IfNotExists, pos: s.Start})
	case *pgTypeNameStmt: // CREATE TYPE … AS ENUM, AS RANGE
		s.verb = "CREATE TYPE"
		s.addOp(op{kind: opCreateObject, obj: objType, name: qualName(x.TypeName), pos: s.Start})
	case *pgCompositeTypeStmt:
		s.verb = "CREATE TYPE"
		s.addOp(op{kind: opCreateObject, obj: objType, name: relName(x.Typevar), pos: s.Start})
	case *pgDefineStmt:
		s.verb = "CREATE"
		if x.Kind == "OBJECT_TYPE" {
			s.verb = "CREATE TYPE"
			s.addOp(op{kind: opCreateObject, obj: objType, name: qualName(x.Defnames), ifExists: x.IfNotExists, pos: s.Start})
		}
	case *pgCreateDomainStmt:
		s.verb = "CREATE DOMAIN"
		s.addOp(op{kind: opCreateObject, obj: objDomain, name: qualName(x.Domainname), pos: s.Start})
	case *pgCreateSchemaStmt:
		s.verb = "CREATE SCHEMA"
		s.addOp(op{kind: opCreateObject, obj: objSchema, name: x.Schemaname, ifExists: x.IfNotExists, pos: s.Start})
	case *pgCreateExtensionStmt:
		s.verb = "CREATE EXTENSION"
		s.addOp(op{kind: opCreateObject, obj: objExtension, name: x.Extname, ifExists: x.IfNotExists, pos: s.Start})
	case *pgVariableSetStmt:
		s.kind, s.verb = kindSet, "SET"
		s.setting = strings.ToLower(x.Name)
		switch x.Kind {
		case "VAR_RESET", "VAR_SET_DEFAULT":
			s.verb, s.unsets = "RESET", true
		case "VAR_RESET_ALL":
			s.verb, s.setting, s.unsets = "RESET", "all", true
		}
		if args := x.Args; len(args) == 1 {
			if c := args[0].aConst(); c != nil {
				if c.Sval != nil {
					s.value = c.Sval.Sval
				}
				// For timeouts, 0 means none.
				if c.Ival != nil && c.Ival.Ival == 0 && c.Sval == nil {
					s.unsets = true
				}
				if v := strings.TrimSpace(s.value); v == "0" || v == "0s" || v == "0ms" {
					s.unsets = true
				}
			}
		}
	case *pgTransactionStmt:
		s.kind, s.verb = kindTxn, strings.TrimPrefix(x.Kind, "TRANS_STMT_")
	case *pgDoStmt:
		s.kind, s.verb = kindProcedural, "DO"
		for _, a := range x.Args {
			if d := a.defElem(); d != nil && d.Defname == "as" {
				body, _ := d.Arg.str()
				s.addOp(op{kind: opTouch, name: body, pos: s.Start})
			}
		}
	default:
		translatePGOther(s, n.typ)
	}
}

// translatePGOther derives the facts of the statements whose fields lint
// does not read: their type says all.
func translatePGOther(s *stmt, typ string) {
	switch typ {
	case "ExplainStmt", "VariableShowStmt":
		s.kind, s.verb = kindQuery, "EXPLAIN"
	case "CallStmt":
		s.kind, s.verb = kindProcedural, "CALL"
	case "VacuumStmt":
		s.kind, s.verb = kindMaintenance, "VACUUM"
	case "ReindexStmt":
		s.kind, s.verb = kindMaintenance, "REINDEX"
	case "ClusterStmt":
		s.kind, s.verb = kindMaintenance, "CLUSTER"
	case "RefreshMatViewStmt":
		s.kind, s.verb = kindMaintenance, "REFRESH MATERIALIZED VIEW"
	case "LockStmt":
		s.kind, s.verb = kindMaintenance, "LOCK"
	case "CheckPointStmt", "DiscardStmt", "NotifyStmt", "ListenStmt", "UnlistenStmt", "LoadStmt":
		s.kind, s.verb = kindMaintenance, "utility"
	default:
		// COMMENT, GRANT, ALTER TYPE … ADD VALUE, CREATE POLICY and the
		// like: schema statements that change nothing the model holds.
		s.verb = "DDL"
	}
}

func pgCreateTable(s *stmt, c *pgCreateStmt) {
	name := relName(c.Relation)
	s.verb = "CREATE TABLE"
	t := &table{name: name, origin: s.origin(s.parserPos(c.Relation.location()), "CREATE TABLE "+name)}
	t.incomplete = len(c.InhRelations) > 0 || c.Partbound != nil || c.OfTypename != nil
	for _, e := range c.TableElts {
		switch x := e.v.(type) {
		case *pgColumnDef:
			col, cons := pgColumn(s, name, x)
			t.cols = append(t.cols, col)
			t.cons = append(t.cons, cons...)
		case *pgConstraint:
			if con := pgConstraintOf(s, name, x, nil); con != nil {
				t.cons = append(t.cons, con)
			}
		default:
			t.incomplete = true // LIKE other_table
		}
	}
	for _, con := range t.cons {
		if con.kind == conPrimary {
			for _, cn := range con.cols {
				if col := t.column(cn); col != nil {
					col.null = notNull
				}
			}
		}
	}
	s.addOp(op{kind: opCreateTable, table: name, tbl: t, ifExists: c.IfNotExists, pos: t.origin.pos,
		temporary: c.Relation.temporary()})
}

// pgColumn builds a column and the constraints written on it.
func pgColumn(s *stmt, tableName string, cd *pgColumnDef) (*column, []*constraint) {
	pos := s.parserPos(cd.Location)
	col := &column{name: cd.Colname, null: nullable, defKnown: true}
	base := qualName(cd.TypeName.names())
	if it, ok := serialTypes[base]; ok && len(cd.TypeName.arrayBounds()) == 0 {
		col.typ = it
		col.def = "nextval(" + quoteLiteral(schemaPrefix(tableName)+pgObjectName(baseName(tableName), cd.Colname, "seq")) + ")"
		col.rewrite = base + " column (its default is nextval())"
	} else {
		col.typ = typeString(cd.TypeName)
	}
	if cd.IsNotNull {
		col.null = notNull
	}
	var cons []*constraint
	for _, cn := range cd.Constraints {
		c := cn.constraint()
		if c == nil {
			continue
		}
		switch c.Contype {
		case "CONSTR_NOTNULL":
			col.null = notNull
		case "CONSTR_NULL":
			col.null = nullable
		case "CONSTR_DEFAULT":
			col.def, col.defKnown = exprString(c.RawExpr)
			if c.RawExpr.is("A_Const") {
				// An untyped literal takes the column's type.
				col.def = normConst(col.def, col.typ)
			}
			if col.def == "NULL" {
				col.def = "" // the same as no default
			}
			if f := volatileCall(c.RawExpr); f != "" {
				col.rewrite = "volatile default " + f
			}
		case "CONSTR_IDENTITY":
			col.null = notNull
			col.rewrite = "identity column"
		case "CONSTR_GENERATED":
			col.rewrite = "stored generated column"
			col.defKnown = false
		case "CONSTR_PRIMARY", "CONSTR_UNIQUE", "CONSTR_FOREIGN", "CONSTR_CHECK", "CONSTR_EXCLUSION":
			if con := pgConstraintOf(s, tableName, c, col); con != nil {
				if con.kind == conPrimary {
					col.null = notNull
				}
				cons = append(cons, con)
			}
		}
	}
	text := col.render()
	for _, c := range cons {
		text += " " + c.renderInline()
	}
	col.origin = s.origin(pos, text)
	return col, cons
}

// pgConstraintOf builds a table constraint, or one written on column
// col. It returns nil for the attribute pseudo-constraints (DEFERRABLE …).
func pgConstraintOf(s *stmt, tableName string, c *pgConstraint, col *column) *constraint {
	con := &constraint{name: c.Conname, named: c.Conname != "", notValid: c.SkipValidation, usingIndex: c.Indexname, inline: col != nil}
	cols := strs(c.Keys)
	switch c.Contype {
	case "CONSTR_PRIMARY":
		con.kind = conPrimary
	case "CONSTR_UNIQUE":
		con.kind = conUnique
	case "CONSTR_FOREIGN":
		con.kind = conForeign
		cols = strs(c.FkAttrs)
		con.refTable = relName(c.Pktable)
		con.refCols = strs(c.PkAttrs)
		con.onDelete = fkAction(c.FkDelAction)
		con.onUpdate = fkAction(c.FkUpdAction)
	case "CONSTR_CHECK":
		con.kind = conCheck
		con.expr, _ = exprString(c.RawExpr)
		if col == nil {
			if refs := columnRefs(c.RawExpr); len(refs) == 1 {
				cols = refs
			}
		}
	case "CONSTR_EXCLUSION":
		con.kind = conExclusion
		for _, e := range c.Exclusions {
			if l := e.list(); l != nil && len(l.Items) > 0 {
				if ie := l.Items[0].indexElem(); ie != nil {
					cols = append(cols, indexColName(ie))
				}
			}
		}
	default:
		return nil
	}
	if col != nil {
		cols = []string{col.name}
	}
	con.cols = cols // empty for ADD CONSTRAINT … USING INDEX: the replay takes them from the index
	if !con.named {
		con.name = defaultConstraintName(tableName, con)
	}
	con.origin = s.origin(s.parserPos(c.Location), con.render())
	return con
}

// defaultConstraintName is the name PostgreSQL chooses for an unnamed
// constraint.
func defaultConstraintName(tableName string, c *constraint) string {
	t := baseName(tableName)
	cols := strings.Join(c.cols, "_")
	switch c.kind {
	case conPrimary:
		return pgObjectName(t, "", "pkey")
	case conUnique:
		return pgObjectName(t, cols, "key")
	case conForeign:
		return pgObjectName(t, cols, "fkey")
	case conExclusion:
		return pgObjectName(t, cols, "excl")
	}
	if len(c.cols) == 1 {
		return pgObjectName(t, c.cols[0], "check")
	}
	return pgObjectName(t, "", "check")
}

func pgAlterTable(s *stmt, a *pgAlterTableStmt) {
	name := relName(a.Relation)
	switch a.Objtype {
	case "OBJECT_TABLE", "OBJECT_FOREIGN_TABLE":
		s.verb = "ALTER TABLE"
	default:
		// ALTER INDEX/SEQUENCE/VIEW … SET (…): nothing the model holds.
		s.verb = "ALTER " + strings.TrimPrefix(a.Objtype, "OBJECT_")
		return
	}
	for _, cn := range a.Cmds {
		cmd := cn.alterTableCmd()
		if cmd == nil {
			continue
		}
		o := op{table: name, name: cmd.Name, ifExists: cmd.MissingOk, pos: s.Start,
			cascade: cmd.Behavior == "DROP_CASCADE"}
		switch cmd.Subtype {
		case "AT_AddColumn":
			cd := cmd.Def.columnDef()
			if cd == nil {
				continue
			}
			col, cons := pgColumn(s, name, cd)
			o.kind, o.name, o.col, o.pos = opAddColumn, col.name, col, col.origin.pos
			s.addOp(o)
			for _, con := range cons {
				s.addOp(op{kind: opAddConstraint, table: name, name: con.name, con: con, pos: con.origin.pos, ifExists: cmd.MissingOk, viaColumn: true})
			}
			continue
		case "AT_DropColumn":
			o.kind = opDropColumn
		case "AT_ColumnDefault":
			if cmd.Def == nil {
				o.kind = opDropDefault
			} else {
				def, ok := exprString(cmd.Def)
				o.kind = opSetDefault
				o.col = &column{name: cmd.Name, def: def, defKnown: ok}
			}
		case "AT_SetNotNull":
			o.kind = opSetNotNull
		case "AT_DropNotNull":
			o.kind = opDropNotNull
		case "AT_AlterColumnType":
			cd := cmd.Def.columnDef()
			o.kind = opAlterColumnType
			if cd != nil {
				o.typ = typeString(cd.TypeName)
				o.pos = s.parserPos(cd.TypeName.location())
			}
		case "AT_AddConstraint":
			c := cmd.Def.constraint()
			if c == nil {
				continue
			}
			con := pgConstraintOf(s, name, c, nil)
			if con == nil {
				continue
			}
			o.kind, o.name, o.con, o.pos = opAddConstraint, con.name, con, con.origin.pos
		case "AT_DropConstraint":
			o.kind = opDropConstraint
		case "AT_ValidateConstraint":
			o.kind = opValidateConstraint
		case "AT_AddInherit", "AT_DropInherit", "AT_AddOf", "AT_DropOf", "AT_AttachPartition", "AT_DetachPartition":
			o.kind = opAlterTableOther
		default:
			// Owner, storage, statistics, triggers, row security, …:
			// nothing the model holds.
			continue
		}
		s.addOp(o)
	}
}

func pgCreateIndex(s *stmt, x *pgIndexStmt) {
	s.verb = "CREATE INDEX"
	tableName := relName(x.Relation)
	idx := &index{table: tableName, unique: x.Unique, known: true}
	if x.AccessMethod != "" && x.AccessMethod != "btree" {
		idx.method = x.AccessMethod
	}
	var colNames []string
	for _, p := range x.IndexParams {
		e := p.indexElem()
		if e == nil {
			idx.known = false
			continue
		}
		colNames = append(colNames, indexColName(e))
		c := e.Name
		if c == "" {
			expr, ok := exprString(e.Expr)
			if !ok {
				idx.known = false
			}
			c = "(" + expr + ")"
		}
		if len(e.Opclass) > 0 {
			c += " " + qualName(e.Opclass)
		}
		if e.Ordering == "SORTBY_DESC" {
			c += " DESC"
		}
		idx.cols = append(idx.cols, c)
	}
	if x.WhereClause != nil {
		w, ok := exprString(x.WhereClause)
		idx.where = w
		idx.known = idx.known && ok
	}
	idx.named = x.Idxname != ""
	if idx.named {
		idx.name = schemaPrefix(tableName) + x.Idxname
	} else {
		label := "idx"
		if x.Primary {
			label = "pkey"
		}
		idx.name = schemaPrefix(tableName) + pgObjectName(baseName(tableName), strings.Join(colNames, "_"), label)
	}
	idx.origin = s.origin(s.Start, idx.render())
	s.addOp(op{kind: opCreateIndex, table: tableName, name: idx.name, idx: idx, ifExists: x.IfNotExists,
		concurrently: x.Concurrent, pos: s.Start})
}

// pgDropKinds maps DROP's object types to the model's.
var pgDropKinds = map[string]objKind{
	"OBJECT_VIEW": objView, "OBJECT_MATVIEW": objMatView,
	"OBJECT_SEQUENCE": objSequence, "OBJECT_TYPE": objType,
	"OBJECT_DOMAIN": objDomain, "OBJECT_FUNCTION": objFunction,
	"OBJECT_PROCEDURE": objProcedure, "OBJECT_ROUTINE": objFunction,
	"OBJECT_TRIGGER": objTrigger, "OBJECT_SCHEMA": objSchema,
	"OBJECT_EXTENSION": objExtension,
}

func pgDrop(s *stmt, d *pgDropStmt) {
	s.verb = "DROP " + strings.ReplaceAll(strings.TrimPrefix(d.RemoveType, "OBJECT_"), "_", " ")
	for _, obj := range d.Objects {
		o := op{ifExists: d.MissingOk, cascade: d.Behavior == "DROP_CASCADE", concurrently: d.Concurrent, pos: s.Start}
		name := pgObjectNameOf(obj)
		switch d.RemoveType {
		case "OBJECT_TABLE", "OBJECT_FOREIGN_TABLE":
			o.kind, o.table = opDropTable, name
		case "OBJECT_INDEX":
			o.kind, o.name = opDropIndex, name
		case "OBJECT_TRIGGER":
			o.kind, o.obj, o.name = opDropObject, objTrigger, name
			o.table = schemaPrefix(name)
			if o.table != "" {
				o.table = o.table[:len(o.table)-1]
			}
		default:
			k, ok := pgDropKinds[d.RemoveType]
			if !ok {
				k = objOther
			}
			o.kind, o.obj, o.name = opDropObject, k, name
		}
		s.addOp(o)
	}
}

// pgObjectNameOf names the object of a DROP: a dotted name list, a type
// name, a function signature or a plain string.
func pgObjectNameOf(n *pgNode) string {
	if n == nil {
		return ""
	}
	switch x := n.v.(type) {
	case *pgList:
		return qualName(x.Items)
	case *pgString:
		return x.Sval
	case *pgTypeName:
		return qualName(x.Names)
	case *pgObjectWithArgs:
		return qualName(x.Objname)
	}
	return ""
}

func pgRename(s *stmt, r *pgRenameStmt) {
	table := relName(r.Relation)
	o := op{table: table, ifExists: r.MissingOk, pos: s.Start}
	switch r.RenameType {
	case "OBJECT_TABLE", "OBJECT_FOREIGN_TABLE":
		s.verb = "ALTER TABLE RENAME"
		o.kind, o.newName = opRenameTable, schemaPrefix(table)+r.Newname
	case "OBJECT_COLUMN":
		s.verb = "ALTER TABLE RENAME COLUMN"
		if r.RelationType != "OBJECT_TABLE" && r.RelationType != "OBJECT_FOREIGN_TABLE" {
			return // a view's or a type's column
		}
		o.kind, o.name, o.newName = opRenameColumn, r.Subname, r.Newname
	case "OBJECT_TABCONSTRAINT":
		s.verb = "ALTER TABLE RENAME CONSTRAINT"
		o.kind, o.name, o.newName = opRenameConstraint, r.Subname, r.Newname
	case "OBJECT_INDEX":
		s.verb = "ALTER INDEX RENAME"
		o.kind, o.name, o.newName, o.table = opRenameIndex, table, schemaPrefix(table)+r.Newname, ""
	default:
		s.verb = "RENAME"
		k, ok := pgDropKinds[r.RenameType]
		if !ok {
			return
		}
		name := table
		if name == "" && r.Object != nil {
			name = pgObjectNameOf(r.Object)
		}
		if k == objTrigger {
			name = table + "." + r.Subname
			o.newName = table + "." + r.Newname
		} else {
			o.newName = schemaPrefix(name) + r.Newname
			o.table = ""
		}
		o.kind, o.obj, o.name = opRenameObject, k, name
	}
	s.addOp(o)
}

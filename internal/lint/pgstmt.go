package lint

import (
	"strings"

	pg "github.com/pganalyze/pg_query_go/v6"
)

// translatePG derives a statement's facts from its parse tree.
func translatePG(s *stmt, n *pg.Node) {
	if n == nil {
		return
	}
	s.kind = kindDDL
	switch x := n.Node.(type) {
	case *pg.Node_CreateStmt:
		pgCreateTable(s, x.CreateStmt)
	case *pg.Node_CreateTableAsStmt:
		c := x.CreateTableAsStmt
		name := relName(c.Into.GetRel())
		if c.Objtype == pg.ObjectType_OBJECT_MATVIEW {
			s.verb = "CREATE MATERIALIZED VIEW"
			s.addOp(op{kind: opCreateObject, obj: objMatView, name: name, ifExists: c.IfNotExists, pos: s.Start})
			return
		}
		s.verb = "CREATE TABLE AS"
		s.addOp(op{kind: opCreateTable, table: name, ifExists: c.IfNotExists, pos: s.Start,
			temporary: c.Into.GetRel().GetRelpersistence() == "t",
			tbl:       &table{name: name, incomplete: true, origin: s.origin(s.Start, "")}})
	case *pg.Node_AlterTableStmt:
		pgAlterTable(s, x.AlterTableStmt)
	case *pg.Node_IndexStmt:
		pgCreateIndex(s, x.IndexStmt)
	case *pg.Node_DropStmt:
		pgDrop(s, x.DropStmt)
	case *pg.Node_DropdbStmt:
		s.verb = "DROP DATABASE"
		s.addOp(op{kind: opDropObject, obj: objDatabase, name: x.DropdbStmt.Dbname, ifExists: x.DropdbStmt.MissingOk, pos: s.Start})
	case *pg.Node_RenameStmt:
		pgRename(s, x.RenameStmt)
	case *pg.Node_AlterObjectSchemaStmt:
		a := x.AlterObjectSchemaStmt
		s.verb = "ALTER … SET SCHEMA"
		if a.ObjectType == pg.ObjectType_OBJECT_TABLE && a.Relation != nil {
			to := a.Relation.Relname
			if a.Newschema != "public" {
				to = a.Newschema + "." + to
			}
			s.addOp(op{kind: opRenameTable, table: relName(a.Relation), newName: to, ifExists: a.MissingOk, pos: s.Start})
		}
	case *pg.Node_TruncateStmt:
		s.kind, s.verb = kindDML, "TRUNCATE"
		for _, r := range x.TruncateStmt.Relations {
			s.addOp(op{kind: opTruncate, table: relName(r.GetRangeVar()), cascade: x.TruncateStmt.Behavior == pg.DropBehavior_DROP_CASCADE, pos: s.Start})
		}
	case *pg.Node_InsertStmt:
		s.kind, s.verb = kindDML, "INSERT"
		s.addOp(op{kind: opWrite, table: relName(x.InsertStmt.Relation), pos: s.Start})
	case *pg.Node_UpdateStmt:
		s.kind, s.verb = kindDML, "UPDATE"
		s.addOp(op{kind: opWrite, table: relName(x.UpdateStmt.Relation), pos: s.Start})
	case *pg.Node_DeleteStmt:
		s.kind, s.verb = kindDML, "DELETE"
		s.addOp(op{kind: opWrite, table: relName(x.DeleteStmt.Relation), pos: s.Start})
	case *pg.Node_MergeStmt:
		s.kind, s.verb = kindDML, "MERGE"
		s.addOp(op{kind: opWrite, table: relName(x.MergeStmt.Relation), pos: s.Start})
	case *pg.Node_CopyStmt:
		if x.CopyStmt.IsFrom {
			s.kind, s.verb = kindDML, "COPY"
			s.addOp(op{kind: opWrite, table: relName(x.CopyStmt.Relation), pos: s.Start})
		} else {
			s.kind, s.verb = kindQuery, "COPY"
		}
	case *pg.Node_SelectStmt:
		if into := x.SelectStmt.IntoClause; into != nil {
			name := relName(into.Rel)
			s.verb = "SELECT INTO"
			s.addOp(op{kind: opCreateTable, table: name, pos: s.Start, temporary: into.Rel.GetRelpersistence() == "t",
				tbl: &table{name: name, incomplete: true, origin: s.origin(s.Start, "")}})
			return
		}
		s.kind, s.verb = kindQuery, "SELECT"
	case *pg.Node_ExplainStmt, *pg.Node_VariableShowStmt:
		s.kind, s.verb = kindQuery, "EXPLAIN"
	case *pg.Node_ViewStmt:
		s.verb = "CREATE VIEW"
		s.addOp(op{kind: opCreateObject, obj: objView, name: relName(x.ViewStmt.View), orReplace: x.ViewStmt.Replace, pos: s.Start})
	case *pg.Node_CreateFunctionStmt:
		f := x.CreateFunctionStmt
		kind, verb := objFunction, "CREATE FUNCTION"
		if f.IsProcedure {
			kind, verb = objProcedure, "CREATE PROCEDURE"
		}
		s.verb = verb
		s.addOp(op{kind: opCreateObject, obj: kind, name: qualName(f.Funcname), orReplace: f.Replace, pos: s.Start})
	case *pg.Node_CreateTrigStmt:
		t := x.CreateTrigStmt
		s.verb = "CREATE TRIGGER"
		s.addOp(op{kind: opCreateObject, obj: objTrigger, table: relName(t.Relation), name: relName(t.Relation) + "." + t.Trigname,
			orReplace: t.Replace, uses: qualName(t.Funcname), pos: s.Start})
	case *pg.Node_CreateSeqStmt:
		s.verb = "CREATE SEQUENCE"
		s.addOp(op{kind: opCreateObject, obj: objSequence, name: relName(x.CreateSeqStmt.Sequence), ifExists: x.CreateSeqStmt.IfNotExists, pos: s.Start})
	case *pg.Node_CreateEnumStmt:
		s.verb = "CREATE TYPE"
		s.addOp(op{kind: opCreateObject, obj: objType, name: qualName(x.CreateEnumStmt.TypeName), pos: s.Start})
	case *pg.Node_CompositeTypeStmt:
		s.verb = "CREATE TYPE"
		s.addOp(op{kind: opCreateObject, obj: objType, name: relName(x.CompositeTypeStmt.Typevar), pos: s.Start})
	case *pg.Node_CreateRangeStmt:
		s.verb = "CREATE TYPE"
		s.addOp(op{kind: opCreateObject, obj: objType, name: qualName(x.CreateRangeStmt.TypeName), pos: s.Start})
	case *pg.Node_DefineStmt:
		s.verb = "CREATE"
		if x.DefineStmt.Kind == pg.ObjectType_OBJECT_TYPE {
			s.verb = "CREATE TYPE"
			s.addOp(op{kind: opCreateObject, obj: objType, name: qualName(x.DefineStmt.Defnames), ifExists: x.DefineStmt.IfNotExists, pos: s.Start})
		}
	case *pg.Node_CreateDomainStmt:
		s.verb = "CREATE DOMAIN"
		s.addOp(op{kind: opCreateObject, obj: objDomain, name: qualName(x.CreateDomainStmt.Domainname), pos: s.Start})
	case *pg.Node_CreateSchemaStmt:
		s.verb = "CREATE SCHEMA"
		s.addOp(op{kind: opCreateObject, obj: objSchema, name: x.CreateSchemaStmt.Schemaname, ifExists: x.CreateSchemaStmt.IfNotExists, pos: s.Start})
	case *pg.Node_CreateExtensionStmt:
		s.verb = "CREATE EXTENSION"
		s.addOp(op{kind: opCreateObject, obj: objExtension, name: x.CreateExtensionStmt.Extname, ifExists: x.CreateExtensionStmt.IfNotExists, pos: s.Start})
	case *pg.Node_VariableSetStmt:
		s.kind, s.verb = kindSet, "SET"
		s.setting = strings.ToLower(x.VariableSetStmt.Name)
		switch x.VariableSetStmt.Kind {
		case pg.VariableSetKind_VAR_RESET, pg.VariableSetKind_VAR_SET_DEFAULT:
			s.verb, s.unsets = "RESET", true
		case pg.VariableSetKind_VAR_RESET_ALL:
			s.verb, s.setting, s.unsets = "RESET", "all", true
		}
		if args := x.VariableSetStmt.Args; len(args) == 1 {
			if c := args[0].GetAConst(); c != nil {
				s.value = c.GetSval().GetSval()
				// For timeouts, 0 means none.
				if iv := c.GetIval(); iv != nil && iv.Ival == 0 && c.GetSval() == nil {
					s.unsets = true
				}
				if v := strings.TrimSpace(s.value); v == "0" || v == "0s" || v == "0ms" {
					s.unsets = true
				}
			}
		}
	case *pg.Node_TransactionStmt:
		s.kind, s.verb = kindTxn, strings.TrimPrefix(x.TransactionStmt.Kind.String(), "TRANS_STMT_")
	case *pg.Node_DoStmt:
		s.kind, s.verb = kindProcedural, "DO"
		for _, a := range x.DoStmt.Args {
			if d := a.GetDefElem(); d != nil && d.Defname == "as" {
				s.addOp(op{kind: opTouch, name: d.Arg.GetString_().GetSval(), pos: s.Start})
			}
		}
	case *pg.Node_CallStmt:
		s.kind, s.verb = kindProcedural, "CALL"
	case *pg.Node_VacuumStmt:
		s.kind, s.verb = kindMaintenance, "VACUUM"
	case *pg.Node_ReindexStmt:
		s.kind, s.verb = kindMaintenance, "REINDEX"
	case *pg.Node_ClusterStmt:
		s.kind, s.verb = kindMaintenance, "CLUSTER"
	case *pg.Node_RefreshMatViewStmt:
		s.kind, s.verb = kindMaintenance, "REFRESH MATERIALIZED VIEW"
	case *pg.Node_LockStmt:
		s.kind, s.verb = kindMaintenance, "LOCK"
	case *pg.Node_CheckPointStmt, *pg.Node_DiscardStmt, *pg.Node_NotifyStmt, *pg.Node_ListenStmt, *pg.Node_UnlistenStmt, *pg.Node_LoadStmt:
		s.kind, s.verb = kindMaintenance, "utility"
	default:
		// COMMENT, GRANT, ALTER TYPE … ADD VALUE, CREATE POLICY and the
		// like: schema statements that change nothing the model holds.
		s.verb = "DDL"
	}
}

// addOp appends an op to the statement.
func (s *stmt) addOp(o op) {
	s.ops = append(s.ops, o)
}

func pgCreateTable(s *stmt, c *pg.CreateStmt) {
	name := relName(c.Relation)
	s.verb = "CREATE TABLE"
	t := &table{name: name, origin: s.origin(s.parserPos(c.Relation.GetLocation()), "CREATE TABLE "+name)}
	t.incomplete = len(c.InhRelations) > 0 || c.Partbound != nil || c.OfTypename != nil
	for _, e := range c.TableElts {
		switch x := e.Node.(type) {
		case *pg.Node_ColumnDef:
			col, cons := pgColumn(s, name, x.ColumnDef)
			t.cols = append(t.cols, col)
			t.cons = append(t.cons, cons...)
		case *pg.Node_Constraint:
			if con := pgConstraint(s, name, x.Constraint, nil); con != nil {
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
		temporary: c.Relation.GetRelpersistence() == "t"})
}

// pgColumn builds a column and the constraints written on it.
func pgColumn(s *stmt, tableName string, cd *pg.ColumnDef) (*column, []*constraint) {
	pos := s.parserPos(cd.Location)
	col := &column{name: cd.Colname, null: nullable, defKnown: true}
	base := qualName(cd.TypeName.GetNames())
	if it, ok := serialTypes[base]; ok && len(cd.TypeName.GetArrayBounds()) == 0 {
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
		c := cn.GetConstraint()
		if c == nil {
			continue
		}
		switch c.Contype {
		case pg.ConstrType_CONSTR_NOTNULL:
			col.null = notNull
		case pg.ConstrType_CONSTR_NULL:
			col.null = nullable
		case pg.ConstrType_CONSTR_DEFAULT:
			col.def, col.defKnown = exprString(c.RawExpr)
			if _, isConst := c.RawExpr.GetNode().(*pg.Node_AConst); isConst {
				// An untyped literal takes the column's type.
				col.def = normConst(col.def, col.typ)
			}
			if col.def == "NULL" {
				col.def = "" // the same as no default
			}
			if f := volatileCall(c.RawExpr); f != "" {
				col.rewrite = "volatile default " + f
			}
		case pg.ConstrType_CONSTR_IDENTITY:
			col.null = notNull
			col.rewrite = "identity column"
		case pg.ConstrType_CONSTR_GENERATED:
			col.rewrite = "stored generated column"
			col.defKnown = false
		case pg.ConstrType_CONSTR_PRIMARY, pg.ConstrType_CONSTR_UNIQUE, pg.ConstrType_CONSTR_FOREIGN,
			pg.ConstrType_CONSTR_CHECK, pg.ConstrType_CONSTR_EXCLUSION:
			if con := pgConstraint(s, tableName, c, col); con != nil {
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

// pgConstraint builds a table constraint, or one written on column col.
// It returns nil for the attribute pseudo-constraints (DEFERRABLE …).
func pgConstraint(s *stmt, tableName string, c *pg.Constraint, col *column) *constraint {
	con := &constraint{name: c.Conname, named: c.Conname != "", notValid: c.SkipValidation, usingIndex: c.Indexname, inline: col != nil}
	cols := strs(c.Keys)
	switch c.Contype {
	case pg.ConstrType_CONSTR_PRIMARY:
		con.kind = conPrimary
	case pg.ConstrType_CONSTR_UNIQUE:
		con.kind = conUnique
	case pg.ConstrType_CONSTR_FOREIGN:
		con.kind = conForeign
		cols = strs(c.FkAttrs)
		con.refTable = relName(c.Pktable)
		con.refCols = strs(c.PkAttrs)
		con.onDelete = fkAction(c.FkDelAction)
		con.onUpdate = fkAction(c.FkUpdAction)
	case pg.ConstrType_CONSTR_CHECK:
		con.kind = conCheck
		con.expr, _ = exprString(c.RawExpr)
		if col == nil {
			if refs := columnRefs(c.RawExpr); len(refs) == 1 {
				cols = refs
			}
		}
	case pg.ConstrType_CONSTR_EXCLUSION:
		con.kind = conExclusion
		for _, e := range c.Exclusions {
			if l := e.GetList(); l != nil && len(l.Items) > 0 {
				if ie := l.Items[0].GetIndexElem(); ie != nil {
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

func pgAlterTable(s *stmt, a *pg.AlterTableStmt) {
	name := relName(a.Relation)
	switch a.Objtype {
	case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_FOREIGN_TABLE:
		s.verb = "ALTER TABLE"
	default:
		// ALTER INDEX/SEQUENCE/VIEW … SET (…): nothing the model holds.
		s.verb = "ALTER " + strings.TrimPrefix(a.Objtype.String(), "OBJECT_")
		return
	}
	for _, cn := range a.Cmds {
		cmd := cn.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		o := op{table: name, name: cmd.Name, ifExists: cmd.MissingOk, pos: s.Start,
			cascade: cmd.Behavior == pg.DropBehavior_DROP_CASCADE}
		switch cmd.Subtype {
		case pg.AlterTableType_AT_AddColumn:
			cd := cmd.Def.GetColumnDef()
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
		case pg.AlterTableType_AT_DropColumn:
			o.kind = opDropColumn
		case pg.AlterTableType_AT_ColumnDefault:
			if cmd.Def == nil {
				o.kind = opDropDefault
			} else {
				def, ok := exprString(cmd.Def)
				o.kind = opSetDefault
				o.col = &column{name: cmd.Name, def: def, defKnown: ok}
			}
		case pg.AlterTableType_AT_SetNotNull:
			o.kind = opSetNotNull
		case pg.AlterTableType_AT_DropNotNull:
			o.kind = opDropNotNull
		case pg.AlterTableType_AT_AlterColumnType:
			cd := cmd.Def.GetColumnDef()
			o.kind = opAlterColumnType
			o.typ = typeString(cd.GetTypeName())
			if cd != nil {
				o.pos = s.parserPos(cd.GetTypeName().GetLocation())
			}
		case pg.AlterTableType_AT_AddConstraint:
			c := cmd.Def.GetConstraint()
			if c == nil {
				continue
			}
			con := pgConstraint(s, name, c, nil)
			if con == nil {
				continue
			}
			o.kind, o.name, o.con, o.pos = opAddConstraint, con.name, con, con.origin.pos
		case pg.AlterTableType_AT_DropConstraint:
			o.kind = opDropConstraint
		case pg.AlterTableType_AT_ValidateConstraint:
			o.kind = opValidateConstraint
		case pg.AlterTableType_AT_AddInherit, pg.AlterTableType_AT_DropInherit, pg.AlterTableType_AT_AddOf,
			pg.AlterTableType_AT_DropOf, pg.AlterTableType_AT_AttachPartition, pg.AlterTableType_AT_DetachPartition:
			o.kind = opAlterTableOther
		default:
			// Owner, storage, statistics, triggers, row security, …:
			// nothing the model holds.
			continue
		}
		s.addOp(o)
	}
}

func pgCreateIndex(s *stmt, x *pg.IndexStmt) {
	s.verb = "CREATE INDEX"
	tableName := relName(x.Relation)
	idx := &index{table: tableName, unique: x.Unique, known: true}
	if x.AccessMethod != "" && x.AccessMethod != "btree" {
		idx.method = x.AccessMethod
	}
	var colNames []string
	for _, p := range x.IndexParams {
		e := p.GetIndexElem()
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
		if e.Ordering == pg.SortByDir_SORTBY_DESC {
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
var pgDropKinds = map[pg.ObjectType]objKind{
	pg.ObjectType_OBJECT_VIEW: objView, pg.ObjectType_OBJECT_MATVIEW: objMatView,
	pg.ObjectType_OBJECT_SEQUENCE: objSequence, pg.ObjectType_OBJECT_TYPE: objType,
	pg.ObjectType_OBJECT_DOMAIN: objDomain, pg.ObjectType_OBJECT_FUNCTION: objFunction,
	pg.ObjectType_OBJECT_PROCEDURE: objProcedure, pg.ObjectType_OBJECT_ROUTINE: objFunction,
	pg.ObjectType_OBJECT_TRIGGER: objTrigger, pg.ObjectType_OBJECT_SCHEMA: objSchema,
	pg.ObjectType_OBJECT_EXTENSION: objExtension,
}

func pgDrop(s *stmt, d *pg.DropStmt) {
	s.verb = "DROP " + strings.ReplaceAll(strings.TrimPrefix(d.RemoveType.String(), "OBJECT_"), "_", " ")
	for _, obj := range d.Objects {
		o := op{ifExists: d.MissingOk, cascade: d.Behavior == pg.DropBehavior_DROP_CASCADE, concurrently: d.Concurrent, pos: s.Start}
		name := pgObjectNameOf(obj)
		switch d.RemoveType {
		case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_FOREIGN_TABLE:
			o.kind, o.table = opDropTable, name
		case pg.ObjectType_OBJECT_INDEX:
			o.kind, o.name = opDropIndex, name
		case pg.ObjectType_OBJECT_TRIGGER:
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
func pgObjectNameOf(n *pg.Node) string {
	switch x := n.Node.(type) {
	case *pg.Node_List:
		return qualName(x.List.Items)
	case *pg.Node_String_:
		return x.String_.Sval
	case *pg.Node_TypeName:
		return qualName(x.TypeName.Names)
	case *pg.Node_ObjectWithArgs:
		return qualName(x.ObjectWithArgs.Objname)
	}
	return ""
}

func pgRename(s *stmt, r *pg.RenameStmt) {
	table := relName(r.Relation)
	o := op{table: table, ifExists: r.MissingOk, pos: s.Start}
	switch r.RenameType {
	case pg.ObjectType_OBJECT_TABLE, pg.ObjectType_OBJECT_FOREIGN_TABLE:
		s.verb = "ALTER TABLE RENAME"
		o.kind, o.newName = opRenameTable, schemaPrefix(table)+r.Newname
	case pg.ObjectType_OBJECT_COLUMN:
		s.verb = "ALTER TABLE RENAME COLUMN"
		if r.RelationType != pg.ObjectType_OBJECT_TABLE && r.RelationType != pg.ObjectType_OBJECT_FOREIGN_TABLE {
			return // a view's or a type's column
		}
		o.kind, o.name, o.newName = opRenameColumn, r.Subname, r.Newname
	case pg.ObjectType_OBJECT_TABCONSTRAINT:
		s.verb = "ALTER TABLE RENAME CONSTRAINT"
		o.kind, o.name, o.newName = opRenameConstraint, r.Subname, r.Newname
	case pg.ObjectType_OBJECT_INDEX:
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

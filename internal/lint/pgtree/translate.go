package pgtree

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
)

// translate derives a statement's facts from its parse tree.
func translate(s *facts.Stmt, n *Node) {
	if n == nil {
		return
	}
	s.Kind = facts.KindDDL
	switch x := n.v.(type) {
	case *CreateStmt:
		createTable(s, x)
	case *CreateTableAsStmt:
		rel := x.Into.rel()
		name := relName(rel)
		if x.Objtype == "OBJECT_MATVIEW" {
			s.Verb = "CREATE MATERIALIZED VIEW"
			s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjMatView, Name: name, IfExists: x.IfNotExists, Pos: s.Start})
			return
		}
		s.Verb = "CREATE TABLE AS"
		s.AddOp(facts.Op{Kind: facts.OpCreateTable, Table: name, IfExists: x.IfNotExists, Pos: s.Start,
			Temporary: rel.temporary(),
			Tbl:       &facts.Table{Name: name, Incomplete: true, Origin: s.Origin(s.Start, "")}})
	case *AlterTableStmt:
		alterTable(s, x)
	case *IndexStmt:
		createIndex(s, x)
	case *DropStmt:
		drop(s, x)
	case *DropdbStmt:
		s.Verb = "DROP DATABASE"
		s.AddOp(facts.Op{Kind: facts.OpDropObject, Obj: facts.ObjDatabase, Name: x.Dbname, IfExists: x.MissingOk, Pos: s.Start})
	case *RenameStmt:
		rename(s, x)
	case *AlterObjectSchemaStmt:
		s.Verb = "ALTER … SET SCHEMA"
		if x.ObjectType == "OBJECT_TABLE" && x.Relation != nil {
			to := x.Relation.Relname
			if x.Newschema != "public" {
				to = x.Newschema + "." + to
			}
			s.AddOp(facts.Op{Kind: facts.OpRenameTable, Table: relName(x.Relation), NewName: to, IfExists: x.MissingOk, Pos: s.Start})
		}
	case *TruncateStmt:
		s.Kind, s.Verb = facts.KindDML, "TRUNCATE"
		for _, r := range x.Relations {
			s.AddOp(facts.Op{Kind: facts.OpTruncate, Table: relName(r.rangeVar()), Cascade: x.Behavior == "DROP_CASCADE", Pos: s.Start})
		}
	case *RelationStmt:
		s.Kind, s.Verb = facts.KindDML, strings.ToUpper(strings.TrimSuffix(n.typ, "Stmt"))
		s.AddOp(facts.Op{Kind: facts.OpWrite, Table: relName(x.Relation), Pos: s.Start})
	case *CopyStmt:
		if x.IsFrom {
			s.Kind, s.Verb = facts.KindDML, "COPY"
			s.AddOp(facts.Op{Kind: facts.OpWrite, Table: relName(x.Relation), Pos: s.Start})
		} else {
			s.Kind, s.Verb = facts.KindQuery, "COPY"
		}
	case *SelectStmt:
		if into := x.IntoClause; into != nil {
			name := relName(into.Rel)
			s.Verb = "SELECT INTO"
			s.AddOp(facts.Op{Kind: facts.OpCreateTable, Table: name, Pos: s.Start, Temporary: into.Rel.temporary(),
				Tbl: &facts.Table{Name: name, Incomplete: true, Origin: s.Origin(s.Start, "")}})
			return
		}
		s.Kind, s.Verb = facts.KindQuery, "SELECT"
	case *ViewStmt:
		s.Verb = "CREATE VIEW"
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjView, Name: relName(x.View), OrReplace: x.Replace, Pos: s.Start})
	case *CreateFunctionStmt:
		kind, verb := facts.ObjFunction, "CREATE FUNCTION"
		if x.IsProcedure {
			kind, verb = facts.ObjProcedure, "CREATE PROCEDURE"
		}
		s.Verb = verb
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: kind, Name: qualName(x.Funcname), OrReplace: x.Replace, Pos: s.Start})
	case *CreateTrigStmt:
		s.Verb = "CREATE TRIGGER"
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjTrigger, Table: relName(x.Relation), Name: relName(x.Relation) + "." + x.Trigname,
			OrReplace: x.Replace, Uses: qualName(x.Funcname), Pos: s.Start})
	case *CreateSeqStmt:
		s.Verb = "CREATE SEQUENCE"
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjSequence, Name: relName(x.Sequence), IfExists: x.IfNotExists, Pos: s.Start})
	case *TypeNameStmt: // CREATE TYPE … AS ENUM, AS RANGE
		s.Verb = "CREATE TYPE"
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjType, Name: qualName(x.TypeName), Pos: s.Start})
	case *CompositeTypeStmt:
		s.Verb = "CREATE TYPE"
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjType, Name: relName(x.Typevar), Pos: s.Start})
	case *DefineStmt:
		s.Verb = "CREATE"
		if x.Kind == "OBJECT_TYPE" {
			s.Verb = "CREATE TYPE"
			s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjType, Name: qualName(x.Defnames), IfExists: x.IfNotExists, Pos: s.Start})
		}
	case *CreateDomainStmt:
		s.Verb = "CREATE DOMAIN"
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjDomain, Name: qualName(x.Domainname), Pos: s.Start})
	case *CreateSchemaStmt:
		s.Verb = "CREATE SCHEMA"
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjSchema, Name: x.Schemaname, IfExists: x.IfNotExists, Pos: s.Start})
	case *CreateExtensionStmt:
		s.Verb = "CREATE EXTENSION"
		s.AddOp(facts.Op{Kind: facts.OpCreateObject, Obj: facts.ObjExtension, Name: x.Extname, IfExists: x.IfNotExists, Pos: s.Start})
	case *VariableSetStmt:
		s.Kind, s.Verb = facts.KindSet, "SET"
		s.Setting = strings.ToLower(x.Name)
		switch x.Kind {
		case "VAR_RESET", "VAR_SET_DEFAULT":
			s.Verb, s.Unsets = "RESET", true
		case "VAR_RESET_ALL":
			s.Verb, s.Setting, s.Unsets = "RESET", "all", true
		}
		if args := x.Args; len(args) == 1 {
			if c := args[0].aConst(); c != nil {
				if c.Sval != nil {
					s.Value = c.Sval.Sval
				}
				// For timeouts, 0 means none.
				if c.Ival != nil && c.Ival.Ival == 0 && c.Sval == nil {
					s.Unsets = true
				}
				if v := strings.TrimSpace(s.Value); v == "0" || v == "0s" || v == "0ms" {
					s.Unsets = true
				}
			}
		}
	case *TransactionStmt:
		s.Kind, s.Verb = facts.KindTxn, strings.TrimPrefix(x.Kind, "TRANS_STMT_")
	case *DoStmt:
		s.Kind, s.Verb = facts.KindProcedural, "DO"
		for _, a := range x.Args {
			if d := a.defElem(); d != nil && d.Defname == "as" {
				body, _ := d.Arg.str()
				s.AddOp(facts.Op{Kind: facts.OpTouch, Name: body, Pos: s.Start})
			}
		}
	default:
		translateOther(s, n.typ)
	}
}

// translateOther derives the facts of the statements whose fields lint
// does not read: their type says all.
func translateOther(s *facts.Stmt, typ string) {
	switch typ {
	case "ExplainStmt", "VariableShowStmt":
		s.Kind, s.Verb = facts.KindQuery, "EXPLAIN"
	case "CallStmt":
		s.Kind, s.Verb = facts.KindProcedural, "CALL"
	case "VacuumStmt":
		s.Kind, s.Verb = facts.KindMaintenance, "VACUUM"
	case "ReindexStmt":
		s.Kind, s.Verb = facts.KindMaintenance, "REINDEX"
	case "ClusterStmt":
		s.Kind, s.Verb = facts.KindMaintenance, "CLUSTER"
	case "RefreshMatViewStmt":
		s.Kind, s.Verb = facts.KindMaintenance, "REFRESH MATERIALIZED VIEW"
	case "LockStmt":
		s.Kind, s.Verb = facts.KindMaintenance, "LOCK"
	case "CheckPointStmt", "DiscardStmt", "NotifyStmt", "ListenStmt", "UnlistenStmt", "LoadStmt":
		s.Kind, s.Verb = facts.KindMaintenance, "utility"
	default:
		// COMMENT, GRANT, ALTER TYPE … ADD VALUE, CREATE POLICY and the
		// like: schema statements that change nothing the model holds.
		s.Verb = "DDL"
	}
}

func createTable(s *facts.Stmt, c *CreateStmt) {
	name := relName(c.Relation)
	s.Verb = "CREATE TABLE"
	t := &facts.Table{Name: name, Origin: s.Origin(s.ParserPos(c.Relation.location()), "CREATE TABLE "+name)}
	t.Incomplete = len(c.InhRelations) > 0 || c.Partbound != nil || c.OfTypename != nil
	for _, e := range c.TableElts {
		switch x := e.v.(type) {
		case *ColumnDef:
			col, cons := column(s, name, x)
			t.Cols = append(t.Cols, col)
			t.Cons = append(t.Cons, cons...)
		case *Constraint:
			if con := constraintOf(s, name, x, nil); con != nil {
				t.Cons = append(t.Cons, con)
			}
		default:
			t.Incomplete = true // LIKE other_table
		}
	}
	for _, con := range t.Cons {
		if con.Kind == facts.ConPrimary {
			for _, cn := range con.Cols {
				if col := t.Column(cn); col != nil {
					col.Null = facts.NotNull
				}
			}
		}
	}
	s.AddOp(facts.Op{Kind: facts.OpCreateTable, Table: name, Tbl: t, IfExists: c.IfNotExists, Pos: t.Origin.Pos,
		Temporary: c.Relation.temporary()})
}

// column builds a column and the constraints written on it.
func column(s *facts.Stmt, tableName string, cd *ColumnDef) (*facts.Column, []*facts.Constraint) {
	pos := s.ParserPos(cd.Location)
	col := &facts.Column{Name: cd.Colname, Null: facts.Nullable, DefKnown: true}
	base := qualName(cd.TypeName.names())
	if it, ok := serialTypes[base]; ok && len(cd.TypeName.arrayBounds()) == 0 {
		col.Type = it
		col.Def = "nextval(" + quoteLiteral(facts.SchemaPrefix(tableName)+objectName(facts.BaseName(tableName), cd.Colname, "seq")) + ")"
		col.Rewrite = base + " column (its default is nextval())"
	} else {
		col.Type = typeString(cd.TypeName)
	}
	if cd.IsNotNull {
		col.Null = facts.NotNull
	}
	var cons []*facts.Constraint
	for _, cn := range cd.Constraints {
		c := cn.constraint()
		if c == nil {
			continue
		}
		switch c.Contype {
		case "CONSTR_NOTNULL":
			col.Null = facts.NotNull
		case "CONSTR_NULL":
			col.Null = facts.Nullable
		case "CONSTR_DEFAULT":
			col.Def, col.DefKnown = exprString(c.RawExpr)
			if c.RawExpr.is("A_Const") {
				// An untyped literal takes the column's type.
				col.Def = normConst(col.Def, col.Type)
			}
			if col.Def == "NULL" {
				col.Def = "" // the same as no default
			}
			if f := volatileCall(c.RawExpr); f != "" {
				col.Rewrite = "volatile default " + f
			}
		case "CONSTR_IDENTITY":
			col.Null = facts.NotNull
			col.Rewrite = "identity column"
		case "CONSTR_GENERATED":
			col.Rewrite = "stored generated column"
			col.DefKnown = false
		case "CONSTR_PRIMARY", "CONSTR_UNIQUE", "CONSTR_FOREIGN", "CONSTR_CHECK", "CONSTR_EXCLUSION":
			if con := constraintOf(s, tableName, c, col); con != nil {
				if con.Kind == facts.ConPrimary {
					col.Null = facts.NotNull
				}
				cons = append(cons, con)
			}
		}
	}
	text := col.Render()
	for _, c := range cons {
		text += " " + c.RenderInline()
	}
	col.Origin = s.Origin(pos, text)
	return col, cons
}

// constraintOf builds a table constraint, or one written on column
// col. It returns nil for the attribute pseudo-constraints (DEFERRABLE …).
func constraintOf(s *facts.Stmt, tableName string, c *Constraint, col *facts.Column) *facts.Constraint {
	con := &facts.Constraint{Name: c.Conname, Named: c.Conname != "", NotValid: c.SkipValidation, UsingIndex: c.Indexname, Inline: col != nil}
	cols := strs(c.Keys)
	switch c.Contype {
	case "CONSTR_PRIMARY":
		con.Kind = facts.ConPrimary
	case "CONSTR_UNIQUE":
		con.Kind = facts.ConUnique
	case "CONSTR_FOREIGN":
		con.Kind = facts.ConForeign
		cols = strs(c.FkAttrs)
		con.RefTable = relName(c.Pktable)
		con.RefCols = strs(c.PkAttrs)
		con.OnDelete = fkAction(c.FkDelAction)
		con.OnUpdate = fkAction(c.FkUpdAction)
	case "CONSTR_CHECK":
		con.Kind = facts.ConCheck
		con.Expr, _ = exprString(c.RawExpr)
		if col == nil {
			if refs := columnRefs(c.RawExpr); len(refs) == 1 {
				cols = refs
			}
		}
	case "CONSTR_EXCLUSION":
		con.Kind = facts.ConExclusion
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
		cols = []string{col.Name}
	}
	con.Cols = cols // empty for ADD CONSTRAINT … USING INDEX: the replay takes them from the index
	if !con.Named {
		con.Name = defaultConstraintName(tableName, con)
	}
	con.Origin = s.Origin(s.ParserPos(c.Location), con.Render())
	return con
}

// defaultConstraintName is the name PostgreSQL chooses for an unnamed
// constraint.
func defaultConstraintName(tableName string, c *facts.Constraint) string {
	t := facts.BaseName(tableName)
	cols := strings.Join(c.Cols, "_")
	switch c.Kind {
	case facts.ConPrimary:
		return objectName(t, "", "pkey")
	case facts.ConUnique:
		return objectName(t, cols, "key")
	case facts.ConForeign:
		return objectName(t, cols, "fkey")
	case facts.ConExclusion:
		return objectName(t, cols, "excl")
	}
	if len(c.Cols) == 1 {
		return objectName(t, c.Cols[0], "check")
	}
	return objectName(t, "", "check")
}

package facts

import (
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// The checks do not look at SQL text or parse trees directly: both
// readers (the PostgreSQL parser in internal/lint/pgtree, the
// token-level reader in internal/lint/tokstmt) turn each statement into
// the same dialect-neutral facts, below, and the checks work on those. A reader that cannot tell a fact
// leaves it unknown rather than guessing.

// StmtKind is the broad class of a statement.
type StmtKind uint8

const (
	KindUnknown     StmtKind = iota // not understood (parse error, unknown shape)
	KindDDL                         // changes the schema
	KindDML                         // changes rows: INSERT, UPDATE, DELETE, MERGE, COPY FROM, REPLACE
	KindQuery                       // reads, or calls functions: SELECT, VALUES, EXPLAIN
	KindSet                         // session settings: SET, RESET, PRAGMA
	KindTxn                         // transaction control: BEGIN, COMMIT, ROLLBACK, SAVEPOINT
	KindProcedural                  // DO blocks, CALL: effects unknown
	KindMaintenance                 // VACUUM, ANALYZE, REINDEX, CLUSTER, REFRESH, LOCK
)

// ObjKind is a kind of schema object.
type ObjKind uint8

const (
	ObjTable ObjKind = iota + 1
	ObjColumn
	ObjIndex
	ObjConstraint
	ObjView
	ObjMatView
	ObjSequence
	ObjType
	ObjDomain
	ObjFunction
	ObjProcedure
	ObjTrigger
	ObjSchema
	ObjExtension
	ObjDatabase
	ObjOther // policies, rules, casts, …: tracked by name only
)

var objNames = [...]string{
	ObjTable: "table", ObjColumn: "column", ObjIndex: "index", ObjConstraint: "constraint",
	ObjView: "view", ObjMatView: "materialized view", ObjSequence: "sequence", ObjType: "type",
	ObjDomain: "domain", ObjFunction: "function", ObjProcedure: "procedure", ObjTrigger: "trigger",
	ObjSchema: "schema", ObjExtension: "extension", ObjDatabase: "database", ObjOther: "object",
}

// String implements fmt.Stringer.
func (k ObjKind) String() string {
	if int(k) < len(objNames) && objNames[k] != "" {
		return objNames[k]
	}
	return "object"
}

// OpKind is one kind of schema change.
type OpKind uint8

const (
	OpCreateTable        OpKind = iota + 1 // tbl
	OpDropTable                            // table
	OpRenameTable                          // table → newName
	OpAddColumn                            // table, col
	OpDropColumn                           // table, name
	OpRenameColumn                         // table, name → newName
	OpAlterColumnType                      // table, name, typ
	OpSetNotNull                           // table, name
	OpDropNotNull                          // table, name
	OpSetDefault                           // table, name, col.def
	OpDropDefault                          // table, name
	OpAddConstraint                        // table, con
	OpDropConstraint                       // table, name (con.kind when known)
	OpRenameConstraint                     // table, name → newName
	OpValidateConstraint                   // table, name
	OpCreateIndex                          // idx
	OpDropIndex                            // name (table for MySQL)
	OpRenameIndex                          // name → newName (table for MySQL)
	OpCreateObject                         // obj, name
	OpDropObject                           // obj, name
	OpRenameObject                         // obj, name → newName
	OpTruncate                             // table
	OpWrite                                // DML on table
	OpModifyColumn                         // table, name (→ newName), col: MySQL MODIFY/CHANGE, a whole new definition
	OpTableRebuild                         // table, name: MySQL rebuilds the table (CONVERT TO CHARACTER SET, ENGINE=); newName: the character set converted to
	OpTableCharset                         // table, newName: MySQL's default character set for the table's new columns
	OpAlterTableOther                      // table changed in a way the model does not follow
	OpTouch                                // name holds procedural code; the tables it names may change in unknown ways
)

// Op is one schema change a statement makes, in file order.
type Op struct {
	Kind OpKind
	Obj  ObjKind // opCreateObject/opDropObject/opRenameObject
	Pos  sqlsplit.Position

	Table   string // canonical table name
	Name    string // column, constraint, index or object name
	NewName string

	IfExists     bool // IF [NOT] EXISTS
	OrReplace    bool // CREATE OR REPLACE
	Cascade      bool // DROP … CASCADE
	Concurrently bool // CREATE/DROP INDEX CONCURRENTLY
	Temporary    bool // CREATE TEMPORARY TABLE
	ViaColumn    bool // opAddConstraint written on the column of the opAddColumn before it

	Tbl  *Table      // opCreateTable
	Col  *Column     // opAddColumn, opSetDefault
	Con  *Constraint // opAddConstraint
	Idx  *Index      // opCreateIndex
	Type string      // opAlterColumnType: new canonical type
	// Uses is, for a trigger, the function it executes: dropping that
	// function with CASCADE drops the trigger.
	Uses string

	// Filled in by the replay (internal/lint/model) from what the schema held just
	// before this op.
	//
	// existed: for ops on a table, the table existed before this
	// migration (or is unknown to the model, so was made outside the
	// migrations); for index ops, likewise the index's table; for create
	// ops, the object already existed, so the op created nothing.
	Existed bool
	Before  *Column // opAlterColumnType/opSetNotNull/…: a copy of the column before the change
	Subject *Table  // the model's table the op acted on (the dropped one for opDropTable)
	// Noop: the op changed nothing: IF NOT EXISTS on an existing object,
	// a statement that would fail, or DROP … IF EXISTS of an object the
	// model does not know (which may not exist at all).
	Noop bool
	// Proven: for opSetNotNull, a valid CHECK (col IS NOT NULL) already
	// proves the column has no NULLs, so PostgreSQL 12+ skips the scan.
	Proven bool
}

// Nullness is what a column definition says about NULL.
type Nullness uint8

const (
	NullUnknown Nullness = iota
	Nullable
	NotNull
)

// Column is a column definition as the model holds it.
type Column struct {
	Name string
	Type string   // canonical type; "" when unknown
	Null Nullness // effective: a primary key column is notNull
	// Def is the canonical default expression, "" for none; defKnown is
	// false when the reader could not tell.
	Def      string
	DefKnown bool
	// Rewrite is non-empty when adding the column to a table with rows
	// rewrites the table (PostgreSQL): "volatile default random()",
	// "serial", "identity", "stored generated column".
	Rewrite string
	// Charset is a MySQL text column's character set: as written on it,
	// else (filled in by the replay) the table's default when it was
	// defined; "" when unknown. See charset.go.
	Charset string
	Origin  Origin
}

// conKind is a kind of table constraint.
type conKind uint8

const (
	ConPrimary conKind = iota + 1
	ConUnique
	ConForeign
	ConCheck
	ConExclusion
)

var conNames = [...]string{ConPrimary: "primary key", ConUnique: "unique constraint",
	ConForeign: "foreign key", ConCheck: "check constraint", ConExclusion: "exclusion constraint"}

// String implements fmt.Stringer.
func (k conKind) String() string {
	if int(k) < len(conNames) && conNames[k] != "" {
		return conNames[k]
	}
	return "constraint"
}

// Constraint is a table constraint as the model holds it.
type Constraint struct {
	Name     string // explicit, or the name the database would choose
	Named    bool   // the name was written in the SQL
	Kind     conKind
	Cols     []string
	RefTable string
	RefCols  []string
	OnDelete string // canonical action: "NO ACTION", "CASCADE", …; "" unknown
	OnUpdate string
	Expr     string // check expression, canonical; "" unknown

	Inline     bool   // written on its column rather than on the table
	NotValid   bool   // NOT VALID (PostgreSQL)
	UsingIndex string // ADD CONSTRAINT … USING INDEX (PostgreSQL)
	Origin     Origin
}

// Index is an index as the model holds it.
type Index struct {
	Name   string
	Named  bool
	Table  string
	Cols   []string // canonical column names or expressions
	Unique bool
	Where  string // partial index predicate, canonical
	Method string // access method when not the default
	Known  bool   // cols/where are reliable
	Origin Origin
}

// Origin is where a definition was written.
type Origin struct {
	Mig  *Migration
	File string
	Pos  sqlsplit.Position
	Text string // the definition, rendered canonically for messages
}

// FK actions, canonical.
const (
	ActNoAction   = "NO ACTION"
	ActRestrict   = "RESTRICT"
	ActCascade    = "CASCADE"
	ActSetNull    = "SET NULL"
	ActSetDefault = "SET DEFAULT"
)

// Render gives a column definition in one canonical line, so that two
// definitions written differently compare visibly in messages.
func (c *Column) Render() string {
	var b strings.Builder
	b.WriteString(c.Name)
	if c.Type != "" {
		b.WriteString(" " + c.Type)
	}
	if c.Null == NotNull {
		b.WriteString(" NOT NULL")
	}
	if c.DefKnown && c.Def != "" {
		b.WriteString(" DEFAULT " + c.Def)
	}
	return b.String()
}

// Render gives a constraint in one canonical line.
func (c *Constraint) Render() string {
	var b strings.Builder
	if c.Named {
		b.WriteString("CONSTRAINT " + c.Name + " ")
	}
	cols := "(" + strings.Join(c.Cols, ", ") + ")"
	switch c.Kind {
	case ConPrimary:
		b.WriteString("PRIMARY KEY " + cols)
	case ConUnique:
		b.WriteString("UNIQUE " + cols)
	case ConForeign:
		b.WriteString("FOREIGN KEY " + cols + " REFERENCES " + c.RefTable)
		if len(c.RefCols) > 0 {
			b.WriteString("(" + strings.Join(c.RefCols, ", ") + ")")
		}
		if c.OnDelete != "" && c.OnDelete != ActNoAction {
			b.WriteString(" ON DELETE " + c.OnDelete)
		}
		if c.OnUpdate != "" && c.OnUpdate != ActNoAction {
			b.WriteString(" ON UPDATE " + c.OnUpdate)
		}
	case ConCheck:
		b.WriteString("CHECK (" + c.Expr + ")")
	case ConExclusion:
		b.WriteString("EXCLUDE " + cols)
	}
	return b.String()
}

// RenderInline gives a single-column constraint as written on its
// column: "REFERENCES users(id) ON DELETE CASCADE", "UNIQUE", "CHECK (…)".
func (c *Constraint) RenderInline() string {
	switch c.Kind {
	case ConUnique:
		return "UNIQUE"
	case ConForeign:
		s := "REFERENCES " + c.RefTable
		if len(c.RefCols) > 0 {
			s += "(" + strings.Join(c.RefCols, ", ") + ")"
		}
		if c.OnDelete != "" && c.OnDelete != ActNoAction {
			s += " ON DELETE " + c.OnDelete
		}
		if c.OnUpdate != "" && c.OnUpdate != ActNoAction {
			s += " ON UPDATE " + c.OnUpdate
		}
		return s
	}
	return c.Render()
}

// Render gives an index definition in one canonical line.
func (x *Index) Render() string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if x.Unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX " + x.Name + " ON " + x.Table)
	if x.Method != "" {
		b.WriteString(" USING " + x.Method)
	}
	b.WriteString(" (" + strings.Join(x.Cols, ", ") + ")")
	if x.Where != "" {
		b.WriteString(" WHERE " + x.Where)
	}
	return b.String()
}

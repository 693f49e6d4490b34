package lint

import (
	"strings"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// The checks do not look at SQL text or parse trees directly: both
// readers (the PostgreSQL parser in pgstmt.go, the token-level reader in
// tokstmt.go) turn each statement into the same dialect-neutral facts,
// below, and the checks work on those. A reader that cannot tell a fact
// leaves it unknown rather than guessing.

// stmtKind is the broad class of a statement.
type stmtKind uint8

const (
	kindUnknown     stmtKind = iota // not understood (parse error, unknown shape)
	kindDDL                         // changes the schema
	kindDML                         // changes rows: INSERT, UPDATE, DELETE, MERGE, COPY FROM, REPLACE
	kindQuery                       // reads, or calls functions: SELECT, VALUES, EXPLAIN
	kindSet                         // session settings: SET, RESET, PRAGMA
	kindTxn                         // transaction control: BEGIN, COMMIT, ROLLBACK, SAVEPOINT
	kindProcedural                  // DO blocks, CALL: effects unknown
	kindMaintenance                 // VACUUM, ANALYZE, REINDEX, CLUSTER, REFRESH, LOCK
)

// objKind is a kind of schema object.
type objKind uint8

const (
	objTable objKind = iota + 1
	objColumn
	objIndex
	objConstraint
	objView
	objMatView
	objSequence
	objType
	objDomain
	objFunction
	objProcedure
	objTrigger
	objSchema
	objExtension
	objDatabase
	objOther // policies, rules, casts, …: tracked by name only
)

var objNames = [...]string{
	objTable: "table", objColumn: "column", objIndex: "index", objConstraint: "constraint",
	objView: "view", objMatView: "materialized view", objSequence: "sequence", objType: "type",
	objDomain: "domain", objFunction: "function", objProcedure: "procedure", objTrigger: "trigger",
	objSchema: "schema", objExtension: "extension", objDatabase: "database", objOther: "object",
}

// String implements fmt.Stringer.
func (k objKind) String() string {
	if int(k) < len(objNames) && objNames[k] != "" {
		return objNames[k]
	}
	return "object"
}

// opKind is one kind of schema change.
type opKind uint8

const (
	opCreateTable        opKind = iota + 1 // tbl
	opDropTable                            // table
	opRenameTable                          // table → newName
	opAddColumn                            // table, col
	opDropColumn                           // table, name
	opRenameColumn                         // table, name → newName
	opAlterColumnType                      // table, name, typ
	opSetNotNull                           // table, name
	opDropNotNull                          // table, name
	opSetDefault                           // table, name, col.def
	opDropDefault                          // table, name
	opAddConstraint                        // table, con
	opDropConstraint                       // table, name (con.kind when known)
	opRenameConstraint                     // table, name → newName
	opValidateConstraint                   // table, name
	opCreateIndex                          // idx
	opDropIndex                            // name (table for MySQL)
	opRenameIndex                          // name → newName (table for MySQL)
	opCreateObject                         // obj, name
	opDropObject                           // obj, name
	opRenameObject                         // obj, name → newName
	opTruncate                             // table
	opWrite                                // DML on table
	opModifyColumn                         // table, name (→ newName), col: MySQL MODIFY/CHANGE, a whole new definition
	opTableRebuild                         // table, name: MySQL rebuilds the table (CONVERT TO CHARACTER SET, ENGINE=); newName: the character set converted to
	opTableCharset                         // table, newName: MySQL's default character set for the table's new columns
	opAlterTableOther                      // table changed in a way the model does not follow
	opTouch                                // name holds procedural code; the tables it names may change in unknown ways
)

// op is one schema change a statement makes, in file order.
type op struct {
	kind opKind
	obj  objKind // opCreateObject/opDropObject/opRenameObject
	pos  sqlsplit.Position

	table   string // canonical table name
	name    string // column, constraint, index or object name
	newName string

	ifExists     bool // IF [NOT] EXISTS
	orReplace    bool // CREATE OR REPLACE
	cascade      bool // DROP … CASCADE
	concurrently bool // CREATE/DROP INDEX CONCURRENTLY
	temporary    bool // CREATE TEMPORARY TABLE
	viaColumn    bool // opAddConstraint written on the column of the opAddColumn before it

	tbl *table      // opCreateTable
	col *column     // opAddColumn, opSetDefault
	con *constraint // opAddConstraint
	idx *index      // opCreateIndex
	typ string      // opAlterColumnType: new canonical type
	// uses is, for a trigger, the function it executes: dropping that
	// function with CASCADE drops the trigger.
	uses string

	// Filled in by the replay (replay.go) from what the schema held just
	// before this op.
	//
	// existed: for ops on a table, the table existed before this
	// migration (or is unknown to the model, so was made outside the
	// migrations); for index ops, likewise the index's table; for create
	// ops, the object already existed, so the op created nothing.
	existed bool
	before  *column // opAlterColumnType/opSetNotNull/…: a copy of the column before the change
	subject *table  // the model's table the op acted on (the dropped one for opDropTable)
	// noop: the op changed nothing: IF NOT EXISTS on an existing object,
	// a statement that would fail, or DROP … IF EXISTS of an object the
	// model does not know (which may not exist at all).
	noop bool
	// proven: for opSetNotNull, a valid CHECK (col IS NOT NULL) already
	// proves the column has no NULLs, so PostgreSQL 12+ skips the scan.
	proven bool
}

// nullness is what a column definition says about NULL.
type nullness uint8

const (
	nullUnknown nullness = iota
	nullable
	notNull
)

// column is a column definition as the model holds it.
type column struct {
	name string
	typ  string   // canonical type; "" when unknown
	null nullness // effective: a primary key column is notNull
	// def is the canonical default expression, "" for none; defKnown is
	// false when the reader could not tell.
	def      string
	defKnown bool
	// rewrite is non-empty when adding the column to a table with rows
	// rewrites the table (PostgreSQL): "volatile default random()",
	// "serial", "identity", "stored generated column".
	rewrite string
	// charset is a MySQL text column's character set: as written on it,
	// else (filled in by the replay) the table's default when it was
	// defined; "" when unknown. See charset.go.
	charset string
	origin  origin
}

// conKind is a kind of table constraint.
type conKind uint8

const (
	conPrimary conKind = iota + 1
	conUnique
	conForeign
	conCheck
	conExclusion
)

var conNames = [...]string{conPrimary: "primary key", conUnique: "unique constraint",
	conForeign: "foreign key", conCheck: "check constraint", conExclusion: "exclusion constraint"}

// String implements fmt.Stringer.
func (k conKind) String() string {
	if int(k) < len(conNames) && conNames[k] != "" {
		return conNames[k]
	}
	return "constraint"
}

// constraint is a table constraint as the model holds it.
type constraint struct {
	name     string // explicit, or the name the database would choose
	named    bool   // the name was written in the SQL
	kind     conKind
	cols     []string
	refTable string
	refCols  []string
	onDelete string // canonical action: "NO ACTION", "CASCADE", …; "" unknown
	onUpdate string
	expr     string // check expression, canonical; "" unknown

	inline     bool   // written on its column rather than on the table
	notValid   bool   // NOT VALID (PostgreSQL)
	usingIndex string // ADD CONSTRAINT … USING INDEX (PostgreSQL)
	origin     origin
}

// index is an index as the model holds it.
type index struct {
	name   string
	named  bool
	table  string
	cols   []string // canonical column names or expressions
	unique bool
	where  string // partial index predicate, canonical
	method string // access method when not the default
	known  bool   // cols/where are reliable
	origin origin
}

// origin is where a definition was written.
type origin struct {
	mig  *migration
	file string
	pos  sqlsplit.Position
	text string // the definition, rendered canonically for messages
}

// FK actions, canonical.
const (
	actNoAction   = "NO ACTION"
	actRestrict   = "RESTRICT"
	actCascade    = "CASCADE"
	actSetNull    = "SET NULL"
	actSetDefault = "SET DEFAULT"
)

// render gives a column definition in one canonical line, so that two
// definitions written differently compare visibly in messages.
func (c *column) render() string {
	var b strings.Builder
	b.WriteString(c.name)
	if c.typ != "" {
		b.WriteString(" " + c.typ)
	}
	if c.null == notNull {
		b.WriteString(" NOT NULL")
	}
	if c.defKnown && c.def != "" {
		b.WriteString(" DEFAULT " + c.def)
	}
	return b.String()
}

// render gives a constraint in one canonical line.
func (c *constraint) render() string {
	var b strings.Builder
	if c.named {
		b.WriteString("CONSTRAINT " + c.name + " ")
	}
	cols := "(" + strings.Join(c.cols, ", ") + ")"
	switch c.kind {
	case conPrimary:
		b.WriteString("PRIMARY KEY " + cols)
	case conUnique:
		b.WriteString("UNIQUE " + cols)
	case conForeign:
		b.WriteString("FOREIGN KEY " + cols + " REFERENCES " + c.refTable)
		if len(c.refCols) > 0 {
			b.WriteString("(" + strings.Join(c.refCols, ", ") + ")")
		}
		if c.onDelete != "" && c.onDelete != actNoAction {
			b.WriteString(" ON DELETE " + c.onDelete)
		}
		if c.onUpdate != "" && c.onUpdate != actNoAction {
			b.WriteString(" ON UPDATE " + c.onUpdate)
		}
	case conCheck:
		b.WriteString("CHECK (" + c.expr + ")")
	case conExclusion:
		b.WriteString("EXCLUDE " + cols)
	}
	return b.String()
}

// renderInline gives a single-column constraint as written on its
// column: "REFERENCES users(id) ON DELETE CASCADE", "UNIQUE", "CHECK (…)".
func (c *constraint) renderInline() string {
	switch c.kind {
	case conUnique:
		return "UNIQUE"
	case conForeign:
		s := "REFERENCES " + c.refTable
		if len(c.refCols) > 0 {
			s += "(" + strings.Join(c.refCols, ", ") + ")"
		}
		if c.onDelete != "" && c.onDelete != actNoAction {
			s += " ON DELETE " + c.onDelete
		}
		if c.onUpdate != "" && c.onUpdate != actNoAction {
			s += " ON UPDATE " + c.onUpdate
		}
		return s
	}
	return c.render()
}

// render gives an index definition in one canonical line.
func (x *index) render() string {
	var b strings.Builder
	b.WriteString("CREATE ")
	if x.unique {
		b.WriteString("UNIQUE ")
	}
	b.WriteString("INDEX " + x.name + " ON " + x.table)
	if x.method != "" {
		b.WriteString(" USING " + x.method)
	}
	b.WriteString(" (" + strings.Join(x.cols, ", ") + ")")
	if x.where != "" {
		b.WriteString(" WHERE " + x.where)
	}
	return b.String()
}

package pgtree

import (
	"encoding/json"
)

// The node types. Fields carry the names libpg_query writes.

// RangeVar is libpg_query's RangeVar node.
type RangeVar struct {
	Schemaname     string `json:"schemaname"`
	Relname        string `json:"relname"`
	Relpersistence string `json:"relpersistence"`
	Location       int32  `json:"location"`
}

// CreateStmt is libpg_query's CreateStmt node.
type CreateStmt struct {
	Relation     *RangeVar       `json:"relation"`
	TableElts    []*Node         `json:"tableElts"`
	InhRelations []*Node         `json:"inhRelations"`
	Partbound    json.RawMessage `json:"partbound"`
	OfTypename   *TypeName       `json:"ofTypename"`
	IfNotExists  bool            `json:"if_not_exists"`
}

// IntoClause is libpg_query's IntoClause node.
type IntoClause struct {
	Rel *RangeVar `json:"rel"`
}

// CreateTableAsStmt is libpg_query's CreateTableAsStmt node.
type CreateTableAsStmt struct {
	Into        *IntoClause `json:"into"`
	Objtype     string      `json:"objtype"`
	IfNotExists bool        `json:"if_not_exists"`
}

// AlterTableStmt is libpg_query's AlterTableStmt node.
type AlterTableStmt struct {
	Relation *RangeVar `json:"relation"`
	Cmds     []*Node   `json:"cmds"`
	Objtype  string    `json:"objtype"`
}

// AlterTableCmd is libpg_query's AlterTableCmd node.
type AlterTableCmd struct {
	Subtype   string `json:"subtype"`
	Name      string `json:"name"`
	Def       *Node  `json:"def"`
	Behavior  string `json:"behavior"`
	MissingOk bool   `json:"missing_ok"`
}

// IndexStmt is libpg_query's IndexStmt node.
type IndexStmt struct {
	Idxname      string    `json:"idxname"`
	Relation     *RangeVar `json:"relation"`
	AccessMethod string    `json:"accessMethod"`
	IndexParams  []*Node   `json:"indexParams"`
	WhereClause  *Node     `json:"whereClause"`
	Unique       bool      `json:"unique"`
	Primary      bool      `json:"primary"`
	Concurrent   bool      `json:"concurrent"`
	IfNotExists  bool      `json:"if_not_exists"`
}

// IndexElem is libpg_query's IndexElem node.
type IndexElem struct {
	Name     string  `json:"name"`
	Expr     *Node   `json:"expr"`
	Opclass  []*Node `json:"opclass"`
	Ordering string  `json:"ordering"`
}

// DropStmt is libpg_query's DropStmt node.
type DropStmt struct {
	Objects    []*Node `json:"objects"`
	RemoveType string  `json:"removeType"`
	Behavior   string  `json:"behavior"`
	MissingOk  bool    `json:"missing_ok"`
	Concurrent bool    `json:"concurrent"`
}

// DropdbStmt is libpg_query's DropdbStmt node.
type DropdbStmt struct {
	Dbname    string `json:"dbname"`
	MissingOk bool   `json:"missing_ok"`
}

// RenameStmt is libpg_query's RenameStmt node.
type RenameStmt struct {
	RenameType   string    `json:"renameType"`
	RelationType string    `json:"relationType"`
	Relation     *RangeVar `json:"relation"`
	Object       *Node     `json:"object"`
	Subname      string    `json:"subname"`
	Newname      string    `json:"newname"`
	MissingOk    bool      `json:"missing_ok"`
}

// AlterObjectSchemaStmt is libpg_query's AlterObjectSchemaStmt node.
type AlterObjectSchemaStmt struct {
	ObjectType string    `json:"objectType"`
	Relation   *RangeVar `json:"relation"`
	Newschema  string    `json:"newschema"`
	MissingOk  bool      `json:"missing_ok"`
}

// TruncateStmt is libpg_query's TruncateStmt node.
type TruncateStmt struct {
	Relations []*Node `json:"relations"`
	Behavior  string  `json:"behavior"`
}

// RelationStmt is INSERT, UPDATE, DELETE and MERGE: lint reads only
// the table written.
type RelationStmt struct {
	Relation *RangeVar `json:"relation"`
}

// CopyStmt is libpg_query's CopyStmt node.
type CopyStmt struct {
	Relation *RangeVar `json:"relation"`
	IsFrom   bool      `json:"is_from"`
}

// SelectStmt is libpg_query's SelectStmt node.
type SelectStmt struct {
	IntoClause *IntoClause `json:"intoClause"`
}

// ViewStmt is libpg_query's ViewStmt node.
type ViewStmt struct {
	View    *RangeVar `json:"view"`
	Replace bool      `json:"replace"`
}

// CreateFunctionStmt is libpg_query's CreateFunctionStmt node.
type CreateFunctionStmt struct {
	IsProcedure bool    `json:"is_procedure"`
	Replace     bool    `json:"replace"`
	Funcname    []*Node `json:"funcname"`
}

// CreateTrigStmt is libpg_query's CreateTrigStmt node.
type CreateTrigStmt struct {
	Replace  bool      `json:"replace"`
	Trigname string    `json:"trigname"`
	Relation *RangeVar `json:"relation"`
	Funcname []*Node   `json:"funcname"`
}

// CreateSeqStmt is libpg_query's CreateSeqStmt node.
type CreateSeqStmt struct {
	Sequence    *RangeVar `json:"sequence"`
	IfNotExists bool      `json:"if_not_exists"`
}

// TypeNameStmt is CREATE TYPE … AS ENUM and AS RANGE.
type TypeNameStmt struct {
	TypeName []*Node `json:"typeName"`
}

// CompositeTypeStmt is libpg_query's CompositeTypeStmt node.
type CompositeTypeStmt struct {
	Typevar *RangeVar `json:"typevar"`
}

// DefineStmt is libpg_query's DefineStmt node.
type DefineStmt struct {
	Kind        string  `json:"kind"`
	Defnames    []*Node `json:"defnames"`
	IfNotExists bool    `json:"if_not_exists"`
}

// CreateDomainStmt is libpg_query's CreateDomainStmt node.
type CreateDomainStmt struct {
	Domainname []*Node `json:"domainname"`
}

// CreateSchemaStmt is libpg_query's CreateSchemaStmt node.
type CreateSchemaStmt struct {
	Schemaname  string `json:"schemaname"`
	IfNotExists bool   `json:"if_not_exists"`
}

// CreateExtensionStmt is libpg_query's CreateExtensionStmt node.
type CreateExtensionStmt struct {
	Extname     string `json:"extname"`
	IfNotExists bool   `json:"if_not_exists"`
}

// VariableSetStmt is libpg_query's VariableSetStmt node.
type VariableSetStmt struct {
	Kind string  `json:"kind"`
	Name string  `json:"name"`
	Args []*Node `json:"args"`
}

// TransactionStmt is libpg_query's TransactionStmt node.
type TransactionStmt struct {
	Kind string `json:"kind"`
}

// DoStmt is libpg_query's DoStmt node.
type DoStmt struct {
	Args []*Node `json:"args"`
}

// DefElem is libpg_query's DefElem node.
type DefElem struct {
	Defname string `json:"defname"`
	Arg     *Node  `json:"arg"`
}

// ColumnDef is libpg_query's ColumnDef node.
type ColumnDef struct {
	Colname     string    `json:"colname"`
	TypeName    *TypeName `json:"typeName"`
	IsNotNull   bool      `json:"is_not_null"`
	Constraints []*Node   `json:"constraints"`
	Location    int32     `json:"location"`
}

// Constraint is libpg_query's Constraint node.
type Constraint struct {
	Contype        string    `json:"contype"`
	Conname        string    `json:"conname"`
	SkipValidation bool      `json:"skip_validation"`
	Indexname      string    `json:"indexname"`
	Keys           []*Node   `json:"keys"`
	FkAttrs        []*Node   `json:"fk_attrs"`
	PkAttrs        []*Node   `json:"pk_attrs"`
	Pktable        *RangeVar `json:"pktable"`
	FkDelAction    string    `json:"fk_del_action"`
	FkUpdAction    string    `json:"fk_upd_action"`
	RawExpr        *Node     `json:"raw_expr"`
	Exclusions     []*Node   `json:"exclusions"`
	Location       int32     `json:"location"`
}

// TypeName is libpg_query's TypeName node.
type TypeName struct {
	Names       []*Node `json:"names"`
	Typmods     []*Node `json:"typmods"`
	ArrayBounds []*Node `json:"arrayBounds"`
	Location    int32   `json:"location"`
}

// String is libpg_query's String node.
type String struct {
	Sval string `json:"sval"`
}

// Integer is libpg_query's Integer node.
type Integer struct {
	Ival int32 `json:"ival"`
}

// Float is libpg_query's Float node.
type Float struct {
	Fval string `json:"fval"`
}

// Boolean is libpg_query's Boolean node.
type Boolean struct {
	Boolval bool `json:"boolval"`
}

// BitString is libpg_query's BitString node.
type BitString struct {
	Bsval string `json:"bsval"`
}

// AConst is a constant: at most one of the values is set, and none
// for NULL (Isnull) or for a zero, false or empty value of the kind
// whose key alone is written ({"ival":{}} is 0).
type AConst struct {
	Isnull  bool       `json:"isnull"`
	Ival    *Integer   `json:"ival"`
	Fval    *Float     `json:"fval"`
	Boolval *Boolean   `json:"boolval"`
	Sval    *String    `json:"sval"`
	Bsval   *BitString `json:"bsval"`
}

// TypeCast is libpg_query's TypeCast node.
type TypeCast struct {
	Arg      *Node     `json:"arg"`
	TypeName *TypeName `json:"typeName"`
}

// FuncCall is libpg_query's FuncCall node.
type FuncCall struct {
	Funcname []*Node `json:"funcname"`
	Args     []*Node `json:"args"`
	AggStar  bool    `json:"agg_star"`
}

// SQLValueFunction is libpg_query's SQLValueFunction node.
type SQLValueFunction struct {
	Op string `json:"op"`
}

// ColumnRef is libpg_query's ColumnRef node.
type ColumnRef struct {
	Fields []*Node `json:"fields"`
}

// AExpr is libpg_query's AExpr node.
type AExpr struct {
	Kind  string  `json:"kind"`
	Name  []*Node `json:"name"`
	Lexpr *Node   `json:"lexpr"`
	Rexpr *Node   `json:"rexpr"`
}

// BoolExpr is libpg_query's BoolExpr node.
type BoolExpr struct {
	Boolop string  `json:"boolop"`
	Args   []*Node `json:"args"`
}

// NullTest is libpg_query's NullTest node.
type NullTest struct {
	Arg          *Node  `json:"arg"`
	Nulltesttype string `json:"nulltesttype"`
}

// List is libpg_query's List node.
type List struct {
	Items []*Node `json:"items"`
}

// AArrayExpr is libpg_query's AArrayExpr node.
type AArrayExpr struct {
	Elements []*Node `json:"elements"`
}

// ObjectWithArgs is libpg_query's ObjectWithArgs node.
type ObjectWithArgs struct {
	Objname []*Node `json:"objname"`
}

// location is where the relation's name starts, -1 when unknown.
func (rv *RangeVar) location() int32 {
	if rv == nil {
		return -1
	}
	return rv.Location
}

// temporary reports a TEMPORARY table.
func (rv *RangeVar) temporary() bool { return rv != nil && rv.Relpersistence == "t" }

// rel is the table an INTO creates, nil for none.
func (ic *IntoClause) rel() *RangeVar {
	if ic == nil {
		return nil
	}
	return ic.Rel
}

// names is the dotted name of the type, nil for no type.
func (tn *TypeName) names() []*Node {
	if tn == nil {
		return nil
	}
	return tn.Names
}

// arrayBounds has one entry per [] of the type.
func (tn *TypeName) arrayBounds() []*Node {
	if tn == nil {
		return nil
	}
	return tn.ArrayBounds
}

// location is where the type is written, -1 when unknown.
func (tn *TypeName) location() int32 {
	if tn == nil {
		return -1
	}
	return tn.Location
}

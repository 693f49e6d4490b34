package pgtree

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// PostgreSQL's parse trees, as libpg_query writes them in JSON (see
// pgwasm.go), decoded into the node types and fields lint reads.
//
// Why not pg_query_go's protobuf types: importing them registers some
// 280 message descriptors when the process starts, and with cgo it also
// compiles libpg_query's C code into strata, 20 MB that lint never calls
// (it runs the WebAssembly build). Together that was a millisecond and a
// half of every strata command's start, a no-op "up" included. The JSON
// output is the same tree from the same parser, and encoding/json costs
// nothing before it is used.
//
// The JSON writes a node as {"TypeName": {fields}}, the fields under
// their names in PostgreSQL's C structs, enums as their C names, and
// leaves out fields that are zero, false, empty or NULL. Every node also
// keeps its raw fields, so that walks over expressions (walkPG) see the
// node types not modelled here too.

// pgParseResult is the parser's output for one string.
type ParseResult struct {
	Stmts []RawStmt `json:"stmts"`
}

// pgRawStmt is one statement of a pgParseResult: its tree and where it
// lies in the string parsed (StmtLen 0 means up to the end).
type RawStmt struct {
	Stmt         *Node `json:"stmt"`
	StmtLocation int32 `json:"stmt_location"`
	StmtLen      int32 `json:"stmt_len"`
}

// pgNode is one node of a parse tree.
type Node struct {
	typ string          // the node type: "CreateStmt", "A_Const", …
	raw json.RawMessage // its fields, as the parser wrote them
	v   any             // its fields decoded, for the types of pgNodeTypes; else nil
}

// pgNodeTypes makes the decoded form of each node type lint reads.
var nodeTypes = map[string]func() any{
	"CreateStmt":            func() any { return new(CreateStmt) },
	"CreateTableAsStmt":     func() any { return new(CreateTableAsStmt) },
	"AlterTableStmt":        func() any { return new(AlterTableStmt) },
	"AlterTableCmd":         func() any { return new(AlterTableCmd) },
	"IndexStmt":             func() any { return new(IndexStmt) },
	"IndexElem":             func() any { return new(IndexElem) },
	"DropStmt":              func() any { return new(DropStmt) },
	"DropdbStmt":            func() any { return new(DropdbStmt) },
	"RenameStmt":            func() any { return new(RenameStmt) },
	"AlterObjectSchemaStmt": func() any { return new(AlterObjectSchemaStmt) },
	"TruncateStmt":          func() any { return new(TruncateStmt) },
	"InsertStmt":            func() any { return new(RelationStmt) },
	"UpdateStmt":            func() any { return new(RelationStmt) },
	"DeleteStmt":            func() any { return new(RelationStmt) },
	"MergeStmt":             func() any { return new(RelationStmt) },
	"CopyStmt":              func() any { return new(CopyStmt) },
	"SelectStmt":            func() any { return new(SelectStmt) },
	"ViewStmt":              func() any { return new(ViewStmt) },
	"CreateFunctionStmt":    func() any { return new(CreateFunctionStmt) },
	"CreateTrigStmt":        func() any { return new(CreateTrigStmt) },
	"CreateSeqStmt":         func() any { return new(CreateSeqStmt) },
	"CreateEnumStmt":        func() any { return new(TypeNameStmt) },
	"CreateRangeStmt":       func() any { return new(TypeNameStmt) },
	"CompositeTypeStmt":     func() any { return new(CompositeTypeStmt) },
	"DefineStmt":            func() any { return new(DefineStmt) },
	"CreateDomainStmt":      func() any { return new(CreateDomainStmt) },
	"CreateSchemaStmt":      func() any { return new(CreateSchemaStmt) },
	"CreateExtensionStmt":   func() any { return new(CreateExtensionStmt) },
	"VariableSetStmt":       func() any { return new(VariableSetStmt) },
	"TransactionStmt":       func() any { return new(TransactionStmt) },
	"DoStmt":                func() any { return new(DoStmt) },
	"DefElem":               func() any { return new(DefElem) },
	"ColumnDef":             func() any { return new(ColumnDef) },
	"Constraint":            func() any { return new(Constraint) },
	"TypeName":              func() any { return new(TypeName) },
	"RangeVar":              func() any { return new(RangeVar) },
	"String":                func() any { return new(String) },
	"Integer":               func() any { return new(Integer) },
	"Float":                 func() any { return new(Float) },
	"Boolean":               func() any { return new(Boolean) },
	"A_Const":               func() any { return new(AConst) },
	"TypeCast":              func() any { return new(TypeCast) },
	"FuncCall":              func() any { return new(FuncCall) },
	"SQLValueFunction":      func() any { return new(SQLValueFunction) },
	"ColumnRef":             func() any { return new(ColumnRef) },
	"A_Expr":                func() any { return new(AExpr) },
	"BoolExpr":              func() any { return new(BoolExpr) },
	"NullTest":              func() any { return new(NullTest) },
	"List":                  func() any { return new(List) },
	"A_ArrayExpr":           func() any { return new(AArrayExpr) },
	"ObjectWithArgs":        func() any { return new(ObjectWithArgs) },
}

// UnmarshalJSON implements json.Unmarshaler for {"TypeName": {fields}}.
// The fields are kept as a slice of data, not copied: the parse result
// is decoded from a buffer of its own that nothing reuses (see Parse).
func (n *Node) UnmarshalJSON(data []byte) error {
	typ, fields, ok := splitNode(data)
	if !ok {
		return fmt.Errorf("a parse tree node is not of the form {\"Type\": {…}}: %.60s", data)
	}
	n.typ, n.raw = typ, fields
	if mk := nodeTypes[typ]; mk != nil {
		n.v = mk()
		return json.Unmarshal(fields, n.v)
	}
	return nil
}

// splitNode takes {"Type":{…}} apart as libpg_query writes it: compact,
// one key, no escapes in the type name.
func splitNode(data []byte) (typ string, fields []byte, ok bool) {
	data = bytes.TrimSpace(data)
	if len(data) < 2 || data[0] != '{' || data[len(data)-1] != '}' {
		return "", nil, false
	}
	rest := bytes.TrimSpace(data[1 : len(data)-1])
	if len(rest) == 0 || rest[0] != '"' {
		return "", nil, false
	}
	end := bytes.IndexByte(rest[1:], '"')
	if end < 0 {
		return "", nil, false
	}
	typ = string(rest[1 : 1+end])
	rest = bytes.TrimSpace(rest[2+end:])
	if len(rest) == 0 || rest[0] != ':' {
		return "", nil, false
	}
	fields = bytes.TrimSpace(rest[1:])
	if len(fields) == 0 || fields[0] != '{' {
		return "", nil, false
	}
	return typ, fields, true
}

// The accessors below return nil for a nil node or one of another type,
// as pg_query_go's getters did, so that chains need no checks.

func (n *Node) columnDef() *ColumnDef         { return nodeAs[ColumnDef](n) }
func (n *Node) constraint() *Constraint       { return nodeAs[Constraint](n) }
func (n *Node) alterTableCmd() *AlterTableCmd { return nodeAs[AlterTableCmd](n) }
func (n *Node) indexElem() *IndexElem         { return nodeAs[IndexElem](n) }
func (n *Node) rangeVar() *RangeVar           { return nodeAs[RangeVar](n) }
func (n *Node) defElem() *DefElem             { return nodeAs[DefElem](n) }
func (n *Node) aConst() *AConst               { return nodeAs[AConst](n) }
func (n *Node) list() *List                   { return nodeAs[List](n) }

// str is the value of a String node, ok false for any other node.
func (n *Node) str() (string, bool) {
	if s := nodeAs[String](n); s != nil {
		return s.Sval, true
	}
	return "", false
}

// is reports whether n is a node of type typ.
func (n *Node) is(typ string) bool { return n != nil && n.typ == typ }

// nodeAs returns the decoded fields of n when they are a T.
func nodeAs[T any](n *Node) *T {
	if n == nil {
		return nil
	}
	v, _ := n.v.(*T)
	return v
}

// walkPG calls f for n and every node below it, depth first, until f
// returns false. It walks the raw fields, so that node types not decoded
// here are walked too.
func walk(n *Node, f func(*Node) bool) {
	if n == nil {
		return
	}
	walkRaw(n, f)
}

// walkRaw visits node n and then the values of its fields.
func walkRaw(n *Node, f func(*Node) bool) bool {
	if !f(n) {
		return false
	}
	return walkValue(n.raw, f)
}

// walkValue visits the nodes in a JSON value: a node itself, the fields
// of a plain message (a TypeName, a RangeVar, …), or a list, in the
// order the parser wrote them, so that "the first" of several is always
// the same one.
func walkValue(v json.RawMessage, f func(*Node) bool) bool {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || v[0] != '[' && v[0] != '{' {
		return true
	}
	if typ, _, ok := splitNode(v); ok && typ != "" && typ[0] >= 'A' && typ[0] <= 'Z' {
		var n Node
		if n.UnmarshalJSON(v) != nil {
			return true
		}
		return walkRaw(&n, f)
	}
	// A list's items or a message's field values, in order.
	dec := json.NewDecoder(bytes.NewReader(v))
	if _, err := dec.Token(); err != nil {
		return true
	}
	for dec.More() {
		if v[0] == '{' {
			if _, err := dec.Token(); err != nil { // the field's name
				return true
			}
		}
		var child json.RawMessage
		if dec.Decode(&child) != nil {
			return true
		}
		if !walkValue(child, f) {
			return false
		}
	}
	return true
}

// The node types. Fields carry the names libpg_query writes.

type RangeVar struct {
	Schemaname     string `json:"schemaname"`
	Relname        string `json:"relname"`
	Relpersistence string `json:"relpersistence"`
	Location       int32  `json:"location"`
}

type CreateStmt struct {
	Relation     *RangeVar       `json:"relation"`
	TableElts    []*Node         `json:"tableElts"`
	InhRelations []*Node         `json:"inhRelations"`
	Partbound    json.RawMessage `json:"partbound"`
	OfTypename   *TypeName       `json:"ofTypename"`
	IfNotExists  bool            `json:"if_not_exists"`
}

type IntoClause struct {
	Rel *RangeVar `json:"rel"`
}

type CreateTableAsStmt struct {
	Into        *IntoClause `json:"into"`
	Objtype     string      `json:"objtype"`
	IfNotExists bool        `json:"if_not_exists"`
}

type AlterTableStmt struct {
	Relation *RangeVar `json:"relation"`
	Cmds     []*Node   `json:"cmds"`
	Objtype  string    `json:"objtype"`
}

type AlterTableCmd struct {
	Subtype   string `json:"subtype"`
	Name      string `json:"name"`
	Def       *Node  `json:"def"`
	Behavior  string `json:"behavior"`
	MissingOk bool   `json:"missing_ok"`
}

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

type IndexElem struct {
	Name     string  `json:"name"`
	Expr     *Node   `json:"expr"`
	Opclass  []*Node `json:"opclass"`
	Ordering string  `json:"ordering"`
}

type DropStmt struct {
	Objects    []*Node `json:"objects"`
	RemoveType string  `json:"removeType"`
	Behavior   string  `json:"behavior"`
	MissingOk  bool    `json:"missing_ok"`
	Concurrent bool    `json:"concurrent"`
}

type DropdbStmt struct {
	Dbname    string `json:"dbname"`
	MissingOk bool   `json:"missing_ok"`
}

type RenameStmt struct {
	RenameType   string    `json:"renameType"`
	RelationType string    `json:"relationType"`
	Relation     *RangeVar `json:"relation"`
	Object       *Node     `json:"object"`
	Subname      string    `json:"subname"`
	Newname      string    `json:"newname"`
	MissingOk    bool      `json:"missing_ok"`
}

type AlterObjectSchemaStmt struct {
	ObjectType string    `json:"objectType"`
	Relation   *RangeVar `json:"relation"`
	Newschema  string    `json:"newschema"`
	MissingOk  bool      `json:"missing_ok"`
}

type TruncateStmt struct {
	Relations []*Node `json:"relations"`
	Behavior  string  `json:"behavior"`
}

// pgRelationStmt is INSERT, UPDATE, DELETE and MERGE: lint reads only
// the table written.
type RelationStmt struct {
	Relation *RangeVar `json:"relation"`
}

type CopyStmt struct {
	Relation *RangeVar `json:"relation"`
	IsFrom   bool      `json:"is_from"`
}

type SelectStmt struct {
	IntoClause *IntoClause `json:"intoClause"`
}

type ViewStmt struct {
	View    *RangeVar `json:"view"`
	Replace bool      `json:"replace"`
}

type CreateFunctionStmt struct {
	IsProcedure bool    `json:"is_procedure"`
	Replace     bool    `json:"replace"`
	Funcname    []*Node `json:"funcname"`
}

type CreateTrigStmt struct {
	Replace  bool      `json:"replace"`
	Trigname string    `json:"trigname"`
	Relation *RangeVar `json:"relation"`
	Funcname []*Node   `json:"funcname"`
}

type CreateSeqStmt struct {
	Sequence    *RangeVar `json:"sequence"`
	IfNotExists bool      `json:"if_not_exists"`
}

// pgTypeNameStmt is CREATE TYPE … AS ENUM and AS RANGE.
type TypeNameStmt struct {
	TypeName []*Node `json:"typeName"`
}

type CompositeTypeStmt struct {
	Typevar *RangeVar `json:"typevar"`
}

type DefineStmt struct {
	Kind        string  `json:"kind"`
	Defnames    []*Node `json:"defnames"`
	IfNotExists bool    `json:"if_not_exists"`
}

type CreateDomainStmt struct {
	Domainname []*Node `json:"domainname"`
}

type CreateSchemaStmt struct {
	Schemaname  string `json:"schemaname"`
	IfNotExists bool   `json:"if_not_exists"`
}

type CreateExtensionStmt struct {
	Extname     string `json:"extname"`
	IfNotExists bool   `json:"if_not_exists"`
}

type VariableSetStmt struct {
	Kind string  `json:"kind"`
	Name string  `json:"name"`
	Args []*Node `json:"args"`
}

type TransactionStmt struct {
	Kind string `json:"kind"`
}

type DoStmt struct {
	Args []*Node `json:"args"`
}

type DefElem struct {
	Defname string `json:"defname"`
	Arg     *Node  `json:"arg"`
}

type ColumnDef struct {
	Colname     string    `json:"colname"`
	TypeName    *TypeName `json:"typeName"`
	IsNotNull   bool      `json:"is_not_null"`
	Constraints []*Node   `json:"constraints"`
	Location    int32     `json:"location"`
}

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

type TypeName struct {
	Names       []*Node `json:"names"`
	Typmods     []*Node `json:"typmods"`
	ArrayBounds []*Node `json:"arrayBounds"`
	Location    int32   `json:"location"`
}

type String struct {
	Sval string `json:"sval"`
}

type Integer struct {
	Ival int32 `json:"ival"`
}

type Float struct {
	Fval string `json:"fval"`
}

type Boolean struct {
	Boolval bool `json:"boolval"`
}

type BitString struct {
	Bsval string `json:"bsval"`
}

// pgAConst is a constant: at most one of the values is set, and none
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

type TypeCast struct {
	Arg      *Node     `json:"arg"`
	TypeName *TypeName `json:"typeName"`
}

type FuncCall struct {
	Funcname []*Node `json:"funcname"`
	Args     []*Node `json:"args"`
	AggStar  bool    `json:"agg_star"`
}

type SQLValueFunction struct {
	Op string `json:"op"`
}

type ColumnRef struct {
	Fields []*Node `json:"fields"`
}

type AExpr struct {
	Kind  string  `json:"kind"`
	Name  []*Node `json:"name"`
	Lexpr *Node   `json:"lexpr"`
	Rexpr *Node   `json:"rexpr"`
}

type BoolExpr struct {
	Boolop string  `json:"boolop"`
	Args   []*Node `json:"args"`
}

type NullTest struct {
	Arg          *Node  `json:"arg"`
	Nulltesttype string `json:"nulltesttype"`
}

type List struct {
	Items []*Node `json:"items"`
}

type AArrayExpr struct {
	Elements []*Node `json:"elements"`
}

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

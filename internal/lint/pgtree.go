package lint

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
type pgParseResult struct {
	Stmts []pgRawStmt `json:"stmts"`
}

// pgRawStmt is one statement of a pgParseResult: its tree and where it
// lies in the string parsed (StmtLen 0 means up to the end).
type pgRawStmt struct {
	Stmt         *pgNode `json:"stmt"`
	StmtLocation int32   `json:"stmt_location"`
	StmtLen      int32   `json:"stmt_len"`
}

// pgNode is one node of a parse tree.
type pgNode struct {
	typ string          // the node type: "CreateStmt", "A_Const", …
	raw json.RawMessage // its fields, as the parser wrote them
	v   any             // its fields decoded, for the types of pgNodeTypes; else nil
}

// pgNodeTypes makes the decoded form of each node type lint reads.
var pgNodeTypes = map[string]func() any{
	"CreateStmt":            func() any { return new(pgCreateStmt) },
	"CreateTableAsStmt":     func() any { return new(pgCreateTableAsStmt) },
	"AlterTableStmt":        func() any { return new(pgAlterTableStmt) },
	"AlterTableCmd":         func() any { return new(pgAlterTableCmd) },
	"IndexStmt":             func() any { return new(pgIndexStmt) },
	"IndexElem":             func() any { return new(pgIndexElem) },
	"DropStmt":              func() any { return new(pgDropStmt) },
	"DropdbStmt":            func() any { return new(pgDropdbStmt) },
	"RenameStmt":            func() any { return new(pgRenameStmt) },
	"AlterObjectSchemaStmt": func() any { return new(pgAlterObjectSchemaStmt) },
	"TruncateStmt":          func() any { return new(pgTruncateStmt) },
	"InsertStmt":            func() any { return new(pgRelationStmt) },
	"UpdateStmt":            func() any { return new(pgRelationStmt) },
	"DeleteStmt":            func() any { return new(pgRelationStmt) },
	"MergeStmt":             func() any { return new(pgRelationStmt) },
	"CopyStmt":              func() any { return new(pgCopyStmt) },
	"SelectStmt":            func() any { return new(pgSelectStmt) },
	"ViewStmt":              func() any { return new(pgViewStmt) },
	"CreateFunctionStmt":    func() any { return new(pgCreateFunctionStmt) },
	"CreateTrigStmt":        func() any { return new(pgCreateTrigStmt) },
	"CreateSeqStmt":         func() any { return new(pgCreateSeqStmt) },
	"CreateEnumStmt":        func() any { return new(pgTypeNameStmt) },
	"CreateRangeStmt":       func() any { return new(pgTypeNameStmt) },
	"CompositeTypeStmt":     func() any { return new(pgCompositeTypeStmt) },
	"DefineStmt":            func() any { return new(pgDefineStmt) },
	"CreateDomainStmt":      func() any { return new(pgCreateDomainStmt) },
	"CreateSchemaStmt":      func() any { return new(pgCreateSchemaStmt) },
	"CreateExtensionStmt":   func() any { return new(pgCreateExtensionStmt) },
	"VariableSetStmt":       func() any { return new(pgVariableSetStmt) },
	"TransactionStmt":       func() any { return new(pgTransactionStmt) },
	"DoStmt":                func() any { return new(pgDoStmt) },
	"DefElem":               func() any { return new(pgDefElem) },
	"ColumnDef":             func() any { return new(pgColumnDef) },
	"Constraint":            func() any { return new(pgConstraint) },
	"TypeName":              func() any { return new(pgTypeName) },
	"RangeVar":              func() any { return new(pgRangeVar) },
	"String":                func() any { return new(pgString) },
	"Integer":               func() any { return new(pgInteger) },
	"Float":                 func() any { return new(pgFloat) },
	"Boolean":               func() any { return new(pgBoolean) },
	"A_Const":               func() any { return new(pgAConst) },
	"TypeCast":              func() any { return new(pgTypeCast) },
	"FuncCall":              func() any { return new(pgFuncCall) },
	"SQLValueFunction":      func() any { return new(pgSQLValueFunction) },
	"ColumnRef":             func() any { return new(pgColumnRef) },
	"A_Expr":                func() any { return new(pgAExpr) },
	"BoolExpr":              func() any { return new(pgBoolExpr) },
	"NullTest":              func() any { return new(pgNullTest) },
	"List":                  func() any { return new(pgList) },
	"A_ArrayExpr":           func() any { return new(pgAArrayExpr) },
	"ObjectWithArgs":        func() any { return new(pgObjectWithArgs) },
}

// UnmarshalJSON implements json.Unmarshaler for {"TypeName": {fields}}.
// The fields are kept as a slice of data, not copied: the parse result
// is decoded from a buffer of its own that nothing reuses (see Parse).
func (n *pgNode) UnmarshalJSON(data []byte) error {
	typ, fields, ok := splitNode(data)
	if !ok {
		return fmt.Errorf("a parse tree node is not of the form {\"Type\": {…}}: %.60s", data)
	}
	n.typ, n.raw = typ, fields
	if mk := pgNodeTypes[typ]; mk != nil {
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

func (n *pgNode) columnDef() *pgColumnDef         { return nodeAs[pgColumnDef](n) }
func (n *pgNode) constraint() *pgConstraint       { return nodeAs[pgConstraint](n) }
func (n *pgNode) alterTableCmd() *pgAlterTableCmd { return nodeAs[pgAlterTableCmd](n) }
func (n *pgNode) indexElem() *pgIndexElem         { return nodeAs[pgIndexElem](n) }
func (n *pgNode) rangeVar() *pgRangeVar           { return nodeAs[pgRangeVar](n) }
func (n *pgNode) defElem() *pgDefElem             { return nodeAs[pgDefElem](n) }
func (n *pgNode) aConst() *pgAConst               { return nodeAs[pgAConst](n) }
func (n *pgNode) list() *pgList                   { return nodeAs[pgList](n) }

// str is the value of a String node, ok false for any other node.
func (n *pgNode) str() (string, bool) {
	if s := nodeAs[pgString](n); s != nil {
		return s.Sval, true
	}
	return "", false
}

// is reports whether n is a node of type typ.
func (n *pgNode) is(typ string) bool { return n != nil && n.typ == typ }

// nodeAs returns the decoded fields of n when they are a T.
func nodeAs[T any](n *pgNode) *T {
	if n == nil {
		return nil
	}
	v, _ := n.v.(*T)
	return v
}

// walkPG calls f for n and every node below it, depth first, until f
// returns false. It walks the raw fields, so that node types not decoded
// here are walked too.
func walkPG(n *pgNode, f func(*pgNode) bool) {
	if n == nil {
		return
	}
	walkRaw(n, f)
}

// walkRaw visits node n and then the values of its fields.
func walkRaw(n *pgNode, f func(*pgNode) bool) bool {
	if !f(n) {
		return false
	}
	return walkValue(n.raw, f)
}

// walkValue visits the nodes in a JSON value: a node itself, the fields
// of a plain message (a TypeName, a RangeVar, …), or a list, in the
// order the parser wrote them, so that "the first" of several is always
// the same one.
func walkValue(v json.RawMessage, f func(*pgNode) bool) bool {
	v = bytes.TrimSpace(v)
	if len(v) == 0 || v[0] != '[' && v[0] != '{' {
		return true
	}
	if typ, _, ok := splitNode(v); ok && typ != "" && typ[0] >= 'A' && typ[0] <= 'Z' {
		var n pgNode
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

type pgRangeVar struct {
	Schemaname     string `json:"schemaname"`
	Relname        string `json:"relname"`
	Relpersistence string `json:"relpersistence"`
	Location       int32  `json:"location"`
}

type pgCreateStmt struct {
	Relation     *pgRangeVar     `json:"relation"`
	TableElts    []*pgNode       `json:"tableElts"`
	InhRelations []*pgNode       `json:"inhRelations"`
	Partbound    json.RawMessage `json:"partbound"`
	OfTypename   *pgTypeName     `json:"ofTypename"`
	IfNotExists  bool            `json:"if_not_exists"`
}

type pgIntoClause struct {
	Rel *pgRangeVar `json:"rel"`
}

type pgCreateTableAsStmt struct {
	Into        *pgIntoClause `json:"into"`
	Objtype     string        `json:"objtype"`
	IfNotExists bool          `json:"if_not_exists"`
}

type pgAlterTableStmt struct {
	Relation *pgRangeVar `json:"relation"`
	Cmds     []*pgNode   `json:"cmds"`
	Objtype  string      `json:"objtype"`
}

type pgAlterTableCmd struct {
	Subtype   string  `json:"subtype"`
	Name      string  `json:"name"`
	Def       *pgNode `json:"def"`
	Behavior  string  `json:"behavior"`
	MissingOk bool    `json:"missing_ok"`
}

type pgIndexStmt struct {
	Idxname      string      `json:"idxname"`
	Relation     *pgRangeVar `json:"relation"`
	AccessMethod string      `json:"accessMethod"`
	IndexParams  []*pgNode   `json:"indexParams"`
	WhereClause  *pgNode     `json:"whereClause"`
	Unique       bool        `json:"unique"`
	Primary      bool        `json:"primary"`
	Concurrent   bool        `json:"concurrent"`
	IfNotExists  bool        `json:"if_not_exists"`
}

type pgIndexElem struct {
	Name     string    `json:"name"`
	Expr     *pgNode   `json:"expr"`
	Opclass  []*pgNode `json:"opclass"`
	Ordering string    `json:"ordering"`
}

type pgDropStmt struct {
	Objects    []*pgNode `json:"objects"`
	RemoveType string    `json:"removeType"`
	Behavior   string    `json:"behavior"`
	MissingOk  bool      `json:"missing_ok"`
	Concurrent bool      `json:"concurrent"`
}

type pgDropdbStmt struct {
	Dbname    string `json:"dbname"`
	MissingOk bool   `json:"missing_ok"`
}

type pgRenameStmt struct {
	RenameType   string      `json:"renameType"`
	RelationType string      `json:"relationType"`
	Relation     *pgRangeVar `json:"relation"`
	Object       *pgNode     `json:"object"`
	Subname      string      `json:"subname"`
	Newname      string      `json:"newname"`
	MissingOk    bool        `json:"missing_ok"`
}

type pgAlterObjectSchemaStmt struct {
	ObjectType string      `json:"objectType"`
	Relation   *pgRangeVar `json:"relation"`
	Newschema  string      `json:"newschema"`
	MissingOk  bool        `json:"missing_ok"`
}

type pgTruncateStmt struct {
	Relations []*pgNode `json:"relations"`
	Behavior  string    `json:"behavior"`
}

// pgRelationStmt is INSERT, UPDATE, DELETE and MERGE: lint reads only
// the table written.
type pgRelationStmt struct {
	Relation *pgRangeVar `json:"relation"`
}

type pgCopyStmt struct {
	Relation *pgRangeVar `json:"relation"`
	IsFrom   bool        `json:"is_from"`
}

type pgSelectStmt struct {
	IntoClause *pgIntoClause `json:"intoClause"`
}

type pgViewStmt struct {
	View    *pgRangeVar `json:"view"`
	Replace bool        `json:"replace"`
}

type pgCreateFunctionStmt struct {
	IsProcedure bool      `json:"is_procedure"`
	Replace     bool      `json:"replace"`
	Funcname    []*pgNode `json:"funcname"`
}

type pgCreateTrigStmt struct {
	Replace  bool        `json:"replace"`
	Trigname string      `json:"trigname"`
	Relation *pgRangeVar `json:"relation"`
	Funcname []*pgNode   `json:"funcname"`
}

type pgCreateSeqStmt struct {
	Sequence    *pgRangeVar `json:"sequence"`
	IfNotExists bool        `json:"if_not_exists"`
}

// pgTypeNameStmt is CREATE TYPE … AS ENUM and AS RANGE.
type pgTypeNameStmt struct {
	TypeName []*pgNode `json:"typeName"`
}

type pgCompositeTypeStmt struct {
	Typevar *pgRangeVar `json:"typevar"`
}

type pgDefineStmt struct {
	Kind        string    `json:"kind"`
	Defnames    []*pgNode `json:"defnames"`
	IfNotExists bool      `json:"if_not_exists"`
}

type pgCreateDomainStmt struct {
	Domainname []*pgNode `json:"domainname"`
}

type pgCreateSchemaStmt struct {
	Schemaname  string `json:"schemaname"`
	IfNotExists bool   `json:"if_not_exists"`
}

type pgCreateExtensionStmt struct {
	Extname     string `json:"extname"`
	IfNotExists bool   `json:"if_not_exists"`
}

type pgVariableSetStmt struct {
	Kind string    `json:"kind"`
	Name string    `json:"name"`
	Args []*pgNode `json:"args"`
}

type pgTransactionStmt struct {
	Kind string `json:"kind"`
}

type pgDoStmt struct {
	Args []*pgNode `json:"args"`
}

type pgDefElem struct {
	Defname string  `json:"defname"`
	Arg     *pgNode `json:"arg"`
}

type pgColumnDef struct {
	Colname     string      `json:"colname"`
	TypeName    *pgTypeName `json:"typeName"`
	IsNotNull   bool        `json:"is_not_null"`
	Constraints []*pgNode   `json:"constraints"`
	Location    int32       `json:"location"`
}

type pgConstraint struct {
	Contype        string      `json:"contype"`
	Conname        string      `json:"conname"`
	SkipValidation bool        `json:"skip_validation"`
	Indexname      string      `json:"indexname"`
	Keys           []*pgNode   `json:"keys"`
	FkAttrs        []*pgNode   `json:"fk_attrs"`
	PkAttrs        []*pgNode   `json:"pk_attrs"`
	Pktable        *pgRangeVar `json:"pktable"`
	FkDelAction    string      `json:"fk_del_action"`
	FkUpdAction    string      `json:"fk_upd_action"`
	RawExpr        *pgNode     `json:"raw_expr"`
	Exclusions     []*pgNode   `json:"exclusions"`
	Location       int32       `json:"location"`
}

type pgTypeName struct {
	Names       []*pgNode `json:"names"`
	Typmods     []*pgNode `json:"typmods"`
	ArrayBounds []*pgNode `json:"arrayBounds"`
	Location    int32     `json:"location"`
}

type pgString struct {
	Sval string `json:"sval"`
}

type pgInteger struct {
	Ival int32 `json:"ival"`
}

type pgFloat struct {
	Fval string `json:"fval"`
}

type pgBoolean struct {
	Boolval bool `json:"boolval"`
}

type pgBitString struct {
	Bsval string `json:"bsval"`
}

// pgAConst is a constant: at most one of the values is set, and none
// for NULL (Isnull) or for a zero, false or empty value of the kind
// whose key alone is written ({"ival":{}} is 0).
type pgAConst struct {
	Isnull  bool         `json:"isnull"`
	Ival    *pgInteger   `json:"ival"`
	Fval    *pgFloat     `json:"fval"`
	Boolval *pgBoolean   `json:"boolval"`
	Sval    *pgString    `json:"sval"`
	Bsval   *pgBitString `json:"bsval"`
}

type pgTypeCast struct {
	Arg      *pgNode     `json:"arg"`
	TypeName *pgTypeName `json:"typeName"`
}

type pgFuncCall struct {
	Funcname []*pgNode `json:"funcname"`
	Args     []*pgNode `json:"args"`
	AggStar  bool      `json:"agg_star"`
}

type pgSQLValueFunction struct {
	Op string `json:"op"`
}

type pgColumnRef struct {
	Fields []*pgNode `json:"fields"`
}

type pgAExpr struct {
	Kind  string    `json:"kind"`
	Name  []*pgNode `json:"name"`
	Lexpr *pgNode   `json:"lexpr"`
	Rexpr *pgNode   `json:"rexpr"`
}

type pgBoolExpr struct {
	Boolop string    `json:"boolop"`
	Args   []*pgNode `json:"args"`
}

type pgNullTest struct {
	Arg          *pgNode `json:"arg"`
	Nulltesttype string  `json:"nulltesttype"`
}

type pgList struct {
	Items []*pgNode `json:"items"`
}

type pgAArrayExpr struct {
	Elements []*pgNode `json:"elements"`
}

type pgObjectWithArgs struct {
	Objname []*pgNode `json:"objname"`
}

// location is where the relation's name starts, -1 when unknown.
func (rv *pgRangeVar) location() int32 {
	if rv == nil {
		return -1
	}
	return rv.Location
}

// temporary reports a TEMPORARY table.
func (rv *pgRangeVar) temporary() bool { return rv != nil && rv.Relpersistence == "t" }

// rel is the table an INTO creates, nil for none.
func (ic *pgIntoClause) rel() *pgRangeVar {
	if ic == nil {
		return nil
	}
	return ic.Rel
}

// names is the dotted name of the type, nil for no type.
func (tn *pgTypeName) names() []*pgNode {
	if tn == nil {
		return nil
	}
	return tn.Names
}

// arrayBounds has one entry per [] of the type.
func (tn *pgTypeName) arrayBounds() []*pgNode {
	if tn == nil {
		return nil
	}
	return tn.ArrayBounds
}

// location is where the type is written, -1 when unknown.
func (tn *pgTypeName) location() int32 {
	if tn == nil {
		return -1
	}
	return tn.Location
}

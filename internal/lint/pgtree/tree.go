package pgtree

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// PostgreSQL's parse trees, as libpg_query writes them in JSON (see
// wasm.go), decoded into the node types and fields lint reads.
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
// keeps its raw fields, so that walks over expressions (walk) see the
// node types not modelled here too.

// ParseResult is the parser's output for one string.
type ParseResult struct {
	Stmts []RawStmt `json:"stmts"`
}

// RawStmt is one statement of a pgParseResult: its tree and where it
// lies in the string parsed (StmtLen 0 means up to the end).
type RawStmt struct {
	Stmt         *Node `json:"stmt"`
	StmtLocation int32 `json:"stmt_location"`
	StmtLen      int32 `json:"stmt_len"`
}

// Node is one node of a parse tree.
type Node struct {
	typ string          // the node type: "CreateStmt", "A_Const", …
	raw json.RawMessage // its fields, as the parser wrote them
	v   any             // its fields decoded, for the types of pgNodeTypes; else nil
}

// nodeTypes makes the decoded form of each node type lint reads.
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

// walk calls f for n and every node below it, depth first, until f
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

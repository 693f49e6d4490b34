package pgtree

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/strata-db/strata/internal/lint/facts"
)

// Canonical names, types and expressions of PostgreSQL parse trees. The
// parser has already folded unquoted identifiers to lower case; the
// schema "public" is dropped so that users and public.users are the same
// table, as they are under the default search_path.

// relName is the canonical name of a relation.
func relName(rv *RangeVar) string {
	if rv == nil {
		return ""
	}
	if rv.Schemaname == "" || rv.Schemaname == "public" {
		return rv.Relname
	}
	return rv.Schemaname + "." + rv.Relname
}

// qualName is the canonical name of a dotted name list.
func qualName(nodes []*Node) string {
	parts := strs(nodes)
	if len(parts) > 1 && (parts[0] == "public" || parts[0] == "pg_catalog") {
		parts = parts[1:]
	}
	return strings.Join(parts, ".")
}

// strs returns the String values of a node list.
func strs(nodes []*Node) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		if s, ok := n.str(); ok {
			out = append(out, s)
		}
	}
	return out
}

// typeAliases maps the parser's internal type names to the names people
// write.
var typeAliases = map[string]string{
	"int4": "integer", "int8": "bigint", "int2": "smallint", "float4": "real",
	"float8": "double precision", "bool": "boolean", "bpchar": "char",
	"int": "integer", "decimal": "numeric",
}

// serialTypes maps the serial pseudo-types to the integer type they
// declare.
var serialTypes = map[string]string{
	"serial": "integer", "serial4": "integer", "bigserial": "bigint", "serial8": "bigint",
	"smallserial": "smallint", "serial2": "smallint",
}

// typeString renders a type canonically: "integer", "varchar(255)",
// "timestamptz", "text[]".
func typeString(tn *TypeName) string {
	if tn == nil {
		return ""
	}
	name := qualName(tn.Names)
	if a, ok := typeAliases[name]; ok {
		name = a
	}
	var b strings.Builder
	b.WriteString(name)
	if len(tn.Typmods) > 0 && name != "interval" {
		mods := make([]string, 0, len(tn.Typmods))
		for _, m := range tn.Typmods {
			s, ok := exprString(m)
			if !ok {
				return ""
			}
			mods = append(mods, s)
		}
		b.WriteString("(" + strings.Join(mods, ",") + ")")
	}
	for range tn.ArrayBounds {
		b.WriteString("[]")
	}
	return b.String()
}

// fkAction maps the parser's action letter to its SQL words.
func fkAction(c string) string {
	switch c {
	case "r":
		return facts.ActRestrict
	case "c":
		return facts.ActCascade
	case "n":
		return facts.ActSetNull
	case "d":
		return facts.ActSetDefault
	}
	return facts.ActNoAction
}

// exprString renders an expression canonically, for comparing defaults,
// check constraints and index expressions written in different ways.
// It covers the expressions migrations use for those; anything else
// gives ok=false, and the definition is then treated as unknown.
//
// Casts of constants are dropped ('x'::text is 'x', as a default of a
// text column means the same either way), and the many spellings of the
// transaction timestamp are one.
func exprString(n *Node) (string, bool) {
	if n == nil {
		return "", false
	}
	switch x := n.v.(type) {
	case *AConst:
		return constString(x), true
	case *Integer:
		return strconv.Itoa(int(x.Ival)), true
	case *Float:
		return x.Fval, true
	case *String:
		return quoteLiteral(x.Sval), true
	case *Boolean:
		return strconv.FormatBool(x.Boolval), true
	case *TypeCast:
		arg, ok := exprString(x.Arg)
		if !ok {
			return "", false
		}
		if x.Arg.is("A_Const") {
			return normConst(arg, typeString(x.TypeName)), true
		}
		return arg + "::" + typeString(x.TypeName), true
	case *FuncCall:
		name := qualName(x.Funcname)
		if name == "transaction_timestamp" {
			name = "now"
		}
		args := make([]string, 0, len(x.Args))
		for _, a := range x.Args {
			s, ok := exprString(a)
			if !ok {
				return "", false
			}
			args = append(args, s)
		}
		if x.AggStar {
			args = append(args, "*")
		}
		return name + "(" + strings.Join(args, ", ") + ")", true
	case *SQLValueFunction:
		return sqlValueFunction(x.Op)
	case *ColumnRef:
		var parts []string
		for _, f := range x.Fields {
			if s, ok := f.str(); ok {
				parts = append(parts, s)
			} else if f.is("A_Star") {
				parts = append(parts, "*")
			}
		}
		return strings.Join(parts, "."), true
	case *AExpr:
		return aExprString(x)
	case *BoolExpr:
		args := make([]string, 0, len(x.Args))
		for _, a := range x.Args {
			s, ok := exprString(a)
			if !ok {
				return "", false
			}
			args = append(args, s)
		}
		switch x.Boolop {
		case "AND_EXPR":
			return "(" + strings.Join(args, " AND ") + ")", true
		case "OR_EXPR":
			return "(" + strings.Join(args, " OR ") + ")", true
		case "NOT_EXPR":
			if len(args) == 1 {
				return "NOT " + args[0], true
			}
		}
	case *NullTest:
		arg, ok := exprString(x.Arg)
		if !ok {
			return "", false
		}
		if x.Nulltesttype == "IS_NULL" {
			return arg + " IS NULL", true
		}
		return arg + " IS NOT NULL", true
	case *List:
		items, ok := exprList(x.Items)
		return "(" + items + ")", ok
	case *AArrayExpr:
		items, ok := exprList(x.Elements)
		return "ARRAY[" + items + "]", ok
	}
	return "", false
}

func exprList(nodes []*Node) (string, bool) {
	parts := make([]string, 0, len(nodes))
	for _, n := range nodes {
		s, ok := exprString(n)
		if !ok {
			return "", false
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", "), true
}

func aExprString(e *AExpr) (string, bool) {
	op := strings.Join(strs(e.Name), ".")
	l, lok := "", true
	if e.Lexpr != nil {
		l, lok = exprString(e.Lexpr)
	}
	r, rok := exprString(e.Rexpr)
	if !lok || !rok {
		return "", false
	}
	switch e.Kind {
	case "AEXPR_OP":
		if e.Lexpr == nil {
			return op + r, true
		}
		return l + " " + op + " " + r, true
	case "AEXPR_OP_ANY":
		return l + " " + op + " ANY (" + r + ")", true
	case "AEXPR_IN":
		if op == "<>" {
			return l + " NOT IN " + r, true
		}
		return l + " IN " + r, true
	case "AEXPR_LIKE":
		return l + " " + map[bool]string{true: "LIKE", false: "NOT LIKE"}[op == "~~"] + " " + r, true
	case "AEXPR_ILIKE":
		return l + " " + map[bool]string{true: "ILIKE", false: "NOT ILIKE"}[op == "~~*"] + " " + r, true
	case "AEXPR_BETWEEN", "AEXPR_NOT_BETWEEN":
		bounds := strings.TrimSuffix(strings.TrimPrefix(r, "("), ")")
		lo, hi, ok := strings.Cut(bounds, ", ")
		if !ok {
			return "", false
		}
		return l + " " + op + " " + lo + " AND " + hi, true
	case "AEXPR_DISTINCT":
		return l + " IS DISTINCT FROM " + r, true
	case "AEXPR_NOT_DISTINCT":
		return l + " IS NOT DISTINCT FROM " + r, true
	}
	return "", false
}

func constString(c *AConst) string {
	switch {
	case c.Isnull:
		return "NULL"
	case c.Ival != nil:
		return strconv.Itoa(int(c.Ival.Ival))
	case c.Fval != nil:
		return c.Fval.Fval
	case c.Boolval != nil:
		return strconv.FormatBool(c.Boolval.Boolval)
	case c.Sval != nil:
		return quoteLiteral(c.Sval.Sval)
	case c.Bsval != nil:
		return c.Bsval.Bsval
	}
	return "NULL"
}

// normConst canonicalises a constant cast to typ: booleans written as
// strings ('t', 'yes') and numbers written as strings ('0') become the
// plain constant, so DEFAULT 'f'::boolean and DEFAULT false compare equal.
func normConst(lit, typ string) string {
	if !strings.HasPrefix(lit, "'") {
		return lit
	}
	v := strings.ToLower(strings.Trim(lit, "'"))
	switch typ {
	case "boolean":
		switch v {
		case "t", "true", "y", "yes", "on", "1":
			return "true"
		case "f", "false", "n", "no", "off", "0":
			return "false"
		}
	case "integer", "bigint", "smallint", "numeric", "real", "double precision":
		if _, err := strconv.ParseFloat(v, 64); err == nil {
			return v
		}
	}
	return lit
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func sqlValueFunction(op string) (string, bool) {
	switch op {
	case "SVFOP_CURRENT_TIMESTAMP", "SVFOP_CURRENT_TIMESTAMP_N":
		return "now()", true
	case "SVFOP_CURRENT_DATE":
		return "CURRENT_DATE", true
	case "SVFOP_CURRENT_TIME", "SVFOP_CURRENT_TIME_N":
		return "CURRENT_TIME", true
	case "SVFOP_LOCALTIMESTAMP", "SVFOP_LOCALTIMESTAMP_N":
		return "LOCALTIMESTAMP", true
	case "SVFOP_LOCALTIME", "SVFOP_LOCALTIME_N":
		return "LOCALTIME", true
	case "SVFOP_CURRENT_USER", "SVFOP_USER":
		return "CURRENT_USER", true
	case "SVFOP_SESSION_USER":
		return "SESSION_USER", true
	case "SVFOP_CURRENT_ROLE":
		return "CURRENT_ROLE", true
	case "SVFOP_CURRENT_SCHEMA":
		return "CURRENT_SCHEMA", true
	case "SVFOP_CURRENT_CATALOG":
		return "CURRENT_CATALOG", true
	}
	return "", false
}

// volatileFuncs are built-in and common extension functions whose value
// changes per row. As a column default they make PostgreSQL 11+ rewrite
// the table when the column is added; stable functions such as now() do
// not. Functions not listed here are not reported: their volatility is
// unknown without the database.
var volatileFuncs = map[string]bool{
	"random": true, "random_normal": true, "gen_random_uuid": true, "uuidv4": true, "uuidv7": true,
	"uuid_generate_v1": true, "uuid_generate_v1mc": true, "uuid_generate_v4": true, "uuid_generate_v7": true,
	"gen_random_bytes": true, "clock_timestamp": true, "timeofday": true, "nextval": true,
	"txid_current": true, "pg_current_xact_id": true, "setseed": true,
}

// volatileCall returns the first known-volatile function an expression
// calls, or "".
func volatileCall(n *Node) string {
	found := ""
	walk(n, func(x *Node) bool {
		if f := nodeAs[FuncCall](x); f != nil {
			name := strs(f.Funcname)
			if len(name) > 0 && volatileFuncs[name[len(name)-1]] {
				found = name[len(name)-1] + "()"
				return false
			}
		}
		return true
	})
	return found
}

// columnRefs returns the distinct column names an expression refers to.
func columnRefs(n *Node) []string {
	var out []string
	walk(n, func(x *Node) bool {
		if c := nodeAs[ColumnRef](x); c != nil {
			f := strs(c.Fields)
			if len(f) > 0 && !contains(out, f[len(f)-1]) {
				out = append(out, f[len(f)-1])
			}
		}
		return true
	})
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// objectName is PostgreSQL's makeObjectName: name1_name2_label cut to
// 63 bytes by shortening the longer of name1 and name2 first. It gives
// the names PostgreSQL chooses for unnamed constraints and indexes, so
// that a later DROP CONSTRAINT users_email_key finds the UNIQUE written
// inline in CREATE TABLE users. (When a chosen name is taken PostgreSQL
// appends a digit; such collisions are rare and not modelled.)
func objectName(name1, name2, label string) string {
	const maxLen = 63
	overhead := len(label) + 1
	if name2 != "" {
		overhead++
	}
	n1, n2 := len(name1), len(name2)
	for n1+n2 > maxLen-overhead {
		if n1 > n2 {
			n1--
		} else {
			n2--
		}
	}
	s := clipUTF8(name1, n1)
	if name2 != "" {
		s += "_" + clipUTF8(name2, n2)
	}
	return s + "_" + label
}

// clipUTF8 cuts s to at most n bytes without splitting a character.
func clipUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// indexColName is the name PostgreSQL uses for an index column when it
// chooses the index name (FigureIndexColname): the column, the function
// called, or "expr".
func indexColName(e *IndexElem) string {
	if e.Name != "" {
		return e.Name
	}
	return figureColname(e.Expr)
}

func figureColname(n *Node) string {
	if n == nil {
		return "expr"
	}
	switch x := n.v.(type) {
	case *ColumnRef:
		f := strs(x.Fields)
		if len(f) > 0 {
			return f[len(f)-1]
		}
	case *FuncCall:
		f := strs(x.Funcname)
		if len(f) > 0 {
			return f[len(f)-1]
		}
	case *TypeCast:
		return figureColname(x.Arg)
	}
	if n.typ == "CoalesceExpr" {
		return "coalesce"
	}
	return "expr"
}

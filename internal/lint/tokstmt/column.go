package tokstmt

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// columnStop lists the words that end a column's type.
var columnStop = map[string]bool{
	"NOT": true, "NULL": true, "DEFAULT": true, "PRIMARY": true, "UNIQUE": true, "KEY": true,
	"CHECK": true, "REFERENCES": true, "CONSTRAINT": true, "COLLATE": true, "AUTO_INCREMENT": true,
	"AUTOINCREMENT": true, "COMMENT": true, "GENERATED": true, "AS": true, "ON": true, "CHARACTER": true,
	"CHARSET": true, "INVISIBLE": true, "VISIBLE": true, "COLUMN_FORMAT": true, "STORAGE": true,
	"SRID": true, "FIRST": true, "AFTER": true, "SERIAL": true,
}

// columnDef reads "name type attributes…" and the constraints written on
// the column. It returns nil when the element does not start like a
// column.
func (p *tokReader) columnDef(tableName string) (*facts.Column, []*facts.Constraint) {
	start := p.peek(0)
	if start.kind != tWord && start.kind != tIdent && !(start.kind == tString && p.d == sqlsplit.SQLite) {
		return nil, nil
	}
	p.i++
	col := &facts.Column{Name: start.name(), Null: facts.Nullable, DefKnown: true}
	// The type: words and a parenthesised group, until an attribute.
	var typ []token
	for !p.done() {
		t := p.peek(0)
		if t.kind == tWord && columnStop[strings.ToUpper(t.text)] {
			break
		}
		if t.punct('(') {
			g, ok := p.group()
			if !ok {
				return nil, nil
			}
			typ = append(typ, token{kind: tPunct, text: "("})
			typ = append(typ, g...)
			typ = append(typ, token{kind: tPunct, text: ")"})
			continue
		}
		if t.kind != tWord && t.kind != tNumber {
			break
		}
		typ = append(typ, t)
		p.i++
	}
	col.Type = p.canonicalType(typ)
	sawNull := false
	var cons []*facts.Constraint
	unknown := func() {
		if !sawNull {
			col.Null = facts.NullUnknown
		}
		col.DefKnown = col.DefKnown && col.Def != ""
		if col.Def == "" {
			col.DefKnown = false
		}
	}
	if p.d == sqlsplit.MySQL && strings.HasPrefix(col.Type, "timestamp") {
		// Without explicit_defaults_for_timestamp (MySQL 5.x), a
		// TIMESTAMP column is NOT NULL with a default; which setting the
		// server had is unknown.
		col.Null = facts.NullUnknown
	}
	for !p.done() && !p.peek(0).punct(',') {
		switch {
		case p.accept("NOT", "NULL"):
			col.Null, sawNull = facts.NotNull, true
		case p.accept("NULL"):
			col.Null, sawNull = facts.Nullable, true
		case p.accept("DEFAULT"):
			d, ok := p.defaultExpr()
			if d == "NULL" {
				d = "" // the same as no default
			}
			col.Def, col.DefKnown = d, ok
			if !ok {
				unknown()
				return p.finishColumn(col, start), cons
			}
		case p.accept("AUTO_INCREMENT"), p.accept("AUTOINCREMENT"), p.accept("INVISIBLE"), p.accept("VISIBLE"), p.accept("FIRST"):
		case p.accept("AFTER"):
			p.i++ // MySQL: where the column goes
		case p.accept("PRIMARY", "KEY"):
			_ = p.accept("ASC") || p.accept("DESC")
			if p.d == sqlsplit.MySQL {
				col.Null, sawNull = facts.NotNull, true
			}
			cons = append(cons, &facts.Constraint{Kind: facts.ConPrimary, Cols: []string{col.Name}, Inline: true, Name: p.defaultConstraintName(&facts.Table{Name: tableName}, &facts.Constraint{Kind: facts.ConPrimary})})
			if p.accept("ON", "CONFLICT") {
				p.i++
			}
		case p.accept("UNIQUE"):
			_ = p.accept("KEY")
			cons = append(cons, &facts.Constraint{Kind: facts.ConUnique, Cols: []string{col.Name}, Inline: true, Name: p.defaultConstraintName(&facts.Table{Name: tableName}, &facts.Constraint{Kind: facts.ConUnique, Cols: []string{col.Name}})})
		case p.accept("KEY"):
		case p.accept("COMMENT"), p.accept("COLUMN_FORMAT"), p.accept("STORAGE"), p.accept("SRID"):
			p.i++
		case p.accept("COLLATE"):
			if col.Charset == "" {
				col.Charset = facts.CharsetOfCollation(p.peek(0).name())
			}
			p.i++
		case p.accept("CHARACTER", "SET"), p.accept("CHARSET"):
			col.Charset = strings.ToLower(p.peek(0).name())
			p.i++
		case p.accept("ON", "UPDATE"):
			if _, ok := p.defaultExpr(); !ok {
				unknown()
				return p.finishColumn(col, start), cons
			}
		case p.accept("CHECK"):
			g, ok := p.group()
			if !ok {
				unknown()
				return p.finishColumn(col, start), cons
			}
			cons = append(cons, &facts.Constraint{Kind: facts.ConCheck, Cols: []string{col.Name}, Expr: tokText(g), Inline: true})
		case p.at("REFERENCES"):
			con := &facts.Constraint{Kind: facts.ConForeign, Cols: []string{col.Name}, Inline: true}
			if !p.foreignKeyRef(con) {
				unknown()
				return p.finishColumn(col, start), cons
			}
			// MySQL parses and ignores REFERENCES written on a column, so
			// only SQLite gets a constraint from it.
			if p.d == sqlsplit.SQLite {
				cons = append(cons, con)
			}
		case p.accept("CONSTRAINT"):
			p.i++ // SQLite names a column constraint; the name is not needed
		case p.accept("GENERATED", "ALWAYS"), p.accept("AS"):
			p.accept("AS")
			if _, ok := p.group(); !ok {
				unknown()
				return p.finishColumn(col, start), cons
			}
			col.DefKnown = false
			_ = p.accept("VIRTUAL") || p.accept("STORED") || p.accept("PERSISTENT")
		default:
			unknown()
			return p.finishColumn(col, start), cons
		}
	}
	return p.finishColumn(col, start), cons
}

func (p *tokReader) finishColumn(col *facts.Column, start token) *facts.Column {
	col.Origin = p.s.Origin(p.s.PosAt(start.off), col.Render())
	return col
}

// defaultExpr reads a DEFAULT value: a literal, a signed number, a word
// such as CURRENT_TIMESTAMP (with optional parentheses) or a
// parenthesised expression, canonically.
func (p *tokReader) defaultExpr() (string, bool) {
	t := p.peek(0)
	switch {
	case t.punct('-') || t.punct('+'):
		if n := p.peek(1); n.kind == tNumber {
			p.i += 2
			return normNumber(t.text + n.text), true
		}
		return "", false
	case t.kind == tNumber:
		p.i++
		return normNumber(t.text), true
	case t.kind == tString:
		p.i++
		v := sqlsplit.Unquote(t.text)
		if sqlsplit.IsNumber(v) && v != "" && t.text[0] == '\'' {
			return normNumber(v), true
		}
		return "'" + strings.ReplaceAll(v, "'", "''") + "'", true
	case t.punct('('):
		g, _ := p.group()
		return "(" + tokText(g) + ")", true
	case t.kind == tWord:
		p.i++
		w := strings.ToUpper(t.text)
		if p.peek(0).punct('(') {
			g, _ := p.group()
			if len(g) > 0 && w != "CURRENT_TIMESTAMP" && w != "NOW" {
				return w + "(" + tokText(g) + ")", true
			}
		}
		switch w {
		case "NOW", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "LOCALTIME":
			return "CURRENT_TIMESTAMP", true
		case "TRUE":
			return "1", true
		case "FALSE":
			return "0", true
		}
		return w, true
	}
	return "", false
}

// normNumber drops a leading plus and trailing zeros after a decimal
// point, so 0.0, '0' and 0 compare equal as defaults.
func normNumber(s string) string {
	s = strings.TrimPrefix(s, "+")
	if strings.Contains(s, ".") && !strings.ContainsAny(s, "eExX") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		if s == "" || s == "-" {
			s += "0"
		}
	}
	return s
}

// canonicalType renders a MySQL or SQLite column type canonically.
// MySQL's integer display widths (int(11)) mean nothing for storage and
// are dropped, and its synonyms are folded. SQLite keeps what was
// written, lower-cased: any text is a valid SQLite type.
func (p *tokReader) canonicalType(typ []token) string {
	if len(typ) == 0 {
		return ""
	}
	s := strings.ToLower(tokText(typ))
	if p.d != sqlsplit.MySQL {
		return s
	}
	base, rest, _ := strings.Cut(s, "(")
	base = strings.TrimSpace(base)
	mods := ""
	if rest != "" {
		inner, after, _ := strings.Cut(rest, ")")
		mods, rest = "("+inner+")", strings.TrimSpace(after)
	}
	switch base {
	case "integer":
		base = "int"
	case "bool", "boolean":
		base, mods = "tinyint", "(1)"
	case "dec", "numeric", "fixed":
		base = "decimal"
	case "double precision", "real":
		base = "double"
	}
	switch base {
	case "tinyint", "smallint", "mediumint", "int", "bigint":
		if mods != "(1)" || base != "tinyint" {
			mods = ""
		}
	}
	out := base + mods
	if rest != "" {
		out += " " + rest
	}
	return out
}

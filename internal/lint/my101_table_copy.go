package lint

import (
	"slices"
	"strings"
)

var mysqlTableCopy = &Analyzer{
	Code:     "MY101",
	Name:     "mysql-table-copy",
	Doc:      "An ALTER TABLE on an existing MySQL table that MySQL runs with ALGORITHM=COPY (a column type change, a VARCHAR widened past 255 bytes in its character set, a CHAR or DECIMAL length or a character set changed, CONVERT TO CHARACTER SET, dropping the primary key, a foreign key with foreign_key_checks on) or with a LOCK that blocks writes: the table is copied row by row while writes wait.",
	Fix:      "Write ALGORITHM=INPLACE, LOCK=NONE (MySQL then refuses instead of copying), or run the change with an online schema change tool such as gh-ost or pt-online-schema-change.",
	Severity: Warning,
	Dialects: mysqlOnly,
	Run:      runMySQLTableCopy,
}

func runMySQLTableCopy(p *Pass) {
	for _, m := range p.migs {
		fkChecksOff := false
		for _, s := range m.up.stmts {
			if s.kind == kindSet && s.setting == "foreign_key_checks" {
				fkChecksOff = strings.Contains(strings.ToUpper(s.Text), "0") || strings.Contains(strings.ToUpper(s.Text), "OFF")
			}
			if why := copyReason(s, fkChecksOff); why != "" {
				p.reportAt(s.sec, s.Start, "%s", why)
			}
		}
	}
}

// copyReason says why MySQL copies (or write-locks) the existing table an
// ALTER TABLE changes, or returns "" when it does not, or when the reader
// cannot tell.
func copyReason(s *stmt, fkChecksOff bool) string {
	if s.verb != "ALTER TABLE" || len(s.ops) == 0 || !s.ops[0].existed {
		return ""
	}
	switch s.algorithm {
	case "INPLACE", "INSTANT":
		return "" // MySQL refuses rather than copy
	case "COPY":
		return "ALGORITHM=COPY copies " + s.ops[0].table + " row by row while writes wait"
	}
	if s.lock == "SHARED" || s.lock == "EXCLUSIVE" {
		return "LOCK=" + s.lock + " blocks writes to " + s.ops[0].table + " for the whole ALTER"
	}
	addsPK := false
	for _, o := range s.ops {
		if o.kind == opAddConstraint && o.con.kind == conPrimary {
			addsPK = true
		}
	}
	for _, o := range s.ops {
		switch {
		case o.kind == opModifyColumn && o.before != nil && mysqlTypeChangeCopies(o.before.typ, o.col.typ):
			return "changing " + o.table + "." + o.name + " from " + o.before.typ + " to " + o.col.typ + " copies the table while writes wait"
		case o.kind == opModifyColumn && o.before != nil && o.before.typ != "" && o.col.typ != "" && varcharWidening(o.table, o.before, o.col) != "":
			return varcharWidening(o.table, o.before, o.col)
		case o.kind == opModifyColumn && o.before != nil && isTextType(o.col.typ) && o.before.charset != "" && o.col.charset != "" &&
			o.before.charset != o.col.charset:
			return "changing the character set of " + o.table + "." + o.name + " from " + o.before.charset + " to " + o.col.charset +
				" copies the table while writes wait"
		case o.kind == opTableRebuild && o.name == "CONVERT TO CHARACTER SET":
			return "CONVERT TO CHARACTER SET copies " + o.table + " while writes wait"
		case o.kind == opDropConstraint && o.name == "PRIMARY" && !addsPK:
			return "dropping the primary key of " + o.table + " copies the table while writes wait"
		case o.kind == opAddConstraint && o.con.kind == conForeign && !fkChecksOff:
			return "adding foreign key " + o.con.name + " to " + o.table + " copies the table while writes wait (unless foreign_key_checks = 0)"
		}
	}
	return ""
}

// mysqlTypeChangeCopies reports whether changing a column's type from
// from to to certainly needs ALGORITHM=COPY: a different base type, a
// shorter length, or any other length of a fixed-length CHAR or BINARY
// or precision of a DECIMAL. Widening a VARCHAR is in place or not
// depending on the bytes its character set takes (varcharWidening).
func mysqlTypeChangeCopies(from, to string) bool {
	if from == "" || to == "" || from == to {
		return false
	}
	fb, fa := splitType(strings.Fields(from)[0])
	tb, ta := splitType(strings.Fields(to)[0])
	if fb != tb {
		return true
	}
	switch fb {
	case "char", "binary", "decimal", "numeric":
		return !slices.Equal(fa, ta)
	}
	if len(fa) == 1 && len(ta) == 1 {
		return ta[0] < fa[0]
	}
	return false
}

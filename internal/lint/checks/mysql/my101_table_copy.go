package mysql

import (
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// MySQLTableCopy is check MY101, mysql-table-copy.
var MySQLTableCopy = &analysis.Analyzer{
	Code:     "MY101",
	Name:     "mysql-table-copy",
	Doc:      "An ALTER TABLE on an existing MySQL table that MySQL runs with ALGORITHM=COPY (a column type change, a VARCHAR widened past 255 bytes in its character set, a CHAR or DECIMAL length or a character set changed, CONVERT TO CHARACTER SET, dropping the primary key, a foreign key with foreign_key_checks on) or with a LOCK that blocks writes: the table is copied row by row while writes wait.",
	Fix:      "Write ALGORITHM=INPLACE, LOCK=NONE (MySQL then refuses instead of copying), or run the change with an online schema change tool such as gh-ost or pt-online-schema-change.",
	Severity: analysis.Warning,
	Dialects: analysis.MySQLOnly,
	Run:      runMySQLTableCopy,
}

func runMySQLTableCopy(p *analysis.Pass) {
	for _, m := range p.Migrations {
		fkChecksOff := false
		for _, s := range m.UpSection.Stmts {
			if s.Kind == facts.KindSet && s.Setting == "foreign_key_checks" {
				fkChecksOff = strings.Contains(strings.ToUpper(s.Text), "0") || strings.Contains(strings.ToUpper(s.Text), "OFF")
			}
			if why := copyReason(s, fkChecksOff); why != "" {
				p.ReportAt(s.Sec, s.Start, "%s", why)
			}
		}
	}
}

// copyReason says why MySQL copies (or write-locks) the existing table an
// ALTER TABLE changes, or returns "" when it does not, or when the reader
// cannot tell.
func copyReason(s *facts.Stmt, fkChecksOff bool) string {
	if s.Verb != "ALTER TABLE" || len(s.Ops) == 0 || !s.Ops[0].Existed {
		return ""
	}
	switch s.Algorithm {
	case "INPLACE", "INSTANT":
		return "" // MySQL refuses rather than copy
	case "COPY":
		return "ALGORITHM=COPY copies " + s.Ops[0].Table + " row by row while writes wait"
	}
	if s.Lock == "SHARED" || s.Lock == "EXCLUSIVE" {
		return "LOCK=" + s.Lock + " blocks writes to " + s.Ops[0].Table + " for the whole ALTER"
	}
	addsPK := false
	for _, o := range s.Ops {
		if o.Kind == facts.OpAddConstraint && o.Con.Kind == facts.ConPrimary {
			addsPK = true
		}
	}
	for _, o := range s.Ops {
		switch {
		case o.Kind == facts.OpModifyColumn && o.Before != nil && mysqlTypeChangeCopies(o.Before.Type, o.Col.Type):
			return "changing " + o.Table + "." + o.Name + " from " + o.Before.Type + " to " + o.Col.Type + " copies the table while writes wait"
		case o.Kind == facts.OpModifyColumn && o.Before != nil && o.Before.Type != "" && o.Col.Type != "" && facts.VarcharWidening(o.Table, o.Before, o.Col) != "":
			return facts.VarcharWidening(o.Table, o.Before, o.Col)
		case o.Kind == facts.OpModifyColumn && o.Before != nil && facts.IsTextType(o.Col.Type) && o.Before.Charset != "" && o.Col.Charset != "" &&
			o.Before.Charset != o.Col.Charset:
			return "changing the character set of " + o.Table + "." + o.Name + " from " + o.Before.Charset + " to " + o.Col.Charset +
				" copies the table while writes wait"
		case o.Kind == facts.OpTableRebuild && o.Name == "CONVERT TO CHARACTER SET":
			return "CONVERT TO CHARACTER SET copies " + o.Table + " while writes wait"
		case o.Kind == facts.OpDropConstraint && o.Name == "PRIMARY" && !addsPK:
			return "dropping the primary key of " + o.Table + " copies the table while writes wait"
		case o.Kind == facts.OpAddConstraint && o.Con.Kind == facts.ConForeign && !fkChecksOff:
			return "adding foreign key " + o.Con.Name + " to " + o.Table + " copies the table while writes wait (unless foreign_key_checks = 0)"
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
	fb, fa := facts.SplitType(strings.Fields(from)[0])
	tb, ta := facts.SplitType(strings.Fields(to)[0])
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

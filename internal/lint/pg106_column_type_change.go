package lint

import (
	"strings"
)

var columnTypeChange = &Analyzer{
	Code:     "PG106",
	Name:     "column-type-change",
	Doc:      "ALTER COLUMN … TYPE on an existing table: most type changes rewrite the table and its indexes under an ACCESS EXCLUSIVE lock, and break code that expects the old type; widening a varchar, varchar to text, widening a numeric, and timestamp to timestamptz after SET timezone = 'UTC' are recognised as safe.",
	Fix:      "Add a column of the new type, write both, backfill in batches, switch reads, and drop the old column in a later release.",
	Severity: Warning,
	Dialects: postgresOnly,
	Run:      runColumnTypeChange,
}

func runColumnTypeChange(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind != opAlterColumnType || !o.existed {
			return
		}
		from := ""
		if o.before != nil {
			from = o.before.typ
			if pgTypeChangeIsSafe(from, o.typ) || from == "timestamp" && o.typ == "timestamptz" && utcBefore(s) {
				return
			}
			from = " from " + from
		}
		p.reportAt(s.sec, o.pos, "changing the type of %s.%s%s to %s rewrites the existing table while holding an ACCESS EXCLUSIVE lock", o.table, o.name, from, o.typ)
	})
}

// pgTypeChangeIsSafe reports whether PostgreSQL changes type from to type
// to without rewriting the table: the binary-coercible widenings.
func pgTypeChangeIsSafe(from, to string) bool {
	if from == "" || to == "" {
		return false
	}
	if from == to {
		return true
	}
	fb, fa := splitType(from)
	tb, ta := splitType(to)
	switch {
	case fb == "varchar" && (tb == "text" || tb == "varchar" && (len(ta) == 0 || len(fa) == 1 && len(ta) == 1 && ta[0] >= fa[0])):
		return true
	case fb == "text" && tb == "varchar" && len(ta) == 0:
		return true
	case fb == "numeric" && tb == "numeric":
		return len(ta) == 0 || len(fa) == 2 && len(ta) == 2 && ta[1] == fa[1] && ta[0] >= fa[0]
	case fb == "cidr" && tb == "inet":
		return true
	}
	return false
}

// utcBefore reports whether an earlier statement of the section sets the
// session time zone to UTC (or another zone without offset), under which
// PostgreSQL 12+ turns timestamp into timestamptz without a rewrite.
func utcBefore(s *stmt) bool {
	for _, t := range s.sec.stmts[:s.index] {
		if t.setting == "timezone" {
			switch strings.ToUpper(t.value) {
			case "UTC", "ETC/UTC", "GMT", "ETC/GMT", "UCT", "ZULU", "UNIVERSAL":
				return true
			}
		}
	}
	return false
}

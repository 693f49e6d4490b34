package postgres

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// ColumnTypeChange is check PG106, column-type-change.
var ColumnTypeChange = &analysis.Analyzer{
	Code:     "PG106",
	Name:     "column-type-change",
	Doc:      "ALTER COLUMN … TYPE on an existing table: most type changes rewrite the table and its indexes under an ACCESS EXCLUSIVE lock, and break code that expects the old type; widening a varchar, varchar to text, widening a numeric, and timestamp to timestamptz after SET timezone = 'UTC' are recognised as safe.",
	Fix:      "Add a column of the new type, write both, backfill in batches, switch reads, and drop the old column in a later release.",
	Severity: analysis.Warning,
	Dialects: analysis.PostgresOnly,
	Run:      runColumnTypeChange,
}

func runColumnTypeChange(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind != facts.OpAlterColumnType || !o.Existed {
			return
		}
		from := ""
		if o.Before != nil {
			from = o.Before.Type
			if typeChangeIsSafe(from, o.Type) || from == "timestamp" && o.Type == "timestamptz" && utcBefore(s) {
				return
			}
			from = " from " + from
		}
		p.ReportAt(s.Sec, o.Pos, "changing the type of %s.%s%s to %s rewrites the existing table while holding an ACCESS EXCLUSIVE lock", o.Table, o.Name, from, o.Type)
	})
}

// typeChangeIsSafe reports whether PostgreSQL changes type from to type
// to without rewriting the table: the binary-coercible widenings.
func typeChangeIsSafe(from, to string) bool {
	if from == "" || to == "" {
		return false
	}
	if from == to {
		return true
	}
	fb, fa := facts.SplitType(from)
	tb, ta := facts.SplitType(to)
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
func utcBefore(s *facts.Stmt) bool {
	for _, t := range s.Sec.Stmts[:s.Index] {
		if t.Setting == "timezone" {
			switch strings.ToUpper(t.Value) {
			case "UTC", "ETC/UTC", "GMT", "ETC/GMT", "UCT", "ZULU", "UNIVERSAL":
				return true
			}
		}
	}
	return false
}

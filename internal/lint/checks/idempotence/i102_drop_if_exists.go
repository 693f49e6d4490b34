package idempotence

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// DropWithoutIfExists is check I102, drop-without-if-exists.
var DropWithoutIfExists = &analysis.Analyzer{
	Code:     "I102",
	Name:     "drop-without-if-exists",
	Doc:      "DROP without IF EXISTS in a directory whose other DROP statements use it: the mix means some migrations (and rollbacks) can be re-run after a partial failure and some cannot.",
	Fix:      "Write DROP … IF EXISTS here too, as the rest of the directory does.",
	Severity: analysis.Warning,
	Run: func(p *analysis.Pass) {
		runIdempotency(p, isGuardableDrop, "%s %s without IF EXISTS, while %d of the directory's %d statements that could have it do")
	},
}

// isGuardableDrop reports whether the dialect accepts IF EXISTS on a
// dropping op.
func isGuardableDrop(d sqlsplit.Syntax, o *facts.Op) bool {
	switch o.Kind {
	case facts.OpDropTable:
		return true
	case facts.OpDropIndex:
		return d != sqlsplit.MySQL // MariaDB only
	case facts.OpDropColumn, facts.OpDropConstraint:
		return d == sqlsplit.Postgres
	case facts.OpDropObject:
		if d == sqlsplit.SQLite {
			return o.Obj == facts.ObjView || o.Obj == facts.ObjTrigger
		}
		return o.Obj != facts.ObjOther
	}
	return false
}

package lint

import "github.com/strata-db/strata/internal/sqlsplit"

var dropWithoutIfExists = &Analyzer{
	Code:     "I102",
	Name:     "drop-without-if-exists",
	Doc:      "DROP without IF EXISTS in a directory whose other DROP statements use it: the mix means some migrations (and rollbacks) can be re-run after a partial failure and some cannot.",
	Fix:      "Write DROP … IF EXISTS here too, as the rest of the directory does.",
	Severity: Warning,
	Run: func(p *Pass) {
		runIdempotency(p, isGuardableDrop, "%s %s without IF EXISTS, while %d of the directory's %d statements that could have it do")
	},
}

// isGuardableDrop reports whether the dialect accepts IF EXISTS on a
// dropping op.
func isGuardableDrop(d sqlsplit.Dialect, o *op) bool {
	switch o.kind {
	case opDropTable:
		return true
	case opDropIndex:
		return d != sqlsplit.MySQL // MariaDB only
	case opDropColumn, opDropConstraint:
		return d == sqlsplit.Postgres
	case opDropObject:
		if d == sqlsplit.SQLite {
			return o.obj == objView || o.obj == objTrigger
		}
		return o.obj != objOther
	}
	return false
}

package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// ConstraintBuildsIndex is check PG110, constraint-builds-index.
var ConstraintBuildsIndex = &analysis.Analyzer{
	Code:     "PG110",
	Name:     "constraint-builds-index",
	Doc:      "Adding a PRIMARY KEY, UNIQUE or EXCLUDE constraint to an existing table: PostgreSQL builds its index while holding an ACCESS EXCLUSIVE lock, blocking all reads and writes.",
	Fix:      "CREATE UNIQUE INDEX CONCURRENTLY first (in a no-transaction migration), then ADD CONSTRAINT … PRIMARY KEY/UNIQUE USING INDEX.",
	Severity: analysis.Warning,
	Dialects: analysis.PostgresOnly,
	Run:      runConstraintBuildsIndex,
}

func runConstraintBuildsIndex(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind != facts.OpAddConstraint || o.Con.UsingIndex != "" || !o.Existed || o.Noop {
			return
		}
		switch o.Con.Kind {
		case facts.ConPrimary, facts.ConUnique, facts.ConExclusion:
			p.ReportAt(s.Sec, o.Pos, "adding %s %s to existing table %s builds its index while holding an ACCESS EXCLUSIVE lock", o.Con.Kind, o.Con.Name, o.Table)
		}
	})
}

package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// SetNotNull is check PG105, set-not-null.
var SetNotNull = &analysis.Analyzer{
	Code:     "PG105",
	Name:     "set-not-null",
	Doc:      "ALTER COLUMN … SET NOT NULL on an existing table: PostgreSQL scans every row under an ACCESS EXCLUSIVE lock to prove there is no NULL.",
	Fix:      "ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL 12+ uses the constraint and skips the scan) and drop the check.",
	Severity: analysis.Warning,
	Dialects: analysis.PostgresOnly,
	Run:      runSetNotNull,
}

func runSetNotNull(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind != facts.OpSetNotNull || !o.Existed || o.Proven || o.Before != nil && o.Before.Null == facts.NotNull {
			return
		}
		p.ReportAt(s.Sec, o.Pos, "SET NOT NULL on %s.%s scans the whole existing table while holding an ACCESS EXCLUSIVE lock", o.Table, o.Name)
	})
}

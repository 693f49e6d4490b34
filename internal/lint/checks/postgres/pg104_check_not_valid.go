package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// CheckNotValid is check PG104, check-not-valid.
var CheckNotValid = &analysis.Analyzer{
	Code:     "PG104",
	Name:     "check-not-valid",
	Doc:      "Adding a CHECK constraint to an existing table without NOT VALID: PostgreSQL checks every row under an ACCESS EXCLUSIVE lock.",
	Fix:      "ADD CONSTRAINT … CHECK (…) NOT VALID, then VALIDATE CONSTRAINT in a later migration.",
	Severity: analysis.Warning,
	Dialects: analysis.PostgresOnly,
	Run:      runCheckNotValid,
}

func runCheckNotValid(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind == facts.OpAddConstraint && o.Con.Kind == facts.ConCheck && !o.Con.NotValid && o.Existed && !o.Noop {
			p.ReportAt(s.Sec, o.Pos, "adding check constraint %s to existing table %s without NOT VALID checks every row while holding an ACCESS EXCLUSIVE lock", o.Con.Name, o.Table)
		}
	})
}

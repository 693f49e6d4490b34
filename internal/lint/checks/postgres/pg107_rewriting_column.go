package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// RewritingColumn is check PG107, rewriting-column.
var RewritingColumn = &analysis.Analyzer{
	Code:     "PG107",
	Name:     "rewriting-column",
	Doc:      "Adding to an existing table a column whose value must be computed per row (a volatile default such as gen_random_uuid() or clock_timestamp(), serial, identity, a stored generated column): PostgreSQL rewrites the whole table under an ACCESS EXCLUSIVE lock. Constant and stable defaults such as now() do not (PostgreSQL 11+).",
	Fix:      "Add the column without the default, then SET DEFAULT (for new rows) and backfill the existing rows in batches.",
	Severity: analysis.Warning,
	Dialects: analysis.PostgresOnly,
	Run:      runRewritingColumn,
}

func runRewritingColumn(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind == facts.OpAddColumn && o.Existed && !o.Noop && o.Col.Rewrite != "" {
			p.ReportAt(s.Sec, o.Pos, "adding %s.%s as a %s rewrites the whole existing table while holding an ACCESS EXCLUSIVE lock", o.Table, o.Name, o.Col.Rewrite)
		}
	})
}

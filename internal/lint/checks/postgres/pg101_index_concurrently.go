package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// IndexNotConcurrently is check PG101, index-not-concurrently.
var IndexNotConcurrently = &analysis.Analyzer{
	Code:     "PG101",
	Name:     "index-not-concurrently",
	Doc:      "CREATE INDEX without CONCURRENTLY on a table that existed before the migration: writes to the table block until the index is built, minutes on a large table.",
	Fix:      "Use CREATE INDEX CONCURRENTLY, alone in a migration with -- strata:no-transaction.",
	Severity: analysis.Warning,
	Dialects: analysis.PostgresOnly,
	Run:      runIndexNotConcurrently,
}

func runIndexNotConcurrently(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind == facts.OpCreateIndex && !o.Concurrently && o.Existed && !o.Noop {
			p.ReportAt(s.Sec, o.Pos, "CREATE INDEX %s on existing table %s without CONCURRENTLY blocks writes to it while the index builds", facts.BaseName(o.Name), o.Table)
		}
	})
}

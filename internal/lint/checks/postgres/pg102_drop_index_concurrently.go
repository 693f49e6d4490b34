package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// DropIndexNotConcurrently is check PG102, drop-index-not-concurrently.
var DropIndexNotConcurrently = &analysis.Analyzer{
	Code:     "PG102",
	Name:     "drop-index-not-concurrently",
	Doc:      "DROP INDEX without CONCURRENTLY on an index of an existing table: it takes an ACCESS EXCLUSIVE lock on the table, queueing every read and write behind any long query.",
	Fix:      "Use DROP INDEX CONCURRENTLY, alone in a migration with -- strata:no-transaction.",
	Severity: analysis.Warning,
	Dialects: analysis.PostgresOnly,
	Run:      runDropIndexNotConcurrently,
}

func runDropIndexNotConcurrently(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind != facts.OpDropIndex || o.Concurrently || !o.Existed || o.Noop {
			return
		}
		on := "its table"
		if o.Subject != nil {
			on = o.Subject.Name
		}
		p.ReportAt(s.Sec, o.Pos, "DROP INDEX %s without CONCURRENTLY locks out all access to %s while it waits and runs", facts.BaseName(o.Name), on)
	})
}

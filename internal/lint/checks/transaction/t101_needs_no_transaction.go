package transaction

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// NeedsNoTransaction is check T101, needs-no-transaction.
var NeedsNoTransaction = &analysis.Analyzer{
	Code:     "T101",
	Name:     "needs-no-transaction",
	Doc:      "A statement that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, …) in a section that strata runs in a transaction: the migration fails every time.",
	Fix:      "Put the statement in its own migration whose section starts with -- strata:no-transaction.",
	Severity: analysis.Error,
	Run:      runNeedsNoTransaction,
}

func runNeedsNoTransaction(p *analysis.Pass) {
	p.ForEachStmt(true, func(s *facts.Stmt) {
		if s.NoTransaction != "" && !s.Sec.Src.NoTransaction {
			p.ReportAt(s.Sec, s.Start, "%s cannot run inside a transaction, and this section runs in one (no -- strata:no-transaction)", s.NoTransaction)
		}
	})
}

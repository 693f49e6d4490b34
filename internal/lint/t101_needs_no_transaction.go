package lint

var needsNoTransaction = &Analyzer{
	Code:     "T101",
	Name:     "needs-no-transaction",
	Doc:      "A statement that cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, VACUUM, …) in a section that strata runs in a transaction: the migration fails every time.",
	Fix:      "Put the statement in its own migration whose section starts with -- strata:no-transaction.",
	Severity: Error,
	Run:      runNeedsNoTransaction,
}

func runNeedsNoTransaction(p *Pass) {
	p.forEachStmt(true, func(s *stmt) {
		if s.NoTransaction != "" && !s.sec.src.NoTransaction {
			p.reportAt(s.sec, s.Start, "%s cannot run inside a transaction, and this section runs in one (no -- strata:no-transaction)", s.NoTransaction)
		}
	})
}

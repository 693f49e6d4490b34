package lint

var transactionControl = &Analyzer{
	Code:     "T103",
	Name:     "transaction-control",
	Doc:      "BEGIN, COMMIT, ROLLBACK or SAVEPOINT in a section strata runs in a transaction: a COMMIT ends strata's transaction early, so a later failure can no longer be rolled back, and the statements after it run outside any transaction.",
	Fix:      "Remove the transaction statements: strata wraps each section in a transaction (or use -- strata:no-transaction and manage it yourself).",
	Severity: Error,
	Run:      runTransactionControl,
}

func runTransactionControl(p *Pass) {
	p.forEachStmt(true, func(s *stmt) {
		if s.kind == kindTxn && !s.sec.src.NoTransaction {
			p.reportAt(s.sec, s.Start, "%s inside the transaction strata runs this section in", s.verb)
		}
	})
}

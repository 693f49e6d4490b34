package lint

var multiStatementNoTransaction = &Analyzer{
	Code:     "T102",
	Name:     "multi-statement-no-transaction",
	Doc:      "Several statements in a -- strata:no-transaction section: when one fails, the ones before it stay applied and the migration is left half done.",
	Fix:      "Give each statement that must run outside a transaction its own migration, and keep the rest in transactional ones.",
	Severity: Warning,
	Run:      runMultiStatementNoTransaction,
}

func runMultiStatementNoTransaction(p *Pass) {
	for _, m := range p.migs {
		for _, sec := range []*section{m.up, m.down} {
			if sec == nil || !sec.src.NoTransaction || len(sec.stmts) < 2 {
				continue
			}
			which := "up"
			if sec.down {
				which = "down"
			}
			p.reportAt(sec, sec.stmts[1].Start, "the %s section runs %d statements outside a transaction: if one fails, those before it stay applied", which, len(sec.stmts))
		}
	}
}

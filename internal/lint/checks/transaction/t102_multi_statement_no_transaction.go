package transaction

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// MultiStatementNoTransaction is check T102, multi-statement-no-transaction.
var MultiStatementNoTransaction = &analysis.Analyzer{
	Code:     "T102",
	Name:     "multi-statement-no-transaction",
	Doc:      "Several statements in a -- strata:no-transaction section: when one fails, the ones before it stay applied and the migration is left half done.",
	Fix:      "Give each statement that must run outside a transaction its own migration, and keep the rest in transactional ones.",
	Severity: analysis.Warning,
	Run:      runMultiStatementNoTransaction,
}

func runMultiStatementNoTransaction(p *analysis.Pass) {
	for _, m := range p.Migrations {
		for _, sec := range []*facts.Section{m.UpSection, m.DownSection} {
			if sec == nil || !sec.Src.NoTransaction || len(sec.Stmts) < 2 {
				continue
			}
			which := "up"
			if sec.Down {
				which = "down"
			}
			p.ReportAt(sec, sec.Stmts[1].Start, "the %s section runs %d statements outside a transaction: if one fails, those before it stay applied", which, len(sec.Stmts))
		}
	}
}

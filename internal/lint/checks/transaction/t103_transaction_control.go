package transaction

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// TransactionControl is check T103, transaction-control.
var TransactionControl = &analysis.Analyzer{
	Code:     "T103",
	Name:     "transaction-control",
	Doc:      "BEGIN, COMMIT, ROLLBACK, XA or SET autocommit in a migration, in any section: strata begins, commits and records the transactions of a migration itself, so a COMMIT of the migration's own commits part of it behind strata's back and a ROLLBACK undoes part of what strata records as done. Savepoints are fine inside a section strata runs in a transaction, and meaningless where it runs statements one by one (MySQL, -- strata:no-transaction). strata up, down and redo refuse such a migration before running anything.",
	Fix:      "Remove the transaction statements: strata runs each section in one transaction where the database allows it; on MySQL and in -- strata:no-transaction sections it records after each statement how far it got and resumes there.",
	Severity: analysis.Error,
	Run:      runTransactionControl,
}

// runTransactionControl reports the statements the splitter marks as
// transaction control, the same marks strata refuses to run.
func runTransactionControl(p *analysis.Pass) {
	p.ForEachStmt(true, func(s *facts.Stmt) {
		if s.Transaction == "" {
			return
		}
		inTx := p.Dialect != sqlsplit.MySQL && !s.Sec.Src.NoTransaction
		switch {
		case s.Savepoint && inTx:
			// A savepoint nests inside strata's transaction.
		case s.Savepoint:
			p.ReportAt(s.Sec, s.Start, "%s in a section strata runs statement by statement, where there is no transaction to set a savepoint in", s.Transaction)
		case inTx:
			p.ReportAt(s.Sec, s.Start, "%s inside the transaction strata runs this section in", s.Transaction)
		default:
			p.ReportAt(s.Sec, s.Start, "%s in a section strata runs statement by statement, recording after each how far it got", s.Transaction)
		}
	})
}

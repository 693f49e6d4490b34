package destructive

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// TruncateTable is check D104, truncate.
var TruncateTable = &analysis.Analyzer{
	Code:     "D104",
	Name:     "truncate",
	Doc:      "TRUNCATE of an existing table in a migration: every row is gone, on every environment the migration reaches, including production.",
	Fix:      "Delete the rows you mean to delete with a WHERE clause, or do the cleanup outside the migrations.",
	Severity: analysis.Warning,
	Run:      runTruncate,
}

func runTruncate(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind != facts.OpTruncate || !o.Existed {
			return
		}
		msg := "TRUNCATE %s deletes every row"
		if o.Cascade {
			msg += ", and CASCADE empties every table that references it too"
		}
		p.ReportAt(s.Sec, o.Pos, msg, o.Table)
	})
}

package destructive

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// DropTable is check D101, drop-table.
var DropTable = &analysis.Analyzer{
	Code:     "D101",
	Name:     "drop-table",
	Doc:      "DROP TABLE of a table that existed before the migration: its data is gone, and application code still running against it (during a rolling deploy, or an older version after a rollback) breaks.",
	Fix:      "First deploy code that no longer uses the table; drop it in a later release, after a backup (or rename it away and drop it later).",
	Severity: analysis.Warning,
	Run:      runDropTable,
}

func runDropTable(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind != facts.OpDropTable || !o.Existed || p.Rebuilds[o] != nil {
			return
		}
		p.ReportAt(s.Sec, o.Pos, "DROP TABLE %s deletes the table and all its rows", o.Table)
	})
}

package destructive

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// RenameTable is check D105, rename-table.
var RenameTable = &analysis.Analyzer{
	Code:     "D105",
	Name:     "rename-table",
	Doc:      "Renaming an existing table: code still running against the old name (during a rolling deploy, or an older version after a rollback) fails.",
	Fix:      "Create the new table (or a view under the new name), move the code over, and drop the old name in a later release.",
	Severity: analysis.Warning,
	Run:      runRenameTable,
}

func runRenameTable(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if o.Kind != facts.OpRenameTable || !o.Existed || p.Rebuilds[o] != nil {
			return
		}
		p.ReportAt(s.Sec, o.Pos, "renaming table %s to %s breaks code that still uses the old name", o.Table, o.NewName)
	})
}

package destructive

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// RenameColumn is check D106, rename-column.
var RenameColumn = &analysis.Analyzer{
	Code:     "D106",
	Name:     "rename-column",
	Doc:      "Renaming a column of an existing table: code still running against the old name (during a rolling deploy, or an older version after a rollback) fails.",
	Fix:      "Add the new column, write both, backfill, move reads over, and drop the old column in a later release.",
	Severity: analysis.Warning,
	Run:      runRenameColumn,
}

func runRenameColumn(p *analysis.Pass) {
	rebuilt := map[*facts.Section]map[*facts.Op]bool{}
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		if rebuilt[s.Sec] == nil {
			rebuilt[s.Sec] = columnRebuilds(s.Sec)
		}
		if !o.Existed || rebuilt[s.Sec][o] || o.Before != nil && o.Before.Origin.Mig == s.Sec.Mig {
			return // a column this migration added: no code uses it yet
		}
		if o.Kind == facts.OpRenameColumn || o.Kind == facts.OpModifyColumn && o.NewName != o.Name {
			p.ReportAt(s.Sec, o.Pos, "renaming column %s.%s to %s breaks code that still uses the old name", o.Table, o.Name, o.NewName)
		}
	})
}

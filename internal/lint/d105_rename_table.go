package lint

var renameTable = &Analyzer{
	Code:     "D105",
	Name:     "rename-table",
	Doc:      "Renaming an existing table: code still running against the old name (during a rolling deploy, or an older version after a rollback) fails.",
	Fix:      "Create the new table (or a view under the new name), move the code over, and drop the old name in a later release.",
	Severity: Warning,
	Run:      runRenameTable,
}

func runRenameTable(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind != opRenameTable || !o.existed || p.rebuilds[o] != nil {
			return
		}
		p.reportAt(s.sec, o.pos, "renaming table %s to %s breaks code that still uses the old name", o.table, o.newName)
	})
}

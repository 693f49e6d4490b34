package lint

var renameColumn = &Analyzer{
	Code:     "D106",
	Name:     "rename-column",
	Doc:      "Renaming a column of an existing table: code still running against the old name (during a rolling deploy, or an older version after a rollback) fails.",
	Fix:      "Add the new column, write both, backfill, move reads over, and drop the old column in a later release.",
	Severity: Warning,
	Run:      runRenameColumn,
}

func runRenameColumn(p *Pass) {
	rebuilt := map[*section]map[*op]bool{}
	p.forEachUpOp(func(s *stmt, o *op) {
		if rebuilt[s.sec] == nil {
			rebuilt[s.sec] = columnRebuilds(s.sec)
		}
		if !o.existed || rebuilt[s.sec][o] || o.before != nil && o.before.origin.mig == s.sec.mig {
			return // a column this migration added: no code uses it yet
		}
		if o.kind == opRenameColumn || o.kind == opModifyColumn && o.newName != o.name {
			p.reportAt(s.sec, o.pos, "renaming column %s.%s to %s breaks code that still uses the old name", o.table, o.name, o.newName)
		}
	})
}

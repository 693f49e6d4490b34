package lint

var dropTable = &Analyzer{
	Code:     "D101",
	Name:     "drop-table",
	Doc:      "DROP TABLE of a table that existed before the migration: its data is gone, and application code still running against it (during a rolling deploy, or an older version after a rollback) breaks.",
	Fix:      "First deploy code that no longer uses the table; drop it in a later release, after a backup (or rename it away and drop it later).",
	Severity: Warning,
	Run:      runDropTable,
}

func runDropTable(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind != opDropTable || !o.existed || p.rebuilds[o] != nil {
			return
		}
		p.reportAt(s.sec, o.pos, "DROP TABLE %s deletes the table and all its rows", o.table)
	})
}

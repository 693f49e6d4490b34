package lint

var truncateTable = &Analyzer{
	Code:     "D104",
	Name:     "truncate",
	Doc:      "TRUNCATE of an existing table in a migration: every row is gone, on every environment the migration reaches, including production.",
	Fix:      "Delete the rows you mean to delete with a WHERE clause, or do the cleanup outside the migrations.",
	Severity: Warning,
	Run:      runTruncate,
}

func runTruncate(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind != opTruncate || !o.existed {
			return
		}
		msg := "TRUNCATE %s deletes every row"
		if o.cascade {
			msg += ", and CASCADE empties every table that references it too"
		}
		p.reportAt(s.sec, o.pos, msg, o.table)
	})
}

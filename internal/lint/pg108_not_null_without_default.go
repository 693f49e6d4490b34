package lint

var notNullWithoutDefault = &Analyzer{
	Code:     "PG108",
	Name:     "not-null-without-default",
	Doc:      "Adding a NOT NULL column without a default to an existing table: it fails on any table that has rows, so it passes in development and breaks in production.",
	Fix:      "Add the column nullable (or with a default), backfill it, then make it NOT NULL.",
	Severity: Error,
	Dialects: postgresOnly,
	Run:      runNotNullWithoutDefault,
}

func runNotNullWithoutDefault(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		c := o.col
		if o.kind == opAddColumn && o.existed && !o.noop && c.null == notNull && c.defKnown && c.def == "" && c.rewrite == "" {
			p.reportAt(s.sec, o.pos, "adding NOT NULL column %s.%s without a default fails if %s has any rows", o.table, o.name, o.table)
		}
	})
}

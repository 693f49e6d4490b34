package lint

var dropIndexNotConcurrently = &Analyzer{
	Code:     "PG102",
	Name:     "drop-index-not-concurrently",
	Doc:      "DROP INDEX without CONCURRENTLY on an index of an existing table: it takes an ACCESS EXCLUSIVE lock on the table, queueing every read and write behind any long query.",
	Fix:      "Use DROP INDEX CONCURRENTLY, alone in a migration with -- strata:no-transaction.",
	Severity: Warning,
	Dialects: postgresOnly,
	Run:      runDropIndexNotConcurrently,
}

func runDropIndexNotConcurrently(p *Pass) {
	p.forEachUpOp(func(s *stmt, o *op) {
		if o.kind != opDropIndex || o.concurrently || !o.existed || o.noop {
			return
		}
		on := "its table"
		if o.subject != nil {
			on = o.subject.name
		}
		p.reportAt(s.sec, o.pos, "DROP INDEX %s without CONCURRENTLY locks out all access to %s while it waits and runs", baseName(o.name), on)
	})
}

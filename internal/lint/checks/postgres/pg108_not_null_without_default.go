package postgres

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// NotNullWithoutDefault is check PG108, not-null-without-default.
var NotNullWithoutDefault = &analysis.Analyzer{
	Code:     "PG108",
	Name:     "not-null-without-default",
	Doc:      "Adding a NOT NULL column without a default to an existing table: it fails on any table that has rows, so it passes in development and breaks in production.",
	Fix:      "Add the column nullable (or with a default), backfill it, then make it NOT NULL.",
	Severity: analysis.Error,
	Dialects: analysis.PostgresOnly,
	Run:      runNotNullWithoutDefault,
}

func runNotNullWithoutDefault(p *analysis.Pass) {
	p.ForEachUpOp(func(s *facts.Stmt, o *facts.Op) {
		c := o.Col
		if o.Kind == facts.OpAddColumn && o.Existed && !o.Noop && c.Null == facts.NotNull && c.DefKnown && c.Def == "" && c.Rewrite == "" {
			p.ReportAt(s.Sec, o.Pos, "adding NOT NULL column %s.%s without a default fails if %s has any rows", o.Table, o.Name, o.Table)
		}
	})
}

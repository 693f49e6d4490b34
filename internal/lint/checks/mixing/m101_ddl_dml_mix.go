package mixing

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// DDLDMLMix is check M101, ddl-dml-mix.
var DDLDMLMix = &analysis.Analyzer{
	Code:     "M101",
	Name:     "ddl-dml-mix",
	Doc:      "A migration that both changes the schema and changes rows of existing tables: the data change holds the schema change's locks for as long as it runs, cannot be re-run or rolled back separately, and on MySQL is not even atomic with it.",
	Fix:      "Move the data change (UPDATE/INSERT/DELETE on existing tables, backfills) into a migration of its own.",
	Severity: analysis.Warning,
	Run:      runDDLDMLMix,
}

func runDDLDMLMix(p *analysis.Pass) {
	for _, m := range p.Migrations {
		var ddl, dml *facts.Stmt
		for _, s := range m.UpSection.Stmts {
			switch s.Kind {
			case facts.KindDDL:
				// Name the change to an existing table when there is one:
				// that is the one whose locks the data change holds.
				if ddl == nil || !changesExisting(ddl) && changesExisting(s) {
					ddl = s
				}
			case facts.KindDML:
				// Filling a table created by this same migration is seed
				// data, not a data migration.
				if dml == nil && writesExisting(s) {
					dml = s
				}
			}
		}
		if ddl != nil && dml != nil {
			p.ReportAt(m.UpSection, dml.Start, "%s changes rows in a migration that also changes the schema (%s at line %d)", dml.Verb, ddl.Verb, ddl.Start.Line)
		}
	}
}

// writesExisting reports whether a data statement writes a table that
// existed before its migration.
func writesExisting(s *facts.Stmt) bool {
	for _, o := range s.Ops {
		if (o.Kind == facts.OpWrite || o.Kind == facts.OpTruncate) && o.Existed {
			return true
		}
	}
	return len(s.Ops) == 0
}

// changesExisting reports whether a schema statement changes a table that
// existed before its migration.
func changesExisting(s *facts.Stmt) bool {
	for _, o := range s.Ops {
		if o.Existed && o.Table != "" && o.Kind != facts.OpCreateObject {
			return true
		}
	}
	return false
}

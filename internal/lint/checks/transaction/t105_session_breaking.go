package transaction

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// SessionBreaking is check T105, session-breaking.
var SessionBreaking = &analysis.Analyzer{
	Code:     "T105",
	Name:     "session-breaking",
	Doc:      "A statement that undoes what strata's session relies on between statements: MySQL's LOCK TABLES and UNLOCK TABLES (mysqldump output), FLUSH TABLES … WITH READ LOCK or FOR EXPORT and RELEASE_ALL_LOCKS(), PostgreSQL's DISCARD ALL and pg_advisory_unlock_all(). A session holding table locks may write no other table, so strata could not record its progress; the others release the lock that keeps other runners out. strata up, down and redo refuse such a migration before running anything.",
	Fix:      "Delete the statement: strata's own lock already keeps other runners out (for dumps, mysqldump --skip-add-locks leaves the table locks out); release only your own locks, one by one; reset settings with RESET instead of DISCARD ALL.",
	Severity: analysis.Error,
	Run:      runSessionBreaking,
}

// runSessionBreaking reports the statements the splitter marks as
// unsupported, the same marks strata refuses to run.
func runSessionBreaking(p *analysis.Pass) {
	p.ForEachStmt(true, func(s *facts.Stmt) {
		if s.Unsupported != "" {
			p.ReportAt(s.Sec, s.Start, "%s would undo what strata's session relies on between statements", s.Unsupported)
		}
	})
}

package transaction

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// SessionBreaking is check T105, session-breaking.
var SessionBreaking = &analysis.Analyzer{
	Code:     "T105",
	Name:     "session-breaking",
	Doc:      "A statement that undoes what strata's session relies on between statements: MySQL's LOCK TABLES and UNLOCK TABLES (mysqldump output), FLUSH TABLES … WITH READ LOCK or FOR EXPORT, RELEASE_ALL_LOCKS(), RELEASE_LOCK of a 'strata_…' or computed name, SET completion_type to CHAIN or RELEASE and MariaDB's BACKUP LOCK/STAGE/UNLOCK, PostgreSQL's DISCARD ALL, pg_advisory_unlock_all(), DROP OWNED and SET standard_conforming_strings = off. A session holding table or backup locks may write no other table or blocks others for the whole run, so strata could not record its progress; the lock releases let other runners in; completion_type changes strata's own COMMIT; DROP OWNED drops strata's tables with the role's other objects; and after standard_conforming_strings = off the server reads a backslash in '…' otherwise than strata, which splits the file. strata up, down and redo refuse such a migration before running anything.",
	Fix:      "Delete the statement: strata's own lock already keeps other runners out (for dumps, mysqldump --skip-add-locks leaves the table locks out); release only your own locks, one by one, by a literal name; drop objects by name instead of DROP OWNED; reset settings with RESET instead of DISCARD ALL; write strings that need backslash escapes as E'…'.",
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

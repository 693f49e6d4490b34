package lint

var sessionBreaking = &Analyzer{
	Code:     "T105",
	Name:     "session-breaking",
	Doc:      "A statement that undoes what strata's session relies on between statements: MySQL's LOCK TABLES and UNLOCK TABLES (mysqldump output), FLUSH TABLES … WITH READ LOCK or FOR EXPORT and RELEASE_ALL_LOCKS(), PostgreSQL's DISCARD ALL, pg_advisory_unlock_all() and SET standard_conforming_strings = off. A session holding table locks may write no other table, so strata could not record its progress; DISCARD ALL and the unlocks release the lock that keeps other runners out; and after standard_conforming_strings = off the server reads a backslash in '…' otherwise than strata, which splits the file. strata up, down and redo refuse such a migration before running anything.",
	Fix:      "Delete the statement: strata's own lock already keeps other runners out (for dumps, mysqldump --skip-add-locks leaves the table locks out); release only your own locks, one by one; reset settings with RESET instead of DISCARD ALL; write strings that need backslash escapes as E'…'.",
	Severity: Error,
	Run:      runSessionBreaking,
}

// runSessionBreaking reports the statements the splitter marks as
// unsupported, the same marks strata refuses to run.
func runSessionBreaking(p *Pass) {
	p.forEachStmt(true, func(s *stmt) {
		if s.Unsupported != "" {
			p.reportAt(s.sec, s.Start, "%s would undo what strata's session relies on between statements", s.Unsupported)
		}
	})
}

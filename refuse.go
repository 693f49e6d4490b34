package strata

import (
	"errors"
	"fmt"
)

// The statements strata refuses before anything of a run executes, in
// up, down, redo, their dry runs, verify and validate alike. The splitter
// classifies each statement (sqlsplit.Statement); lint's checks read the
// same marks, so the two never disagree about what a statement is.

// checkStep refuses a section holding a statement that cannot run as
// written: the first such statement is reported.
func (m *Migrator) checkStep(s *step) error {
	names := m.trackingNames()
	for i := range s.stmts {
		if err := m.checkStatement(s, i); err != nil {
			return err
		}
		if err := m.checkTracking(s, i, names); err != nil {
			return err
		}
		if err := m.checkScratch(s, i); err != nil {
			return err
		}
	}
	return nil
}

// refusal is a MigrationError about statement i of s.
func refusal(s *step, i int, kind error, msg, hint string) *MigrationError {
	st := s.stmts[i]
	return &MigrationError{Kind: kind, Version: s.mig.Version.String(), Name: s.mig.Name, File: s.sec.File, Direction: s.dir,
		Statement: i + 1, Line: st.Start.Line, Column: st.Start.Column, StatementLine: lineAt(s.sec.SQL, st.Start.Offset-s.sec.Offset),
		Message: msg, Hint: hint}
}

// checkStatement refuses statement i of s when it is unsupported, controls
// the transaction, or cannot run inside the transaction the section runs
// in.
func (m *Migrator) checkStatement(s *step, i int) error {
	st := s.stmts[i]
	inTx := m.inTransaction(s.sec)
	switch {
	case st.Unsupported != "":
		msg, hint := unsupported(st.Unsupported)
		return refusal(s, i, ErrUnsupportedStatement, msg, hint)
	case st.Savepoint && inTx:
		// Savepoints nest inside strata's transaction: a ROLLBACK TO
		// undoes the migration's own work back to its own savepoint and
		// leaves the transaction, and strata's record in it, alone.
	case st.Savepoint:
		return refusal(s, i, ErrTransactionControl,
			st.Transaction+" needs a transaction, and this section runs each statement on its own ("+m.eachReason(s)+"), so there is none to set a savepoint in",
			"Try: delete the savepoint statements"+m.txAdvice(s))
	case st.Transaction != "":
		return refusal(s, i, ErrTransactionControl,
			st.Transaction+" controls the transaction, which strata does itself: "+m.howRun(s)+
				", so a "+st.Transaction+" of the migration's own would commit or undo statements behind strata's back",
			"Try: delete the transaction statements (BEGIN, COMMIT, ROLLBACK, …)"+m.txAdvice(s))
	case st.NeedsTransaction != "" && !inTx:
		return refusal(s, i, ErrNeedsTransaction,
			st.NeedsTransaction+" can only run inside a transaction block, and this section runs each statement on its own ("+m.eachReason(s)+")",
			"Try: move it to a section without -- strata:no-transaction, which strata runs in one transaction, or delete it")
	case st.NoTransaction != "" && inTx:
		return refusal(s, i, ErrNeedsNoTransaction,
			st.NoTransaction+" cannot run inside a transaction block, and this section runs in one",
			fmt.Sprintf("Try: add the line \"-- strata:no-transaction\" to the %s section of %s, and keep that statement in a migration of its own (without a transaction a failure leaves the section half done)",
				s.dir, s.sec.File))
	}
	return nil
}

// howRun says how strata runs a section, for messages.
func (m *Migrator) howRun(s *step) string {
	if m.inTransaction(s.sec) {
		return "it runs this section in one transaction together with its history row"
	}
	return "it runs this section statement by statement (" + m.eachReason(s) + ") and records after each how far it got"
}

// eachReason says why a section runs statement by statement.
func (m *Migrator) eachReason(s *step) string {
	if !m.d.TransactionalDDL() {
		return "MySQL commits every schema change on its own"
	}
	return "-- strata:no-transaction"
}

// txAdvice is what to do instead of transaction control in s.
func (m *Migrator) txAdvice(s *step) string {
	switch {
	case !m.d.TransactionalDDL():
		return "; strata resumes a failed MySQL migration at the statement that failed, and changes of rows that must commit together belong in one statement (INSERT … SELECT, a multi-row INSERT)"
	case s.sec.NoTransaction:
		return "; without -- strata:no-transaction the section runs in one transaction, savepoints included, and only statements that cannot run in one need a no-transaction migration of their own"
	}
	return "; strata already runs this section in one transaction, which commits with its history row or not at all"
}

// unsupported explains an Unsupported statement.
func unsupported(what string) (msg, hint string) {
	switch what {
	case "LOCK TABLES", "UNLOCK TABLES":
		return what + " cannot run in a migration: a MySQL session holding table locks may write no other table, and strata writes its progress and history to its own tables between statements",
			"Try: delete the LOCK TABLES and UNLOCK TABLES lines (mysqldump and mariadb-dump leave them out with --skip-add-locks); strata's own lock already keeps other runners out while a migration runs"
	case "FLUSH TABLES … WITH READ LOCK", "FLUSH TABLES … FOR EXPORT":
		return what + " cannot run in a migration: it locks tables for the session, and strata writes its progress and history to its own tables between statements",
			"Try: run it outside the migration, e.g. in the backup script that needs it"
	case "DROP OWNED":
		return "DROP OWNED cannot run in a migration: it drops everything the named roles own, and strata's tables and functions belong to the role strata runs as, which a text cannot tell apart from any other",
			"Try: drop the objects by name, or run DROP OWNED outside strata as an administrative step (REASSIGN OWNED first, if strata's tables belong to that role)"
	case "RELEASE_LOCK() of strata's lock":
		return "RELEASE_LOCK of a lock named 'strata_…', or of a name computed at run time, cannot run in a migration: it may release the lock strata holds so that no other runner migrates at the same time",
			"Try: release only your own named locks, by a literal name that does not start with strata_ (SELECT RELEASE_LOCK('myapp_job'))"
	case "SET completion_type":
		return "SET completion_type to CHAIN or RELEASE cannot run in a migration: it changes what every COMMIT of the session does, strata's own among them, which would then open a transaction strata does not know of or disconnect strata's session and drop its lock",
			"Try: delete the statement; a migration does not commit (strata does)"
	case "BACKUP LOCK", "BACKUP STAGE", "BACKUP UNLOCK":
		return what + " cannot run in a migration: a backup lock is held by the session until it is released, and strata's session lives for the whole run, blocking other clients' changes (or, with BACKUP UNLOCK, releasing what the backup tool holds)",
			"Try: run it from the backup script that needs it, outside strata"
	case "SET standard_conforming_strings = off":
		// Refused rather than followed: in one request (a transactional
		// section on PostgreSQL) the server reads the statements after
		// the SET as before it, one by one it reads them otherwise, so
		// the same file would mean two things; and strata's own literals
		// rely on it.
		return what + " cannot run in a migration: strata reads the strings of the file as standard-conforming, a backslash in '…' being itself, and after it the server would read the following statements otherwise",
			"Try: delete it and write the strings that need backslash escapes as E'…' (pg_dump's SET standard_conforming_strings = on may stay)"
	case "DISCARD ALL":
		return "DISCARD ALL cannot run in a migration: it releases the session's advisory locks, among them the lock strata holds so that no other runner migrates at the same time",
			"Try: use what you need of it instead: RESET ALL, DISCARD PLANS, DISCARD SEQUENCES or DISCARD TEMP"
	}
	// pg_advisory_unlock_all(), RELEASE_ALL_LOCKS()
	return what + " cannot run in a migration: it releases all the session's locks, among them the lock strata holds so that no other runner migrates at the same time",
		"Try: release only your own locks, one by one (pg_advisory_unlock(key) on PostgreSQL, RELEASE_LOCK(name) on MySQL)"
}

// problemKind names the kind of a refusal in Validate's problems.
func problemKind(err error) string {
	switch {
	case errors.Is(err, ErrNeedsNoTransaction):
		return "no-transaction"
	case errors.Is(err, ErrTransactionControl):
		return "transaction-control"
	case errors.Is(err, ErrNeedsTransaction):
		return "needs-transaction"
	case errors.Is(err, ErrUnsupportedStatement):
		return "unsupported"
	case errors.Is(err, ErrTouchesTracking):
		return "tracking"
	case errors.Is(err, ErrOutsideScratch):
		return "outside-scratch"
	}
	return "syntax"
}

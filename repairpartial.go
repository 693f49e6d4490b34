package strata

import (
	"errors"
	"fmt"

	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
)

// Repair resolves a failed attempt by recording that the migration runs
// again from its first statement. After a partial failure (statements
// committed one by one, MySQL or a no-transaction section) that repeats
// the committed statements: their rows twice, their DDL failing on what
// it made. Repair refuses it unless told that what was committed has been
// undone by hand; resuming at the failed statement, which up does once
// the file is fixed, needs no repair at all.

// RepairOption changes what Repair accepts.
type RepairOption func(*repairConfig)

type repairConfig struct {
	undone bool
}

// RepairUndone tells Repair that the statements a partially applied
// migration committed have been undone by hand, so that the migration may
// run again from its first statement (strata repair --undone).
func RepairUndone() RepairOption {
	return func(c *repairConfig) { c.undone = true }
}

// refusePartial returns, for each version whose last attempt failed part
// way, why Repair will not resolve it without RepairUndone; nil when there
// is none.
func refusePartial(st *state) error {
	var errs []error
	for _, mig := range st.migs {
		vs := st.versions[mig.Version.String()]
		if vs == nil || vs.Failed == nil || !vs.Partial() {
			continue
		}
		errs = append(errs, partialError(mig, vs.Failed))
	}
	return errors.Join(errs...)
}

// partialError is the refusal to repair mig, whose attempt f failed part
// way.
func partialError(mig *source.Migration, f *history.Attempt) *MigrationError {
	sec, what, cmd := &mig.Up, "migration", "strata up"
	if f.Direction == history.Down {
		sec, what, cmd = &mig.Down, "roll back", "strata down"
	}
	done := f.StatementsApplied
	next := done + 1
	me := &MigrationError{Kind: ErrPartiallyApplied, Version: mig.Version.String(), Name: mig.Name, File: sec.File, Direction: f.Direction,
		Statement: f.ErrorStatement, Line: f.ErrorLine, Applied: done}
	committed := statementRange(1, done) + " of it committed"
	if done == 0 {
		committed = fmt.Sprintf("statement %d was in flight when its runner died and may have taken effect", f.ErrorStatement)
	}
	me.Message = fmt.Sprintf("this %s failed part way in attempt #%d, with %s: repair would record that it runs again from its first statement, "+
		"and the next %s would repeat what is already in the database", what, f.ID, committed, cmd)
	me.Hint = fmt.Sprintf("Try: fix statement %d in %s and run %s: it resumes there, without a repair (%s --retry runs it again unchanged); "+
		"if you have undone by hand what the attempt committed, strata repair --undone records that, and the %s then runs from its first statement",
		next, sec.File, cmd, cmd, what)
	return me
}

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

func newStatusCmd(g *globalFlags, o *output) *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Show every migration with its state",
		Long: `Show every migration with its state: applied, pending, failed, modified
(edited after it was applied), missing (applied, file gone) or out-of-order.
It only reads: on a database strata has never touched it creates nothing.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runStatus(cmd.Context(), s, o))
		},
	}
}

func runStatus(ctx context.Context, s *settings, o *output) error {
	m, closeDB, err := s.migrator(ctx, o, readOnce)
	if err != nil {
		return err
	}
	defer closeDB()
	st, err := m.Status(ctx)
	if err != nil {
		return err
	}
	if o.json {
		return o.writeJSON(toStatusJSON(st))
	}
	printStatus(o, st, s.display, s.dir, time.Now())
	return nil
}

// stateStyle colours a state in the table.
var stateStyle = map[string]string{
	strata.StateApplied:    styleGreen,
	strata.StatePending:    styleYellow,
	strata.StateFailed:     styleRed,
	strata.StateModified:   styleRed,
	strata.StateMissing:    styleRed,
	strata.StateOutOfOrder: styleYellow,
}

func printStatus(o *output, st *strata.Status, display, dir string, now time.Time) {
	if len(st.Migrations) > 0 {
		// tableOf asks for every row twice (to size the columns, then to
		// print): the times are formatted the first time only.
		ats, tooks := make([]string, len(st.Migrations)), make([]string, len(st.Migrations))
		o.tableOf([]string{"VERSION", "NAME", "STATE", "APPLIED AT", "DURATION"}, len(st.Migrations), func(i int, c []cell) {
			ms := &st.Migrations[i]
			if ms.AppliedAt != nil && ats[i] == "" {
				ats[i] = timestamp(*ms.AppliedAt)
			}
			if ms.ExecutionTimeMS != nil && tooks[i] == "" {
				tooks[i] = human(time.Duration(*ms.ExecutionTimeMS) * time.Millisecond)
			}
			c[0], c[1], c[2], c[3], c[4] = cell{ms.Version, styleNone}, cell{ms.Name, styleNone}, cell{ms.State, stateStyle[ms.State]}, cell{ats[i], styleNone}, cell{tooks[i], styleNone}
		})
		printStatusNotes(o, st)
		o.printf("")
	}
	where := display
	switch {
	case st.CurrentVersion != "":
		where += " is at version " + st.CurrentVersion
	default:
		where += " has no migration applied"
	}
	pending := fmt.Sprintf("%d pending", st.Pending)
	if len(st.Migrations) == 0 {
		pending = "no migration files in " + dir
	}
	o.printf("%s; %s.", where, pending)
	if st.Lock != nil {
		o.printf("The migration lock is %s.", describeHolder(st.Lock, now))
	}
	if st.StaleLock != nil {
		o.printf("The migration lock was %s", describeStale(st.StaleLock, now))
	}
}

// describeStale says what a dead runner left and what to do, after "The
// migration lock was ".
func describeStale(sl *strata.StaleLock, now time.Time) string {
	h := sl.Holder
	s := fmt.Sprintf("left by %s (pid %d, strata %s, lock taken %s), which died holding it",
		h.LockedBy, h.ProcessID, h.Command, timestamp(h.LockedAt))
	if a := sl.Attempt; a != nil {
		s += fmt.Sprintf(" in version %s (%s)", a.Version, a.Direction)
		if a.StatementsApplied > 0 {
			s += fmt.Sprintf(" with statements 1-%d of %d committed", a.StatementsApplied, a.StatementsTotal)
		}
	} else if h.Version != "" {
		s += fmt.Sprintf("; it left no migration unfinished (the last it started, version %s, committed)", h.Version)
	} else {
		s += "; it left no migration unfinished"
	}
	if sl.Session != "" {
		return s + fmt.Sprintf("; its database session %s is still running and may yet commit. Try: strata up on this machine, which ends that session, records the interruption and carries on, or strata unlock, which ends it and only records it.", sl.Session)
	}
	return s + ". Try: strata up, which records the interruption and carries on, or strata unlock, which only records it."
}

// printStatusNotes explains, under the table, the states that need
// something done.
func printStatusNotes(o *output, st *strata.Status) {
	var notes []string
	for _, ms := range st.Migrations {
		switch {
		case ms.State == strata.StateFailed:
			what := "failed"
			if ms.Interrupted {
				what = "was interrupted"
			}
			notes = append(notes, fmt.Sprintf("%s %s: %s", ms.Version, what, firstLine(ms.Error)))
		case ms.State == strata.StateModified:
			notes = append(notes, fmt.Sprintf("%s was edited after it was applied (applied %s, file now %s): undo the edit, or record it with strata repair", ms.Version, ms.AppliedChecksum, ms.Checksum))
		case ms.State == strata.StateMissing:
			notes = append(notes, fmt.Sprintf("%s is applied but %s is gone: restore it from version control", ms.Version, ms.File))
		case ms.State == strata.StateOutOfOrder:
			notes = append(notes, fmt.Sprintf("%s is older than the current version: strata up refuses it without --allow-out-of-order", ms.Version))
		case ms.DownChanged:
			notes = append(notes, fmt.Sprintf("%s: its down section was edited after it was applied (allowed; strata repair records the new checksum)", ms.Version))
		}
	}
	if len(notes) == 0 {
		return
	}
	o.printf("")
	for _, n := range notes {
		o.printf("  %s", n)
	}
}

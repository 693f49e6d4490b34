package main

import (
	"context"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

func newUnlockCmd(g *globalFlags, o *output) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "unlock [--force]",
		Short: "Clear the lock left by a runner that died holding it",
		Long: `Clear the lock row of a runner that died holding the lock, recording the
attempt it left unfinished. A runner whose process is gone from this
machine while its database session still holds the lock is dead too: its
session is ended first. A holder that may be alive is left alone; --force
(only when you know that runner is gone) ends its database session, or on
SQLite takes its lease.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runUnlock(cmd.Context(), s, o, force))
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "clear the lock of a holder that may be alive: end its database session, or on SQLite take its lease")
	return cmd
}

func runUnlock(ctx context.Context, s *settings, o *output, force bool) error {
	// The recovered attempt is this command's result, printed below, not
	// a side note.
	events := newEventPrinter(o)
	m, closeDB, err := s.migrator(ctx, o, openExisting, strata.WithEvents(func(e strata.Event) {
		if _, ok := e.(strata.RecoveredInterrupted); !ok {
			events.handle(e)
		}
	}))
	if err != nil {
		return err
	}
	defer closeDB()
	var opts []strata.UnlockOption
	if force {
		opts = append(opts, strata.Force())
	}
	res, err := m.Unlock(ctx, opts...)
	if err != nil {
		return err
	}
	if o.json {
		out := struct {
			Cleared      *lockJSON    `json:"cleared"`
			Recorded     *attemptJSON `json:"recorded"`
			EndedSession *string      `json:"ended_session"`
		}{Cleared: toLockJSON(res.Cleared), EndedSession: nullable(res.EndedSession)}
		if a := res.Recorded; a != nil {
			r := toAttemptJSON(a)
			out.Recorded = &r
		}
		return o.writeJSON(out)
	}
	if res.Cleared == nil {
		o.printf("The migration lock is free; nothing to clear.")
		return nil
	}
	o.printf("Cleared the migration lock, which was %s.", describeHolder(res.Cleared, time.Now()))
	if res.EndedSession != "" {
		o.printf("Its database session %s still held the lock and was ended first; what that session had not committed was rolled back.", res.EndedSession)
	}
	if a := res.Recorded; a != nil {
		o.printf("Recorded its unfinished attempt on version %s%s as interrupted: %s", a.Version, inParens(o.path(a.File)), a.ErrorMessage)
	}
	return nil
}

package main

import (
	"context"
	"path"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

func newRepairCmd(g *globalFlags, o *output) *cobra.Command {
	return &cobra.Command{
		Use:   "repair",
		Short: "Accept the files as they are: new checksums, failed attempts resolved",
		Long: `After a deliberate fix, record as new history rows that the files as they
are now are accepted: the new checksums of edited applied migrations, and
the end of failed attempts (a migration that failed part way then runs
again from its first statement, so undo by hand what it left behind
first). Nothing is deleted or updated.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runRepair(cmd.Context(), s, o))
		},
	}
}

func runRepair(ctx context.Context, s *settings, o *output) error {
	m, closeDB, err := s.migrator(ctx, o, openExisting)
	if err != nil {
		return err
	}
	defer closeDB()
	actions, err := m.Repair(ctx)
	if err != nil {
		return err
	}
	if o.json {
		if actions == nil {
			actions = []strata.RepairAction{}
		}
		return o.writeJSON(map[string]any{"repaired": actions})
	}
	if len(actions) == 0 {
		o.printf("Nothing to repair: every applied migration matches its file and no attempt failed.")
		return nil
	}
	for _, a := range actions {
		o.printf("%s %s: %s", paint(o.colorOut, styleGreen, "repaired"), path.Base(a.File), a.Message)
	}
	o.printf("Recorded %s in the history.", plural(len(actions), "repair"))
	return nil
}

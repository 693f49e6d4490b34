package main

import (
	"context"
	"path"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

func newRepairCmd(g *globalFlags, o *output) *cobra.Command {
	var undone bool
	cmd := &cobra.Command{
		Use:   "repair",
		Short: "Accept the files as they are: new checksums, failed attempts resolved",
		Long: `After a deliberate fix, record as new history rows that the files as they
are now are accepted: the new checksums of edited applied migrations, and
the end of failed attempts. A migration that failed part way (statements
committed one by one) would then run again from its first statement and
repeat them: repair refuses it unless --undone says that what it committed
was undone by hand. To resume at the failed statement instead, fix it and
run strata up; no repair is needed. Nothing is deleted or updated.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runRepair(cmd.Context(), s, o, undone))
		},
	}
	cmd.Flags().BoolVar(&undone, "undone", false, "what a partially applied migration committed was undone by hand: run it again from its first statement")
	return cmd
}

func runRepair(ctx context.Context, s *settings, o *output, undone bool) error {
	m, closeDB, err := s.migrator(ctx, o, openExisting)
	if err != nil {
		return err
	}
	defer closeDB()
	var opts []strata.RepairOption
	if undone {
		opts = append(opts, strata.RepairUndone())
	}
	actions, err := m.Repair(ctx, opts...)
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

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

func newRedoCmd(g *globalFlags, o *output) *cobra.Command {
	return &cobra.Command{
		Use:   "redo",
		Short: "Roll back the latest migration and apply it again",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runRedo(cmd.Context(), s, o))
		},
	}
}

func runRedo(ctx context.Context, s *settings, o *output) error {
	doc := func(results []strata.Result, err error) error {
		return o.runJSON(map[string]any{"rolled_back": resultsJSON(results, "down"), "applied": resultsJSON(results, "up")}, err)
	}
	m, closeDB, err := s.migrator(ctx, o, openExisting)
	if err != nil {
		if o.json {
			return doc(nil, err)
		}
		return err
	}
	defer closeDB()
	start := time.Now()
	results, err := m.Redo(ctx)
	if o.json {
		return doc(results, err)
	}
	if err != nil {
		return err
	}
	summary := "Nothing to redo"
	if len(results) > 0 {
		summary = fmt.Sprintf("Redid version %s in %s", results[0].Version, human(time.Since(start)))
	}
	printSummary(o, summary, "; ", s.dir)
	return nil
}

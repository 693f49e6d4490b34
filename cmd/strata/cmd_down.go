package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

type downFlags struct {
	steps    int
	stepsSet bool
	to       string
	all      bool
	dryRun   bool
	// belowBaseline rolls back baselined migrations too.
	belowBaseline bool
	retry         bool
}

func newDownCmd(g *globalFlags, o *output) *cobra.Command {
	var f downFlags
	cmd := &cobra.Command{
		Use:   "down [--steps N | --to V | --all] [--below-baseline] [--dry-run] [--retry]",
		Short: "Roll back applied migrations with their down sections",
		Long: `Roll back the latest applied migration, or the latest N (--steps), or every
applied migration above version V (--to; --to 0 and --all roll back all).

Migrations recorded by strata baseline predate strata, and their down
sections would drop what was there before it: --all stops above them, and
--to or --steps reaching below them is refused, unless --below-baseline.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			f.stepsSet = cmd.Flags().Changed("steps")
			return ran(runDown(cmd.Context(), s, o, f))
		},
	}
	fl := cmd.Flags()
	fl.IntVar(&f.steps, "steps", 1, "roll back the latest N migrations")
	fl.StringVar(&f.to, "to", "", "roll back every applied migration above this version")
	fl.BoolVar(&f.all, "all", false, "roll back every applied migration")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the plan and its SQL; write nothing")
	fl.BoolVar(&f.belowBaseline, "below-baseline", false, "roll back baselined migrations too (their down sections drop what predates strata)")
	fl.BoolVar(&f.retry, "retry", false, "run the statement a failed down section stopped at again, with the file unchanged, once the failure has passed")
	return cmd
}

func runDown(ctx context.Context, s *settings, o *output, f downFlags) error {
	// A rollback never creates the database: where nothing is applied
	// there is nothing to do.
	failed := func(results []strata.Result, err error) error {
		if !o.json {
			return err
		}
		if f.dryRun {
			return o.runJSON(map[string]any{"dry_run": true, "would_roll_back": plannedJSONs(results)}, err)
		}
		return o.runJSON(map[string]any{"rolled_back": resultsJSON(results, "")}, err)
	}
	m, closeDB, err := s.migrator(ctx, o, openExisting)
	if err != nil {
		return failed(nil, err)
	}
	defer closeDB()
	var opts []strata.DownOption
	if f.stepsSet {
		opts = append(opts, strata.Steps(f.steps))
	}
	if f.to != "" {
		opts = append(opts, strata.To(f.to))
	}
	if f.all {
		opts = append(opts, strata.All())
	}
	if f.dryRun {
		opts = append(opts, strata.DryRun())
	}
	if f.belowBaseline {
		opts = append(opts, strata.BelowBaseline())
	}
	if f.retry {
		opts = append(opts, strata.Retry())
	}
	start := time.Now()
	results, err := m.Down(ctx, opts...)
	if err != nil {
		return failed(results, err)
	}
	if f.dryRun {
		return printPlan(o, "roll back", results)
	}
	if o.json {
		return o.runJSON(map[string]any{"rolled_back": resultsJSON(results, "")}, nil)
	}
	summary, sep := "Nothing to roll back", ": "
	if len(results) > 0 {
		summary, sep = fmt.Sprintf("%s rolled back in %s", plural(len(results), "migration"), human(time.Since(start))), "; "
	}
	printSummary(o, summary, sep, s.dir)
	return nil
}

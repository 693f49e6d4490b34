package main

import (
	"context"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

type upFlags struct {
	to               string
	dryRun           bool
	allowOutOfOrder  bool
	tolerateExisting bool
	retry            bool
	warnAfter        time.Duration
}

func newUpCmd(g *globalFlags, o *output) *cobra.Command {
	var f upFlags
	cmd := &cobra.Command{
		Use:   "up [--to V] [--dry-run] [--retry]",
		Short: "Apply the pending migrations in order",
		Long: `Apply the pending migrations in version order, up to and including --to,
each in its own transaction unless its file says -- strata:no-transaction.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			if cmd.Flags().Changed("allow-out-of-order") {
				s.allowOutOfOrder = f.allowOutOfOrder
			}
			if cmd.Flags().Changed("warn-after") {
				s.warnAfter = &f.warnAfter
			}
			return ran(runUp(cmd.Context(), s, o, f))
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "stop after this version")
	fl.BoolVar(&f.dryRun, "dry-run", false, "print the plan and its SQL; write nothing")
	fl.BoolVar(&f.allowOutOfOrder, "allow-out-of-order", false, "apply pending migrations older than the newest applied one (config: allow_out_of_order)")
	fl.BoolVar(&f.tolerateExisting, "tolerate-existing", false, `treat "already exists"/"does not exist" errors as recorded warnings in every migration`)
	fl.BoolVar(&f.retry, "retry", false, "run the statement a failure stopped at again, with the file unchanged, once the failure has passed (a lock wait, a timeout, a privilege granted since)")
	fl.DurationVar(&f.warnAfter, "warn-after", 5*time.Minute, "warn about a migration running longer than this; 0 turns it off (config: warn_after)")
	return cmd
}

func runUp(ctx context.Context, s *settings, o *output, f upFlags) error {
	acc := openOrCreate
	if f.dryRun {
		acc = openExisting
	}
	var opts []strata.UpOption
	if f.to != "" {
		opts = append(opts, strata.To(f.to))
	}
	if f.retry {
		opts = append(opts, strata.Retry())
	}
	if f.dryRun {
		opts = append(opts, strata.DryRun())
	} else if s.sqliteMissing() {
		// Bad input changes nothing, and a new SQLite file would be a
		// change: plan against the empty database the file would hold
		// first, and create it only when the plan holds.
		if err := planUp(ctx, s, o, f, opts); err != nil {
			return err
		}
	}
	failed := func(results []strata.Result, err error) error {
		if !o.json {
			return err
		}
		if f.dryRun {
			return o.runJSON(map[string]any{"dry_run": true, "would_apply": plannedJSONs(results)}, err)
		}
		return o.runJSON(map[string]any{"applied": resultsJSON(results, "")}, err)
	}
	m, closeDB, err := s.migrator(ctx, o, acc, strata.WithTolerateExisting(f.tolerateExisting))
	if err != nil {
		return failed(nil, err)
	}
	defer closeDB()
	start := time.Now()
	results, err := m.Up(ctx, opts...)
	if err != nil {
		return failed(results, err)
	}
	if f.dryRun {
		return printPlan(o, "apply", results)
	}
	if o.json {
		return o.runJSON(map[string]any{"applied": resultsJSON(results, "")}, nil)
	}
	summary, sep := "Nothing to apply", ": "
	if len(results) > 0 {
		summary, sep = fmt.Sprintf("%s applied in %s", plural(len(results), "migration"), human(time.Since(start))), "; "
	}
	printSummary(o, summary, sep, s.dir)
	return nil
}

// printSummary prints the last line of up, down and redo: what was done
// and where the database stands now. The migrations are done by then, so
// a failure to read the state only shortens the line.
func printSummary(o *output, summary, sep, dir string) {
	if f := o.finished; f != nil {
		summary += sep + describeVersion(f, dir)
	}
	o.printf("%s.", summary)
}

// describeVersion says where the database stands, for summaries.
func describeVersion(f *strata.RunFinished, dir string) string {
	switch {
	case f.CurrentVersion != "":
		return "the database is at version " + f.CurrentVersion
	case f.Files == 0:
		return "there are no migration files in " + dir
	}
	return "no migration is applied"
}

// planUp plans an up, writing nothing (see runUp).
func planUp(ctx context.Context, s *settings, o *output, f upFlags, opts []strata.UpOption) error {
	m, closeDB, err := s.migrator(ctx, o, openExisting, strata.WithTolerateExisting(f.tolerateExisting))
	if err != nil {
		return err
	}
	defer closeDB()
	_, err = m.Up(ctx, append(opts, strata.DryRun())...)
	return err
}

// sqliteMissing reports an SQLite database whose file does not exist yet.
func (s *settings) sqliteMissing() bool {
	t, err := parseURL(s.database)
	return err == nil && t.SQLitePath != "" && !fileExists(t.SQLitePath)
}

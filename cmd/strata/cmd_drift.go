package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

func newDiffCmd(g *globalFlags, o *output) *cobra.Command {
	var from, to string
	cmd := &cobra.Command{
		Use:   "diff --from URL --to URL",
		Short: "Compare the schemas of two live databases; exit 3 when they differ",
		Long: `Compare the schemas of two databases of the same kind, e.g. staging and
production: tables, columns, keys, constraints, foreign keys, indexes, views,
sequences, types, functions, triggers and extensions. Each difference says
what was added, removed or changed, and for a change the attribute and both
values. strata's tracking tables are left out. It only reads. Exits with 3
when the schemas differ.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			if from == "" || to == "" {
				return ran(usageErrorf("diff needs both --from URL and --to URL"))
			}
			return ran(runDiff(cmd.Context(), s, o, from, to))
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the database to compare from")
	cmd.Flags().StringVar(&to, "to", "", "the database to compare to")
	return cmd
}

func runDiff(ctx context.Context, s *settings, o *output, fromURL, toURL string) error {
	var schemas [2]*strata.Schema
	var dialects [2]strata.Dialect
	for i, raw := range []string{fromURL, toURL} {
		flag := [2]string{"--from", "--to"}[i]
		t, err := parseURL(raw)
		if err != nil {
			return usageErrorf("%s: %v", flag, err)
		}
		o.addSecrets(t.Secrets...)
		o.database, o.databaseFrom = t.Display, flag
		db, err := t.open(ctx, true)
		if err != nil {
			return err
		}
		schemas[i], err = strata.Inspect(ctx, db, t.Dialect, strata.WithTables(s.historyTable, s.lockTable), strata.WithSecrets(t.Secrets...))
		db.Close()
		if err != nil {
			return err
		}
		dialects[i] = t.Dialect
	}
	if dialects[0] != dialects[1] {
		return usageErrorf("--from is %s and --to is %s: diff compares databases of the same kind", dialects[0], dialects[1])
	}
	changes := strata.Diff(schemas[0], schemas[1])
	if o.json {
		if err := o.writeJSON(map[string]any{"changes": changesJSON(changes)}); err != nil {
			return err
		}
	} else {
		for _, c := range changes {
			o.printf("%s", c.String())
		}
		if len(changes) == 0 {
			o.printf("No differences: the two schemas are the same.")
		}
	}
	if len(changes) > 0 {
		return &problemsError{n: len(changes), what: "diff"}
	}
	return nil
}

// devURLUsage describes the scratch database flag of drift, verify and health.
const devURLUsage = "an EMPTY database to replay the migrations into, emptied again afterwards (default: a temporary database on the same server, dropped afterwards; in memory for SQLite)"

func newDriftCmd(g *globalFlags, o *output) *cobra.Command {
	var devURL string
	cmd := &cobra.Command{
		Use:   "drift [--dev-url URL]",
		Short: "Compare the database with what its migrations build; exit 3 on any difference",
		Long: `Replay the migrations the database has applied into an empty scratch
database and compare the two schemas: what was changed by hand (added),
what is missing (removed), what differs (changed). Without --dev-url the
scratch database is a temporary one on the same server (the user needs the
right to create databases), or an in-memory one for SQLite. It never writes
to the live database. Exits with 3 when there is drift.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runDrift(cmd.Context(), s, o, devURL))
		},
	}
	cmd.Flags().StringVar(&devURL, "dev-url", "", devURLUsage)
	return cmd
}

// withScratch opens the live database, a Migrator on it and a scratch
// database, and runs f.
func withScratch(ctx context.Context, s *settings, o *output, devURL string, f func(m *strata.Migrator, scratch *sql.DB) error) error {
	t, db, err := s.connect(ctx, o, openExisting)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := s.newMigrator(o, t, db)
	if err != nil {
		return err
	}
	scratch, done, err := scratchDatabase(ctx, o, m, t, db, devURL)
	if err != nil {
		return err
	}
	defer done()
	return f(m, scratch)
}

func runDrift(ctx context.Context, s *settings, o *output, devURL string) error {
	return withScratch(ctx, s, o, devURL, func(m *strata.Migrator, scratch *sql.DB) error {
		r, err := m.Drift(ctx, scratch)
		if err != nil {
			return err
		}
		if o.json {
			if err := o.writeJSON(toDriftJSON(r)); err != nil {
				return err
			}
		} else {
			printDrift(o, r)
		}
		if r.Drifted() {
			return &problemsError{n: len(r.Changes), what: "drift"}
		}
		return nil
	})
}

func printDrift(o *output, r *strata.DriftReport) {
	for _, c := range r.Changes {
		o.printf("%s", c.String())
	}
	for _, v := range r.Missing {
		o.noticef("note: version %s is applied but its file is gone; what it did shows as added", v)
	}
	for _, v := range r.Modified {
		o.noticef("note: version %s was edited after it was applied; the replay ran the new text", v)
	}
	for _, v := range r.Failed {
		o.noticef("note: the latest attempt of version %s failed; what it left behind shows as added", v)
	}
	if len(r.Changes) == 0 {
		o.printf("No drift: the database matches its %d applied migrations (version %s).", r.Replayed, orNone(r.CurrentVersion))
	} else {
		o.printf("Drift: %d differences between the %d applied migrations (version %s) and the database (added: only in the database; removed: missing from it).",
			len(r.Changes), r.Replayed, orNone(r.CurrentVersion))
	}
}

func orNone(v string) string {
	if v == "" {
		return "none"
	}
	return v
}

func newVerifyCmd(g *globalFlags, o *output) *cobra.Command {
	var devURL string
	cmd := &cobra.Command{
		Use:   "verify [--dev-url URL]",
		Short: "Test every migration's rollback in a scratch database; exit 3 on any problem",
		Long: `Rollback tests, in an empty scratch database: for each migration in order,
apply the up section, apply the down section and check the schema is back to
what it was, apply the up section again and check it matches. Reports every
migration whose down section does not undo its up section (with the schema
differences), fails, or is missing. Never touches the live database beyond
reading it. Exits with 3 when any migration fails the test.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runVerify(cmd.Context(), s, o, devURL))
		},
	}
	cmd.Flags().StringVar(&devURL, "dev-url", "", devURLUsage)
	return cmd
}

func runVerify(ctx context.Context, s *settings, o *output, devURL string) error {
	return withScratch(ctx, s, o, devURL, func(m *strata.Migrator, scratch *sql.DB) error {
		r, err := m.Verify(ctx, scratch)
		if err != nil {
			return err
		}
		if o.json {
			if err := o.writeJSON(toVerifyJSON(r)); err != nil {
				return err
			}
		} else {
			for _, f := range r.Findings {
				o.printf("%s%s: %s", o.location(f.File, 0, 0), paint(o.colorOut, styleRed, f.Kind), f.Message)
				for _, c := range f.Changes {
					o.printf("    %s", c.String())
				}
			}
			o.printf("%d migrations applied, %d rollbacks checked, %d problems.", r.Migrations, r.Checked, len(r.Findings))
			if r.StoppedAt != "" {
				o.printf("Stopped at version %s: its up section failed, and later migrations build on it.", r.StoppedAt)
			}
		}
		if !r.OK() {
			return &problemsError{n: max(len(r.Findings), 1), what: "verify"}
		}
		return nil
	})
}

func newHealthCmd(g *globalFlags, o *output) *cobra.Command {
	var devURL string
	var warnAfter time.Duration
	cmd := &cobra.Command{
		Use:   "health [--dev-url URL] [--warn-after D]",
		Short: "One report on the migrations: state, failures, slow ones, lock, checksums, drift, lint",
		Long: `One read-only report: the database and its version, migrations applied,
pending and failed, every failed attempt and the slowest migrations from the
history (those over --warn-after marked), who holds the lock and since when,
checksum problems, the lint summary (conflicting and duplicated
definitions), and, with --dev-url, drift. Exits with 3 when something needs
attention (pending and slow migrations alone do not count).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			if cmd.Flags().Changed("warn-after") {
				s.warnAfter = &warnAfter
			}
			return ran(runHealth(cmd.Context(), s, o, devURL))
		},
	}
	cmd.Flags().StringVar(&devURL, "dev-url", "", "an EMPTY database to replay the migrations into for a drift check, emptied again afterwards")
	cmd.Flags().DurationVar(&warnAfter, "warn-after", 5*time.Minute, "mark migrations that took longer (config: warn_after)")
	return cmd
}

func runHealth(ctx context.Context, s *settings, o *output, devURL string) error {
	t, db, err := s.connect(ctx, o, openExisting)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := s.newMigrator(o, t, db)
	if err != nil {
		return err
	}
	var opts []strata.HealthOption
	if s.warnAfter != nil && *s.warnAfter > 0 {
		opts = append(opts, strata.HealthWarnAfter(*s.warnAfter))
	}
	if devURL != "" {
		scratch, done, err := scratchDatabase(ctx, o, m, t, db, devURL)
		if err != nil {
			return err
		}
		defer done()
		opts = append(opts, strata.HealthDrift(scratch))
	}
	if l := lintSummary(ctx, s, t.Dialect); l != nil {
		opts = append(opts, strata.HealthLint(*l))
	}
	r, err := m.Health(ctx, opts...)
	if err != nil {
		return err
	}
	if o.json {
		if err := o.writeJSON(o.healthJSON(r)); err != nil {
			return err
		}
	} else {
		printHealth(o, r)
	}
	if !r.Healthy {
		return &problemsError{n: 1, what: "health"}
	}
	return nil
}

// lintSummary counts the conflicting (S102) and duplicated (S101)
// definitions; nil when lint cannot run on the files (health reports the
// files' problems itself).
func lintSummary(ctx context.Context, s *settings, d strata.Dialect) *strata.LintSummary {
	rep, err := strata.Lint(ctx, strata.LintOptions{Dialect: d, Dir: s.dir, Config: s.lint, SQLMode: urlSQLMode(s, d), AllowOutOfOrder: s.allowOutOfOrder})
	if err != nil {
		return nil
	}
	sum := &strata.LintSummary{}
	for _, dg := range rep.Findings {
		switch dg.Code {
		case "S102":
			sum.Conflicts++
		case "S101":
			sum.Duplications++
		}
	}
	return sum
}

func printHealth(o *output, r *strata.HealthReport) {
	state := paint(o.colorOut, styleGreen, "healthy")
	if !r.Healthy {
		state = paint(o.colorOut, styleRed, "needs attention")
	}
	if !r.DriftChecked {
		// Healthy says nothing about drift then; say so where it is read.
		state += " (drift not checked)"
	}
	o.printf("%s at version %s: %s", r.Database, orNone(r.CurrentVersion), state)
	o.printf("Migrations: %d applied, %d pending, %d failed.", r.Applied, r.Pending, r.Failed)
	if len(r.FailedAttempts) > 0 {
		o.printf("\nFailed attempts (newest first):")
		for _, a := range r.FailedAttempts {
			note := ""
			if a.Resolved {
				note = " (resolved since)"
			}
			id := fmt.Sprintf("#%d", a.ID)
			if a.ID == 0 {
				id = "(not recorded yet)" // a dead runner's, see Lock
			}
			o.printf("  %s %s %s %s %s%s: %s", id, a.AppliedAt.UTC().Format("2006-01-02 15:04:05Z"), a.Version, a.File, a.Direction, note, firstLine(a.Error))
		}
	}
	if len(r.Slowest) > 0 {
		o.printf("\nSlowest migrations (over %s marked !):", time.Duration(r.WarnAfterMS)*time.Millisecond)
		for _, a := range r.Slowest {
			mark := " "
			if a.Slow {
				mark = "!"
			}
			o.printf("  %s %8s  %s %s (%s)", mark, (time.Duration(a.DurationMS) * time.Millisecond).String(), a.Version, a.File, a.Direction)
		}
	}
	if r.StaleLock != nil {
		o.printf("\nLock: %s", describeStale(r.StaleLock, time.Now()))
	} else if r.Lock != nil {
		o.printf("\nLock: held by %s since %s; last sign of life %s ago.", r.Lock,
			r.Lock.LockedAt.UTC().Format("2006-01-02 15:04:05Z"), (time.Duration(r.LockAgeMS) * time.Millisecond).Round(time.Second))
	} else {
		o.printf("\nLock: free.")
	}
	if len(r.Checksums) == 0 {
		o.printf("Checksums: every applied migration matches its file.")
	}
	for _, p := range r.Checksums {
		o.printf("Checksums: %s%s: %s", o.location(p.File, p.Line, 0), p.Kind, p.Message)
	}
	if r.Lint != nil {
		o.printf("Lint: %d conflicting definitions, %d duplicated definitions.", r.Lint.Conflicts, r.Lint.Duplications)
	}
	if r.Drift != nil {
		printDrift(o, r.Drift)
	} else {
		o.printf("Drift: not checked. Try: strata health --dev-url URL with an empty database, or strata drift, to compare the schema with what the migrations build.")
	}
}

package main

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/lintreport"
)

type lintFlags struct {
	dialect string
	format  string
	since   string
}

func newLintCmd(g *globalFlags, o *output) *cobra.Command {
	var f lintFlags
	cmd := &cobra.Command{
		Use:   "lint [--dialect D] [--format text|json|sarif|github] [--since REF]",
		Short: "Check the migration files for unsafe, conflicting and duplicated changes; exit 3 on an error",
		Long: `Check the migration files for the mistakes that wreck migration histories:
naming and ordering, non-idempotent statements among idempotent ones,
missing or incomplete rollbacks, statements that cannot run in a
transaction, DDL mixed with data changes, migrations that re-create or
redefine what earlier ones created, destructive changes, PostgreSQL locking
hazards and MySQL table copies. PostgreSQL is read with its real parser.

The dialect comes from --dialect, or from the database URL (lint never
writes to the database; it reads the applied checksums from it, so that an
edited applied migration is an error). --since REF checks only the
migrations added or changed since the git revision REF, with the earlier
ones as context. Settings: the [lint] table of strata.toml (disable,
severity, max_statements, max_bytes, require_lock_timeout).
Exits with 3 when a finding of severity error remains.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			if o.json && !cmd.Flags().Changed("format") {
				f.format = "json"
			}
			return ran(runLint(cmd.Context(), s, o, f, cmd.Flags().Changed("dialect")))
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.dialect, "dialect", "", "postgres, mysql or sqlite (default: the database URL's)")
	fl.StringVar(&f.format, "format", "text", "text, json, sarif (SARIF 2.1.0) or github (workflow annotations)")
	fl.StringVar(&f.since, "since", "", "check only migrations added or changed since this git revision")
	return cmd
}

func runLint(ctx context.Context, s *settings, o *output, f lintFlags, dialectGiven bool) error {
	cfg := s.lint
	switch f.format {
	case "text", "json", "sarif", "github":
	default:
		return usageErrorf("--format %q is not one of text, json, sarif, github", f.format)
	}
	if err := s.checkDir(); err != nil {
		return err
	}
	var d strata.Dialect
	var applied map[string]string
	var err error
	if dialectGiven {
		if d, err = strata.ParseDialect(f.dialect); err != nil {
			return usageErrorf("--dialect %q: use postgres, mysql or sqlite", f.dialect)
		}
	}
	// The database is consulted when it is the one the dialect comes from,
	// or when it was named explicitly: an SQLite default with a --dialect
	// postgres directory is no database of this project.
	if !dialectGiven || s.databaseFrom != "the default" {
		t, err := parseURL(s.database)
		if err != nil {
			return usageErrorf("%s: %v", s.databaseFrom, err)
		}
		if dialectGiven && t.Dialect != d {
			return usageErrorf("--dialect %s, but the database %s (from %s) is %s; leave --dialect out, or name the right database", d, t.Display, s.databaseFrom, t.Dialect)
		}
		d = t.Dialect
		if applied, err = appliedChecksums(ctx, s, o); err != nil {
			return err
		}
	}
	report, err := strata.Lint(ctx, strata.LintOptions{Dialect: d, Dir: s.dir, Config: cfg, Since: f.since, Applied: applied,
		SQLMode: urlSQLMode(s, d), AllowOutOfOrder: s.allowOutOfOrder})
	if err != nil {
		return err
	}
	switch f.format {
	case "json":
		err = lintreport.WriteJSON(o.stdout, report)
	case "sarif":
		err = lintreport.WriteSARIF(o.stdout, report)
	case "github":
		err = lintreport.WriteGitHub(o.stdout, report)
	default:
		err = lintreport.WriteText(o.stdout, report)
	}
	if err != nil {
		return err
	}
	if report.HasErrors() {
		return &problemsError{n: report.Count(strata.LintError), what: "lint"}
	}
	return nil
}

// appliedChecksums reads, without writing, the up-section checksum the
// database holds for each applied version.
func appliedChecksums(ctx context.Context, s *settings, o *output) (map[string]string, error) {
	m, closeDB, err := s.migrator(ctx, o, openExisting)
	if err != nil {
		return nil, err
	}
	defer closeDB()
	st, err := m.Status(ctx)
	if err != nil {
		var fe *strata.FilesError
		if errors.As(err, &fe) {
			// Broken files are lint's to report, with their codes.
			return nil, nil
		}
		return nil, err
	}
	out := map[string]string{}
	for _, ms := range st.Migrations {
		switch ms.State {
		case strata.StateApplied:
			out[ms.Version] = ms.Checksum
		case strata.StateModified, strata.StateMissing:
			out[ms.Version] = ms.AppliedChecksum
		}
	}
	return out, nil
}

// urlSQLMode is the sql_mode parameter of a MySQL database URL, with the
// quotes the driver passes on to SET stripped: lint reads strings as the
// sessions strata opens with that URL will.
func urlSQLMode(s *settings, d strata.Dialect) string {
	if d != strata.MySQL || s.database == "" {
		return ""
	}
	u, err := url.Parse(s.database)
	if err != nil {
		return ""
	}
	return strings.Trim(u.Query().Get("sql_mode"), `'"`)
}

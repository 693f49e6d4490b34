package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/strata-db/strata"
)

type historyFlags struct {
	limit   int
	version string
}

func newHistoryCmd(g *globalFlags, o *output) *cobra.Command {
	var f historyFlags
	cmd := &cobra.Command{
		Use:   "history [--limit N] [--version V]",
		Short: "List every attempt recorded in the history table, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := g.resolve(cmd, o)
			if err != nil {
				return ran(err)
			}
			return ran(runHistory(cmd.Context(), s, o, f))
		},
	}
	cmd.Flags().IntVar(&f.limit, "limit", 0, "show only the latest N attempts (0: all)")
	cmd.Flags().StringVar(&f.version, "version", "", "show only the attempts on this version")
	return cmd
}

func runHistory(ctx context.Context, s *settings, o *output, f historyFlags) error {
	if f.limit < 0 {
		return usageErrorf("--limit %d: the limit must be 0 (all) or more", f.limit)
	}
	version := ""
	if f.version != "" {
		v, ok := normalizeVersion(f.version)
		if !ok {
			return usageErrorf("--version %q is not a version: versions are digits, as in the file names", f.version)
		}
		version = v
	}
	m, closeDB, err := s.migrator(ctx, o, openExisting)
	if err != nil {
		return err
	}
	defer closeDB()
	all, err := m.History(ctx)
	if err != nil {
		return err
	}
	attempts := []strata.Attempt{}
	for _, a := range all {
		if version != "" && a.Version != version {
			continue
		}
		if f.limit > 0 && len(attempts) == f.limit {
			break
		}
		attempts = append(attempts, a)
	}
	if o.json {
		out := make([]attemptJSON, len(attempts))
		for i := range attempts {
			out[i] = toAttemptJSON(&attempts[i])
		}
		return o.writeJSON(map[string]any{"attempts": out})
	}
	if len(attempts) == 0 {
		if version != "" {
			o.printf("No attempt on version %s is recorded.", version)
		} else {
			o.printf("No attempt is recorded yet: strata up applies the migrations and records each attempt.")
		}
		return nil
	}
	rows := make([][]cell, len(attempts))
	for i, a := range attempts {
		result, style := attemptResult(a)
		errText := ""
		if !a.Success {
			errText = firstLine(a.ErrorMessage)
			if a.ErrorLine > 0 {
				errText = o.location(a.File, a.ErrorLine, 0) + errText
			}
		}
		rows[i] = []cell{{fmt.Sprint(a.ID), styleNone}, {a.Version, styleNone}, {a.Name, styleNone}, {a.Direction, styleNone},
			{result, style}, {timestamp(a.AppliedAt), styleNone}, {human(time.Duration(a.DurationMS) * time.Millisecond), styleNone}, {a.AppliedBy, styleNone}, {errText, styleNone}}
	}
	o.table([]string{"ID", "VERSION", "NAME", "DIRECTION", "RESULT", "WHEN", "DURATION", "BY", "ERROR"}, rows)
	return nil
}

// attemptResult is the RESULT column: ok, failed, interrupted (the runner
// died) or cancelled (it was stopped by a signal).
func attemptResult(a strata.Attempt) (string, string) {
	switch {
	case a.Success:
		return "ok", styleGreen
	case a.ErrorCode == "interrupted", a.ErrorCode == "cancelled":
		return a.ErrorCode, styleYellow
	}
	return "failed", styleRed
}

// normalizeVersion turns "007" into "7", as the library reports versions.
func normalizeVersion(v string) (string, bool) {
	if v == "" || strings.Trim(v, "0123456789") != "" {
		return "", false
	}
	v = strings.TrimLeft(v, "0")
	if v == "" {
		v = "0"
	}
	return v, true
}

package main

import (
	"context"
	"fmt"
	"strings"

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

// attemptJSON is one row of history --json.
type attemptJSON struct {
	ID                int64    `json:"id"`
	Version           string   `json:"version"`
	Name              string   `json:"name"`
	File              string   `json:"file"`
	Direction         string   `json:"direction"`
	AppliedAt         string   `json:"applied_at"`
	ExecutionTimeMS   int64    `json:"execution_time_ms"`
	Success           bool     `json:"success"`
	Checksum          string   `json:"checksum"`
	ErrorCode         string   `json:"error_code"`
	ErrorMessage      string   `json:"error_message"`
	ErrorStatement    int      `json:"error_statement"`
	ErrorLine         int      `json:"error_line"`
	StatementsApplied int      `json:"statements_applied"`
	StatementsTotal   int      `json:"statements_total"`
	AppliedBy         string   `json:"applied_by"`
	ProcessID         int      `json:"process_id"`
	StrataVersion     string   `json:"strata_version"`
	Warnings          []string `json:"warnings"`
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
		for i, a := range attempts {
			warnings := a.Warnings
			if warnings == nil {
				warnings = []string{}
			}
			out[i] = attemptJSON{ID: a.ID, Version: a.Version, Name: a.Name, File: a.File, Direction: a.Direction,
				AppliedAt: rfc3339(a.AppliedAt), ExecutionTimeMS: a.Duration.Milliseconds(), Success: a.Success,
				Checksum: a.Checksum, ErrorCode: a.ErrorCode, ErrorMessage: a.ErrorMessage, ErrorStatement: a.ErrorStatement,
				ErrorLine: a.ErrorLine, StatementsApplied: a.StatementsApplied, StatementsTotal: a.StatementsTotal,
				AppliedBy: a.AppliedBy, ProcessID: a.ProcessID, StrataVersion: a.StrataVersion, Warnings: warnings}
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
			{result, style}, {timestamp(a.AppliedAt), styleNone}, {human(a.Duration), styleNone}, {a.AppliedBy, styleNone}, {errText, styleNone}}
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

package main

import (
	"path"
	"strconv"
	"strings"

	"github.com/strata-db/strata"
)

// resultJSON is one migration of up, down and redo in --json output.
type resultJSON struct {
	Version         string   `json:"version"`
	Name            string   `json:"name"`
	File            string   `json:"file"`
	Direction       string   `json:"direction"`
	ExecutionTimeMS int64    `json:"execution_time_ms"`
	Statements      int      `json:"statements"`
	StatementsTotal int      `json:"statements_total"`
	ResumedAt       int      `json:"resumed_at,omitempty"`
	InTransaction   bool     `json:"in_transaction"`
	Warnings        []string `json:"warnings,omitempty"`
	SQL             []string `json:"sql,omitempty"`
}

// resultsJSON converts results, keeping those of one direction ("" for
// all); the list is never null.
func resultsJSON(results []strata.Result, direction string) []resultJSON {
	out := []resultJSON{}
	for _, r := range results {
		if direction != "" && r.Direction != direction {
			continue
		}
		out = append(out, resultJSON{
			Version: r.Version, Name: r.Name, File: r.File, Direction: r.Direction,
			ExecutionTimeMS: r.Duration.Milliseconds(), Statements: r.Statements, StatementsTotal: r.Total,
			ResumedAt: r.ResumedAt, InTransaction: r.InTransaction, Warnings: r.Warnings, SQL: r.SQL,
		})
	}
	return out
}

// printPlan prints what a dry run would do, with each migration's SQL.
// verb is "apply" or "roll back".
func printPlan(o *output, verb string, plan []strata.Result) error {
	if o.json {
		key := "would_apply"
		if verb != "apply" {
			key = "would_roll_back"
		}
		return o.writeJSON(map[string]any{"dry_run": true, key: resultsJSON(plan, "")})
	}
	if len(plan) == 0 {
		o.printf("Dry run: nothing to %s.", verb)
		return nil
	}
	var b strings.Builder
	for _, r := range plan {
		b.WriteString(paint(o.colorOut, styleBold, "-- would "+verb+" "+path.Base(r.File)))
		b.WriteString(" (version " + r.Version + ", " + plural(len(r.SQL), "statement"))
		if r.ResumedAt > 0 {
			b.WriteString(", resuming at statement " + strconv.Itoa(r.ResumedAt))
		}
		b.WriteString(")\n")
		for _, stmt := range r.SQL {
			b.WriteString(stmt)
			b.WriteString(";\n")
		}
		b.WriteString("\n")
	}
	b.WriteString("Dry run: " + plural(len(plan), "migration") + " would be " + pastTense(verb) + "; nothing was written.\n")
	o.stdout.Write([]byte(b.String()))
	return nil
}

func pastTense(verb string) string {
	if verb == "apply" {
		return "applied"
	}
	return "rolled back"
}

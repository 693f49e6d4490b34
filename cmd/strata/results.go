package main

import (
	"path"
	"strconv"
	"strings"

	"github.com/strata-db/strata"
)

// printPlan prints what a dry run would do, with each migration's SQL.
// verb is "apply" or "roll back".
func printPlan(o *output, verb string, plan []strata.Result) error {
	if o.json {
		key := "would_apply"
		if verb != "apply" {
			key = "would_roll_back"
		}
		return o.writeJSON(map[string]any{"dry_run": true, key: plannedJSONs(plan)})
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

package main

import (
	"errors"
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
		return o.runJSON(map[string]any{"dry_run": true, key: plannedJSONs(plan)}, nil)
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

// errorJSON is the "error" of the up, down and redo documents when the
// command failed: the failure that stopped it (the first, where a plan
// was refused for several reasons; stderr lists them all).
type errorJSON struct {
	Version   *string `json:"version"`
	Direction *string `json:"direction"`
	File      *string `json:"file"`
	Path      *string `json:"path"`
	Line      *int    `json:"line"`
	Statement *int    `json:"statement"`
	Code      *string `json:"code"`
	Message   string  `json:"message"`
	Hint      *string `json:"hint"`
}

// newErrorJSON describes err for a document.
func (o *output) newErrorJSON(err error) *errorJSON {
	var me *strata.MigrationError
	if !errors.As(err, &me) {
		return &errorJSON{Message: errorText(err)}
	}
	return &errorJSON{Version: nullable(me.Version), Direction: nullable(me.Direction), File: nullable(me.File),
		Path: nullable(o.path(me.File)), Line: nullableInt(me.Line), Statement: nullableInt(me.Statement),
		Code: nullable(me.Code), Message: me.Message, Hint: nullable(hintText(me))}
}

// runJSON writes the document of up, down or redo: what it did (doc),
// and the error that stopped it or null. It returns err, which the caller
// still reports on stderr and in the exit code: a run that failed part
// way has done something, and a script reading stdout must learn what.
func (o *output) runJSON(doc map[string]any, err error) error {
	if err != nil {
		doc["error"] = o.newErrorJSON(err)
	} else {
		doc["error"] = nil
	}
	if werr := o.writeJSON(doc); werr != nil {
		return errors.Join(err, werr)
	}
	return err
}

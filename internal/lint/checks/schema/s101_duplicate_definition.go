package schema

import (
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/lint/model"
)

// DuplicateDefinition is check S101, duplicate-definition.
var DuplicateDefinition = &analysis.Analyzer{
	Code:     "S101",
	Name:     "duplicate-definition",
	Doc:      "A migration creates again a table, column, index or constraint an earlier migration already created (typically a \"complete schema\" migration): with IF NOT EXISTS it silently does nothing, even where its definition has more; without, it fails on every database that ran the earlier one.",
	Fix:      "Remove the repeated definition; change the existing object with ALTER statements instead.",
	Severity: analysis.Warning,
	Run:      runDuplicateDefinition,
}

func runDuplicateDefinition(p *analysis.Pass) {
	for _, d := range p.Redefs {
		if len(d.Diffs) > 0 {
			continue
		}
		first := d.Earlier[0]
		msg := fmt.Sprintf("%s is created again; %s created it", d.What, place(first))
		if d.Other != "" {
			msg = fmt.Sprintf("%s duplicates %s, which %s created with the same definition", d.What, d.Other, place(first))
		}
		switch {
		case len(d.Missing) > 0 && d.IfNotExists:
			msg += fmt.Sprintf(", and IF NOT EXISTS skips the whole statement, so these parts of it are never added: %s", strings.Join(d.Missing, ", "))
		case d.IfNotExists:
			msg += " (IF NOT EXISTS makes this a no-op)"
		case d.Fails:
			msg += "; this fails on every database that ran it"
		}
		p.Report(analysis.Diagnostic{File: d.Stmt.Sec.File, Pos: d.Pos, Message: msg, Related: relatedFor(d, false)})
	}
}

// place names an earlier definition for a message: "001_init.sql:3".
func place(o facts.Origin) string {
	return fmt.Sprintf("%s:%d", analysis.ShortFile(o.File), o.Pos.Line)
}

// relatedFor lists the earlier definitions of a redefinition and, when
// they differ, this one.
func relatedFor(d *model.Redef, withHere bool) []analysis.Related {
	var out []analysis.Related
	for i, o := range d.Earlier {
		msg := "earlier definition"
		if i == 0 {
			msg = "first defined here"
		}
		out = append(out, analysis.Related{File: o.File, Pos: o.Pos, Message: msg, Text: o.Text})
	}
	if withHere {
		out = append(out, analysis.Related{File: d.Stmt.Sec.File, Pos: d.Pos, Message: "this definition", Text: d.Here})
	}
	return out
}

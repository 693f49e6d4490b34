package lint

import (
	"fmt"
	"strings"
)

var duplicateDefinition = &Analyzer{
	Code:     "S101",
	Name:     "duplicate-definition",
	Doc:      "A migration creates again a table, column, index or constraint an earlier migration already created (typically a \"complete schema\" migration): with IF NOT EXISTS it silently does nothing, even where its definition has more; without, it fails on every database that ran the earlier one.",
	Fix:      "Remove the repeated definition; change the existing object with ALTER statements instead.",
	Severity: Warning,
	Run:      runDuplicateDefinition,
}

func runDuplicateDefinition(p *Pass) {
	for _, d := range p.redefs {
		if len(d.diffs) > 0 {
			continue
		}
		first := d.earlier[0]
		msg := fmt.Sprintf("%s is created again; %s created it", d.what, place(first))
		if d.other != "" {
			msg = fmt.Sprintf("%s duplicates %s, which %s created with the same definition", d.what, d.other, place(first))
		}
		switch {
		case len(d.missing) > 0 && d.ifNotExists:
			msg += fmt.Sprintf(", and IF NOT EXISTS skips the whole statement, so these parts of it are never added: %s", strings.Join(d.missing, ", "))
		case d.ifNotExists:
			msg += " (IF NOT EXISTS makes this a no-op)"
		case d.fails:
			msg += "; this fails on every database that ran it"
		}
		p.Report(Diagnostic{File: d.s.sec.file, Pos: d.pos, Message: msg, Related: relatedFor(d, false)})
	}
}

// place names an earlier definition for a message: "001_init.sql:3".
func place(o origin) string {
	return fmt.Sprintf("%s:%d", shortFile(o.file), o.pos.Line)
}

// relatedFor lists the earlier definitions of a redefinition and, when
// they differ, this one.
func relatedFor(d *redef, withHere bool) []Related {
	var out []Related
	for i, o := range d.earlier {
		msg := "earlier definition"
		if i == 0 {
			msg = "first defined here"
		}
		out = append(out, Related{File: o.file, Pos: o.pos, Message: msg, Text: o.text})
	}
	if withHere {
		out = append(out, Related{File: d.s.sec.file, Pos: d.pos, Message: "this definition", Text: d.here})
	}
	return out
}

package lint

import (
	"fmt"
	"strings"
)

var conflictingDefinition = &Analyzer{
	Code:     "S102",
	Name:     "conflicting-definition",
	Doc:      "The same column, constraint or index defined by two migrations differently (type, nullability, default, ON DELETE/ON UPDATE, columns): which definition a database has depends on its history, so environments drift apart.",
	Fix:      "Decide on one definition and reach it with an explicit ALTER in a new migration; remove the conflicting re-definition.",
	Severity: Error,
	Run:      runConflictingDefinition,
}

func runConflictingDefinition(p *Pass) {
	for _, d := range p.redefs {
		if len(d.diffs) == 0 {
			continue
		}
		msg := fmt.Sprintf("%s is defined differently from %s: %s", d.what, place(d.earlier[0]), strings.Join(d.diffs, "; "))
		if d.ifNotExists {
			msg += " (IF NOT EXISTS keeps the earlier definition)"
		}
		p.Report(Diagnostic{File: d.s.sec.file, Pos: d.pos, Message: msg, Related: relatedFor(d, true)})
	}
}

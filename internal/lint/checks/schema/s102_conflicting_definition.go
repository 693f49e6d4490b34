package schema

import (
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
)

// ConflictingDefinition is check S102, conflicting-definition.
var ConflictingDefinition = &analysis.Analyzer{
	Code:     "S102",
	Name:     "conflicting-definition",
	Doc:      "The same column, constraint or index defined by two migrations differently (type, nullability, default, ON DELETE/ON UPDATE, columns): which definition a database has depends on its history, so environments drift apart.",
	Fix:      "Decide on one definition and reach it with an explicit ALTER in a new migration; remove the conflicting re-definition.",
	Severity: analysis.Error,
	Run:      runConflictingDefinition,
}

func runConflictingDefinition(p *analysis.Pass) {
	for _, d := range p.Redefs {
		if len(d.Diffs) == 0 {
			continue
		}
		msg := fmt.Sprintf("%s is defined differently from %s: %s", d.What, place(d.Earlier[0]), strings.Join(d.Diffs, "; "))
		if d.IfNotExists {
			msg += " (IF NOT EXISTS keeps the earlier definition)"
		}
		p.Report(analysis.Diagnostic{File: d.Stmt.Sec.File, Pos: d.Pos, Message: msg, Related: relatedFor(d, true)})
	}
}

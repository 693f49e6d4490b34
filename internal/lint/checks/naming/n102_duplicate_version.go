package naming

import (
	"path"
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/source"

	"github.com/strata-db/strata/internal/sqlsplit"
)

// DuplicateVersion is check N102, duplicate-version.
var DuplicateVersion = &analysis.Analyzer{
	Code:     "N102",
	Name:     "duplicate-version",
	Doc:      "Two migrations with the same version (leading zeros do not count): strata refuses the directory, and two branches that both added a migration usually cause it.",
	Fix:      "Give the newer migration the next free version, e.g. by recreating it with strata new.",
	Severity: analysis.Error,
	Run:      runDuplicateVersion,
}

func runDuplicateVersion(p *analysis.Pass) {
	for _, pr := range p.Problems {
		if !IsDuplicateProblem(pr) {
			continue
		}
		d := analysis.Diagnostic{File: pr.File, Pos: sqlsplit.Position{Line: 1, Column: 1}, Message: pr.Msg}
		if other := DuplicateOf(pr); other != "" {
			d.Related = []analysis.Related{{File: path.Join(path.Dir(pr.File), other), Pos: sqlsplit.Position{Line: 1, Column: 1},
				Message: "the other migration with this version"}}
		}
		p.Report(d)
	}
}

// IsDuplicateProblem tells source.Read's duplicate-version problems from
// the others. source words them "duplicate version V: F has the same
// version …"; the golden test of N102 notices if that ever changes.
func IsDuplicateProblem(p source.Problem) bool {
	return p.Line == 0 && strings.HasPrefix(p.Msg, "duplicate version ")
}

// DuplicateOf returns the file a duplicate-version problem names.
func DuplicateOf(p source.Problem) string {
	_, rest, ok := strings.Cut(p.Msg, ": ")
	if !ok {
		return ""
	}
	f, _, ok := strings.Cut(rest, " has the same version")
	if !ok {
		return ""
	}
	return f
}

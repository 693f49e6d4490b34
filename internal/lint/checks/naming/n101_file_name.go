package naming

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// FileName is check N101, file-name.
var FileName = &analysis.Analyzer{
	Code:     "N101",
	Name:     "file-name",
	Doc:      "A .sql file whose name is not <version>_<name>.sql (or a golang-migrate .up.sql/.down.sql pair): strata refuses the directory.",
	Fix:      "Rename the file to <version>_<name>.sql with a lower-case name of words joined by \"_\", e.g. 004_add_users.sql.",
	Severity: analysis.Error,
	Run:      runFileName,
}

func runFileName(p *analysis.Pass) {
	for _, pr := range p.Problems {
		if isBadNameProblem(pr) {
			p.Report(analysis.Diagnostic{File: pr.File, Pos: sqlsplit.Position{Line: 1, Column: 1}, Message: pr.Msg})
		}
	}
}

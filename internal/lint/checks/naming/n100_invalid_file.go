package naming

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// InvalidFile is check N100, invalid-file.
var InvalidFile = &analysis.Analyzer{
	Code:     "N100",
	Name:     "invalid-file",
	Doc:      "A migration file strata cannot read: not UTF-8, an unknown -- strata: directive, an unterminated string or comment, a down file without its up file.",
	Fix:      "Correct the file as the message says; strata refuses to run a directory with an invalid file.",
	Severity: analysis.Error,
	Run:      runInvalidFile,
}

func runInvalidFile(p *analysis.Pass) {
	for _, pr := range p.Problems {
		if IsDuplicateProblem(pr) || isBadNameProblem(pr) {
			continue
		}
		line := max(pr.Line, 1)
		p.Report(analysis.Diagnostic{File: pr.File, Pos: sqlsplit.Position{Line: line, Column: 1}, Message: pr.Msg})
	}
	for _, m := range p.Migrations {
		for _, sec := range []*facts.Section{m.UpSection, m.DownSection} {
			if sec == nil || sec.SplitErr == nil {
				continue
			}
			msg := sec.SplitErr.Msg
			d := analysis.Diagnostic{File: sec.File, Pos: sec.SplitErr.Pos, Message: msg}
			if sec.SplitErr.Hint != "" {
				d.Fix = strings.ToUpper(sec.SplitErr.Hint[:1]) + sec.SplitErr.Hint[1:] + "."
			}
			p.Report(d)
		}
	}
}

// isBadNameProblem tells source.Read's file-name problems from the
// others; source words them "bad file name …", and the golden test of
// N101 notices if that ever changes.
func isBadNameProblem(pr source.Problem) bool {
	return strings.HasPrefix(pr.Msg, "bad file name ")
}

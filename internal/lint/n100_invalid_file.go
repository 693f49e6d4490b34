package lint

import (
	"strings"

	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
)

var invalidFile = &Analyzer{
	Code:     "N100",
	Name:     "invalid-file",
	Doc:      "A migration file strata cannot read: not UTF-8, an unknown -- strata: directive, an unterminated string or comment, a down file without its up file.",
	Fix:      "Correct the file as the message says; strata refuses to run a directory with an invalid file.",
	Severity: Error,
	Run:      runInvalidFile,
}

func runInvalidFile(p *Pass) {
	for _, pr := range p.problems {
		if isDuplicateProblem(pr) || isBadNameProblem(pr) {
			continue
		}
		line := max(pr.Line, 1)
		p.Report(Diagnostic{File: pr.File, Pos: sqlsplit.Position{Line: line, Column: 1}, Message: pr.Msg})
	}
	for _, m := range p.migs {
		for _, sec := range []*section{m.up, m.down} {
			if sec == nil || sec.splitErr == nil {
				continue
			}
			msg := sec.splitErr.Msg
			d := Diagnostic{File: sec.file, Pos: sec.splitErr.Pos, Message: msg}
			if sec.splitErr.Hint != "" {
				d.Fix = strings.ToUpper(sec.splitErr.Hint[:1]) + sec.splitErr.Hint[1:] + "."
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

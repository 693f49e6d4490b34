package lint

import (
	"strings"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
)

// resolveIgnores attaches every "-- strata:lint-ignore CODES" directive to
// what it silences:
//
//   - before the first statement of a file: the whole file;
//   - between two statements: the statement after it;
//   - inside a statement (a long CREATE TABLE, a function body): that
//     statement.
//
// A directive after the last statement of a section silences nothing.
// Codes may be given by name; codes that name no check are kept for L101.
func (rs *runState) resolveIgnores() {
	for _, m := range rs.Migrations {
		for _, sec := range []*facts.Section{m.UpSection, m.DownSection} {
			if sec == nil {
				continue
			}
			// A section opens its file when it is an up section or the
			// .down.sql of a pair.
			opensFile := !sec.Down || sec.File != m.UpSection.File
			for _, d := range sec.Src.Directives {
				if d.Name != "lint-ignore" {
					continue
				}
				var codes []string
				for _, c := range strings.Split(d.Args, ",") {
					c = strings.TrimSpace(c)
					if c == "" {
						continue
					}
					a := lookupAnalyzer(c)
					if a == nil {
						rs.UnknownIgnores = append(rs.UnknownIgnores, analysis.UnknownIgnore{Sec: sec, Line: d.Line, Code: c, Suggest: suggestCheck(c)})
						continue
					}
					codes = append(codes, a.Code)
				}
				target := sec.StmtForDirective(d.Line)
				switch {
				case target == nil && opensFile && (len(sec.Stmts) == 0 || d.Line < sec.Stmts[0].Start.Line):
					sec.FileIgnore = append(sec.FileIgnore, codes...)
				case target == nil:
				case target.Index == 0 && opensFile && d.Line < target.Start.Line:
					sec.FileIgnore = append(sec.FileIgnore, codes...)
				default:
					target.Ignore = append(target.Ignore, codes...)
				}
			}
		}
	}
}

// suggestCheck returns the check code or name nearest to a misspelt
// one, or "".
func suggestCheck(name string) string {
	var names []string
	for _, a := range Analyzers() {
		names = append(names, a.Code, a.Name)
	}
	return closest(name, names)
}

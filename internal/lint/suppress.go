package lint

import (
	"strings"
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
	for _, m := range rs.migs {
		for _, sec := range []*section{m.up, m.down} {
			if sec == nil {
				continue
			}
			// A section opens its file when it is an up section or the
			// .down.sql of a pair.
			opensFile := !sec.down || sec.file != m.up.file
			for _, d := range sec.src.Directives {
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
						rs.unknownIgnores = append(rs.unknownIgnores, unknownIgnore{sec: sec, line: d.Line, code: c, suggest: suggestCheck(c)})
						continue
					}
					codes = append(codes, a.Code)
				}
				target := sec.stmtForDirective(d.Line)
				switch {
				case target == nil && opensFile && (len(sec.stmts) == 0 || d.Line < sec.stmts[0].Start.Line):
					sec.fileIgnore = append(sec.fileIgnore, codes...)
				case target == nil:
				case target.index == 0 && opensFile && d.Line < target.Start.Line:
					sec.fileIgnore = append(sec.fileIgnore, codes...)
				default:
					target.ignore = append(target.ignore, codes...)
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

package lint

import "fmt"

var tooLarge = &Analyzer{
	Code:     "Z101",
	Name:     "too-large",
	Doc:      "A migration whose up section has more statements or bytes than the configured limits (max_statements, max_bytes): it is hard to review, holds its locks for longer, and is all-or-nothing.",
	Fix:      "Split it into smaller migrations, each doing one thing.",
	Severity: Warning,
	Run:      runTooLarge,
}

func runTooLarge(p *Pass) {
	for _, m := range p.migs {
		n, size := len(m.up.stmts), len(m.up.src.SQL)
		var msg string
		switch {
		case n > p.maxStatements && size > p.maxBytes:
			msg = fmt.Sprintf("the up section has %d statements and %d bytes (limits %d and %d)", n, size, p.maxStatements, p.maxBytes)
		case n > p.maxStatements:
			msg = fmt.Sprintf("the up section has %d statements (limit %d)", n, p.maxStatements)
		case size > p.maxBytes:
			msg = fmt.Sprintf("the up section has %d bytes (limit %d)", size, p.maxBytes)
		default:
			continue
		}
		p.reportFile(m.up.file, "%s", msg)
	}
}

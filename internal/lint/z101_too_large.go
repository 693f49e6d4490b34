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
	cfg := p.config()
	for _, m := range p.migrations() {
		n, size := len(m.up.stmts), len(m.up.src.SQL)
		var msg string
		switch {
		case n > cfg.MaxStatements && size > cfg.MaxBytes:
			msg = fmt.Sprintf("the up section has %d statements and %d bytes (limits %d and %d)", n, size, cfg.MaxStatements, cfg.MaxBytes)
		case n > cfg.MaxStatements:
			msg = fmt.Sprintf("the up section has %d statements (limit %d)", n, cfg.MaxStatements)
		case size > cfg.MaxBytes:
			msg = fmt.Sprintf("the up section has %d bytes (limit %d)", size, cfg.MaxBytes)
		default:
			continue
		}
		p.reportFile(m.up.file, "%s", msg)
	}
}

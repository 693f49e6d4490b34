package size

import (
	"fmt"

	"github.com/strata-db/strata/internal/lint/analysis"
)

// TooLarge is check Z101, too-large.
var TooLarge = &analysis.Analyzer{
	Code:     "Z101",
	Name:     "too-large",
	Doc:      "A migration whose up section has more statements or bytes than the configured limits (max_statements, max_bytes): it is hard to review, holds its locks for longer, and is all-or-nothing.",
	Fix:      "Split it into smaller migrations, each doing one thing.",
	Severity: analysis.Warning,
	Run:      runTooLarge,
}

func runTooLarge(p *analysis.Pass) {
	for _, m := range p.Migrations {
		n, size := len(m.UpSection.Stmts), len(m.UpSection.Src.SQL)
		var msg string
		switch {
		case n > p.MaxStatements && size > p.MaxBytes:
			msg = fmt.Sprintf("the up section has %d statements and %d bytes (limits %d and %d)", n, size, p.MaxStatements, p.MaxBytes)
		case n > p.MaxStatements:
			msg = fmt.Sprintf("the up section has %d statements (limit %d)", n, p.MaxStatements)
		case size > p.MaxBytes:
			msg = fmt.Sprintf("the up section has %d bytes (limit %d)", size, p.MaxBytes)
		default:
			continue
		}
		p.ReportFile(m.UpSection.File, "%s", msg)
	}
}

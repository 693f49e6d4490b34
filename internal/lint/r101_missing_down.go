package lint

import "github.com/strata-db/strata/internal/sqlsplit"

var missingDown = &Analyzer{
	Code:     "R101",
	Name:     "missing-down",
	Doc:      "A migration whose up section changes something but which has no down section, or an empty one: strata down cannot roll it back.",
	Fix:      "Add a -- strata:down section that undoes the up section (or, for a migration that cannot be undone, say so with -- strata:lint-ignore R101).",
	Severity: Warning,
	Run:      runMissingDown,
}

func runMissingDown(p *Pass) {
	for _, m := range p.migs {
		if len(m.up.stmts) == 0 || m.up.splitErr != nil {
			continue
		}
		switch {
		case m.down == nil:
			p.reportFile(m.up.file, "the migration has no down section, so strata down cannot roll it back")
		case len(m.down.stmts) == 0 && m.down.splitErr == nil:
			p.reportAt(m.down, downPos(m), "the down section is empty, so strata down undoes none of the up section's %s", plural(len(m.up.stmts), "statement"))
		}
	}
}

// downPos is where a migration's down section is announced: the
// "-- strata:down" line of a single file, the first line of a .down.sql.
func downPos(m *migration) sqlsplit.Position {
	line := m.down.src.Line
	if m.down.file == m.up.file && line > 1 {
		line--
	}
	return sqlsplit.Position{Line: line, Column: 1, Offset: lineOffset(m.down, line)}
}

package revert

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// MissingDown is check R101, missing-down.
var MissingDown = &analysis.Analyzer{
	Code:     "R101",
	Name:     "missing-down",
	Doc:      "A migration whose up section changes something but which has no down section, or an empty one: strata down cannot roll it back.",
	Fix:      "Add a -- strata:down section that undoes the up section (or, for a migration that cannot be undone, say so with -- strata:lint-ignore R101).",
	Severity: analysis.Warning,
	Run:      runMissingDown,
}

func runMissingDown(p *analysis.Pass) {
	for _, m := range p.Migrations {
		if len(m.UpSection.Stmts) == 0 || m.UpSection.SplitErr != nil {
			continue
		}
		switch {
		case m.DownSection == nil:
			p.ReportFile(m.UpSection.File, "the migration has no down section, so strata down cannot roll it back")
		case len(m.DownSection.Stmts) == 0 && m.DownSection.SplitErr == nil:
			p.ReportAt(m.DownSection, downPos(m), "the down section is empty, so strata down undoes none of the up section's %s", facts.Plural(len(m.UpSection.Stmts), "statement"))
		}
	}
}

// downPos is where a migration's down section is announced: the
// "-- strata:down" line of a single file, the first line of a .down.sql.
func downPos(m *facts.Migration) sqlsplit.Position {
	line := m.DownSection.Src.Line
	if m.DownSection.File == m.UpSection.File && line > 1 {
		line--
	}
	return sqlsplit.Position{Line: line, Column: 1, Offset: facts.LineOffset(m.DownSection, line)}
}

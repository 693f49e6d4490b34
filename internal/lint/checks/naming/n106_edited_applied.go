package naming

import "github.com/strata-db/strata/internal/lint/analysis"

// CodeEditedApplied is N106's code, which --since never hides: an edit
// of an applied migration matters however old the migration is.
const CodeEditedApplied = "N106"

// EditedApplied is check N106, edited-applied.
var EditedApplied = &analysis.Analyzer{
	Code:     CodeEditedApplied,
	Name:     "edited-applied",
	Doc:      "A migration edited after it was applied: the up section's checksum differs from the one the database recorded, so databases migrated before and after the edit differ.",
	Fix:      "Revert the edit and make the change in a new migration; if the edit changes nothing the database runs, record it with strata repair.",
	Severity: analysis.Error,
	Run:      runEditedApplied,
}

func runEditedApplied(p *analysis.Pass) {
	for _, m := range p.Migrations {
		sum, ok := p.Applied[m.Version.String()]
		if !ok || sum == "" || sum == m.Up.Checksum {
			continue
		}
		p.ReportFile(m.UpSection.File, "version %s was applied with checksum %s, but its up section now has %s: it was edited after it ran", m.Version, short(sum), short(m.Up.Checksum))
	}
}

// short abbreviates a checksum for messages.
func short(sum string) string {
	if len(sum) > 19 {
		return sum[:19] + "…"
	}
	return sum
}

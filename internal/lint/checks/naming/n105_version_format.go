package naming

import (
	"path"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/lint/facts"
	"github.com/strata-db/strata/internal/source"
)

// VersionFormat is check N105, version-format.
var VersionFormat = &analysis.Analyzer{
	Code:     "N105",
	Name:     "version-format",
	Doc:      "A version written with a different number of digits from the rest of the directory (001 beside 0010, a 14-digit timestamp among 20-digit ones): file listings then sort differently from the migration order, and timestamps lose their meaning.",
	Fix:      "Rename the file so its version has as many digits as the others (zero-padded, or a full timestamp).",
	Severity: analysis.Warning,
	Run:      runVersionFormat,
}

func runVersionFormat(p *analysis.Pass) {
	migs := p.Migrations
	widths := map[int]int{}
	padded := false
	for _, m := range migs {
		w := versionWidth(m)
		widths[w]++
		padded = padded || w > len(m.Version.String())
	}
	if len(migs) == 0 || len(widths) < 2 {
		return
	}
	latest := migs[len(migs)-1].Version
	if !source.IsTimestamp(latest) && !padded {
		return // unpadded numbering (1, 2, … 10) is a convention too
	}
	common, n := 0, 0
	for w, c := range widths {
		if c > n || c == n && w > common {
			common, n = w, c
		}
	}
	for _, m := range migs {
		if w := versionWidth(m); w != common {
			p.ReportFile(m.UpSection.File, "version %q has %d digits where the other migrations have %d", versionText(m), w, common)
		}
	}
}

// versionText is the version as written in the file name.
func versionText(m *facts.Migration) string {
	base := path.Base(m.UpSection.File)
	n := 0
	for n < len(base) && base[n] >= '0' && base[n] <= '9' {
		n++
	}
	return base[:n]
}

func versionWidth(m *facts.Migration) int { return len(versionText(m)) }

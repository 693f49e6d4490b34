package naming

import (
	"fmt"
	"math/big"

	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/source"
)

// VersionGap is check N103, version-gap.
var VersionGap = &analysis.Analyzer{
	Code:     "N103",
	Name:     "version-gap",
	Doc:      "Sequentially numbered migrations with a number missing (timestamp versions are not checked): usually a migration lost in a merge or renumbered on one branch only.",
	Fix:      "Number the migration right after the previous one (strata new does), or restore the missing one.",
	Severity: analysis.Warning,
	Run:      runVersionGap,
}

func runVersionGap(p *analysis.Pass) {
	migs := p.Migrations
	for i := 1; i < len(migs); i++ {
		prev, cur := migs[i-1], migs[i]
		if prev.Version == cur.Version || source.IsTimestamp(prev.Version) || source.IsTimestamp(cur.Version) {
			continue
		}
		a, _ := new(big.Int).SetString(prev.Version.String(), 10)
		b, _ := new(big.Int).SetString(cur.Version.String(), 10)
		next := new(big.Int).Add(a, big.NewInt(1))
		if next.Cmp(b) == 0 {
			continue
		}
		last := new(big.Int).Sub(b, big.NewInt(1))
		missing := next.String()
		if last.Cmp(next) != 0 {
			missing = fmt.Sprintf("%s to %s are", next, last)
		} else {
			missing += " is"
		}
		p.ReportFile(cur.UpSection.File, "version %s follows %s (%s): %s missing", cur.Version, prev.Version, analysis.ShortFile(prev.UpSection.File), missing)
	}
}

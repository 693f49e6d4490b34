package naming

import (
	"github.com/strata-db/strata/internal/lint/analysis"
	"github.com/strata-db/strata/internal/source"
)

// OutOfOrder is check N104, out-of-order.
var OutOfOrder = &analysis.Analyzer{
	Code:     "N104",
	Name:     "out-of-order",
	Doc:      "A migration older than one already released (present at the --since revision) or applied to the database: strata up refuses it without --allow-out-of-order, and databases that ran the newer one first end up different. With allow_out_of_order = true in strata.toml, one older than an applied one only is not reported: up applies it.",
	Fix:      "Give the migration a version above every released one, e.g. by recreating it with strata new.",
	Severity: analysis.Error,
	Run:      runOutOfOrder,
}

func runOutOfOrder(p *analysis.Pass) {
	var topApplied source.Version
	for v := range p.Applied {
		if pv, err := source.ParseVersion(v); err == nil && pv.Compare(topApplied) > 0 {
			topApplied = pv
		}
	}
	for _, m := range p.Migrations {
		_, applied := p.Applied[m.Version.String()]
		switch {
		case !topApplied.IsZero() && !applied && m.Version.Compare(topApplied) < 0 && !p.AllowOutOfOrder:
			p.ReportFile(m.UpSection.File, "version %s is pending but older than %s, which the database has applied", m.Version, topApplied)
		case m.Added && !p.Released.IsZero() && m.Version.Compare(p.Released) < 0:
			p.ReportFile(m.UpSection.File, "version %s is new since %s but older than %s, which was already released", m.Version, p.Since, p.Released)
		}
	}
}

package lint

import (
	"github.com/strata-db/strata/internal/source"
)

var outOfOrder = &Analyzer{
	Code:     "N104",
	Name:     "out-of-order",
	Doc:      "A migration older than one already released (present at the --since revision) or applied to the database: strata up refuses it without --allow-out-of-order, and databases that ran the newer one first end up different. With allow_out_of_order = true in strata.toml, one older than an applied one only is not reported: up applies it.",
	Fix:      "Give the migration a version above every released one, e.g. by recreating it with strata new.",
	Severity: Error,
	Run:      runOutOfOrder,
}

func runOutOfOrder(p *Pass) {
	var topApplied source.Version
	for v := range p.applied {
		if pv, err := source.ParseVersion(v); err == nil && pv.Compare(topApplied) > 0 {
			topApplied = pv
		}
	}
	for _, m := range p.migs {
		_, applied := p.applied[m.Version.String()]
		switch {
		case !topApplied.IsZero() && !applied && m.Version.Compare(topApplied) < 0 && !p.allowOutOfOrder:
			p.reportFile(m.up.file, "version %s is pending but older than %s, which the database has applied", m.Version, topApplied)
		case m.added && !p.released.IsZero() && m.Version.Compare(p.released) < 0:
			p.reportFile(m.up.file, "version %s is new since %s but older than %s, which was already released", m.Version, p.since, p.released)
		}
	}
}

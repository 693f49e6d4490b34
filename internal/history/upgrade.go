package history

import "github.com/strata-db/strata/internal/dialect"

// Format is the format of the tracking tables this strata writes: the
// last step of upgrades. Tables without a mark are of
// dialect.FirstFormat, the previous release's.
const Format = 3

// upgrade is one step from a format to the next.
type upgrade struct {
	to   int    // the format the step makes, the one before plus one
	what string // what the step changes and why, for messages
	// sql returns the step's statements for the tracking tables t, nil
	// where the dialect has nothing to change. They are idempotent: a
	// step cut short (MySQL commits each DDL statement on its own) runs
	// again whole, on tables it may have partly changed already.
	sql func(d dialect.Engine, t dialect.Tables) []string
}

// upgrades are the steps from dialect.FirstFormat to Format, in order.
// A runner that holds the lock and finds an older format runs the steps
// after it and marks the tables as of Format (see Store.upgrade); a new
// column, a new value of a column or a new function comes with a step
// here, and Format counts up.
var upgrades = []upgrade{
	{to: 2, what: "the PostgreSQL functions name the history table with its schema (issue 13)",
		sql: func(d dialect.Engine, t dialect.Tables) []string {
			if f, ok := d.(dialect.Functions); ok {
				return f.ReplaceFunctions(t)
			}
			return nil
		}},
	{to: 3, what: "the lock table's statement_checksums column holds the progress of a migration of any length on MySQL",
		sql: func(d dialect.Engine, t dialect.Tables) []string {
			if w, ok := d.(dialect.WideProgress); ok {
				return w.WidenProgress(t)
			}
			return nil
		}},
}
